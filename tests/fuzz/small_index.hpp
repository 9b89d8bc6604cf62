#pragma once
// A few documents in an in-memory Xapian database, built as the indexer
// builds them, for the targets that need an index (wildcards, spelling).

#include <cstdlib>
#include <filesystem>
#include <string>

#include <xapian.h>

#include "common/schema.hpp"
#include "indexer/build/document_builder.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace newsdex::fuzz {

// On disk (the in-memory backend keeps no spelling data), in a folder under
// /tmp removed when the process exits; call it once, into a static.
inline Xapian::Database small_index() {
  struct Folder {
    std::filesystem::path path;
    ~Folder() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Folder folder = [] {
    char name[] = "/tmp/newsdex-fuzz-XXXXXX";
    check(mkdtemp(name) != nullptr, "a temporary folder for the index");
    return Folder{name};
  }();
  Xapian::WritableDatabase db((folder.path / "db").string(), Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator terms;
  terms.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
  terms.set_database(db);
  terms.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  const char* const titles[] = {"Election results in Hong Kong", "Oil prices fall as markets open",
                                "Wildfire spreads near Athens", "Central bank raises rates again"};
  std::int64_t day = 1'700'000'000;
  for (const char* title : titles) {
    Item item;
    item.title = title;
    item.summary = std::string(title) + ": reporters on the ground describe what happened.";
    item.link = "https://news.example.com/" + std::to_string(day);
    item.source = "Example News";
    item.published = day;
    item.categories = {"world"};
    day += 86'400;
    BuiltDocument built = build_document(item, terms);
    db.replace_document(built.id_term, built.document);
  }
  db.commit();
  return db;
}

}  // namespace newsdex::fuzz

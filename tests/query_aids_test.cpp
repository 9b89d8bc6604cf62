// Spelling suggestions and synonyms, end to end through the public API on
// the real news in data/.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

// data/ indexed once into `dir`.
std::string data_index(const TempDir& dir) {
  const char* data = std::getenv("NEWSDEX_DATA_DIR");
  REQUIRE_MESSAGE(data != nullptr, "NEWSDEX_DATA_DIR is not set: run through ctest");
  newsdex::IndexOptions options;
  options.path = (dir.path / "db").string();
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.add_path(data, report);
  index.commit();
  REQUIRE(report.errors.empty());
  REQUIRE(report.added > 50);
  return options.path;
}

std::set<std::string> ids(newsdex::Searcher& s, const std::string& query, bool synonyms) {
  newsdex::SearchOptions options;
  options.limit = 1000;
  options.collapse = false;
  options.synonyms = synonyms;
  std::set<std::string> out;
  for (const auto& h : s.search(query, options).hits) out.insert(h.id);
  return out;
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("suggestions: a misspelt query gets the index's own spelling") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(data_index(dir));
  newsdex::SearchOptions options;

  auto r = searcher.search("huawey", options);
  CHECK(r.total == 0);
  CHECK(r.suggestion == "huawei");
  CHECK(searcher.search(r.suggestion, options).total > 0);

  // Every misspelt word is corrected, the rest kept; syntax survives.
  CHECK(searcher.search("hauwei ascnd chips", options).suggestion == "huawei ascend chips");
  CHECK(searcher.search("title:chips AND semiconducter", options).suggestion ==
        "title:chips AND semiconductor");

  // Nothing to correct: a query that finds plenty, and a word nothing is near.
  CHECK(searcher.search("huawei", options).suggestion.empty());
  CHECK(searcher.search("qxzvwkj", options).suggestion.empty());

  // Turned off.
  options.suggest_below = 0;
  CHECK(searcher.search("huawey", options).suggestion.empty());
}

TEST_CASE("synonyms: the shipped groups widen queries, and can be turned off") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(data_index(dir));
  auto phrase = ids(searcher, "\"artificial intelligence\"", false);
  auto acronym = ids(searcher, "AI", false);
  REQUIRE_FALSE(phrase.empty());
  REQUIRE_FALSE(acronym.empty());
  std::set<std::string> either = phrase;
  either.insert(acronym.begin(), acronym.end());
  REQUIRE(either.size() > phrase.size());
  REQUIRE(either.size() > acronym.size());

  CHECK(ids(searcher, "artificial intelligence", true) == either);
  CHECK(ids(searcher, "AI", true) == either);
  CHECK(ids(searcher, "\"artificial intelligence\"", true) == phrase);  // quoted: as typed

  // A synonym is highlighted like the word typed.
  newsdex::SearchOptions options;
  options.limit = 1000;
  options.collapse = false;
  bool marked_phrase = false;
  for (const auto& h : searcher.search("AI", options).hits)
    for (const auto& m : h.snippet.marks)
      if (h.snippet.text.substr(m.begin, m.end - m.begin) == "intelligence") marked_phrase = true;
  CHECK(marked_phrase);
}

TEST_CASE("synonyms: a user's own file, and its problems named by line") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(data_index(dir));
  auto chips = ids(searcher, "chips", false);
  auto semis = ids(searcher, "semiconductors", false);
  REQUIRE_FALSE(semis.empty());

  write(dir.path / "mine.conf", "# mine\nchips, semiconductors\nlonely\n");
  auto problems = searcher.use_synonyms({(dir.path / "mine.conf").string(),
                                         (dir.path / "missing.conf").string()});
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].find("mine.conf:3:") != std::string::npos);
  CHECK(problems[1].find("missing.conf") != std::string::npos);

  std::set<std::string> either = chips;
  either.insert(semis.begin(), semis.end());
  CHECK(ids(searcher, "chips", true) == either);
  // The shipped groups were replaced, not added to.
  CHECK(ids(searcher, "AI", true) == ids(searcher, "AI", false));

  CHECK(searcher.use_synonyms({}).empty());
  CHECK(ids(searcher, "chips", true) == chips);
}

// Export and import: every stored document as one JSON line, and back again.
// The export format is public and versioned on its own (notmuch's dump and
// restore are the model): importing stores each document as if it had just
// been read, so terms and values are rebuilt by the current schema and an
// export survives changes of the index format.

#include <filesystem>
#include <istream>
#include <limits>
#include <ostream>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/stored_document.hpp"
#include "indexer/index_impl.hpp"
#include "indexer/parse/unique_id.hpp"
#include "newsdex/index.hpp"
#include "newsdex/search.hpp"
#include "newsdex/version.hpp"

namespace newsdex {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;  // fields in Document's order, for people reading a line

constexpr int kExportFormat = 1;
constexpr const char* kHeaderKey = "newsdex_export";

// ---- export -----------------------------------------------------------------

ordered time_or_null(const std::optional<std::int64_t>& t) { return t ? ordered(*t) : ordered(nullptr); }

std::string to_json_line(const Document& d) {
  ordered citations = ordered::array();
  for (const auto& c : d.citations)
    citations.push_back({{"sentence", c.sentence}, {"source_ids", c.source_ids}});
  ordered j = {{"id", d.id},
               {"title", d.title},
               {"url", d.url},
               {"source", d.source},
               {"author", d.author},
               {"published", time_or_null(d.published)},
               {"updated", time_or_null(d.updated)},
               {"categories", d.categories},
               {"summary", d.summary},
               {"content", d.content},
               {"enclosure", d.enclosure},
               {"language", d.language},
               {"kind", d.kind},
               {"story", d.story},
               {"place", d.place},
               {"input", d.input},
               {"position", d.position},
               {"source_count", d.source_count},
               {"citations", std::move(citations)}};
  // Stored text is valid UTF-8 already; replace rather than throw if some is not.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string header_line() {
  ordered j = {{kHeaderKey, kExportFormat}, {"version", NEWSDEX_VERSION_STRING}};
  return j.dump();
}

void write_line(std::ostream& out, const std::string& line) {
  out << line << '\n';
  if (!out) throw Error(Errc::io, "writing the export failed (is the disk full?)");
}

// Like Searcher::open: the same errors for a missing or unusable index.
Xapian::Database open_for_export(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec))
    throw Error(Errc::not_found, fmt::format("no index at '{}': nothing to export", path));
  try {
    return Xapian::Database(path);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw Error(Errc::not_found, fmt::format("'{}' holds no newsdex index: nothing to export", path));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::corrupt, fmt::format("{}: cannot open the index: {}", path, e.get_description()));
  }
}

Document stored_document(Xapian::Database& db, Xapian::docid docid) {
  try {
    return decode(db.get_document(docid).get_data());
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("document #{}: {}", docid, e.what()));
  }
}

// ---- import -----------------------------------------------------------------

// A line that cannot be imported; its message becomes the report's error.
struct BadLine {
  std::string reason;
};

// Reads the fields of one exported object strictly: a field of the wrong type
// rejects the line (a silently emptied field would be a lossy restore), a
// missing one keeps its default, and unknown ones are ignored so that exports
// of a newer newsdex, with fields added, still import.
class Fields {
 public:
  explicit Fields(const json& object) : j_(object) {}

  void text(const char* key, std::string& into) const {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_string()) fail(key, "a string");
    into = v->get<std::string>();
  }

  // Seconds since the epoch, or null for none.
  void time(const char* key, std::optional<std::int64_t>& into) const {
    const json* v = find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer() ||
        (v->is_number_unsigned() && v->get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()))
      fail(key, "an integer (seconds since the epoch) or null");
    into = v->get<std::int64_t>();
  }

  void count(const char* key, std::size_t& into) const {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_number_unsigned()) fail(key, "a non-negative integer");
    into = v->get<std::size_t>();
  }

  void texts(const char* key, std::vector<std::string>& into) const {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_array()) fail(key, "an array of strings");
    into.clear();
    for (const auto& s : *v) {
      if (!s.is_string()) fail(key, "an array of strings");
      into.push_back(s.get<std::string>());
    }
  }

  void citations(const char* key, std::vector<Citation>& into) const {
    const json* v = find(key);
    if (!v) return;
    const char* expected = R"(an array of {"sentence": string, "source_ids": [strings]})";
    if (!v->is_array()) fail(key, expected);
    into.clear();
    for (const auto& c : *v) {
      if (!c.is_object()) fail(key, expected);
      Citation citation;
      Fields f(c);
      f.text("sentence", citation.sentence);
      f.texts("source_ids", citation.source_ids);
      into.push_back(std::move(citation));
    }
  }

 private:
  const json* find(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  [[noreturn]] static void fail(const char* key, const char* expected) {
    throw BadLine{fmt::format("\"{}\" must be {}", key, expected)};
  }

  const json& j_;
};

json parse_line(const std::string& line) {
  try {
    return json::parse(line);
  } catch (const json::parse_error& e) {
    throw BadLine{fmt::format("not JSON (syntax error at byte {})", e.byte)};
  }
}

Document document_from(const json& j) {
  if (!j.is_object()) throw BadLine{"not a JSON object"};
  Document d;
  d.kind = "feed-item";  // what the indexer assumes of an item that does not say
  Fields f(j);
  f.text("id", d.id);
  if (d.id.empty()) throw BadLine{"no \"id\": every document needs its id"};
  f.text("title", d.title);
  f.text("url", d.url);
  f.text("source", d.source);
  f.text("author", d.author);
  f.time("published", d.published);
  f.time("updated", d.updated);
  f.texts("categories", d.categories);
  f.text("summary", d.summary);
  f.text("content", d.content);
  f.text("enclosure", d.enclosure);
  f.text("language", d.language);
  f.text("kind", d.kind);
  f.text("story", d.story);
  f.text("place", d.place);
  f.text("input", d.input);
  f.count("position", d.position);
  f.count("source_count", d.source_count);
  f.citations("citations", d.citations);
  return d;
}

// The item a parser would have produced for `d`. The id goes in as the guid,
// which unique_id() keeps as given apart from normalising whitespace and
// canonicalising a URL; every id it makes is already in that form, so the
// exported id comes back exactly. (A hand-written id that is not, e.g. one
// with tracking parameters, would be stored under another id: refused.)
Item item_from(const Document& d) {
  Item item;
  item.guid = d.id;
  item.title = d.title;
  item.link = d.url;
  item.author = d.author;
  item.summary = d.summary;
  item.content = d.content;
  item.published = d.published;
  item.updated = d.updated;
  item.categories = d.categories;
  item.enclosure = d.enclosure;
  item.language = d.language;
  item.source = d.source;
  item.kind = d.kind;
  item.story = d.story;  // empty: the document is its own story, as when first indexed
  item.place = d.place;
  item.position = d.position;
  item.source_count = d.source_count;
  item.citations = d.citations;
  item.input = d.input;
  if (std::string id = unique_id(item); id != d.id)
    throw BadLine{fmt::format("the id \"{}\" would be stored as \"{}\"; write it in that form", d.id, id)};
  return item;
}

// The header names the export format; a newer one may hold fields this
// version drops, which a restore should not do silently.
void check_header(const json& j, bool first, const std::string& where, IndexReport& report) {
  if (!first) throw BadLine{"an export header, but not on the first line"};
  const json& format = j.at(kHeaderKey);
  if (!format.is_number_unsigned() || format.get<std::uint64_t>() == 0)
    throw BadLine{fmt::format("\"{}\" must be a positive integer", kHeaderKey)};
  if (format.get<std::uint64_t>() > static_cast<std::uint64_t>(kExportFormat))
    report.warnings.push_back(
        {where, fmt::format("export format {} is newer than this newsdex reads ({}); fields it "
                            "does not know are dropped",
                            format.get<std::uint64_t>(), kExportFormat)});
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// A Windows editor's traces: a byte-order mark and CRLF line ends.
void trim_line(std::string& line, std::size_t number) {
  if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

}  // namespace

std::size_t export_documents(const std::string& path, std::ostream& out) {
  Xapian::Database db = open_for_export(path);
  write_line(out, header_line());
  std::size_t count = 0;
  try {
    // Docid order: the order of first indexing, stable, and kept by import.
    for (auto it = db.postlist_begin(""), end = db.postlist_end(""); it != end; ++it) {
      write_line(out, to_json_line(stored_document(db, *it)));
      ++count;
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    throw Error(Errc::io, fmt::format("{}: the index changed too much during the export; run it again",
                                      path));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::corrupt, fmt::format("{}: reading the index failed: {}", path, e.get_description()));
  }
  out.flush();
  if (!out) throw Error(Errc::io, "writing the export failed (is the disk full?)");
  return count;
}

void Index::import_documents(std::istream& in, const std::string& name, IndexReport& report) {
  std::string line;
  std::size_t number = 0, imported = 0;
  bool first = true;  // only the first non-blank line may be the header
  while (std::getline(in, line)) {
    trim_line(line, ++number);
    if (blank(line)) continue;
    const bool may_be_header = std::exchange(first, false);
    const std::string where = fmt::format("{}:{}", name, number);
    try {
      json j = parse_line(line);
      if (j.is_object() && j.contains(kHeaderKey) && !j.contains("id")) {
        check_header(j, may_be_header, where, report);
        continue;
      }
      impl_->store(item_from(document_from(j)), report);  // Error(io) passes through
      ++imported;
    } catch (const BadLine& bad) {
      report.errors.push_back({where, bad.reason});
    }
  }
  if (in.bad()) throw Error(Errc::io, fmt::format("{}: reading failed after line {}", name, number));
  ++report.inputs_read;
  report.inputs.push_back({name, imported});
}

}  // namespace newsdex

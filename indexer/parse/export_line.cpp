// Reading an export line back: strict about types, lenient about unknown
// fields, never throwing for what a file holds (export_line.hpp).

#include "indexer/parse/export_line.hpp"

#include "common/dates.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/html_text.hpp"
#include "newsdex/document.hpp"

namespace newsdex {
namespace {

using nlohmann::json;

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

  // An RFC 3339 date and time with its offset (format 3), seconds since
  // the epoch (formats 1 and 2), or null for none.
  void time(const char* key, std::optional<std::int64_t>& into) const {
    const json* v = find(key);
    if (!v || v->is_null()) return;
    if (v->is_string()) {
      const std::string& text = v->get_ref<const std::string&>();
      auto t = text.size() >= 20 && text[10] == 'T' ? parse_date(text) : std::nullopt;
      if (!t) fail(key, "an RFC 3339 date and time (2025-12-01T08:00:00Z), seconds since the epoch, or null");
      into = *t;
      return;
    }
    if (!v->is_number_integer() ||
        (v->is_number_unsigned() && v->get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()))
      fail(key, "an RFC 3339 date and time (2025-12-01T08:00:00Z), seconds since the epoch, or null");
    // Years 1 to 9999, as RFC 3339 writes them, so an export reads back.
    constexpr std::int64_t kFirst = -62135596800, kLast = 253402300799;
    if (v->get<std::int64_t>() < kFirst || v->get<std::int64_t>() > kLast)
      fail(key, "a time in the years 1 to 9999");
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

json parse_line(std::string_view line) {
  try {
    return json::parse(line);
  } catch (const json::parse_error& e) {
    throw BadLine{fmt::format("not JSON (syntax error at byte {})", e.byte)};
  } catch (const json::exception& e) {
    // A number too large for any type ("2e8046960638" as an integer field,
    // found by the export_line fuzz target) is out_of_range, not parse_error.
    throw BadLine{fmt::format("not readable JSON: {}", e.what())};
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
  f.texts("authors", d.authors);
  f.time("published", d.published);
  f.time("updated", d.updated);
  f.time("first_seen", d.first_seen);
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

// The item a parser would have produced for `d`, under the id it was
// exported with: ids are kept as they are, whatever rule made them (an old
// export's ids included), so importing the same export again finds them.
Item item_from(const Document& d) {
  if (normalize_whitespace(d.id) != d.id)
    throw BadLine{fmt::format("the id \"{}\" has spaces at its ends or inside runs of them; "
                              "write it as \"{}\"",
                              d.id, normalize_whitespace(d.id))};
  Item item;
  item.id = d.id;
  item.guid = d.id;
  item.title = d.title;
  item.link = d.url;
  // An export before lists had only the joined string: one name.
  item.authors = d.authors;
  if (item.authors.empty() && !d.author.empty()) item.authors = {d.author};
  item.summary = d.summary;
  item.content = d.content;
  item.published = d.published;
  item.updated = d.updated;
  item.first_seen = d.first_seen;
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
  return item;
}

// The header names the export format; a newer one may hold fields this
// version drops, which a restore should not do silently: the warning says so.
std::string check_header(const json& j, bool may_be_header) {
  if (!may_be_header) throw BadLine{"an export header, but not on the first line"};
  const json& format = j.at(kExportHeaderKey);
  if (!format.is_number_unsigned() || format.get<std::uint64_t>() == 0)
    throw BadLine{fmt::format("\"{}\" must be a positive integer", kExportHeaderKey)};
  if (format.get<std::uint64_t>() <= static_cast<std::uint64_t>(kExportFormat)) return {};
  return fmt::format("export format {} is newer than this newsdex reads ({}); fields it does not "
                     "know are dropped",
                     format.get<std::uint64_t>(), kExportFormat);
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// A Windows editor's traces: a byte-order mark and CRLF line ends.
std::string_view trim_line(std::string_view line, std::size_t number) {
  if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

ExportLine read_export_line(std::string_view raw, std::size_t number, bool may_be_header) {
  ExportLine out;
  const std::string_view line = trim_line(raw, number);
  if (blank(line)) return out;
  try {
    const json j = parse_line(line);
    if (j.is_object() && j.contains(kExportHeaderKey) && !j.contains("id")) {
      out.kind = ExportLine::Kind::header;
      out.message = check_header(j, may_be_header);
      if (const auto rule = j.find(kIdentityRuleKey); rule != j.end() && rule->is_number_unsigned())
        out.identity_rule = static_cast<int>(std::min<std::uint64_t>(rule->get<std::uint64_t>(), 1000));
      return out;
    }
    out.item = item_from(document_from(j));
    out.kind = ExportLine::Kind::item;
  } catch (const BadLine& bad) {
    out.kind = ExportLine::Kind::bad;
    out.message = bad.reason;
  }
  return out;
}

}  // namespace newsdex

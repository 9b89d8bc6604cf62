#include "indexer/parse/json_feed.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/dates.hpp"
#include "common/encoding.hpp"
#include "common/html_text.hpp"

namespace newsdex {

namespace {

using nlohmann::json;

constexpr std::string_view kVersionHttps = "https://jsonfeed.org/version/";
constexpr std::string_view kVersionHttp = "http://jsonfeed.org/version/";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t line_at(std::string_view bytes, std::size_t offset) {
  offset = std::min(offset, bytes.size());
  return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The line where objects/arrays first nest deeper than kMaxJsonDepth, if
// they do. Checked before parsing, so hostile nesting never reaches the
// parser's stack or the tree it builds.
std::optional<std::size_t> too_deep_at(std::string_view bytes) {
  std::size_t depth = 0, line = 1;
  bool in_string = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return line;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
// error ..." without the library's prefix (the line is given separately).
std::string parse_error_text(const json::parse_error& e) {
  std::string_view what = e.what();
  if (const auto at = what.find("parse error"); at != std::string_view::npos) {
    if (const auto colon = what.find(": ", at); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return std::string(what);
}

std::string kind_of(const json& v) {
  const std::string name = v.type_name();
  if (name == "null") return "null";
  return (name == "array" || name == "object" ? "an " : "a ") + name;
}

// A member's string value; anything else (absent, a number, an object)
// counts as absent.
std::string string_of(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// 1.1's "authors" array, else 1.0's "author" object: the names. URLs and
// avatars are no text to search.
std::vector<std::string> authors_of(const json& obj) {
  std::vector<std::string> names;
  const auto add = [&](const json& a) {
    if (a.is_object()) add_unique(names, normalize_whitespace(string_of(a, "name")));
  };
  if (const auto it = obj.find("authors"); it != obj.end() && it->is_array())
    for (const auto& a : *it) add(a);
  if (const auto it = obj.find("author"); names.empty() && it != obj.end()) add(*it);
  return names;
}

// Language tags are written with '-' (BCP 47); feeds often use '_'.
std::string language_of(const json& obj) {
  return language_tag(normalize_whitespace(string_of(obj, "language")));
}

class ItemReader {
 public:
  ItemReader(const ParsedFeed& feed, std::vector<std::string> feed_authors, std::vector<Diagnostic>& warnings)
      : feed_(feed), feed_authors_(std::move(feed_authors)), warnings_(warnings) {}

  std::optional<Item> read(const json& v, std::size_t index) {
    if (!v.is_object()) {
      warn(fmt::format("items[{}] is {}, not an object: skipped", index, kind_of(v)));
      return std::nullopt;
    }
    Item item;
    if (const auto id = v.find("id"); id != v.end()) {
      // 1.1: "If an id is presented as a number, ... coerce it to a string."
      if (id->is_string()) item.guid = normalize_whitespace(id->get<std::string>());
      else if (id->is_number()) item.guid = id->dump();
    }
    item.link = normalize_whitespace(string_of(v, "url"));
    if (item.link.empty()) item.link = normalize_whitespace(string_of(v, "external_url"));
    item.title = normalize_whitespace(string_of(v, "title"));
    item.summary = html_to_text(string_of(v, "summary"));
    // The same content in two forms; the HTML says more (headings, lists)
    // and turns into the same words.
    item.content = html_to_text(string_of(v, "content_html"));
    if (item.content.empty()) item.content = normalize_whitespace(string_of(v, "content_text"));
    if (item.guid.empty() && item.link.empty() && item.content.empty()) {
      warn(fmt::format("items[{}] has no id, url or content: skipped", index));
      return std::nullopt;
    }
    item.published = date_of(v, "date_published", index);
    item.updated = date_of(v, "date_modified", index);
    item.authors = authors_of(v);
    if (item.authors.empty()) item.authors = feed_authors_;
    if (const auto tags = v.find("tags"); tags != v.end() && tags->is_array())
      for (const auto& t : *tags)
        if (t.is_string()) add_unique(item.categories, normalize_whitespace(t.get<std::string>()));
    if (const auto att = v.find("attachments"); att != v.end() && att->is_array() && !att->empty() &&
                                                 att->front().is_object())
      item.enclosure = normalize_whitespace(string_of(att->front(), "url"));
    item.language = language_of(v);
    if (item.language.empty()) item.language = feed_.feed.language;
    item.source = feed_.feed.title;
    return item;
  }

 private:
  std::optional<std::int64_t> date_of(const json& v, const char* key, std::size_t index) {
    const auto it = v.find(key);
    if (it == v.end() || it->is_null()) return std::nullopt;
    if (it->is_string())
      if (auto t = parse_date(it->get<std::string>())) return t;
    warn(fmt::format("items[{}]: unrecognised date {} in {}", index, it->dump(), key));
    return std::nullopt;
  }

  void warn(std::string message) { warnings_.push_back({0, std::move(message)}); }

  const ParsedFeed& feed_;
  std::vector<std::string> feed_authors_;
  std::vector<Diagnostic>& warnings_;
};

// JSON escapes can spell NUL and other controls ("\u0000"), which are no
// text (the parser has already made sure of valid UTF-8).
void make_text_valid(ParsedFeed& out) {
  std::size_t removed = 0;
  const auto fix = [&](std::string& text) { removed += remove_control_chars(text).count; };
  fix(out.feed.title);
  fix(out.feed.link);
  fix(out.feed.language);
  for (Item& item : out.items) for_each_text(item, fix);
  if (removed > 0)
    out.warnings.push_back({0, fmt::format("{} control character{} (NUL and the like) removed", removed,
                                           removed == 1 ? "" : "s")});
}

void read_feed(const json& doc, const json& items, ParsedFeed& out) {
  const std::string version = string_of(doc, "version");
  if (!version.starts_with(kVersionHttps) && !version.starts_with(kVersionHttp))
    out.warnings.push_back({0, version.empty() ? "no JSON Feed \"version\"; read as JSON Feed"
                                               : fmt::format("unknown JSON Feed version '{}'; read as JSON Feed",
                                                             version)});
  out.feed.format = "json";
  out.feed.title = normalize_whitespace(string_of(doc, "title"));
  out.feed.link = normalize_whitespace(string_of(doc, "home_page_url"));
  out.feed.language = language_of(doc);
  ItemReader reader(out, authors_of(doc), out.warnings);
  for (std::size_t i = 0; i < items.size(); ++i)
    if (auto item = reader.read(items[i], i)) out.items.push_back(std::move(*item));
}

}  // namespace

bool looks_like_json_feed(std::string_view bytes) noexcept {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::size_t start = 0;
  while (start < bytes.size() && is_blank(bytes[start])) ++start;
  if (start == bytes.size() || bytes[start] != '{') return false;
  constexpr std::string_view key = "\"version\"";
  for (auto at = bytes.find(key, start); at != std::string_view::npos; at = bytes.find(key, at + 1)) {
    std::size_t i = at + key.size();
    while (i < bytes.size() && is_blank(bytes[i])) ++i;
    if (i == bytes.size() || bytes[i] != ':') continue;
    ++i;
    while (i < bytes.size() && is_blank(bytes[i])) ++i;
    if (i == bytes.size() || bytes[i] != '"') continue;
    // The value's start, reading "\/" as "/".
    char value[32];
    std::size_t n = 0;
    for (++i; i < bytes.size() && n < sizeof value && bytes[i] != '"'; ++i) {
      if (bytes[i] == '\\' && i + 1 < bytes.size() && bytes[i + 1] == '/') ++i;
      value[n++] = bytes[i];
    }
    const std::string_view v(value, n);
    if (v.starts_with(kVersionHttps) || v.starts_with(kVersionHttp)) return true;
  }
  return false;
}

ParsedFeed parse_json_feed(std::string_view bytes) {
  ParsedFeed out;
  // RFC 8259 JSON is UTF-8; one bad byte should not lose the whole feed.
  std::string repaired;
  if (!is_valid_utf8(bytes)) {
    Transcoded t = repair_utf8(bytes);
    out.warnings.push_back({0, fmt::format("{} invalid UTF-8 sequence{} replaced by U+FFFD", t.invalid_sequences,
                                           t.invalid_sequences == 1 ? "" : "s")});
    repaired = std::move(t.text);
    bytes = repaired;
  }
  if (const auto line = too_deep_at(bytes)) {
    out.error = Diagnostic{*line, fmt::format("JSON nested deeper than {} objects and arrays", kMaxJsonDepth)};
    return out;
  }
  try {
    const json doc = json::parse(bytes);
    if (!doc.is_object()) {
      out.error = Diagnostic{0, fmt::format("not a JSON Feed: the top level is {}, not an object", kind_of(doc))};
      return out;
    }
    const auto items = doc.find("items");
    if (items == doc.end() || !items->is_array()) {
      out.error = Diagnostic{0, items == doc.end()
                                    ? std::string("not a JSON Feed: it has no \"items\" array")
                                    : fmt::format("not a JSON Feed: \"items\" is {}, not an array",
                                                  kind_of(*items))};
      return out;
    }
    read_feed(doc, *items, out);
  } catch (const json::parse_error& e) {
    out.error = Diagnostic{line_at(bytes, e.byte == 0 ? 0 : e.byte - 1), "not valid JSON: " + parse_error_text(e)};
    return out;
  } catch (const json::exception& e) {
    // Every access above checks types first; this is the parser's promise kept.
    out.error = Diagnostic{0, std::string("unreadable JSON Feed: ") + e.what()};
    return out;
  }
  if (out.items.empty()) out.warnings.push_back({0, "the feed has no items"});
  make_text_valid(out);
  return out;
}

}  // namespace newsdex

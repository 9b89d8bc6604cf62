#include "common/stored_document.hpp"

#include <nlohmann/json.hpp>

#include "common/schema.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

using nlohmann::json;

// ---- The record (kDataVersion 2) ----
// A version byte, then every field in Document's order: strings and lists
// as a varint length (count) and their bytes (items), counts as varints,
// times as a presence byte and a zigzag varint. Fields added later go at the
// end, where older readers stop: a record's trailing bytes are ignored.

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out.append(s);
}

void put_strings(std::string& out, const std::vector<std::string>& list) {
  put_varint(out, list.size());
  for (const auto& s : list) put_string(out, s);
}

void put_time(std::string& out, const std::optional<std::int64_t>& t) {
  out.push_back(t ? '\1' : '\0');
  if (t) put_varint(out, (static_cast<std::uint64_t>(*t) << 1) ^ static_cast<std::uint64_t>(*t >> 63));
}

// Reads a record; any read past its end throws Error(corrupt).
class RecordReader {
 public:
  explicit RecordReader(std::string_view bytes) : rest_(bytes) {}

  bool at_end() const { return rest_.empty(); }

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (rest_.empty()) truncated();
      const auto byte = static_cast<unsigned char>(rest_.front());
      rest_.remove_prefix(1);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    truncated();
  }
  std::string string() {
    const std::uint64_t n = varint();
    if (n > rest_.size()) truncated();
    std::string s(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return s;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> out(count());
    for (auto& s : out) s = string();
    return out;
  }
  std::optional<std::int64_t> time() {
    if (rest_.empty()) truncated();
    const bool present = rest_.front() != '\0';
    rest_.remove_prefix(1);
    if (!present) return std::nullopt;
    const std::uint64_t z = varint();
    return static_cast<std::int64_t>((z >> 1) ^ (0 - (z & 1)));
  }
  // A list's length: each item takes at least one byte, so a larger count
  // is damage (and must not reserve memory).
  std::size_t count() {
    const std::uint64_t n = varint();
    if (n > rest_.size()) truncated();
    return static_cast<std::size_t>(n);
  }

 private:
  [[noreturn]] static void truncated() {
    throw Error(Errc::corrupt, "a document's stored data is damaged (truncated record); rebuild the index");
  }
  std::string_view rest_;
};

constexpr char kRecordVersion = static_cast<char>(schema::kDataVersion);

// ---- Version 1: JSON, as indexes written before the record kept it ----

std::optional<std::int64_t> read_time(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::string read_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t read_count(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

std::vector<std::string> read_strings(const json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Document decode_json(const std::string& data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object())
    throw Error(Errc::corrupt, "a document's stored data is not JSON; rebuild the index");
  Document d;
  d.id = read_string(j, "id");
  d.title = read_string(j, "title");
  d.url = read_string(j, "url");
  d.source = read_string(j, "source");
  d.author = read_string(j, "author");
  if (!d.author.empty()) d.authors = {d.author};
  d.published = read_time(j, "published");
  d.updated = read_time(j, "updated");
  if (auto it = j.find("categories"); it != j.end()) d.categories = read_strings(*it);
  d.summary = read_string(j, "summary");
  d.content = read_string(j, "content");
  d.enclosure = read_string(j, "enclosure");
  d.language = read_string(j, "lang");
  d.kind = read_string(j, "kind");
  d.story = read_string(j, "story");
  d.place = read_string(j, "place");
  d.input = read_string(j, "input");
  d.position = read_count(j, "position");
  d.source_count = read_count(j, "source_count");
  if (auto it = j.find("citations"); it != j.end() && it->is_array())
    for (const auto& c : *it)
      if (c.is_object() && c.contains("sentence") && c["sentence"].is_string())
        d.citations.push_back({c["sentence"].get<std::string>(),
                               c.contains("sources") ? read_strings(c["sources"]) : std::vector<std::string>{}});
  return d;
}

}  // namespace

std::string encode(const Document& d, int identity_rule) {
  std::string out;
  out.reserve(64 + d.title.size() + d.summary.size() + d.content.size() + d.url.size());
  out.push_back(kRecordVersion);
  for (const std::string* s : {&d.id, &d.title, &d.url, &d.source, &d.author}) put_string(out, *s);
  put_time(out, d.published);
  put_time(out, d.updated);
  put_strings(out, d.categories);
  for (const std::string* s : {&d.summary, &d.content, &d.enclosure, &d.language, &d.kind, &d.story,
                               &d.place, &d.input})
    put_string(out, *s);
  put_varint(out, d.position);
  put_varint(out, d.source_count);
  put_varint(out, d.citations.size());
  for (const auto& c : d.citations) {
    put_string(out, c.sentence);
    put_strings(out, c.source_ids);
  }
  // Added at the end, in this order: older readers stop before them.
  put_varint(out, static_cast<std::uint64_t>(identity_rule));
  put_time(out, d.first_seen);
  put_strings(out, d.authors);
  return out;
}

namespace {

Document read_record(RecordReader& in) {
  Document d;
  for (std::string* s : {&d.id, &d.title, &d.url, &d.source, &d.author}) *s = in.string();
  d.published = in.time();
  d.updated = in.time();
  d.categories = in.strings();
  for (std::string* s : {&d.summary, &d.content, &d.enclosure, &d.language, &d.kind, &d.story, &d.place,
                         &d.input})
    *s = in.string();
  d.position = static_cast<std::size_t>(in.varint());
  d.source_count = static_cast<std::size_t>(in.varint());
  d.citations.resize(in.count());
  for (auto& c : d.citations) {
    c.sentence = in.string();
    c.source_ids = in.strings();
  }
  return d;
}

bool is_record(const std::string& data) { return !data.empty() && data.front() == kRecordVersion; }

}  // namespace

Document decode(const std::string& data) {
  if (!is_record(data)) return decode_json(data);
  RecordReader in(std::string_view(data).substr(1));
  Document d = read_record(in);
  if (!in.at_end()) in.varint();  // the identity rule (identity_rule_of)
  if (!in.at_end()) d.first_seen = in.time();
  if (!in.at_end()) d.authors = in.strings();
  // Records from before lists kept the joined names: one author.
  if (d.authors.empty() && !d.author.empty()) d.authors = {d.author};
  return d;
}

int identity_rule_of(const std::string& data) {
  if (!is_record(data)) return 0;
  RecordReader in(std::string_view(data).substr(1));
  read_record(in);
  return in.at_end() ? 0 : static_cast<int>(std::min<std::uint64_t>(in.varint(), 1000));
}

std::string encode_json(const Document& d) {
  json j = {{"v", 1},
            {"id", d.id},
            {"title", d.title},
            {"url", d.url},
            {"source", d.source},
            {"author", d.author},
            {"published", d.published ? json(*d.published) : json(nullptr)},
            {"updated", d.updated ? json(*d.updated) : json(nullptr)},
            {"categories", d.categories},
            {"summary", d.summary},
            {"content", d.content},
            {"enclosure", d.enclosure},
            {"lang", d.language},
            {"kind", d.kind},
            {"story", d.story},
            {"place", d.place},
            {"input", d.input},
            {"position", d.position},
            {"source_count", d.source_count}};
  if (!d.citations.empty()) {
    json cites = json::array();
    for (const auto& c : d.citations) cites.push_back({{"sentence", c.sentence}, {"sources", c.source_ids}});
    j["citations"] = std::move(cites);
  }
  // Invalid UTF-8 has been repaired upstream; replace rather than throw if any slips through.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace newsdex

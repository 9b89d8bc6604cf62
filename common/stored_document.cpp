#include "common/stored_document.hpp"

#include <nlohmann/json.hpp>

#include "common/schema.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

using nlohmann::json;

json optional_time(const std::optional<std::int64_t>& t) { return t ? json(*t) : json(nullptr); }

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

}  // namespace

std::string encode(const Document& d) {
  json j = {{"v", schema::kDataVersion},
            {"id", d.id},
            {"title", d.title},
            {"url", d.url},
            {"source", d.source},
            {"author", d.author},
            {"published", optional_time(d.published)},
            {"updated", optional_time(d.updated)},
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

Document decode(const std::string& data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object())
    throw Error(Errc::corrupt, "a document's stored data is not JSON; rebuild the index");
  Document d;
  d.id = read_string(j, "id");
  d.title = read_string(j, "title");
  d.url = read_string(j, "url");
  d.source = read_string(j, "source");
  d.author = read_string(j, "author");
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

}  // namespace newsdex

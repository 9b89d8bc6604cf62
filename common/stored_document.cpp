#include "common/stored_document.hpp"

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/schema.hpp"
#include "common/stored_document_reader.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

using nlohmann::json;

json optional_time(const std::optional<std::int64_t>& t) { return t ? json(*t) : json(nullptr); }

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
  std::optional<Document> d = read_stored_document(data);
  if (!d) throw Error(Errc::corrupt, "a document's stored data is not JSON; rebuild the index");
  return std::move(*d);
}

}  // namespace newsdex

#pragma once
// A Reuters article as one line of a newsdex export (see
// Index::import_documents), the public path the benchmarks index it by.

#include <string>

#include <nlohmann/json.hpp>

#include "reuters.hpp"

namespace newsdex::bench {

// Without "story", so near-duplicate detection decides it as for a new item.
inline std::string reuters_json_line(const ReutersArticle& a) {
  nlohmann::json j = {{"id", "reuters:" + std::to_string(a.id)},
                      {"title", a.title},
                      {"source", "Reuters"},
                      {"content", a.body},
                      {"categories", a.topics},
                      {"place", a.places.empty() ? "" : a.places.front()},
                      {"kind", "article"},
                      {"published", a.date ? nlohmann::json(*a.date) : nlohmann::json(nullptr)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace newsdex::bench

#pragma once
// newsdex-search's output for programs: JSON, one object per line, each
// with a "type" ("hit", "summary", "facet", "suggestion", "member",
// "document", "stats", "saved-search"). Field names are those of the
// export (Document's members); dates are ISO 8601 with the offset.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdex/newsdex.hpp"
#include "terminal.hpp"

namespace newsdex::cli {

void results_json(std::string& out, const SearchResults& r, const Style& style);
void story_json(std::string& out, const std::vector<Document>& members, Searcher& searcher, const Style& style);
// The stored record, as exported, with its short id.
void document_json(std::string& out, const Document& d, Searcher& searcher, const Style& style);
void stats_json(std::string& out, const IndexStats& s, const std::vector<std::string>& dbs, const Style& style);

// One line of `j`; text that is not UTF-8 is replaced, never thrown on.
void json_line(std::string& out, const nlohmann::ordered_json& j);

// An ISO time, or null.
nlohmann::ordered_json json_time(const std::optional<std::int64_t>& t, const Style& style);

}  // namespace newsdex::cli

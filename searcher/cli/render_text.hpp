#pragma once
// newsdex-search's output for people: results, a story's timeline, whole
// documents (`show`), one line per hit (--format oneline), index statistics.
// Each appends to `out`; the caller prints it (or pages it).

#include <string>
#include <vector>

#include "newsdex/newsdex.hpp"
#include "terminal.hpp"

namespace newsdex::cli {

// Ranked hits with snippets, "Did you mean", the count line and facets.
// `limit` is the page size asked for (0: only the count).
void results_text(std::string& out, const SearchResults& r, std::size_t limit, Searcher& searcher,
                  const Style& style);

// One tab-separated line per hit: date, source, title, short id.
void results_oneline(std::string& out, const SearchResults& r, const Style& style);

// Every member of a story, oldest first, the first report marked.
void story_text(std::string& out, const std::vector<Document>& members, Searcher& searcher,
                const Style& style);

// A whole stored document: what it is, where it came from, its story, its text.
void document_text(std::string& out, const Document& d, Searcher& searcher, const Style& style);

void stats_text(std::string& out, const IndexStats& s, const std::vector<std::string>& dbs,
                const Style& style);

// "1 match", "2 matches": `count` and `one`, or `many` when not one.
std::string counted(std::size_t count, const char* one, const char* many);

}  // namespace newsdex::cli

#pragma once
// The TIME test collection (University of Glasgow IR collections): 423
// TIME magazine articles of 1963, 83 queries, relevance judgments, a stop
// list. See ../shared/data/README.md.
//
// Documents are numbered here by their position in TIME.ALL, 1 to 423 (not
// by their "*TEXT nnn" numbers, which have gaps). TIME.REL also numbers
// documents by position, but in a 425-document version of the collection:
// positions 1-370 are TIME.ALL's 1st to 370th document, positions 378 and
// above are shifted by two (position p is TIME.ALL's (p-2)th document) and no
// judgment falls on 371-377. judged_position_to_document() does that mapping.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::bench {

struct TimeDocument {
  int number = 0;           // position in TIME.ALL, 1-based
  std::string text_number;  // the "*TEXT nnn" label, e.g. "017"
  std::string date;         // as written, e.g. "01/04/63"
  std::string text;         // the article's lines joined by single spaces
};

struct TimeQuery {
  int number = 0;    // "*FIND n": the same numbers as TIME.REL's first column
  std::string text;  // the query's lines joined by single spaces
};

struct TimeCollection {
  std::vector<TimeDocument> documents;
  std::vector<TimeQuery> queries;
  std::map<int, std::set<int>> relevant;  // query number -> relevant document numbers
  std::size_t judgments = 0;              // relevant (query, document) pairs kept
  std::vector<std::string> dropped;       // judgments that name no document, explained
  std::set<std::string> stopwords;        // TIME.STP, lowercased
};

// The TIME.ALL document a TIME.REL position stands for, or nullopt when
// there is none (371-377, or outside 1..documents + 2).
std::optional<int> judged_position_to_document(int position, int documents);

// Parsers of the collection's files (exposed for tests).
std::vector<TimeDocument> parse_time_documents(std::string_view all);
std::vector<TimeQuery> parse_time_queries(std::string_view que);
// Fills relevant/judgments/dropped from TIME.REL, mapping positions.
void parse_time_judgments(std::string_view rel, TimeCollection& into);

// Reads TIME.ALL, TIME.QUE, TIME.REL and TIME.STP (optional) from `dir`.
// Returns nullopt and sets `missing` to the first required file absent.
std::optional<TimeCollection> load_time_collection(const std::string& dir, std::string& missing);

}  // namespace newsdex::bench

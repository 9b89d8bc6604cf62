#pragma once
// The load benchmark's query log: a fixed, seeded list of queries drawn from
// Reuters titles, and the same query written in each system's syntax.
//
// Of every 20 queries: 12 are 1-3 title words, 3 a phrase of two adjacent
// title words, 3 one or two words in the title field, 2 title words with a
// date range of one or two months of 1987. Words are lowercased, alphabetic,
// at least 3 letters, and not in a short stop list.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsdex::bench {

struct LogQuery {
  enum class Kind { words, phrase, title, dated };
  Kind kind = Kind::words;
  std::vector<std::string> words;
  int from_month = 0;  // Kind::dated: 1987-from_month .. 1987-to_month
  int to_month = 0;
};

// The words a title offers to queries, in order.
std::vector<std::string> title_words(const std::string& title);

// `count` queries from `titles` with `seed`. A pure function; titles without
// usable words are skipped (empty result when none has any).
std::vector<LogQuery> make_query_log(const std::vector<std::string>& titles, std::size_t count,
                                     std::uint64_t seed);

// newsdex's syntax: `a b`, `"a b"`, `title:a title:b`, `a date:1987-03..1987-04`.
std::string to_newsdex(const LogQuery& q);

// Raw Xapian's (the benchmark's QueryParser): as newsdex, with the date range
// as `date:19870301..19870431` over a YYYYMMDD value.
std::string to_xapian(const LogQuery& q);

// FTS5's MATCH expression (`"a" "b"`, `"a b"`, `title : ("a" "b")`); the date
// range goes to a WHERE clause, given by fts5_date_range.
std::string to_fts5(const LogQuery& q);

// ["1987-03-01", "1987-04-32") as text bounds for a YYYY-MM-DD column; nullopt
// unless dated.
std::optional<std::pair<std::string, std::string>> fts5_date_range(const LogQuery& q);

}  // namespace newsdex::bench

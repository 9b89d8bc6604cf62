#pragma once
// Reuters-21578 (David D. Lewis's distribution 1.0): 21,578 newswire
// articles of 1987 in 22 SGML files, reut2-000.sgm ... reut2-021.sgm. A
// small reader for benchmarks: the clustering benchmark indexes it, and the
// load benchmark of issue 7 will. It needs nothing of newsdex.
//
// Quirks handled (see ../shared/data/README.md): about 2,500 articles have
// no BODY (TYPE="BRIEF" has only a TITLE, TYPE="UNPROC" only unmarked
// text, kept as the body); titles may be missing; SGML entities appear
// (&lt; &gt; &amp; and numeric ones such as &#3;, the end-of-text control
// character, which is dropped with the other control characters); the files
// are ASCII apart from a few stray Latin-1 bytes, turned into UTF-8; dates
// look like "26-FEB-1987 15:01:01.79" (UTC assumed; the fraction dropped).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::bench {

struct ReutersArticle {
  int id = 0;                        // NEWID: 1..21578, unique
  std::string title;                 // may be empty
  std::string dateline;              // "SALVADOR, Feb 26 -", may be empty
  std::string body;                  // text, lines kept; may be empty
  std::optional<std::int64_t> date;  // UTC seconds; nullopt when unreadable
  std::vector<std::string> topics;   // e.g. "cocoa"
  std::vector<std::string> places;   // e.g. "el-salvador", "usa"
};

// Every <REUTERS> element of one SGML file's text, in file order. A pure
// function; an element that cannot be read (no NEWID) is skipped.
std::vector<ReutersArticle> parse_reuters_sgml(std::string_view sgml);

// "26-FEB-1987 15:01:01.79" -> UTC seconds; nullopt when malformed.
std::optional<std::int64_t> parse_reuters_date(std::string_view text);

// Reads every reut2-*.sgm under `dir`, in name order (so ids ascend).
// Throws std::runtime_error when there is none or one cannot be read.
std::vector<ReutersArticle> read_reuters(const std::filesystem::path& dir);

}  // namespace newsdex::bench

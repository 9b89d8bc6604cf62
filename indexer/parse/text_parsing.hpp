#pragma once
// Internals shared by the plain-text readers: text_parser.cpp (decoding,
// lines, sentences, detection), boilerplate.cpp (the phrase lists),
// digest_parser.cpp (multi-source digests) and page_parser.cpp (articles and
// scraped pages). Not part of the public contract; unit tests use it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/parse/text_parser.hpp"

namespace newsdex {

// The phrase lists of data/boilerplate.conf, folded for matching (see
// fold_for_match). A phrase may hold '*' wildcards where `glob` is set.
struct Boilerplate::Lists {
  struct Phrase {
    std::string folded;
    bool glob = false;
    bool operator==(const Phrase&) const = default;
  };
  std::vector<Phrase> chrome;         // whole lines dropped anywhere
  std::vector<Phrase> leading;        // lines dropped while they open the text
  std::vector<Phrase> page_end;       // a line that ends the article
  std::vector<Phrase> related;        // a line that opens the related-articles list
  std::vector<Phrase> summary_start;  // digest lines between the last source and the summary
  std::vector<std::string> cut_from;  // ASCII-lowercased phrases that end a paragraph
  std::vector<std::string> outlets;   // as written in the file
};

namespace text {

// ---- lines ---------------------------------------------------------------

// A non-blank input line with its whitespace collapsed.
struct Line {
  std::string text;
  std::size_t number = 0;     // 1-based line in the input
  bool blank_before = false;  // a blank line separates it from the previous one
};

// Splits on LF, CRLF and CR; blank lines are dropped (noted in blank_before).
std::vector<Line> split_lines(std::string_view text);

// Input bytes as UTF-8: BOM-announced charsets, UTF-8, else windows-1252 with
// one warning.
std::string to_utf8(std::string_view bytes, std::vector<Diagnostic>& warnings);

// ---- phrase matching -----------------------------------------------------

// ASCII-lowercased, curly quotes made straight: how lines and phrases compare.
std::string fold_for_match(std::string_view text);
// '*' matches any run of characters (including none); the rest literally.
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

// The lists to use: the options', or empty ones when there are none.
const Boilerplate::Lists& lists_of(const TextOptions& options);

bool matches_any(const std::vector<Boilerplate::Lists::Phrase>& phrases, std::string_view line);
// The text cut before the first [cut-from] phrase (ASCII case ignored), right-trimmed.
std::string cut_at_phrases(std::string_view text, const std::vector<std::string>& phrases);
// The listed spelling of a known outlet equal to `name` (ASCII case ignored).
std::optional<std::string> known_outlet(const Boilerplate::Lists& lists, std::string_view name);

// ---- structural patterns ---------------------------------------------------

// "7 Sources" / "1 Source": the number, else nullopt.
std::optional<std::size_t> sources_count(std::string_view line);
// "[3]": the number, else nullopt.
std::optional<std::size_t> block_marker(std::string_view line);
// A relative age such as "4 hours ago", "11 hrs ago", "an hour ago",
// optionally glued to a "time" icon label ("time31 minutes ago").
bool is_relative_time(std::string_view text);
// "Mint4 hours ago" / "Mint 4 hours ago": the outlet before the age. Known
// outlets are preferred, so "Channel 42 hours ago" splits after "Channel 4".
std::optional<std::string> outlet_of_age_line(std::string_view line, const Boilerplate::Lists& lists);

// ---- sentences and titles --------------------------------------------------

// Sentences of a paragraph, trimmed, in order (views into `paragraph`).
std::vector<std::string_view> split_sentences(std::string_view paragraph);
// The first sentence only; reads no further than its end.
std::string_view first_sentence(std::string_view paragraph);
// Ends with . ! ? or … (closing quotes and brackets ignored).
bool ends_sentence(std::string_view text) noexcept;
// `text` cut to at most `max_chars` characters on a word boundary, "…" added
// when something was cut.
std::string shorten_title(std::string_view text, std::size_t max_chars = 120);
// A title for text without a headline line: its first sentence, shortened.
std::string title_from_text(std::string_view text);

// ---- datelines -------------------------------------------------------------

// "HONG KONG, April 26 (Reuters) - ..." / "Beijing (AFP) - ..." / "LONDON — ...".
struct Dateline {
  std::string place;
  std::string outlet;
  std::optional<std::int64_t> published;  // UTC midnight of the date given
};
std::optional<Dateline> parse_dateline(std::string_view text, const Boilerplate::Lists& lists,
                                       std::int64_t reference_time);
// The outlet named by a byline ("By Jane Doe, Reuters") or a sign-off at the
// end ("— AFP", "(AFP)") of a source's text.
std::optional<std::string> outlet_from_byline(std::string_view text, const Boilerplate::Lists& lists);
// Midnight UTC of month/day: of `year` when given, else of the reference
// time's year, or the year before when that is more than a few days after the
// reference time. Nullopt for an impossible date or a year-less one without a
// reference time.
std::optional<std::int64_t> resolve_date(unsigned month, unsigned day, std::optional<std::int64_t> year,
                                         std::int64_t reference_time);

// ---- readers ---------------------------------------------------------------

// True when an "N Sources" header opens the text and "[1]" follows it.
bool looks_like_digest(const std::vector<Line>& lines);
// True when page chrome (page-end/related markers) or an outlet-age line is found.
bool looks_like_page(const std::vector<Line>& lines, const Boilerplate::Lists& lists);

// Empty when no numbered source block is found.
std::vector<Item> read_digest(const std::vector<Line>& lines, const TextOptions& options,
                              std::vector<Diagnostic>& warnings);
// A plain article or, when `page`, a scraped page with related entries.
std::vector<Item> read_article(const std::vector<Line>& lines, const TextOptions& options, bool page);

}  // namespace text
}  // namespace newsdex

// Plain-text news to Items: decoding, lines, the structural patterns the
// readers share (counts, markers, relative ages, sentences) and the choice of
// reader. The readers are digest_parser.cpp and page_parser.cpp.
#include "indexer/parse/text_parser.hpp"

#include <algorithm>
#include <array>

#include "common/encoding.hpp"
#include "common/html_text.hpp"
#include "indexer/parse/text_parsing.hpp"

namespace newsdex {
namespace text {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || is_upper(c); }
char lower(char c) noexcept { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A small decimal (at most 6 digits), else nullopt.
std::optional<std::size_t> small_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 6) return std::nullopt;
  std::size_t n = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

// ---- relative ages ----

constexpr auto kAgeUnits = std::to_array<std::string_view>({
    "s",  "sec",  "secs", "second", "seconds", "m",     "min",    "mins", "minute", "minutes", "h",
    "hr", "hrs",  "hour", "hours",  "d",       "day",   "days",   "w",    "wk",     "wks",     "week",
    "weeks", "mo", "mos", "month",  "months",  "y",     "yr",     "yrs",  "year",   "years"});

bool is_age_unit(std::string_view word) {
  return std::any_of(kAgeUnits.begin(), kAgeUnits.end(), [&](std::string_view u) { return iequals(word, u); });
}

// Where a trailing relative age ("4 hours ago", "an hour ago", "4h ago")
// starts in `s`, else npos. Read from the end, so long lines cost little.
std::size_t relative_age_start(std::string_view s) {
  if (s.size() < 5 || !iequals(s.substr(s.size() - 4), " ago")) return std::string_view::npos;
  std::size_t end = s.size() - 4;
  std::size_t begin = end;
  while (begin > 0 && is_alpha(s[begin - 1])) --begin;
  if (!is_age_unit(s.substr(begin, end - begin))) return std::string_view::npos;
  std::size_t pos = begin;
  if (pos > 0 && s[pos - 1] == ' ') --pos;
  std::size_t digits = pos;
  while (digits > 0 && is_digit(s[digits - 1])) --digits;
  if (digits < pos) return digits;
  // "an hour ago" / "a day ago": the article must be a word of its own.
  for (std::string_view article : {"an", "a"}) {
    if (pos >= article.size() && iequals(s.substr(pos - article.size(), article.size()), article) &&
        pos == begin - 1) {
      const std::size_t start = pos - article.size();
      if (start == 0 || s[start - 1] == ' ') return start;
    }
  }
  return std::string_view::npos;
}

// ---- sentences ----

constexpr auto kAbbreviations = std::to_array<std::string_view>({
    "Mr",  "Mrs", "Ms",  "Dr",  "Prof", "St",  "Sr",   "Jr",   "Gen", "Gov", "Sen", "Rep", "Rev",
    "Capt", "Col", "Lt", "Sgt", "Inc",  "Corp", "Co",  "Ltd",  "No",  "vs",  "etc", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug",  "Sep", "Sept", "Oct",  "Nov", "Dec", "Mt",  "approx"});

// The word before a full stop at `dot` names an abbreviation ("Mr", "U.S",
// a lone initial), so the stop does not end the sentence.
bool abbreviation_before(std::string_view text, std::size_t dot) {
  std::size_t begin = dot;
  while (begin > 0 && text[begin - 1] != ' ' && text[begin - 1] != '(' && text[begin - 1] != '"') --begin;
  std::string_view word = text.substr(begin, dot - begin);
  if (word.empty()) return false;
  if (word.size() == 1 && is_alpha(word[0])) return true;
  // "U.S", "a.m" are abbreviations; "3.5" is a number that can end a sentence.
  if (word.find('.') != std::string_view::npos) return std::none_of(word.begin(), word.end(), is_digit);
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

// Length of a closing quote or bracket at `i` (ASCII or curly), else 0.
std::size_t closer_length(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (s.substr(i, 3) == "\xE2\x80\x99" || s.substr(i, 3) == "\xE2\x80\x9D") return 3;
  return 0;
}

// Whether a sentence can start at `i`: a capital, digit, opening quote or
// bracket, or any non-ASCII letter (its case is not checked).
bool can_start_sentence(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  const auto c = static_cast<unsigned char>(s[i]);
  return is_upper(s[i]) || is_digit(s[i]) || c == '"' || c == '\'' || c == '(' || c >= 0xC0 ||
         s.substr(i, 3) == "\xE2\x80\x9C" || s.substr(i, 3) == "\xE2\x80\x98";
}

// The end (exclusive) of the sentence that starts at `from`, and where the
// next one starts; both are text.size() at the end of the text.
std::pair<std::size_t, std::size_t> sentence_end(std::string_view s, std::size_t from) {
  for (std::size_t i = from; i < s.size(); ++i) {
    std::size_t after;
    if (s[i] == '.' || s[i] == '!' || s[i] == '?') {
      after = i + 1;
    } else if (s.substr(i, 3) == "\xE2\x80\xA6") {
      after = i + 3;
    } else {
      continue;
    }
    while (after < s.size() && closer_length(s, after) > 0) after += closer_length(s, after);
    if (after >= s.size() || s[after] != ' ') continue;
    if (!can_start_sentence(s, after + 1)) continue;
    if (s[i] == '.' && abbreviation_before(s, i)) continue;
    return {after, after + 1};
  }
  return {s.size(), s.size()};
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

// ---- decoding and lines ----

namespace {

std::string decode(std::string_view bytes, std::vector<Diagnostic>& warnings) {
  if (auto bom = detect_bom(bytes)) {
    if (bom->charset == "UTF-8") return repair_utf8(bytes.substr(bom->length)).text;
    if (auto t = transcode_to_utf8(bytes.substr(bom->length), bom->charset)) return t->text;
  }
  if (is_valid_utf8(bytes)) return std::string(bytes);
  // windows-1252 is the superset of Latin-1 that browsers read it as.
  warnings.push_back({0, "not valid UTF-8; read as windows-1252 (Latin-1)"});
  if (auto t = transcode_to_utf8(bytes, "windows-1252")) return t->text;
  return repair_utf8(bytes).text;
}

}  // namespace

std::string to_utf8(std::string_view bytes, std::vector<Diagnostic>& warnings) {
  std::string text = decode(bytes, warnings);
  const RemovedControls removed = remove_control_chars(text);
  if (removed.count > 0) warnings.push_back({removed.first_line, removed_controls_message(removed)});
  return text;
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t number = 1;
  bool blank_before = true;  // the start of the text counts as a break
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", begin);
    if (end == std::string_view::npos) end = text.size();
    std::string line = normalize_whitespace(text.substr(begin, end - begin));
    if (line.empty()) {
      blank_before = true;
    } else {
      lines.push_back({std::move(line), number, blank_before});
      blank_before = false;
    }
    if (end == text.size()) break;
    begin = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
    ++number;
  }
  return lines;
}

// ---- structural patterns ----

std::optional<std::size_t> sources_count(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view word = line.substr(space + 1);
  if (!iequals(word, "Sources") && !iequals(word, "Source")) return std::nullopt;
  return small_number(line.substr(0, space));
}

std::optional<std::size_t> block_marker(std::string_view line) {
  if (line.size() < 3 || line.front() != '[' || line.back() != ']') return std::nullopt;
  return small_number(line.substr(1, line.size() - 2));
}

bool is_relative_time(std::string_view text) {
  const std::size_t start = relative_age_start(text);
  if (start == std::string_view::npos) return false;
  const std::string_view prefix = trim(text.substr(0, start));
  return prefix.empty() || iequals(prefix, "time");  // "time" is an icon's label
}

std::optional<std::string> outlet_of_age_line(std::string_view line, const Boilerplate::Lists& lists) {
  constexpr std::size_t kMaxAgeLine = 100;
  if (line.size() > kMaxAgeLine) return std::nullopt;
  // A known outlet whose name the age follows, the longest first.
  std::optional<std::string> best;
  for (const auto& o : lists.outlets) {
    if (o.size() >= line.size() || !iequals(line.substr(0, o.size()), o)) continue;
    if (relative_age_start(trim(line.substr(o.size()))) != 0) continue;
    if (!best || o.size() > best->size()) best = o;
  }
  if (best) return best;
  // Else only an outlet glued to the age ("Mint4 hours ago"): with a space,
  // "Updated 4 hours ago" would name an outlet "Updated".
  const std::size_t start = relative_age_start(line);
  if (start == std::string_view::npos || start == 0 || !is_alpha(line[start - 1])) return std::nullopt;
  const std::string_view prefix = trim(line.substr(0, start));
  if (iequals(prefix, "time")) return std::nullopt;
  if (auto known = known_outlet(lists, prefix)) return known;
  return std::string(prefix);
}

// ---- sentences and titles ----

std::vector<std::string_view> split_sentences(std::string_view paragraph) {
  std::vector<std::string_view> out;
  std::size_t from = 0;
  while (from < paragraph.size()) {
    auto [end, next] = sentence_end(paragraph, from);
    std::string_view s = trim(paragraph.substr(from, end - from));
    if (!s.empty()) out.push_back(s);
    from = next;
  }
  return out;
}

std::string_view first_sentence(std::string_view paragraph) {
  return trim(paragraph.substr(0, sentence_end(paragraph, 0).first));
}

bool ends_sentence(std::string_view text) noexcept {
  while (!text.empty()) {
    const std::size_t n = text.size();
    if (text.back() == '"' || text.back() == '\'' || text.back() == ')' || text.back() == ']') {
      text.remove_suffix(1);
    } else if (n >= 3 && (text.substr(n - 3) == "\xE2\x80\x99" || text.substr(n - 3) == "\xE2\x80\x9D")) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  if (text.empty()) return false;
  const char c = text.back();
  return c == '.' || c == '!' || c == '?' || (text.size() >= 3 && text.substr(text.size() - 3) == "\xE2\x80\xA6");
}

std::string shorten_title(std::string_view text, std::size_t max_chars) {
  text = trim(text);
  if (utf8_length(text) <= max_chars) return std::string(text);
  // Byte offset of the character after the first max_chars ones.
  std::size_t chars = 0, limit = 0;
  while (limit < text.size()) {
    if ((static_cast<unsigned char>(text[limit]) & 0xC0) != 0x80 && chars++ == max_chars) break;
    ++limit;
  }
  std::size_t cut = text.rfind(' ', limit);
  if (cut == std::string_view::npos || cut == 0) cut = limit;
  std::string_view kept = text.substr(0, cut);
  while (!kept.empty() && (kept.back() == ' ' || kept.back() == ',' || kept.back() == ';' || kept.back() == ':'))
    kept.remove_suffix(1);
  return std::string(kept) + "\xE2\x80\xA6";
}

std::string title_from_text(std::string_view text) { return shorten_title(first_sentence(text)); }

// ---- detection ----

bool looks_like_digest(const std::vector<Line>& lines) {
  // The header opens the digest; a line or two (a site name) may precede it.
  constexpr std::size_t kHeaderWithin = 5;
  for (std::size_t i = 0; i + 1 < lines.size() && i < kHeaderWithin; ++i)
    if (sources_count(lines[i].text) && block_marker(lines[i + 1].text) == 1u) return true;
  return false;
}

bool looks_like_page(const std::vector<Line>& lines, const Boilerplate::Lists& lists) {
  // The outlet-and-age line sits just under the headline.
  constexpr std::size_t kAgeLineWithin = 8;
  for (std::size_t i = 0; i < lines.size() && i < kAgeLineWithin; ++i)
    if (outlet_of_age_line(lines[i].text, lists)) return true;
  return std::any_of(lines.begin(), lines.end(), [&](const Line& l) {
    return matches_any(lists.page_end, l.text) || matches_any(lists.related, l.text);
  });
}

}  // namespace text

ParsedText parse_text(std::string_view bytes, const TextOptions& options, TextKind kind) {
  ParsedText out;
  const std::string utf8 = text::to_utf8(bytes, out.warnings);
  const std::vector<text::Line> lines = text::split_lines(utf8);
  if (lines.empty()) {
    out.warnings.push_back({0, "empty: no text to index"});
    return out;
  }
  const bool digest =
      kind == TextKind::digest || (kind == TextKind::automatic && text::looks_like_digest(lines));
  if (digest) {
    out.items = text::read_digest(lines, options, out.warnings);
    if (!out.items.empty()) return out;
    out.warnings.push_back({0, "no numbered source blocks ([1], [2], ...) found; read as an article"});
  }
  const bool page = text::looks_like_page(lines, text::lists_of(options));
  out.items = text::read_article(lines, options, page);
  if (out.items.empty()) out.warnings.push_back({0, "empty: nothing but boilerplate"});
  return out;
}

}  // namespace newsdex

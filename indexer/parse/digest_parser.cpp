// Multi-source digests: an "N Sources" header, numbered source blocks
// ("[k]", headline, text), a summary whose sentences cite the blocks by
// number, then teasers of other stories ("sentence / N Sources / section /
// 11 hrs ago", often twice).
//
// Where the summary starts: at the line after the [summary-start] markers of
// boilerplate.conf ("Share", "Copy Link"). Without a marker, at the first line
// after the last block's first text line that has a sentence ending in a
// citation ("... reported 1."), or at the line before it when that line is a
// single sentence citing nothing (the summary's lead, as digests write it).
// The teasers start at the line before the first "N Sources" line after the
// blocks.
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "common/dates.hpp"
#include "indexer/parse/text_parsing.hpp"
#include "indexer/parse/unique_id.hpp"

namespace newsdex::text {
namespace {

constexpr std::int64_t kDay = 86400;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_letter(char c) noexcept { return is_upper(c) || is_lower(c); }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t from = 0;;) {
    const std::size_t at = s.find(sep, from);
    out.push_back(trim(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from)));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

std::optional<unsigned> number_of(std::string_view digits, std::size_t max_digits) {
  if (digits.empty() || digits.size() > max_digits) return std::nullopt;
  unsigned n = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return n;
}

// ---- dates in datelines ----

struct MonthName {
  std::string_view name;
  unsigned month;
};
constexpr std::array kMonths{
    MonthName{"january", 1}, MonthName{"february", 2}, MonthName{"march", 3},     MonthName{"april", 4},
    MonthName{"may", 5},     MonthName{"june", 6},     MonthName{"july", 7},      MonthName{"august", 8},
    MonthName{"september", 9}, MonthName{"october", 10}, MonthName{"november", 11}, MonthName{"december", 12},
    MonthName{"jan", 1},     MonthName{"feb", 2},      MonthName{"mar", 3},       MonthName{"apr", 4},
    MonthName{"jun", 6},     MonthName{"jul", 7},      MonthName{"aug", 8},       MonthName{"sep", 9},
    MonthName{"sept", 9},    MonthName{"oct", 10},     MonthName{"nov", 11},      MonthName{"dec", 12},
};

std::optional<unsigned> month_named(std::string_view word) {
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);  // "Apr."
  if (word.empty() || !is_upper(word[0])) return std::nullopt;
  std::string key(word);
  for (char& c : key) c = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  for (const auto& m : kMonths)
    if (m.name == key) return m.month;
  return std::nullopt;
}

struct MonthDay {
  unsigned month = 0;
  unsigned day = 0;
  std::optional<std::int64_t> year;
};

// "April 26", "Apr. 26", "26 April", "April 26 2025", "26 April 2025".
std::optional<MonthDay> parse_month_day(std::string_view text) {
  const std::vector<std::string_view> words = split(text, ' ');
  if (words.size() < 2 || words.size() > 3) return std::nullopt;
  MonthDay md;
  if (auto m = month_named(words[0]); m && number_of(words[1], 2)) {
    md = {*m, *number_of(words[1], 2), std::nullopt};
  } else if (auto m2 = month_named(words[1]); m2 && number_of(words[0], 2)) {
    md = {*m2, *number_of(words[0], 2), std::nullopt};
  } else {
    return std::nullopt;
  }
  if (words.size() == 3) {
    auto y = number_of(words[2], 4);
    if (!y || words[2].size() != 4) return std::nullopt;
    md.year = *y;
  }
  return md;
}

// ---- places and outlets ----

bool is_place_word(std::string_view word) {
  if (word.empty()) return false;
  const auto first = static_cast<unsigned char>(word[0]);
  if (!is_upper(word[0]) && first < 0xC0) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return is_upper(c) || is_lower(c) || c == '.' || c == '\'' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
  });
}

// "HONG KONG", "Beijing", "Washington, D.C.", "SÃO PAULO".
bool is_place(std::string_view place) {
  constexpr std::size_t kMaxPlace = 50, kMaxWords = 6;
  if (place.empty() || place.size() > kMaxPlace) return false;
  std::size_t words = 0;
  for (auto part : split(place, ','))
    for (auto w : split(part, ' ')) {
      if (!is_place_word(w)) return false;
      ++words;
    }
  return words <= kMaxWords;
}

bool is_all_caps(std::string_view s) {
  const auto letters = std::count_if(s.begin(), s.end(), [](char c) { return is_upper(c); });
  return letters >= 2 && std::none_of(s.begin(), s.end(), is_lower);
}

// An outlet's name as a dateline or byline gives it: a known one (in its
// listed spelling), else one to four capitalised words without digits.
std::optional<std::string> outlet_named(std::string_view name, const Boilerplate::Lists& lists) {
  name = trim(name);
  if (auto known = known_outlet(lists, name)) return known;
  constexpr std::size_t kMaxOutlet = 40, kMaxWords = 4;
  if (name.empty() || name.size() > kMaxOutlet || !is_upper(name[0])) return std::nullopt;
  const auto words = split(name, ' ');
  if (words.size() > kMaxWords || std::any_of(name.begin(), name.end(), is_digit)) return std::nullopt;
  if (std::any_of(words.begin(), words.end(), [](std::string_view w) { return w.empty(); })) return std::nullopt;
  return std::string(name);
}

// A sign-off is riskier than a dateline ("- he said"): only known outlets
// and agency acronyms (AFP, AP, PTI) count.
std::optional<std::string> signoff_outlet(std::string_view name, const Boilerplate::Lists& lists) {
  name = trim(name);
  if (auto known = known_outlet(lists, name)) return known;
  constexpr std::size_t kMinAcronym = 2, kMaxAcronym = 6;
  if (name.size() >= kMinAcronym && name.size() <= kMaxAcronym && std::all_of(name.begin(), name.end(), is_upper))
    return std::string(name);
  return std::nullopt;
}

// Where the dash that ends a dateline is: " - ", ") -", "--", an en or em
// dash. A hyphen inside a word ("WINSTON-SALEM", "U.S.-China") is not one.
std::optional<std::pair<std::size_t, std::size_t>> dateline_dash(std::string_view head) {
  for (std::size_t i = 1; i < head.size(); ++i) {
    if (head.substr(i, 3) == "\xE2\x80\x93" || head.substr(i, 3) == "\xE2\x80\x94") return std::pair{i, i + 3};
    if (head[i] == '-' && (head[i - 1] == ' ' || head[i - 1] == ')'))
      return std::pair{i, i + ((i + 1 < head.size() && head[i + 1] == '-') ? 2 : 1)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> resolve_date(unsigned month, unsigned day, std::optional<std::int64_t> year,
                                         std::int64_t reference_time) {
  // A date this far after the reference time is last year's ("Dec 30" read on Jan 2).
  constexpr std::int64_t kFutureSlack = 3 * kDay;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (!year && reference_time <= 0) return std::nullopt;
  std::int64_t y = year ? *year : civil_from_seconds(reference_time).year;
  auto at = [&](std::int64_t yy) -> std::optional<std::int64_t> {
    const std::int64_t t = days_from_civil(yy, month, day) * kDay;
    const CivilDate back = civil_from_seconds(t);  // Feb 30 comes back as March
    if (back.month != month || back.day != day) return std::nullopt;
    return t;
  };
  auto t = at(y);
  if (!year && (!t || *t > reference_time + kFutureSlack)) t = at(y - 1);  // Feb 29 may exist only then
  return t;
}

std::optional<Dateline> parse_dateline(std::string_view text, const Boilerplate::Lists& lists,
                                       std::int64_t reference_time) {
  constexpr std::size_t kMaxDateline = 120;
  const auto dash = dateline_dash(text.substr(0, kMaxDateline));
  if (!dash) return std::nullopt;
  std::string_view head = trim(text.substr(0, dash->first));
  const bool spaced = dash->second >= text.size() || text[dash->second] == ' ' || text[dash->first - 1] == ' ';

  Dateline d;
  if (!head.empty() && head.back() == ')') {
    const std::size_t open = head.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    auto outlet = outlet_named(head.substr(open + 1, head.size() - open - 2), lists);
    if (!outlet) return std::nullopt;
    d.outlet = *outlet;
    head = trim(head.substr(0, open));
  }

  // The date is the last comma-separated part(s): "April 26" or "April 26, 2025".
  std::vector<std::string_view> parts = head.empty() ? std::vector<std::string_view>{} : split(head, ',');
  std::optional<MonthDay> date;
  if (parts.size() >= 2 && parts.back().size() == 4 && number_of(parts.back(), 4)) {
    if ((date = parse_month_day(parts[parts.size() - 2]))) {
      date->year = *number_of(parts.back(), 4);
      parts.resize(parts.size() - 2);
    }
  }
  if (!date && !parts.empty() && (date = parse_month_day(parts.back()))) parts.pop_back();
  std::string place;
  for (auto p : parts) place += (place.empty() ? "" : ", ") + std::string(p);
  if (!place.empty() && !is_place(place)) return std::nullopt;

  // A known outlet makes it a dateline. Otherwise the place must be shouted
  // ("LONDON -") or dated: "Update - the talks" and "Tesla (TSLA) - shares"
  // are not datelines. Without any outlet the dash must also be spaced.
  const bool plain_place = !place.empty() && !is_all_caps(place) && !date;
  if (!d.outlet.empty() && !known_outlet(lists, d.outlet) && plain_place) return std::nullopt;
  if (d.outlet.empty() && (place.empty() || !spaced || plain_place)) return std::nullopt;
  d.place = std::move(place);
  if (date) d.published = resolve_date(date->month, date->day, date->year, reference_time);
  return d;
}

namespace {

// "By Jane Doe, Reuters" / "By Jane Doe | AFP": the name after the last
// separator of the first line. The writer's name has no digits ("By 2030,
// China ..." is prose), and a byline is no sentence.
std::optional<std::string> byline_outlet(std::string_view text, const Boilerplate::Lists& lists) {
  constexpr std::size_t kBylineScan = 100;
  if (text.substr(0, 3) != "By " || text.size() <= 3 || !is_upper(text[3])) return std::nullopt;
  const std::string_view head = text.substr(0, std::min(text.find('\n'), kBylineScan));
  const std::size_t sep = head.find_last_of(",|");
  if (sep == std::string_view::npos || ends_sentence(head) ||
      std::any_of(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(sep), is_digit))
    return std::nullopt;
  if (head.size() == text.size() || text[head.size()] == '\n') return outlet_named(head.substr(sep + 1), lists);
  // A first line cut off here: only a known outlet right after the separator counts.
  const std::string_view rest = trim(head.substr(sep + 1));
  for (const auto& o : lists.outlets)
    if (rest.substr(0, o.size()) == o && (rest.size() == o.size() || !is_letter(rest[o.size()]))) return o;
  return std::nullopt;
}

// A sign-off at the end: "... — AFP", "... - AFP.", "... (AFP)".
std::optional<std::string> signoff(std::string_view text, const Boilerplate::Lists& lists) {
  constexpr std::size_t kSignoffScan = 60;
  std::string_view tail = trim(text.substr(text.size() - std::min(text.size(), kSignoffScan)));
  if (!tail.empty() && tail.back() == '.') tail.remove_suffix(1);
  if (!tail.empty() && tail.back() == ')') {
    const std::size_t open = tail.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    return signoff_outlet(tail.substr(open + 1, tail.size() - open - 2), lists);
  }
  for (std::string_view dash : {" \xE2\x80\x94", " \xE2\x80\x93", " -"}) {
    const std::size_t at = tail.rfind(dash);
    if (at != std::string_view::npos) return signoff_outlet(tail.substr(at + dash.size()), lists);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> outlet_from_byline(std::string_view text, const Boilerplate::Lists& lists) {
  if (auto o = byline_outlet(text, lists)) return o;
  return signoff(text, lists);
}

namespace {

// ---- the digest's layout ----

struct Block {
  std::size_t number = 0;  // k of "[k]"
  std::size_t marker = 0;  // index of the "[k]" line
  std::size_t end = 0;     // index after its last line
};

struct Layout {
  std::optional<std::size_t> declared;  // N of "N Sources"
  std::vector<Block> blocks;
  std::size_t summary_begin = 0;
  std::size_t teasers_begin = 0;
};

// "[k]" -> index of its source item.
using BlockIndex = std::map<std::size_t, std::size_t>;

struct CitedSentence {
  std::string text;                  // the citation numbers removed
  std::vector<std::size_t> numbers;  // in the order written
};

// Citation numbers end a sentence: "... reported 1.", "... 2 3.", "...5,6.".
// Only numbers of existing blocks count, and the run must follow a space,
// so "rose 2.5." or "in 2024." are prose.
CitedSentence strip_citations(std::string_view sentence, const BlockIndex& blocks) {
  std::string_view body = sentence;
  std::string_view terminal;
  if (!body.empty() && (body.back() == '.' || body.back() == '!' || body.back() == '?')) {
    terminal = body.substr(body.size() - 1);
    body.remove_suffix(1);
  }
  std::vector<std::size_t> numbers;
  std::size_t run = body.size();  // where the accepted run of numbers starts
  for (std::size_t pos = body.size();;) {
    std::size_t p = pos;
    while (!numbers.empty() && p > 0 && (body[p - 1] == ' ' || body[p - 1] == ',')) --p;
    std::size_t d = p;
    while (d > 0 && is_digit(body[d - 1])) --d;
    const auto n = number_of(body.substr(d, p - d), 3);
    if (d == p || !n || !blocks.count(*n)) break;
    numbers.push_back(*n);
    run = pos = d;
  }
  if (numbers.empty() || run == 0 || body[run - 1] != ' ' || trim(body.substr(0, run)).empty())
    return {std::string(sentence), {}};
  std::reverse(numbers.begin(), numbers.end());
  std::string_view prose = body.substr(0, run);
  while (!prose.empty() && (prose.back() == ' ' || prose.back() == ',')) prose.remove_suffix(1);
  return {std::string(prose) + std::string(terminal), std::move(numbers)};
}

bool cites(std::string_view line, const BlockIndex& blocks) {
  const auto sentences = split_sentences(line);
  return std::any_of(sentences.begin(), sentences.end(),
                     [&](std::string_view s) { return !strip_citations(s, blocks).numbers.empty(); });
}

BlockIndex numbers_of(const std::vector<Block>& blocks) {
  BlockIndex index;
  for (std::size_t i = 0; i < blocks.size(); ++i) index.emplace(blocks[i].number, i);  // first [k] wins
  return index;
}

// The header and the block markers, up to the summary marker.
std::optional<Layout> find_blocks(const std::vector<Line>& lines, const Boilerplate::Lists& lists,
                                  std::size_t& summary_marker) {
  Layout layout;
  std::size_t i = 0;
  while (i < lines.size() && !block_marker(lines[i].text)) ++i;
  if (i == lines.size()) return std::nullopt;
  if (i > 0) layout.declared = sources_count(lines[i - 1].text);
  summary_marker = lines.size();
  for (; i < lines.size(); ++i) {
    if (auto k = block_marker(lines[i].text)) {
      if (!layout.blocks.empty()) layout.blocks.back().end = i;
      layout.blocks.push_back({*k, i, lines.size()});
    } else if (matches_any(lists.summary_start, lines[i].text)) {
      summary_marker = i;
      break;
    }
  }
  return layout;
}

// Where the teasers begin: the line before the first "N Sources" after the
// blocks (`lowest` keeps the last block's own lines out of it).
std::size_t find_teasers(const std::vector<Line>& lines, std::size_t from, std::size_t lowest) {
  for (std::size_t c = from; c < lines.size(); ++c)
    if (sources_count(lines[c].text)) return (c > 0 && c - 1 >= lowest) ? c - 1 : c;
  return lines.size();
}

// Without a marker: the summary's first line (see the top of this file).
std::size_t guess_summary(const std::vector<Line>& lines, std::size_t first_text, std::size_t end,
                          const BlockIndex& blocks) {
  for (std::size_t i = first_text + 1; i < end; ++i) {
    if (!cites(lines[i].text, blocks)) continue;
    const std::string_view before = lines[i - 1].text;
    const bool lead = i - 1 > first_text && split_sentences(before).size() == 1 && !cites(before, blocks);
    return lead ? i - 1 : i;
  }
  return end;
}

// Nullopt when there is no block.
std::optional<Layout> layout_of(const std::vector<Line>& lines, const Boilerplate::Lists& lists) {
  std::size_t marker = lines.size();
  auto layout = find_blocks(lines, lists, marker);
  if (!layout) return std::nullopt;
  Block& last = layout->blocks.back();
  const std::size_t first_text = last.marker + 2;  // the last block's headline, then its text
  if (marker < lines.size()) {
    std::size_t after = marker;
    while (after < lines.size() && matches_any(lists.summary_start, lines[after].text)) ++after;
    layout->summary_begin = after;
    layout->teasers_begin = find_teasers(lines, after, after);
    last.end = marker;
  } else {
    layout->teasers_begin = find_teasers(lines, first_text, first_text + 1);
    layout->summary_begin = guess_summary(lines, first_text, layout->teasers_begin, numbers_of(layout->blocks));
    last.end = layout->summary_begin;
  }
  layout->summary_begin = std::max(layout->summary_begin, last.end);
  return layout;
}

// ---- items ----

std::string story_of(const std::vector<Item>& sources) {
  std::string titles;
  for (const auto& s : sources) titles += s.title + '\n';
  return fmt::format("story:{:016x}", stable_hash(titles));
}

// One source block: headline, then text; the dateline and byline name the
// outlet, place and date.
std::optional<Item> source_item(const std::vector<Line>& lines, const Block& block, const TextOptions& options) {
  const Boilerplate::Lists& lists = lists_of(options);
  std::vector<std::string_view> text;
  for (std::size_t i = block.marker + 1; i < block.end; ++i)
    if (!matches_any(lists.chrome, lines[i].text)) text.push_back(lines[i].text);
  if (text.empty()) return std::nullopt;
  Item item;
  item.kind = "digest-source";
  // A block of one long line has no headline of its own.
  constexpr std::size_t kMaxHeadline = 200;
  const bool headline = text.size() > 1 || text[0].size() <= kMaxHeadline;
  item.title = headline ? std::string(text[0]) : title_from_text(text[0]);
  for (std::size_t i = headline ? 1 : 0; i < text.size(); ++i) {
    std::string para = cut_at_phrases(text[i], lists.cut_from);
    if (para.empty()) continue;
    if (!item.content.empty()) item.content += '\n';
    item.content += para;
  }
  if (auto d = parse_dateline(item.content, lists, options.reference_time)) {
    item.place = d->place;
    item.source = d->outlet;
    item.published = d->published;
  }
  if (item.source.empty())
    if (auto o = outlet_from_byline(item.content, lists)) item.source = *o;
  return item;
}

// The summary: its lead sentence is the title; each sentence's citation
// numbers become the ids of the sources it cites.
std::optional<Item> summary_item(const std::vector<Line>& lines, std::size_t begin, std::size_t end,
                                 const std::vector<Item>& sources, const BlockIndex& blocks,
                                 const Boilerplate::Lists& lists) {
  std::vector<std::string> ids;
  for (const auto& s : sources) ids.push_back(unique_id(s));
  Item item;
  item.kind = "digest-summary";
  bool first = true;
  for (std::size_t i = begin; i < end; ++i) {
    if (matches_any(lists.chrome, lines[i].text)) continue;
    std::string para;
    bool any_cited = false;
    const auto sentences = split_sentences(lines[i].text);
    for (auto s : sentences) {
      CitedSentence cs = strip_citations(s, blocks);
      if (!cs.numbers.empty()) {
        Citation c{cs.text, {}};
        for (auto k : cs.numbers)
          if (const auto& id = ids[blocks.at(k)]; std::find(c.source_ids.begin(), c.source_ids.end(), id) == c.source_ids.end())
            c.source_ids.push_back(id);
        item.citations.push_back(std::move(c));
        any_cited = true;
      }
      if (item.title.empty()) item.title = cs.text;
      para += (para.empty() ? "" : " ") + cs.text;
    }
    // A lead line of one sentence citing nothing is the title only.
    const bool lead_only = first && sentences.size() == 1 && !any_cited;
    first = false;
    if (lead_only || para.empty()) continue;
    if (!item.content.empty()) item.content += '\n';
    item.content += para;
  }
  if (item.title.empty()) return std::nullopt;
  return item;
}

enum class TeaserLine { text, count, section, age };

// Each teaser: its text, then "N Sources", a section and an age (often all
// repeated). Repeated teasers are merged.
std::vector<Item> teaser_items(const std::vector<Line>& lines, std::size_t begin, const Boilerplate::Lists& lists) {
  constexpr std::size_t kMaxSection = 60;
  std::vector<Item> teasers;
  std::unordered_map<std::string, std::size_t> seen;  // folded title -> teaser
  std::vector<std::string_view> pending;
  std::optional<std::size_t> current;  // index of the teaser the count lines belong to
  TeaserLine previous = TeaserLine::text;
  for (std::size_t i = begin; i < lines.size(); ++i) {
    const std::string& s = lines[i].text;
    if (matches_any(lists.chrome, s)) continue;
    if (auto n = sources_count(s)) {
      if (!pending.empty()) {
        Item t;
        t.kind = "teaser";
        t.source_count = *n;
        t.title = pending.size() > 1 ? std::string(pending[0]) : std::string(first_sentence(pending[0]));
        std::string all;
        for (auto p : pending) all += (all.empty() ? "" : "\n") + std::string(p);
        if (all != t.title) t.summary = std::move(all);
        const auto [at, added] = seen.emplace(fold_for_match(t.title), teasers.size());
        if (added) teasers.push_back(std::move(t));
        current = at->second;
        pending.clear();
      }
      previous = TeaserLine::count;
    } else if (is_relative_time(s)) {
      previous = TeaserLine::age;
    } else if (previous == TeaserLine::count && current && s.size() <= kMaxSection && !ends_sentence(s)) {
      auto& categories = teasers[*current].categories;
      if (std::find(categories.begin(), categories.end(), s) == categories.end()) categories.push_back(s);
      previous = TeaserLine::section;
    } else {
      pending.push_back(s);
      previous = TeaserLine::text;
    }
  }
  return teasers;
}

}  // namespace

std::vector<Item> read_digest(const std::vector<Line>& lines, const TextOptions& options,
                              std::vector<Diagnostic>& warnings) {
  const Boilerplate::Lists& lists = lists_of(options);
  const auto found = layout_of(lines, lists);
  if (!found) return {};
  const Layout& layout = *found;
  if (!layout.declared)
    warnings.push_back({lines[layout.blocks[0].marker].number, "digest without an 'N Sources' header"});
  else if (*layout.declared != layout.blocks.size())
    warnings.push_back({lines[layout.blocks[0].marker].number,
                        fmt::format("digest header says {} sources but {} blocks follow", *layout.declared,
                                    layout.blocks.size())});

  std::vector<Item> items;
  std::vector<Block> kept;  // blocks that became items, in order
  for (const auto& b : layout.blocks) {
    if (auto item = source_item(lines, b, options)) {
      items.push_back(std::move(*item));
      kept.push_back(b);
    } else {
      warnings.push_back({lines[b.marker].number, fmt::format("source [{}] has no text; skipped", b.number)});
    }
  }
  if (items.empty()) return {};
  const std::string story = story_of(items);
  for (auto& item : items) item.story = story;

  const BlockIndex blocks = numbers_of(kept);
  if (auto summary = summary_item(lines, layout.summary_begin, layout.teasers_begin, items, blocks, lists)) {
    summary->story = story;
    for (const auto& s : items)  // the digest is as recent as its newest dated source
      if (s.published && (!summary->published || *s.published > *summary->published)) summary->published = s.published;
    items.push_back(std::move(*summary));
  }
  for (auto& t : teaser_items(lines, layout.teasers_begin, lists)) items.push_back(std::move(t));
  for (std::size_t i = 0; i < items.size(); ++i) items[i].position = i;
  return items;
}

}  // namespace newsdex::text

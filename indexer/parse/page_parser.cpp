// Articles: the plain "headline, blank line, paragraphs" file and the scraped
// page, whose article sits in site chrome (logo, an outlet-and-age line such
// as "Mint4 hours ago", comment and app blocks) and is followed by a list of
// related articles. The phrases that mark chrome come from boilerplate.conf;
// only structure (ages, bullets, repeated headlines) is recognised here.
#include <algorithm>
#include <array>

#include "indexer/parse/text_parsing.hpp"

namespace newsdex::text {
namespace {

bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }

bool same_text(std::string_view a, std::string_view b) { return fold_for_match(a) == fold_for_match(b); }

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t from = 0; from < s.size();) {
    std::size_t to = s.find(' ', from);
    if (to == std::string_view::npos) to = s.size();
    if (to > from) out.push_back(s.substr(from, to - from));
    from = to + 1;
  }
  return out;
}

// Whether the first line of the text is a headline of its own. A headline is
// short and one sentence; if it ends in a full stop it must also be set apart
// by a blank line (else it is the opening paragraph, as in an article whose
// text starts right away). Otherwise the title comes from the first sentence.
bool is_headline(const std::vector<Line>& lines, std::size_t i) {
  constexpr std::size_t kMaxHeadline = 200;
  const std::string& s = lines[i].text;
  if (s.size() > kMaxHeadline || split_sentences(s).size() > 1) return false;
  if (!ends_sentence(s)) return true;
  return i + 1 == lines.size() || lines[i + 1].blank_before;
}

// Words a title-case headline leaves lowercase.
constexpr auto kSmallWords = std::to_array<std::string_view>({"a",  "an", "the", "and",  "or",   "but",  "nor", "of",
                                                             "in", "on", "at",  "to",   "for",  "from", "by",  "with",
                                                             "as", "vs", "via", "into", "over", "than", "per", "is"});

// A link to another story inside the article's text: a short Title Case line
// that is not a sentence ("Nvidia CEO Warns That Chinese AI Rivals Are Now
// 'Formidable'"). Only used on scraped pages; it also catches Title Case
// subheadings, which cost little.
bool looks_like_link_line(std::string_view line) {
  constexpr std::size_t kMaxLink = 150, kMinWords = 4, kMaxWords = 20;
  if (line.size() > kMaxLink || ends_sentence(line)) return false;
  const auto words = words_of(line);
  if (words.size() < kMinWords || words.size() > kMaxWords) return false;
  return std::all_of(words.begin(), words.end(), [](std::string_view w) {
    while (!w.empty() && (w[0] == '\'' || w[0] == '"' || w[0] == '(')) w.remove_prefix(1);
    if (w.empty() || !is_lower(w[0])) return true;
    return std::find(kSmallWords.begin(), kSmallWords.end(), w) != kSmallWords.end();
  });
}

struct Header {
  std::string title;
  std::string source;
  std::size_t next = 0;  // the first line of the text
};

// The lines above the text: leading boilerplate, chrome, the headline (maybe
// repeated) and the outlet-and-age line, in whatever order the page has them.
Header read_header(const std::vector<Line>& lines, std::size_t end, const Boilerplate::Lists& lists) {
  Header h;
  std::size_t i = 0;
  for (; i < end; ++i) {
    const std::string& s = lines[i].text;
    if (h.title.empty() && matches_any(lists.leading, s)) continue;
    if (matches_any(lists.chrome, s)) continue;
    if (!h.title.empty() && same_text(s, h.title)) continue;
    if (h.source.empty()) {
      if (auto o = outlet_of_age_line(s, lists)) {
        h.source = *o;
        continue;
      }
    }
    if (h.title.empty() && is_headline(lines, i)) {
      h.title = s;
      continue;
    }
    break;
  }
  h.next = i;
  return h;
}

std::string join_text(const std::vector<Line>& lines, std::size_t begin, std::size_t end,
                      const Boilerplate::Lists& lists, bool page) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string& s = lines[i].text;
    if (matches_any(lists.chrome, s) || (page && looks_like_link_line(s))) continue;
    std::string para = cut_at_phrases(s, lists.cut_from);
    if (para.empty()) continue;
    if (!out.empty()) out += '\n';
    out += para;
  }
  return out;
}

std::size_t find_line(const std::vector<Line>& lines, std::size_t from, std::size_t end,
                      const std::vector<Boilerplate::Lists::Phrase>& a,
                      const std::vector<Boilerplate::Lists::Phrase>& b) {
  for (std::size_t i = from; i < end; ++i)
    if (matches_any(a, lines[i].text) || matches_any(b, lines[i].text)) return i;
  return end;
}

bool is_bullet(std::string_view s) { return s.substr(0, 3) == "\xE2\x80\xA2"; }  // "• Mint"

std::string_view after_bullet(std::string_view s) {
  s.remove_prefix(3);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// One related entry: "headline (maybe twice) / outlet / time31 minutes ago /
// • outlet / headline / summary". The age line anchors it.
struct Entry {
  std::size_t start = 0;   // its first line
  std::size_t anchor = 0;  // its age line
  std::string title;
  std::string outlet;
};

// Whether the line above an entry's age line names its outlet rather than
// being its headline: a short line that is not a sentence, not the headline
// repeated, with a headline above it (not the previous entry's summary,
// which ends a sentence), or a known outlet.
bool is_outlet_line(const std::vector<Line>& lines, std::size_t i, std::size_t lowest,
                    const Boilerplate::Lists& lists) {
  constexpr std::size_t kMaxOutlet = 60;
  const std::string& s = lines[i].text;
  if (i <= lowest || s.size() > kMaxOutlet || ends_sentence(s) || same_text(s, lines[i - 1].text)) return false;
  return known_outlet(lists, s) || !ends_sentence(lines[i - 1].text);
}

std::optional<Entry> entry_at(const std::vector<Line>& lines, std::size_t anchor, std::size_t lowest,
                              const Boilerplate::Lists& lists) {
  Entry e;
  e.anchor = anchor;
  if (anchor == lowest) return std::nullopt;
  std::size_t h = anchor - 1;
  if (is_outlet_line(lines, h, lowest, lists)) {
    e.outlet = lines[h].text;
    --h;
  }
  e.title = lines[h].text;
  e.start = h;
  while (e.start > lowest && same_text(lines[e.start - 1].text, e.title)) --e.start;
  return e;
}

std::vector<Item> related_items(const std::vector<Line>& lines, std::size_t begin, std::size_t end,
                                const Boilerplate::Lists& lists) {
  std::vector<Entry> entries;
  std::size_t lowest = begin;
  for (std::size_t i = begin; i < end; ++i) {
    if (!is_relative_time(lines[i].text)) continue;
    if (auto e = entry_at(lines, i, lowest, lists)) entries.push_back(std::move(*e));
    lowest = i + 1;
  }
  std::vector<Item> items;
  for (std::size_t j = 0; j < entries.size(); ++j) {
    const Entry& e = entries[j];
    const std::size_t stop = j + 1 < entries.size() ? entries[j + 1].start : end;
    Item t;
    t.kind = "teaser";
    t.title = e.title;
    std::string outlet = e.outlet;
    std::size_t i = e.anchor + 1;
    // Under the age: "• outlet" and the headline again.
    for (; i < stop && (is_bullet(lines[i].text) || same_text(lines[i].text, e.title)); ++i)
      if (is_bullet(lines[i].text) && outlet.empty()) outlet = after_bullet(lines[i].text);
    t.source = known_outlet(lists, outlet).value_or(outlet);
    t.summary = join_text(lines, i, stop, lists, false);
    items.push_back(std::move(t));
  }
  return items;
}

}  // namespace

std::vector<Item> read_article(const std::vector<Line>& lines, const TextOptions& options, bool page) {
  const Boilerplate::Lists& lists = lists_of(options);
  // The article ends at the first page-end or related marker.
  const std::size_t text_end = find_line(lines, 0, lines.size(), lists.page_end, lists.related);
  Header header = read_header(lines, text_end, lists);

  Item article;
  article.kind = "article";
  article.source = std::move(header.source);
  article.content = join_text(lines, header.next, text_end, lists, page);
  // No headline line: the first sentence of the first paragraph, shortened.
  const std::string_view first_paragraph = std::string_view(article.content).substr(0, article.content.find('\n'));
  article.title = header.title.empty() ? title_from_text(first_paragraph) : std::move(header.title);
  if (article.title.empty()) return {};

  std::vector<Item> items{std::move(article)};
  if (page) {
    const std::size_t related = find_line(lines, text_end, lines.size(), lists.related, {});
    if (related < lines.size()) {
      const std::size_t related_end = find_line(lines, related + 1, lines.size(), lists.page_end, {});
      for (auto& t : related_items(lines, related + 1, related_end, lists)) items.push_back(std::move(t));
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) items[i].position = i;
  return items;
}

}  // namespace newsdex::text

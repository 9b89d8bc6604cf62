#include "render_text.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace newsdex::cli {
namespace {

// Text from a feed or an import, safe for a terminal: control characters
// (C0 but tab and newline, DEL, C1: ESC sequences, OSC titles, CSI) become
// spaces, byte for byte, so highlight offsets still hold.
std::string printable(std::string text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      text[i] = ' ';
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      text[i] = text[i + 1] = ' ';
      ++i;
    }
  }
  return text;
}

void clean(Document& d) {
  for (std::string* f : {&d.id, &d.title, &d.url, &d.source, &d.author, &d.summary, &d.content, &d.enclosure,
                         &d.story, &d.place, &d.input})
    *f = printable(std::move(*f));
  for (auto& c : d.categories) c = printable(std::move(c));
}

SearchResults cleaned(SearchResults r) {
  for (auto& f : r.facets)
    for (auto& [value, count] : f.counts) value = printable(std::move(value));
  for (auto& h : r.hits) {
    for (std::string* f : {&h.id, &h.title, &h.url, &h.source, &h.author, &h.kind, &h.title_marks.text,
                           &h.snippet.text})
      *f = printable(std::move(*f));
    for (auto& m : h.also) m.title = printable(std::move(m.title)), m.source = printable(std::move(m.source));
  }
  return r;
}

template <typename... Args>
void put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

// Highlighted text for a terminal: matches in bold yellow when colouring,
// the rest in `plain` (an ANSI style, or "").
std::string marked(const Highlighted& h, const Style& style, const char* plain = "") {
  if (!style.color) return h.text;
  std::string out = plain;
  std::size_t at = 0;
  for (const auto& m : h.marks) {
    if (m.begin < at || m.end > h.text.size()) continue;
    out.append(h.text, at, m.begin - at).append("\033[1;33m");
    out.append(h.text, m.begin, m.end - m.begin).append("\033[0m").append(plain);
    at = m.end;
  }
  out.append(h.text, at);
  if (*plain) out += "\033[0m";
  return out;
}

// At most about `max` bytes, cut at a space, with an ellipsis.
std::string shortened(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  auto cut = text.rfind(' ', max);
  return text.substr(0, cut == std::string::npos ? max : cut) + "…";
}

// One line: tabs and newlines in a field would break a line-per-hit format.
std::string one_line(std::string text) {
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return text;
}

// "also: AFP, Reuters, +3": the other documents of a collapsed story.
void also(std::string& out, const Hit& hit, const Style& style) {
  if (hit.also_total == 0) return;
  std::vector<std::string> names;
  for (const auto& m : hit.also) {
    std::string name = m.source.empty() ? shortened(m.title, 40) : m.source;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string line;
  for (const auto& n : names) line += (line.empty() ? "" : ", ") + n;
  if (hit.also_total > hit.also.size())
    line += fmt::format("{}+{}", line.empty() ? "" : ", ", hit.also_total - hit.also.size());
  put(out, "     {}also: {}{}\n", style.dim(), line, style.reset());
}

// A digest summary's citations, each cited document by outlet and title.
void citations(std::string& out, const std::vector<Citation>& cites, Searcher& searcher, const Style& style) {
  std::vector<std::string> cited;
  for (const auto& c : cites)
    for (const auto& id : c.source_ids)
      if (std::find(cited.begin(), cited.end(), id) == cited.end()) cited.push_back(id);
  if (cited.empty()) return;
  put(out, "     {}cites:{}\n", style.dim(), style.reset());
  for (const auto& id : cited) {
    auto doc = searcher.document(id);
    if (!doc) continue;  // cited but not (or no longer) in the index
    clean(*doc);
    // Numbered as in the digest: a source's position is its block number - 1.
    put(out, "     {}[{}] {}{}{}\n", style.dim(), doc->position + 1,
        doc->source.empty() ? "" : doc->source + " — ", doc->title, style.reset());
  }
}

void facets(std::string& out, const SearchResults& r) {
  constexpr std::size_t kShown = 10;
  for (const auto& f : r.facets) {
    put(out, "\n{}:\n", f.field);
    for (std::size_t i = 0; i < f.counts.size() && i < kShown; ++i)
      put(out, "  {:>6}  {}\n", f.counts[i].second, f.counts[i].first);
    if (f.counts.size() > kShown) put(out, "  ({} more)\n", f.counts.size() - kShown);
  }
}

const char* date_note(const std::string& date_source) {
  return date_source == "first-seen" ? " (first seen)" : "";
}

}  // namespace

std::string counted(std::size_t count, const char* one, const char* many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

void results_text(std::string& out, const SearchResults& results, std::size_t limit, Searcher& searcher,
                  const Style& style) {
  constexpr std::string_view kIndent = "     ";
  const SearchResults r = cleaned(results);
  for (const auto& hit : r.hits) {
    std::string kind = hit.kind == "feed-item" || hit.kind.empty() ? "" : "  [" + hit.kind + "]";
    put(out, "{:>3}. {}{}  {}{}{}  {}{}{}\n", hit.rank, shown_date(hit.date, style), date_note(hit.date_source),
        style.color ? "\033[33m" : "", hit.short_id.empty() ? "-" : hit.short_id, style.reset(), style.dim(),
        hit.source + kind, style.reset());
    put(out, "{}{}\n", kIndent, wrap(marked(hit.title_marks, style, style.bold()), style.width, kIndent));
    if (!hit.url.empty()) put(out, "{}{}{}{}\n", kIndent, style.dim(), hit.url, style.reset());
    if (!hit.snippet.text.empty())
      put(out, "{}{}\n", kIndent, wrap(marked(hit.snippet, style), style.width, kIndent));
    citations(out, hit.citations, searcher, style);
    also(out, hit, style);
    out += '\n';
  }
  if (!r.suggestion.empty()) put(out, "Did you mean: {}\n\n", r.suggestion);
  const std::string total = fmt::format("{}{}", r.total_exact ? "" : "about ", r.total);
  const char* unit = r.total == 1 && r.total_exact ? "match" : "matches";
  const char* estimate = r.total_exact ? "" : "; an estimate, `newsdex-search count` counts exactly";
  if (limit == 0)
    put(out, "{} {} ({:.1f} ms{})\n", total, unit, r.took_ms, estimate);
  else if (r.hits.empty())
    put(out, "no matches{} ({:.1f} ms)\n", r.total ? fmt::format(" on this page, of {} {}", total, unit) : "",
        r.took_ms);
  else if (r.hits.size() == 1)
    put(out, "{} of {} {} ({:.1f} ms{})\n", r.hits.front().rank, total, unit, r.took_ms, estimate);
  else
    put(out, "{}-{} of {} {} ({:.1f} ms{})\n", r.hits.front().rank, r.hits.back().rank, total, unit, r.took_ms,
        estimate);
  facets(out, r);
}

void results_oneline(std::string& out, const SearchResults& results, const Style& style) {
  for (const auto& hit : cleaned(results).hits)
    put(out, "{}\t{}\t{}\t{}\n", shown_date(hit.date, style), one_line(hit.source), one_line(hit.title),
        hit.short_id.empty() ? hit.id : hit.short_id);
}

void story_text(std::string& out, const std::vector<Document>& members, Searcher& searcher,
                const Style& style) {
  for (std::size_t i = 0; i < members.size(); ++i) {
    Document d = members[i];
    clean(d);
    bool first = i == 0 && d.date();
    std::string when = d.date() ? shown_time(d.date(), style).substr(0, 16) : "(undated)       ";
    std::string id = searcher.short_id(members[i].id);
    put(out, "{} {}  {:<8}  {:<24}  {}\n", first ? "*" : " ", when, id.empty() ? "-" : id,
        d.source.empty() ? "-" : d.source, d.title);
  }
  put(out, "{}; * marks the first report\n", counted(members.size(), "document", "documents"));
}

void document_text(std::string& out, const Document& stored, Searcher& searcher, const Style& style) {
  Document d = stored;
  clean(d);
  put(out, "{}{}{}\n", style.bold(), d.title.empty() ? "(untitled)" : d.title, style.reset());
  std::string byline = d.source;
  if (!d.author.empty()) byline += (byline.empty() ? "by " : " · by ") + d.author;
  if (!byline.empty()) put(out, "{}\n", byline);
  put(out, "{}date:{}    {} ({})\n", style.dim(), style.reset(), shown_time(d.date(), style),
      d.date_source()[0] ? d.date_source() : "undated");
  if (d.updated && d.published) put(out, "{}updated:{} {}\n", style.dim(), style.reset(), shown_time(d.updated, style));
  if (d.first_seen && d.date_source() != std::string_view("first-seen"))
    put(out, "{}seen:{}    {}\n", style.dim(), style.reset(), shown_time(d.first_seen, style));
  if (!d.url.empty()) put(out, "{}url:{}     {}\n", style.dim(), style.reset(), d.url);
  if (!d.input.empty() && d.input != d.url) put(out, "{}from:{}    {}\n", style.dim(), style.reset(), d.input);
  const std::string sid = searcher.short_id(stored.id);
  put(out, "{}id:{}      {}{}\n", style.dim(), style.reset(), sid.empty() ? "" : sid + "  ", d.id);
  put(out, "{}kind:{}    {}\n", style.dim(), style.reset(), d.kind.empty() ? "-" : d.kind);
  if (!d.categories.empty()) {
    std::string cats;
    for (const auto& c : d.categories) cats += (cats.empty() ? "" : ", ") + c;
    put(out, "{}tags:{}    {}\n", style.dim(), style.reset(), cats);
  }
  if (!d.place.empty()) put(out, "{}place:{}   {}\n", style.dim(), style.reset(), d.place);
  if (!d.enclosure.empty()) put(out, "{}media:{}   {}\n", style.dim(), style.reset(), d.enclosure);
  const std::vector<Document> story = searcher.story(stored.story);
  if (story.size() > 1) {
    put(out, "{}story:{}   {} ({})\n", style.dim(), style.reset(), d.story,
        counted(story.size(), "document", "documents"));
    for (Document m : story) {
      if (m.id == stored.id) continue;
      const std::string mid = searcher.short_id(m.id);
      clean(m);
      put(out, "         {}  {:<8}  {}{}\n", shown_date(m.date(), style), mid.empty() ? "-" : mid,
          m.source.empty() ? "" : m.source + " — ", m.title);
    }
  }
  citations(out, d.citations, searcher, style);
  out += '\n';
  // The full text, a paragraph at a time; the summary too when the content
  // does not start with it (feeds often repeat it).
  std::string text = d.content;
  if (!d.summary.empty() && (text.empty() || text.rfind(d.summary.substr(0, 80), 0) != 0))
    text = text.empty() ? d.summary : d.summary + "\n\n" + text;
  std::size_t at = 0;
  bool first_paragraph = true;
  while (at < text.size()) {
    std::size_t end = text.find("\n\n", at);
    if (end == std::string::npos) end = text.size();
    std::string paragraph = text.substr(at, end - at);
    std::replace(paragraph.begin(), paragraph.end(), '\n', ' ');
    if (paragraph.find_first_not_of(' ') != std::string::npos) {
      if (!first_paragraph) out += '\n';
      put(out, "{}\n", wrap(paragraph, style.width, ""));
      first_paragraph = false;
    }
    at = end + 2;
  }
}

void stats_text(std::string& out, const IndexStats& s, const std::vector<std::string>& dbs, const Style& style) {
  for (const auto& db : dbs) put(out, "index:     {}\n", db);
  put(out, "shards:    {}\n", s.shards);
  put(out, "documents: {}\n", s.documents);
  put(out, "dates:     {} .. {}\n", shown_time(s.oldest, style), shown_time(s.newest, style));
  put(out, "size:      {:.1f} MB (local index folders)\n", static_cast<double>(s.size_bytes) / (1 << 20));
  put(out, "sources:   {}\n", s.sources.size());
  for (const auto& [name, count] : s.sources) put(out, "  {:>7}  {}\n", count, printable(name));
}

}  // namespace newsdex::cli

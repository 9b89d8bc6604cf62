// The phrase lists of data/boilerplate.conf and how lines are matched
// against them. The file's format is documented at its top.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "indexer/parse/text_parsing.hpp"

namespace newsdex {
namespace {

using Phrase = Boilerplate::Lists::Phrase;

// Lines longer than this are paragraphs, never chrome: matching stops here so
// a multi-megabyte line costs nothing.
constexpr std::size_t kMaxPhraseLine = 400;

char lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

enum class Section { none, unknown, chrome, leading, page_end, related, summary_start, cut_from, outlets };

struct SectionName {
  std::string_view name;
  Section section;
};
constexpr std::array kSections{
    SectionName{"chrome", Section::chrome},         SectionName{"leading", Section::leading},
    SectionName{"page-end", Section::page_end},     SectionName{"related", Section::related},
    SectionName{"summary-start", Section::summary_start}, SectionName{"cut-from", Section::cut_from},
    SectionName{"outlets", Section::outlets},
};

Section section_named(std::string_view name) {
  std::string key = lower_ascii(name);
  for (const auto& s : kSections)
    if (s.name == key) return s.section;
  return Section::unknown;
}

// The list of a line section; works on const and mutable lists alike.
template <class L>
auto phrase_list(L& lists, Section s) -> decltype(&lists.chrome) {
  switch (s) {
    case Section::chrome: return &lists.chrome;
    case Section::leading: return &lists.leading;
    case Section::page_end: return &lists.page_end;
    case Section::related: return &lists.related;
    case Section::summary_start: return &lists.summary_start;
    default: return nullptr;
  }
}

template <class T>
void append_unique(std::vector<T>& to, const T& value) {
  if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
}

// Adds one phrase line to its section; a warning explains a line it refuses.
void add_entry(Boilerplate::Lists& lists, Section section, const std::string& entry, std::size_t line,
               std::vector<Diagnostic>& warnings) {
  const bool has_star = entry.find('*') != std::string::npos;
  if (auto* list = phrase_list(lists, section)) {
    if (entry.find_first_not_of('*') == std::string::npos) {
      warnings.push_back({line, fmt::format("'{}' would match every line; ignored", entry)});
      return;
    }
    append_unique(*list, Phrase{text::fold_for_match(entry), has_star});
    return;
  }
  if (has_star) {
    warnings.push_back({line, fmt::format("'*' is not a wildcard in this section; '{}' ignored", entry)});
    return;
  }
  if (section == Section::cut_from) append_unique(lists.cut_from, lower_ascii(entry));
  if (section == Section::outlets) append_unique(lists.outlets, entry);
}

}  // namespace

// ---- Boilerplate -------------------------------------------------------------

Boilerplate::Boilerplate() = default;  // no lists: lists() gives empty ones

Boilerplate Boilerplate::parse(std::string_view text, std::vector<Diagnostic>& warnings) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Boilerplate out;
  out.lists_ = std::make_unique<Lists>();
  Section section = Section::none;
  for (const auto& line : text::split_lines(text)) {
    const std::string& s = line.text;
    if (s.front() == '#') continue;
    if (s.front() == '[') {
      if (s.back() != ']' || s.size() < 3) {
        warnings.push_back({line.number, fmt::format("malformed section header '{}'", s)});
        section = Section::unknown;
        continue;
      }
      section = section_named(std::string_view(s).substr(1, s.size() - 2));
      if (section == Section::unknown)
        warnings.push_back({line.number, fmt::format("unknown section {}; its lines are ignored", s)});
      continue;
    }
    if (section == Section::none) {
      warnings.push_back({line.number, fmt::format("'{}' is outside any [section]; ignored", s)});
      continue;
    }
    if (section != Section::unknown) add_entry(*out.lists_, section, s, line.number, warnings);
  }
  return out;
}

void Boilerplate::merge(const Boilerplate& other) {
  if (!other.lists_) return;
  if (!lists_) lists_ = std::make_unique<Lists>();
  Lists& to = *lists_;
  const Lists& from = *other.lists_;
  for (auto s : {Section::chrome, Section::leading, Section::page_end, Section::related,
                 Section::summary_start})
    for (const auto& p : *phrase_list(from, s)) append_unique(*phrase_list(to, s), p);
  for (const auto& p : from.cut_from) append_unique(to.cut_from, p);
  for (const auto& o : from.outlets) append_unique(to.outlets, o);
}

const Boilerplate::Lists& Boilerplate::lists() const {
  static const Lists kEmpty;  // constant: a default-constructed Boilerplate has no lists
  return lists_ ? *lists_ : kEmpty;
}

Boilerplate::Boilerplate(const Boilerplate& other)
    : lists_(other.lists_ ? std::make_unique<Lists>(*other.lists_) : nullptr) {}
Boilerplate& Boilerplate::operator=(const Boilerplate& other) {
  if (this != &other) lists_ = other.lists_ ? std::make_unique<Lists>(*other.lists_) : nullptr;
  return *this;
}
Boilerplate::Boilerplate(Boilerplate&&) noexcept = default;
Boilerplate& Boilerplate::operator=(Boilerplate&&) noexcept = default;
Boilerplate::~Boilerplate() = default;

// ---- matching ----------------------------------------------------------------

namespace text {

std::string fold_for_match(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    // U+2018/2019 (’‘) and U+201C/201D (“”) are E2 80 98/99/9C/9D.
    if (text.substr(i, 2) == "\xE2\x80" && i + 2 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if (c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D) {
        out += (c <= 0x99) ? '\'' : '"';
        i += 2;
        continue;
      }
    }
    out += lower_ascii(text[i]);
  }
  return out;
}

// Iterative wildcard matching: on a mismatch, the last '*' takes one more
// character. O(pattern × text) at worst, and both are short (kMaxPhraseLine).
bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const Boilerplate::Lists& lists_of(const TextOptions& options) {
  static const Boilerplate kNone;  // constant: the empty lists
  return options.boilerplate ? options.boilerplate->lists() : kNone.lists();
}

bool matches_any(const std::vector<Phrase>& phrases, std::string_view line) {
  if (phrases.empty() || line.size() > kMaxPhraseLine) return false;
  const std::string folded = fold_for_match(line);
  return std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& p) {
    return p.glob ? glob_match(p.folded, folded) : p.folded == folded;
  });
}

std::string cut_at_phrases(std::string_view text, const std::vector<std::string>& phrases) {
  if (phrases.empty()) return std::string(text);
  const std::string lowered = lower_ascii(text);  // same length: offsets carry over
  std::size_t cut = text.size();
  for (const auto& p : phrases) cut = std::min(cut, lowered.find(p));
  std::string_view kept = text.substr(0, cut);
  while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
  return std::string(kept);
}

std::optional<std::string> known_outlet(const Boilerplate::Lists& lists, std::string_view name) {
  const std::string key = lower_ascii(name);
  for (const auto& o : lists.outlets)
    if (lower_ascii(o) == key) return o;
  return std::nullopt;
}

}  // namespace text
}  // namespace newsdex

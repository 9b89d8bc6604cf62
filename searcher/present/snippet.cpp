#include "searcher/present/snippet.hpp"

#include <algorithm>
#include <map>

#include <xapian.h>

namespace newsdex {
namespace {

constexpr std::size_t kHeadBytes = 3;
constexpr std::string_view kEllipsis = "…";
// Snippets come from the start of long texts; past this the cost of
// scanning outweighs finding a slightly better passage.
constexpr std::size_t kMaxScanBytes = 64 * 1024;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The word part of a term: without the stem marker 'Z' and the field prefix.
std::string strip_prefix(const std::string& term) {
  std::size_t i = 0;
  while (i < term.size() && term[i] >= 'A' && term[i] <= 'Z') ++i;
  return term.substr(i);
}

// A word of the text: its byte range and its lowercased form, apostrophes
// folded to ASCII as Xapian's TermGenerator does.
struct Word {
  std::size_t begin;
  std::size_t end;
  std::size_t cp_begin;  // the same range in code points, for measuring
  std::size_t cp_end;
  std::string lower;
};

bool is_apostrophe(unsigned ch) { return ch == '\'' || ch == 0x2019; }

// Chinese, Japanese and Korean characters are indexed one by one (and in
// pairs), not as space-separated words: each is a word of its own here.
bool is_cjk(unsigned ch) {
  return (ch >= 0x2E80 && ch <= 0x9FFF) || (ch >= 0xAC00 && ch <= 0xD7AF) ||
         (ch >= 0xF900 && ch <= 0xFAFF) || (ch >= 0x1100 && ch <= 0x11FF) ||
         (ch >= 0x20000 && ch <= 0x2FA1F);
}

// A character of the text: its code point and length in bytes. ASCII is
// read directly (snippets scan whole bodies, and Xapian's iterator and
// character tables cost most of that); the rest as Xapian's Utf8Iterator
// reads it, an invalid byte being a character of its own.
struct Char {
  unsigned ch;
  std::size_t bytes;
};

Char multibyte_char_at(std::string_view text, std::size_t pos) {
  const std::size_t left = text.size() - pos;
  if (left == 0) return {0, 1};  // never (pos is inside); spares GCC a false "uninitialised" in Utf8Iterator
  Xapian::Utf8Iterator it(text.data() + pos, left);
  const unsigned ch = *it;
  ++it;
  return {ch, static_cast<std::size_t>(it.raw() - (text.data() + pos))};
}

inline Char char_at(std::string_view text, std::size_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  return c < 0x80 ? Char{c, 1} : multibyte_char_at(text, pos);
}

// Xapian's word characters; for ASCII, its letters, digits and '_' (a test
// checks them against Xapian).
bool is_wordchar(unsigned ch) {
  if (ch >= 128) return Xapian::Unicode::is_wordchar(ch);
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

void append_lower(std::string& out, unsigned ch) {
  if (ch < 128) {
    out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
    return;
  }
  Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
}

// Calls `on_word` for each word in `text`.
template <typename F>
void for_each_word(std::string_view text, F&& on_word) {
  std::size_t pos = 0, cp = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80 && !is_wordchar(static_cast<unsigned char>(text[pos]))) {
      ++pos, ++cp;  // ASCII space and punctuation, the commonest case
      continue;
    }
    Char c = char_at(text, pos);
    if (!is_wordchar(c.ch)) {
      pos += c.bytes, ++cp;
      continue;
    }
    Word w{pos, 0, cp, 0, {}};
    if (is_cjk(c.ch)) {
      Xapian::Unicode::append_utf8(w.lower, c.ch);
      pos += c.bytes, ++cp;
      w.end = pos;
      w.cp_end = cp;
      on_word(w);
      continue;
    }
    while (pos < text.size()) {
      // A run of ASCII word characters at once: most of a text.
      std::size_t run = pos;
      while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80 &&
             is_wordchar(static_cast<unsigned char>(text[run])))
        ++run;
      if (run > pos) {
        const std::size_t from = w.lower.size();
        w.lower.append(text.data() + pos, run - pos);
        for (std::size_t i = from; i < w.lower.size(); ++i)
          if (w.lower[i] >= 'A' && w.lower[i] <= 'Z') w.lower[i] = static_cast<char>(w.lower[i] + ('a' - 'A'));
        cp += run - pos, pos = run;
        continue;
      }
      c = char_at(text, pos);
      if (is_cjk(c.ch)) break;
      if (is_wordchar(c.ch)) {
        append_lower(w.lower, c.ch);
        pos += c.bytes, ++cp;
        continue;
      }
      // An apostrophe joins two word characters ("China's").
      if (is_apostrophe(c.ch) && pos + c.bytes < text.size() && is_wordchar(char_at(text, pos + c.bytes).ch)) {
        w.lower += '\'';
        pos += c.bytes, ++cp;
        continue;
      }
      break;
    }
    w.end = pos;
    w.cp_end = cp;
    on_word(w);
  }
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(static_cast<unsigned char>(c)); }));
}

// Moves `pos` back by up to `n` code points, not before `floor`.
std::size_t back_chars(std::string_view text, std::size_t pos, std::size_t n, std::size_t floor) {
  while (pos > floor && n > 0) {
    --pos;
    while (pos > floor && is_continuation(static_cast<unsigned char>(text[pos]))) --pos;
    --n;
  }
  return pos;
}

std::size_t forward_chars(std::string_view text, std::size_t pos, std::size_t n) {
  while (pos < text.size() && n > 0) {
    ++pos;
    while (pos < text.size() && is_continuation(static_cast<unsigned char>(text[pos]))) ++pos;
    --n;
  }
  return pos;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

struct Match {
  std::size_t begin;
  std::size_t end;
  std::size_t cp_begin;
  std::size_t cp_end;
  std::string word;
};

std::vector<Match> find_matches(std::string_view text, const TermMatcher& matcher) {
  std::vector<Match> out;
  if (matcher.empty()) return out;
  for_each_word(text, [&](Word& w) {
    if (matcher.matches(w.lower)) out.push_back({w.begin, w.end, w.cp_begin, w.cp_end, std::move(w.lower)});
  });
  return out;
}

// Output text from text[begin, end) with ellipses where it was cut, and the
// marks of `matches` that fall inside.
Highlighted assemble(std::string_view text, std::size_t begin, std::size_t end,
                     const std::vector<Match>& matches) {
  Highlighted out;
  bool cut_before = begin > 0, cut_after = end < text.size();
  if (cut_before) out.text += kEllipsis;
  std::size_t shift = out.text.size();
  // Newlines become spaces: a snippet is one line.
  for (std::size_t i = begin; i < end; ++i) out.text += text[i] == '\n' ? ' ' : text[i];
  for (const auto& m : matches)
    if (m.begin >= begin && m.end <= end)
      out.marks.push_back({m.begin - begin + shift, m.end - begin + shift});
  if (cut_after) out.text += kEllipsis;
  return out;
}

}  // namespace

TermMatcher::TermMatcher(const std::vector<std::string>& matching_terms, Xapian::Stem stemmer)
    : stemmer_(std::move(stemmer)) {
  // Terms are stems (the index stems every word), but a text word can also
  // equal a term outright (a wildcard's expansion, a number).
  for (const auto& term : matching_terms) {
    std::string word = strip_prefix(term);
    if (word.empty()) continue;
    firsts_.set(static_cast<unsigned char>(word[0]));
    heads_.insert(word.substr(0, kHeadBytes));
    words_.insert(word);
    stems_.insert(std::move(word));
  }
}

bool TermMatcher::matches(const std::string& word) const {
  if (word.empty() || !firsts_[static_cast<unsigned char>(word[0])]) return false;
  if (!heads_.count(word.substr(0, kHeadBytes))) return false;
  if (words_.count(word)) return true;
  return !stems_.empty() && stems_.count(stemmer_(word));
}

Highlighted make_snippet(std::string_view text, const TermMatcher& matcher, std::size_t max_chars) {
  if (text.size() > kMaxScanBytes) {
    std::size_t cut = kMaxScanBytes;
    while (cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) --cut;
    text = text.substr(0, cut);
  }
  std::vector<Match> matches = find_matches(text, matcher);

  // The window of matches, at most max_chars wide, with the most distinct
  // words (then the most matches): that passage says most about the hit.
  std::size_t best_i = 0, best_j = 0, best_distinct = 0, best_count = 0;
  std::map<std::string_view, int> in_window;
  std::size_t j = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (j < i) j = i;
    while (j < matches.size() && matches[j].cp_end - matches[i].cp_begin <= max_chars)
      ++in_window[matches[j++].word];
    std::size_t distinct = in_window.size(), count = j - i;
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_i = i, best_j = j, best_distinct = distinct, best_count = count;
    }
    if (j > i && --in_window[matches[i].word] == 0) in_window.erase(matches[i].word);
  }

  std::size_t begin = 0, end;
  if (best_count > 0) {
    std::size_t span_begin = matches[best_i].begin, span_end = matches[best_j - 1].end;
    std::size_t used = matches[best_j - 1].cp_end - matches[best_i].cp_begin;
    std::size_t spare = max_chars > used ? max_chars - used : 0;
    // A third of the spare room goes before the first match, for context.
    begin = back_chars(text, span_begin, spare / 3, 0);
    if (begin > 0) {
      // Start at a word: skip the partial one.
      while (begin < span_begin && !is_space(text[begin - 1])) ++begin;
    }
    used = code_points(text.substr(begin, span_end - begin));
    end = forward_chars(text, span_end, max_chars > used ? max_chars - used : 0);
  } else {
    end = forward_chars(text, 0, max_chars);
  }
  if (end < text.size()) {
    // End at a word: drop the partial one, unless that would drop everything.
    std::size_t e = end;
    while (e > begin && !is_space(text[e - 1]) && !is_space(text[e])) --e;
    if (best_count == 0 || e >= matches[best_j - 1].end) end = e;
  }
  while (end > begin && is_space(text[end - 1])) --end;
  while (begin < end && is_space(text[begin])) ++begin;
  return assemble(text, begin, end, matches);
}

Highlighted mark_all(std::string_view text, const TermMatcher& matcher) {
  return assemble(text, 0, text.size(), find_matches(text, matcher));
}

}  // namespace newsdex

namespace newsdex {

std::string to_html(const Highlighted& h) {
  std::string out;
  out.reserve(h.text.size() + h.marks.size() * 13);
  auto escape = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      switch (h.text[i]) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += h.text[i];
      }
    }
  };
  std::size_t at = 0;
  for (const auto& m : h.marks) {
    if (m.begin < at || m.end > h.text.size()) continue;  // overlapping or bad: skip the mark
    escape(at, m.begin);
    out += "<mark>";
    escape(m.begin, m.end);
    out += "</mark>";
    at = m.end;
  }
  escape(at, h.text.size());
  return out;
}

}  // namespace newsdex

#pragma once
// Snippets: the passage of a document that best shows why it matched, with
// the matching words marked.

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "newsdex/search.hpp"

namespace newsdex {

// The words a document matched, from Xapian's matching terms (field
// prefixes removed), and the stemmer to compare text words with.
class TermMatcher {
 public:
  TermMatcher(const std::vector<std::string>& matching_terms, Xapian::Stem stemmer);

  // True when `lowercase_word` is one of the terms or stems to one of them.
  bool matches(const std::string& lowercase_word) const;
  bool empty() const { return words_.empty() && stems_.empty(); }

 private:
  std::unordered_set<std::string> words_;
  std::unordered_set<std::string> stems_;
  // First bytes of every term: stemming costs more than this lookup, and
  // most words of a text can be ruled out by it (most by their first byte).
  std::unordered_set<std::string> heads_;
  std::bitset<256> firsts_;
  Xapian::Stem stemmer_;
};

// Cuts about `max_chars` characters (code points) of `text` around the
// window holding the most distinct matched words, on word boundaries, with
// "…" where text was cut, and marks every matched word in it. With no match,
// the start of the text.
Highlighted make_snippet(std::string_view text, const TermMatcher& matcher, std::size_t max_chars);

// Marks the matched words of a whole (short) text, such as a title.
Highlighted mark_all(std::string_view text, const TermMatcher& matcher);

}  // namespace newsdex

#pragma once
// English stopwords for queries: words that say how a sentence is built, not
// what it is about, so that "the president of france" ranks by "president"
// and "france" rather than by how often a text says "the" and "of".

#include <string>
#include <string_view>

#include <xapian.h>

namespace newsdex {

// True for a lowercase word of kStopwords (stopwords.cpp).
bool is_stopword(std::string_view lowercase_word) noexcept;

// is_stopword for Xapian's QueryParser (which keeps stopwords in phrases,
// and all of them when a query has nothing else).
class Stopwords : public Xapian::Stopper {
 public:
  bool operator()(const std::string& word) const override { return is_stopword(word); }
};

}  // namespace newsdex

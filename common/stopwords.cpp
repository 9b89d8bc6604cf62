#include "common/stopwords.hpp"

#include <algorithm>
#include <array>

namespace newsdex {
namespace {

// The closed word classes of English grammar (any grammar of English lists
// them): articles and determiners, personal, possessive, reflexive, relative
// and interrogative pronouns, common prepositions and conjunctions, and the
// auxiliary and modal verbs, with their contracted forms. Chosen by word
// class, not by frequency in any test collection, so the list does not fit
// one (TIME's own TIME.STP also holds content words such as "year" and
// "week"). Left out on purpose: "us" (U.S. is indexed as "us") and words
// that carry meaning in news headlines ("no", "not", "against", "over",
// "up", "down", "out", "off"). Sorted, for binary search.
constexpr std::array<std::string_view, 120> kStopwords{
    "a",       "about",   "after",   "all",     "also",    "am",      "an",      "and",
    "any",     "are",     "as",      "at",      "be",      "been",    "before",  "being",
    "between", "both",    "but",     "by",      "can",     "could",   "did",     "do",
    "does",    "doing",   "during",  "each",    "either",  "for",     "from",    "had",
    "has",     "have",    "having",  "he",      "her",     "hers",    "herself", "him",
    "himself", "his",     "how",     "i",       "if",      "in",      "into",    "is",
    "it",      "it's",    "its",     "itself",  "may",     "me",      "might",   "mine",
    "must",    "my",      "myself",  "neither", "nor",     "of",      "on",      "onto",
    "or",      "our",     "ours",    "ourselves", "shall", "she",     "should",  "so",
    "some",    "such",    "than",    "that",    "the",     "their",   "theirs",  "them",
    "themselves", "then", "there",   "these",   "they",    "this",    "those",   "though",
    "through", "to",      "too",     "toward",  "towards", "unless",  "until",   "upon",
    "very",    "was",     "we",      "were",    "what",    "when",    "where",   "whether",
    "which",   "while",   "who",     "whom",    "whose",   "why",     "will",    "with",
    "within",  "without", "would",   "yet",     "you",     "your",    "yours",   "yourself",
};

}  // namespace

bool is_stopword(std::string_view lowercase_word) noexcept {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), lowercase_word);
}

}  // namespace newsdex

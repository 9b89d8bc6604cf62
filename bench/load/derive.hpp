#pragma once
// The load benchmark's corpora, derived from Reuters-21578 without storing
// them: article n of a corpus is computed from the base articles and a seed,
// so a 1,000,000-article corpus costs no more memory than the 21.5k base.
//
// Article n < base.size() is base[n] unchanged. Beyond that, n is copy
// k = n / base.size() of base[n % base.size()]: a new id (base ids are
// 1..21578; copy ids are n + 1, which cannot collide), the date moved k * 17
// days later, and a new body: about half of the original's sentences (at
// least one) and more sentences than that drawn from other base articles,
// shuffled. A copy shares under half of its text with its original, so
// near-duplicate detection sees unrelated articles (as in a real archive of
// that size), while the vocabulary and lengths stay those of real news.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reuters.hpp"

namespace newsdex::bench {

// splitmix64: a fixed generator, so the derivation is the same with any
// standard library (std::shuffle and the distributions are not).
std::uint64_t mix64(std::uint64_t x);

// The body split into sentences (". ", "? ", "! " or a newline ends one),
// each keeping its end mark; whitespace at the ends trimmed; empty ones dropped.
std::vector<std::string> split_sentences(std::string_view body);

// Article n of the corpus derived from `base` with `seed` (see above).
// A pure function; base must not be empty.
ReutersArticle derive_article(const std::vector<ReutersArticle>& base, std::size_t n, std::uint64_t seed);

}  // namespace newsdex::bench

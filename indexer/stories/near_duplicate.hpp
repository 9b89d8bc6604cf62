#pragma once
// Near-duplicate fingerprints: word shingles, a MinHash signature and LSH
// band keys. Pure functions (text in, numbers out); index.cpp stores the
// band keys as terms and the signature in a value slot, and story_lookup.cpp
// finds the candidates that share a band with a new document.
//
// The method (Broder's MinHash with banded locality-sensitive hashing):
//  1. Normalise: the text is cut into words (runs of Unicode letters and
//     digits, lowercased; apostrophes inside a word are dropped, so "China's"
//     and "China’s" are one word "chinas"; each CJK character is a word of
//     its own, as those scripts have no spaces).
//  2. Shingle: every run of kShingleWords consecutive words is a shingle,
//     hashed to 64 bits; a document is the *set* of its shingles, so a
//     summary repeated as the content's first paragraph adds nothing.
//  3. Signature: for each of kHashes hash functions (one 64-bit mix with its
//     own seed), the smallest value over the document's shingles, keeping
//     the top 32 bits. Two documents agree on one entry with probability
//     equal to the Jaccard similarity J of their shingle sets, so the share
//     of equal entries estimates J (standard error sqrt(J(1-J)/60), at most
//     0.065).
//  4. Bands: the signature is cut into kBands bands of kRows entries; each
//     band hashes to a key. Documents sharing any key are candidates. The
//     chance that two documents of similarity s share at least one key is
//     1 - (1 - s^kRows)^kBands, an S-curve that is 50% at s = 0.32 with 20
//     bands of 3 rows (kHalfwayPoint), 73% at 0.4, 93% at 0.5, 99.2% at
//     0.6 and 15% at 0.2. Candidates are then confirmed on the estimated
//     similarity against the threshold (IndexOptions::near_duplicates, 0.6
//     by default), so the bands only have to find nearly every pair above it.
//
// Why these numbers: 3-word shingles were measured against 2, 4 and 5 on the
// rssowl snapshots (bench/clustering/shingle_size.cpp; figures in the README,
// "Stories and near-duplicates"): copies with the same title score alike at
// every size, 2-word shingles let more pairs of different articles reach
// 0.5, and 4 or 5 words leave more short items below the minimum. At 0.5,
// template-built items (a monthly newsletter's "Welcome to the Tech Tips
// for <date>", chart entries "from the album ...") joined; at 0.6 pairs with
// different titles drop from 26 to 15 while same-title pairs go from 110 to
// 106. The cut-short AFP copy in the seed digest (0.60 to its three
// siblings) still joins them.
// 60 hashes keep the signature at 240 bytes per document. Texts with fewer
// than kMinShingles distinct shingles (about a dozen words) get no
// fingerprint at all: a title and one line agree with too many others.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::near_duplicate {

inline constexpr std::size_t kShingleWords = 3;
inline constexpr std::size_t kHashes = 60;
inline constexpr std::size_t kBands = 20;
inline constexpr std::size_t kRows = 3;
static_assert(kBands * kRows == kHashes);
inline constexpr std::size_t kMinShingles = 10;
// Similarity at which two documents share a band key half of the time.
inline constexpr double kHalfwayPoint = 0.324;

// The normalised words of `text` (see step 1 above).
std::vector<std::string> words(std::string_view text);

// The distinct 64-bit hashes of the `size`-word shingles of `words`, sorted.
// Fewer words than a shingle: none. (`size` other than kShingleWords is for
// measuring; the index uses kShingleWords.)
std::vector<std::uint64_t> shingles(const std::vector<std::string>& words,
                                    std::size_t size = kShingleWords);

using Signature = std::vector<std::uint32_t>;  // kHashes entries

// The MinHash signature of a shingle set; empty when `shingles` is empty.
Signature signature(const std::vector<std::uint64_t>& shingles);

// The share of entries two signatures agree on: an estimate of the Jaccard
// similarity of their shingle sets. 0 when either is empty or they differ
// in length.
double estimated_similarity(const Signature& a, const Signature& b);

// |A ∩ B| / |A ∪ B| of two sorted sets of shingles (0 when both are empty):
// what estimated_similarity estimates, for tests and measurements.
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// The kBands keys of a signature, as 16 hex digits each; a band's number is
// part of its key, so equal rows in different bands do not meet.
std::vector<std::string> band_keys(const Signature& signature);

// The chance that two documents of similarity `s` share at least one band.
double detection_probability(double s);

// A signature kept in a Xapian value: kHashes entries, 4 bytes each, little
// endian. decode returns nullopt for bytes of another length.
std::string encode(const Signature& signature);
std::optional<Signature> decode(std::string_view bytes);

// Shingles that more than half of an input's items share, when it has at
// least kMinItemsForBoilerplate items: a feed's footer ("X is copyright ...
// join our forums") or a podcast's stock description. They say nothing about
// the item, and with short items they would make every item of the feed
// look alike; they are left out of each item's fingerprint. `per_item`
// holds each item's sorted shingles; the result is sorted.
inline constexpr std::size_t kMinItemsForBoilerplate = 4;
std::vector<std::uint64_t> common_shingles(const std::vector<std::vector<std::uint64_t>>& per_item);

// What is stored for one document: nothing when the text is too short.
struct Fingerprint {
  Signature signature;
  std::vector<std::string> band_keys;
  bool empty() const { return signature.empty(); }
};

// words -> shingles (less `boilerplate`, sorted) -> signature -> bands, or
// an empty Fingerprint when fewer than kMinShingles distinct shingles remain.
Fingerprint fingerprint(std::string_view text, const std::vector<std::uint64_t>& boilerplate = {});

}  // namespace newsdex::near_duplicate

#include "indexer/stories/near_duplicate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>

#include <fmt/format.h>
#include <xapian.h>

#include "common/terms.hpp"

namespace newsdex::near_duplicate {
namespace {

// splitmix64's finaliser: a fast mix whose outputs for distinct inputs look
// independent, which is all MinHash asks of its hash functions.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// One seed per hash function, fixed: signatures stored in an index must be
// comparable with those computed by every later run.
constexpr std::array<std::uint64_t, kHashes> make_seeds() {
  std::array<std::uint64_t, kHashes> seeds{};
  std::uint64_t state = 0x6e65777364657801ULL;  // "newsdex\1"
  for (auto& s : seeds) s = state = mix(state);
  return seeds;
}
constexpr auto kSeeds = make_seeds();

bool is_apostrophe(unsigned ch) { return ch == '\'' || ch == 0x2019; }

// Ideographs, kana and hangul: scripts written without spaces.
bool is_cjk(unsigned ch) {
  return (ch >= 0x2E80 && ch <= 0x9FFF) || (ch >= 0xAC00 && ch <= 0xD7AF) ||
         (ch >= 0xF900 && ch <= 0xFAFF) || (ch >= 0x20000 && ch <= 0x2FA1F);
}

}  // namespace

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
    const unsigned ch = *it;
    if (is_cjk(ch)) {
      flush();
      Xapian::Unicode::append_utf8(word, ch);
      flush();
    } else if (Xapian::Unicode::is_wordchar(ch)) {
      Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
    } else if (!(is_apostrophe(ch) && !word.empty())) {
      flush();
    }
  }
  flush();
  return out;
}

std::vector<std::uint64_t> shingles(const std::vector<std::string>& words, std::size_t size) {
  std::vector<std::uint64_t> out;
  if (size == 0 || words.size() < size) return out;
  out.reserve(words.size() - size + 1);
  std::string joined;
  for (std::size_t i = 0; i + size <= words.size(); ++i) {
    joined.clear();
    for (std::size_t j = 0; j < size; ++j) joined.append(words[i + j]).push_back(' ');
    out.push_back(stable_hash(joined));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Signature signature(const std::vector<std::uint64_t>& shingles) {
  if (shingles.empty()) return {};
  std::array<std::uint64_t, kHashes> mins;
  mins.fill(std::numeric_limits<std::uint64_t>::max());
  for (std::uint64_t s : shingles)
    for (std::size_t i = 0; i < kHashes; ++i) mins[i] = std::min(mins[i], mix(s ^ kSeeds[i]));
  Signature out(kHashes);
  for (std::size_t i = 0; i < kHashes; ++i) out[i] = static_cast<std::uint32_t>(mins[i] >> 32);
  return out;
}

double estimated_similarity(const Signature& a, const Signature& b) {
  if (a.empty() || a.size() != b.size()) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::vector<std::string> band_keys(const Signature& signature) {
  std::vector<std::string> keys;
  if (signature.size() != kHashes) return keys;
  keys.reserve(kBands);
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint64_t h = mix(band);
    for (std::size_t row = 0; row < kRows; ++row) h = mix(h ^ signature[band * kRows + row]);
    keys.push_back(fmt::format("{:016x}", h));
  }
  return keys;
}

double detection_probability(double s) {
  return 1.0 - std::pow(1.0 - std::pow(s, static_cast<double>(kRows)), static_cast<double>(kBands));
}

std::string encode(const Signature& signature) {
  std::string out;
  out.reserve(signature.size() * 4);
  for (std::uint32_t v : signature)
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
  return out;
}

std::optional<Signature> decode(std::string_view bytes) {
  if (bytes.size() != kHashes * 4) return std::nullopt;
  Signature out(kHashes);
  for (std::size_t i = 0; i < kHashes; ++i) {
    std::uint32_t v = 0;
    for (int b = 3; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(bytes[i * 4 + static_cast<std::size_t>(b)]);
    out[i] = v;
  }
  return out;
}

std::vector<std::uint64_t> common_shingles(const std::vector<std::vector<std::uint64_t>>& per_item) {
  std::vector<std::uint64_t> out;
  if (per_item.size() < kMinItemsForBoilerplate) return out;
  std::vector<std::uint64_t> all;
  for (const auto& item : per_item) all.insert(all.end(), item.begin(), item.end());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j] == all[i]) ++j;
    if (2 * (j - i) > per_item.size()) out.push_back(all[i]);  // each item's set is distinct
    i = j;
  }
  return out;
}

Fingerprint fingerprint(std::string_view text, const std::vector<std::uint64_t>& boilerplate) {
  Fingerprint fp;
  auto set = shingles(words(text));
  if (!boilerplate.empty()) {
    std::vector<std::uint64_t> kept;
    std::set_difference(set.begin(), set.end(), boilerplate.begin(), boilerplate.end(),
                        std::back_inserter(kept));
    set = std::move(kept);
  }
  if (set.size() < kMinShingles) return fp;
  fp.signature = signature(set);
  fp.band_keys = band_keys(fp.signature);
  return fp;
}

}  // namespace newsdex::near_duplicate

// The near-duplicate fingerprints (indexer/near_duplicate): words, shingles,
// MinHash signatures, band keys.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "indexer/stories/near_duplicate.hpp"

using namespace newsdex::near_duplicate;

namespace {

// About 120 words of wire copy, and the same story told by someone else.
const std::string kWire =
    "Huawei Technologies founder Ren Zhengfei said on Tuesday that the company's Ascend "
    "artificial intelligence chips still lag behind American rivals by one generation, "
    "playing down the threat that Washington sees in the Chinese firm. In an interview with "
    "the People's Daily, Ren said Huawei relied on chip stacking and clustering to make up "
    "for the gap, and that the United States had exaggerated the company's achievements. "
    "The comments came as trade negotiators from both countries met in London for a second "
    "day of talks on export controls and rare earth shipments. Nvidia chief executive Jensen "
    "Huang has warned that restrictions on selling his company's products in China have "
    "helped create a formidable competitor, and analysts expect demand for Ascend chips to "
    "grow as Chinese technology groups look for alternatives to American suppliers.";
const std::string kOther =
    "A new survey of European farmers shows that wheat harvests fell sharply this summer "
    "after weeks of drought across the south of the continent, pushing bread prices higher "
    "in several countries. Agricultural ministers will meet in Brussels next month to "
    "discuss emergency support, while growers in the north reported yields close to the "
    "average of the past five years. Economists said the rise in food prices would keep "
    "inflation above the central bank's target for longer than markets had expected.";

std::vector<std::uint64_t> set_of(const std::string& text) { return shingles(words(text)); }

}  // namespace

TEST_CASE("near_duplicate: words are lowercased, apostrophes joined, CJK split") {
  CHECK(words("China's  CHIPS, Huawei’s (AI)!") ==
        std::vector<std::string>{"chinas", "chips", "huaweis", "ai"});
  CHECK(words("Élan 2025-12-01") == std::vector<std::string>{"élan", "2025", "12", "01"});
  CHECK(words("华为芯片 news") == std::vector<std::string>{"华", "为", "芯", "片", "news"});
  CHECK(words("'quoted'").front() == "quoted");  // a leading quote is not part of a word
}

TEST_CASE("near_duplicate: shingles are the distinct runs of words") {
  auto w = words("a b c a b c a b");
  CHECK(shingles(w, 3).size() == 3);  // "a b c", "b c a", "c a b"
  CHECK(shingles(w, 9).empty());
  CHECK(shingles(words("a b c"), 3).size() == 1);
}

TEST_CASE("near_duplicate: identical texts give identical signatures and band keys") {
  Fingerprint a = fingerprint(kWire);
  Fingerprint b = fingerprint(std::string(kWire));
  REQUIRE_FALSE(a.empty());
  CHECK(a.signature.size() == kHashes);
  CHECK(a.band_keys.size() == kBands);
  CHECK(a.signature == b.signature);
  CHECK(a.band_keys == b.band_keys);
  // Case, punctuation and spacing are not what a text says.
  Fingerprint c = fingerprint("  " + std::string("HUAWEI technologies founder ren zhengfei said on tuesday that the company's ascend ") +
                              kWire.substr(kWire.find("artificial")));
  CHECK(c.signature == a.signature);
  CHECK(estimated_similarity(a.signature, c.signature) == 1.0);
}

TEST_CASE("near_duplicate: a small edit keeps the estimate high, other news scores low") {
  std::string edited = kWire;
  edited.replace(edited.find("Tuesday"), 7, "Wednesday");
  edited += " Huawei declined to comment further.";
  Fingerprint a = fingerprint(kWire), b = fingerprint(edited), other = fingerprint(kOther);
  CHECK(jaccard(set_of(kWire), set_of(edited)) > 0.85);
  CHECK(estimated_similarity(a.signature, b.signature) >= 0.75);
  // Most bands of a near copy are equal; none of an unrelated text's.
  std::size_t shared = 0;
  for (std::size_t i = 0; i < kBands; ++i) shared += a.band_keys[i] == b.band_keys[i];
  CHECK(shared >= kBands / 2);
  CHECK(estimated_similarity(a.signature, other.signature) < 0.1);
  for (std::size_t i = 0; i < kBands; ++i) CHECK(a.band_keys[i] != other.band_keys[i]);
}

TEST_CASE("near_duplicate: the estimate follows the exact Jaccard similarity") {
  // Prefixes of one text overlap by known amounts: the shorter's shingles
  // are a subset of the longer's.
  auto w = words(kWire + " " + kOther);
  for (double keep : {0.3, 0.5, 0.7, 0.9}) {
    CAPTURE(keep);
    std::vector<std::string> part(w.begin(), w.begin() + static_cast<long>(keep * static_cast<double>(w.size())));
    auto full = shingles(w), sub = shingles(part);
    double exact = jaccard(full, sub);
    double estimate = estimated_similarity(signature(full), signature(sub));
    // Four standard errors of a 60-entry estimate (at most 0.065 each).
    CHECK(std::abs(estimate - exact) <= 0.26);
    CHECK(exact == doctest::Approx(static_cast<double>(sub.size()) / static_cast<double>(full.size())));
  }
  // Averaged over several pairs the error shrinks (the estimator is unbiased).
  double total_error = 0;
  int pairs = 0;
  for (std::size_t cut = 20; cut + 20 < w.size(); cut += 10) {
    std::vector<std::string> left(w.begin(), w.begin() + static_cast<long>(cut + 20));
    std::vector<std::string> right(w.begin() + static_cast<long>(cut - 20), w.end());
    auto a = shingles(left), b = shingles(right);
    total_error += estimated_similarity(signature(a), signature(b)) - jaccard(a, b);
    ++pairs;
  }
  REQUIRE(pairs > 5);
  CHECK(std::abs(total_error / pairs) < 0.05);
}

TEST_CASE("near_duplicate: texts too short to shingle get no fingerprint") {
  CHECK(fingerprint("").empty());
  CHECK(fingerprint("Huawei unveils chips").empty());
  // kMinShingles distinct shingles need kMinShingles + 2 words.
  std::string text;
  for (std::size_t i = 0; i < kMinShingles + kShingleWords - 2; ++i) text += "w" + std::to_string(i) + " ";
  CHECK(fingerprint(text).empty());
  text += "last";
  CHECK_FALSE(fingerprint(text).empty());
}

TEST_CASE("near_duplicate: signatures survive a value slot") {
  Signature s = fingerprint(kWire).signature;
  std::string bytes = encode(s);
  CHECK(bytes.size() == kHashes * 4);
  CHECK(decode(bytes) == s);
  CHECK_FALSE(decode(bytes.substr(1)).has_value());
  CHECK(estimated_similarity(s, {}) == 0.0);
}

TEST_CASE("near_duplicate: shingles most of an input's items share are its boilerplate") {
  const std::string footer = " Spamusement is copyright Steven Frank; if you are not an annoying jerk, join the forums";
  std::vector<std::vector<std::uint64_t>> items = {set_of("Get a bigger flute" + footer),
                                                   set_of("Impress the Females" + footer),
                                                   set_of("Laverne News Line" + footer),
                                                   set_of("beaver news" + footer), set_of(kOther)};
  auto common = common_shingles(items);
  auto footer_set = set_of(footer);
  CHECK(common == footer_set);
  // With the footer gone, two of those items are too short to match anything.
  CHECK(fingerprint("Get a bigger flute" + footer, common).empty());
  CHECK_FALSE(fingerprint("Get a bigger flute" + footer).empty());
  // Too few items to tell boilerplate from a shared story.
  items.resize(kMinItemsForBoilerplate - 1);
  CHECK(common_shingles(items).empty());
}

TEST_CASE("near_duplicate: the S-curve") {
  CHECK(detection_probability(kHalfwayPoint) == doctest::Approx(0.5).epsilon(0.01));
  CHECK(detection_probability(0.5) > 0.9);
  CHECK(detection_probability(0.1) < 0.05);
  CHECK(detection_probability(1.0) == 1.0);
}

#include <set>

#include "common/schema.hpp"

TEST_CASE("near_duplicate: the band terms and the signature slot are the schema's own") {
  namespace schema = newsdex::schema;
  std::set<Xapian::valueno> slots{schema::kPublishedSlot, schema::kContentHashSlot, schema::kSourceSlot,
                                  schema::kKindSlot,      schema::kMonthSlot,       schema::kCategoriesSlot,
                                  schema::kStorySlot};
  CHECK(slots.count(schema::kSignatureSlot) == 0);
  // No field's terms can be read as band terms, nor band terms as a field's
  // (a query on that field would otherwise list them).
  for (const auto& f : schema::kFields) {
    CAPTURE(f.prefix);
    if (f.prefix.empty()) continue;
    CHECK(schema::kNearDuplicateBandPrefix.rfind(f.prefix, 0) != 0);
    CHECK(f.prefix.rfind(schema::kNearDuplicateBandPrefix, 0) != 0);
  }
  // Band keys are lowercase hex: a term XNDB + key never looks like another
  // uppercase prefix continuing.
  for (const auto& key : fingerprint(kWire).band_keys)
    for (char c : key) CHECK(((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
}

// Multi-source digests: seed 002, digests built here (2 and 12 sources, no
// Share marker, CRLF, a source without dateline, a wrong count), datelines.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/dates.hpp"
#include "indexer/parse/text_parser.hpp"
#include "tests/text_fixtures.hpp"
#include "indexer/parse/text_parsing.hpp"
#include "indexer/parse/unique_id.hpp"

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kDay = 86400;
const std::int64_t kJune10 = days_from_civil(2025, 6, 10) * kDay;

using namespace text_fixtures;

ParsedText parse(std::string_view bytes, std::int64_t reference = kJune10, const Boilerplate* b = &shipped()) {
  TextOptions o;
  o.boilerplate = b;
  o.reference_time = reference;
  return parse_text(bytes, o);
}

std::vector<const Item*> of_kind(const ParsedText& t, std::string_view kind) {
  std::vector<const Item*> out;
  for (const auto& i : t.items)
    if (i.kind == kind) out.push_back(&i);
  return out;
}

std::int64_t date(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d) * kDay; }

// A digest as the digest site writes it, with knobs for the variants.
struct Spec {
  std::size_t sources = 2;
  std::size_t declared = 0;  // the header's N; 0: the number of sources
  bool share = true;
  std::string eol = "\n";
  std::set<std::size_t> no_dateline;  // sources whose text opens without one
};

constexpr const char* kPlaces[] = {"TOKYO", "SEOUL", "PARIS",  "BERLIN", "LONDON", "MADRID",
                                   "ROME",  "OSLO",  "LIMA",   "CAIRO",  "DELHI",  "DUBAI"};
constexpr const char* kOutlets[] = {"Reuters", "AFP", "Bloomberg"};

std::string headline(std::size_t k) { return "Headline number " + std::to_string(k) + " about chips"; }

std::string build(const Spec& s) {
  const std::string& e = s.eol;
  std::string out = std::to_string(s.declared ? s.declared : s.sources) + " Sources" + e;
  for (std::size_t k = 1; k <= s.sources; ++k) {
    out += "[" + std::to_string(k) + "]" + e + headline(k) + e;
    if (!s.no_dateline.count(k))
      out += std::string(kPlaces[k - 1]) + ", May " + std::to_string(k) + " (" + kOutlets[(k - 1) % 3] + ") - ";
    out += "Source " + std::to_string(k) + " says chips matter. It adds detail." + e + e;
  }
  if (s.share) out += "Share" + e + "Copy Link" + e;
  const std::string n = std::to_string(s.sources);
  out += "Chips dominate the news this week." + e;
  out += "Prices rose sharply 1. Buyers waited 1 " + n + ". Analysts disagreed 1," + n + "." + e;
  out += "The outlook stays unclear. Nobody knows why 2." + e;
  out += "Another story happened today." + e + "3 Sources" + e + "Technology" + e + "5 hrs ago" + e;
  out += "3 Sources" + e + "Technology" + e + "5 hrs ago" + e;
  out += "A second story, longer. It has two sentences." + e + "4 Sources" + e + "Business" + e + "1 day ago" + e;
  return out;
}

struct Expected {
  std::string sentence;
  std::vector<std::size_t> cites;  // block numbers
};

// What build() must become, whatever the variant.
void check_built(const ParsedText& t, const Spec& s) {
  const auto sources = of_kind(t, "digest-source");
  const auto summaries = of_kind(t, "digest-summary");
  const auto teasers = of_kind(t, "teaser");
  REQUIRE(sources.size() == s.sources);
  REQUIRE(summaries.size() == 1);
  REQUIRE(teasers.size() == 2);
  REQUIRE(t.items.size() == s.sources + 3);

  for (std::size_t k = 1; k <= s.sources; ++k) {
    CAPTURE(k);
    const Item& src = *sources[k - 1];
    CHECK(src.title == headline(k));
    CHECK(src.position == k - 1);
    CHECK(src.content.find("Source " + std::to_string(k) + " says chips matter. It adds detail.") !=
          std::string::npos);
    CHECK(src.content.find("Chips dominate") == std::string::npos);
    CHECK(src.content.find("Share") == std::string::npos);
    if (s.no_dateline.count(k)) {
      CHECK(src.source.empty());
      CHECK(src.place.empty());
      CHECK_FALSE(src.published.has_value());
    } else {
      CHECK(src.source == kOutlets[(k - 1) % 3]);
      CHECK(src.place == kPlaces[k - 1]);
      CHECK(src.published == date(2025, 5, static_cast<unsigned>(k)));
    }
  }

  const Item& sum = *summaries[0];
  const std::string n = std::to_string(s.sources);
  CHECK(sum.title == "Chips dominate the news this week.");
  CHECK(sum.content ==
        "Prices rose sharply. Buyers waited. Analysts disagreed.\nThe outlook stays unclear. Nobody knows why.");
  const std::vector<Expected> expected{
      {"Prices rose sharply.", {1}},
      {"Buyers waited.", {1, s.sources}},
      {"Analysts disagreed.", {1, s.sources}},
      {"Nobody knows why.", {2}},
  };
  REQUIRE(sum.citations.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(sum.citations[i].sentence == expected[i].sentence);
    std::vector<std::string> ids;
    for (auto k : expected[i].cites) ids.push_back(unique_id(*sources[k - 1]));
    CHECK(sum.citations[i].source_ids == ids);
  }

  // One story for the digest, its own for each teaser.
  const std::string story = sources[0]->story;
  CHECK(story.starts_with("story:"));
  for (const auto* i : sources) CHECK(i->story == story);
  CHECK(sum.story == story);
  for (const auto* i : teasers) CHECK(i->story.empty());

  CHECK(teasers[0]->title == "Another story happened today.");
  CHECK(teasers[0]->source_count == 3);
  CHECK(teasers[0]->categories == std::vector<std::string>{"Technology"});
  CHECK(teasers[1]->title == "A second story, longer.");
  CHECK(teasers[1]->summary == "A second story, longer. It has two sentences.");
  CHECK(teasers[1]->source_count == 4);
  CHECK(teasers[1]->categories == std::vector<std::string>{"Business"});
  CHECK(sum.content.find("Another story") == std::string::npos);
  for (std::size_t i = 0; i < t.items.size(); ++i) CHECK(t.items[i].position == i);
}

}  // namespace

TEST_CASE("digest: seed 002: seven sources, a cited summary, five teasers") {
  ParsedText t = parse(seed("002_"));
  CHECK(t.warnings.empty());
  const auto sources = of_kind(t, "digest-source");
  const auto summaries = of_kind(t, "digest-summary");
  const auto teasers = of_kind(t, "teaser");
  REQUIRE(sources.size() == 7);
  REQUIRE(summaries.size() == 1);
  REQUIRE(teasers.size() == 5);
  REQUIRE(t.items.size() == 13);

  struct Source {
    const char* title;
    const char* outlet;
    const char* place;
    const char* opening;
  };
  const Source expected[] = {
      {"China's Xi calls for self sufficiency in AI development amid U.S. rivalry", "Reuters", "HONG KONG",
       "HONG KONG, April 26 (Reuters) - China's President Xi Jinping pledged"},
      {"Xi says China must 'overcome' AI chip challenges", "", "", "President Xi Jinping said China must"},
      {"Xi says China must 'overcome' AI chip challenges", "AFP", "Beijing", "Beijing (AFP) - President Xi"},
      {"China's Xi calls for self sufficiency in AI development amid US rivalry", "", "", "Some experts say"},
      {"China's Xi Jinping says China must 'overcome' AI chip challenges", "", "", "President Xi Jinping said"},
      {"China's Xi calls for self sufficiency in AI development amid U.S. rivalry", "Reuters", "HONG KONG",
       "HONG KONG (Reuters) -China's President"},
      {"Xi says China must 'overcome' AI chip challenges: state media", "AFP", "BEIJING",
       "BEIJING (AFP) - President Xi"},
  };
  for (std::size_t k = 0; k < 7; ++k) {
    CAPTURE(k + 1);
    CHECK(sources[k]->title == expected[k].title);
    CHECK(sources[k]->source == expected[k].outlet);
    CHECK(sources[k]->place == expected[k].place);
    CHECK(sources[k]->content.starts_with(expected[k].opening));
    CHECK(sources[k]->position == k);
    // Only [1] dates itself ("April 26"); the year comes from the reference time.
    CHECK(sources[k]->published == (k == 0 ? std::optional(date(2025, 4, 26)) : std::nullopt));
  }
  // Xinhua is quoted, not the outlet; the Reuters bio after "Our Standards" is cut.
  CHECK(sources[0]->content.size() > 1500);
  const std::string& first = sources[0]->content;
  CHECK(first.ends_with("Editing by Kate Mayberry"));
  CHECK(first.find("Pulitzer") == std::string::npos);
  CHECK(sources[6]->content.find("Share") == std::string::npos);

  const Item& sum = *summaries[0];
  CHECK(sum.title.starts_with("Chinese President Xi Jinping emphasizes the need for self-sufficiency in AI development"));
  CHECK(sum.title.back() == '.');
  CHECK(sum.content.starts_with("Chinese President Xi Jinping has emphasized the need"));
  CHECK(sum.content.find("to advance AI technologies. Xi acknowledged") == std::string::npos);  // a new paragraph
  CHECK(sum.content.find("advance AI technologies.\nXi acknowledged") != std::string::npos);
  CHECK(sum.content.find("AI-empowered applications\". He called") != std::string::npos);
  CHECK(sum.content.find("core software. The Chinese") == std::string::npos);
  CHECK(sum.content.find(" 1.") == std::string::npos);
  CHECK(sum.content.find("Meta Platforms") == std::string::npos);
  CHECK(sum.content.ends_with("between China and the United States."));
  CHECK(std::count(sum.content.begin(), sum.content.end(), '\n') == 6);  // seven paragraphs

  const std::pair<const char*, std::size_t> cited[] = {
      {"Speaking at a Politburo meeting study session", 1},
      {"Xi acknowledged that China still faces challenges", 1},
      {"He called for strengthening basic research", 2},
      {"Xi stressed the need to build an", 1},
      {"The US has imposed restrictions on exporting advanced processors", 3},
      {"The Chinese AI startup DeepSeek recently launched", 4},
      {"Xi called for speeding up AI regulations", 1},
      {"China's AI ambitions have raised concerns", 5},
  };
  REQUIRE(sum.citations.size() == std::size(cited));
  for (std::size_t i = 0; i < std::size(cited); ++i) {
    CAPTURE(cited[i].first);
    CHECK(sum.citations[i].sentence.starts_with(cited[i].first));
    CHECK(sum.citations[i].sentence.back() == '.');
    CHECK(sum.citations[i].source_ids == std::vector<std::string>{unique_id(*sources[cited[i].second - 1])});
  }
  CHECK(sum.citations[1].sentence.ends_with("applications\"."));

  const std::string story = sum.story;
  CHECK(story.starts_with("story:"));
  for (const auto* s : sources) CHECK(s->story == story);

  struct Teaser {
    const char* opening;
    std::size_t count;
    const char* section;
  };
  const Teaser teased[] = {
      {"Meta Platforms is reportedly in discussions", 7, "Business and Economy"},
      {"Upcoming US-China trade talks in London", 5, "Business and Economy"},
      {"OpenAI is aggressively promoting", 2, "Technology"},
      {"A sophisticated cyberattack", 2, "Technology"},
      {"Builder.ai, a Microsoft-backed startup", 2, "Business and Economy"},
  };
  for (std::size_t i = 0; i < std::size(teased); ++i) {
    CAPTURE(teased[i].opening);
    CHECK(teasers[i]->title.starts_with(teased[i].opening));
    CHECK(teasers[i]->source_count == teased[i].count);
    CHECK(teasers[i]->categories == std::vector<std::string>{teased[i].section});
    CHECK(teasers[i]->story.empty());
  }
  CHECK(teasers[0]->title ==
        "Meta Platforms is reportedly in discussions to invest over $10 billion in Scale AI, a data labeling startup.");
  CHECK(teasers[4]->summary.find("filed for bankruptcy") != std::string::npos);
}

TEST_CASE("digest: seed 002: the year of a year-less dateline") {
  struct Case {
    const char* name;
    std::int64_t reference;
    std::optional<std::int64_t> published;
  };
  const Case cases[] = {
      {"June, same year", kJune10, date(2025, 4, 26)},
      {"two days before: still this year", date(2025, 4, 24), date(2025, 4, 26)},
      {"a week before: last year", date(2025, 4, 19), date(2024, 4, 26)},
      {"no reference time: no date", 0, std::nullopt},
  };
  const std::string text = seed("002_");
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(parse(text, c.reference).items.at(0).published == c.published);
  }
}

TEST_CASE("digest: seed 002 without the phrase lists: the summary is still found") {
  ParsedText with = parse(seed("002_"));
  ParsedText without = parse(seed("002_"), kJune10, nullptr);
  REQUIRE(without.items.size() == with.items.size());
  const auto a = of_kind(with, "digest-summary");
  const auto b = of_kind(without, "digest-summary");
  REQUIRE(b.size() == 1);
  CHECK(b[0]->title == a[0]->title);
  CHECK(b[0]->content == a[0]->content);
  CHECK(b[0]->citations.size() == a[0]->citations.size());
}

TEST_CASE("digest: built in memory: 2 and 12 sources, CRLF, CR, no Share marker, no dateline") {
  struct Case {
    const char* name;
    Spec spec;
  };
  Spec crlf;
  crlf.eol = "\r\n";
  Spec no_share;
  no_share.share = false;
  Spec twelve;
  twelve.sources = 12;
  Spec twelve_bare;
  twelve_bare.sources = 12;
  twelve_bare.share = false;
  Spec undated;
  undated.sources = 3;
  undated.no_dateline = {2};
  Spec cr;
  cr.eol = "\r";
  cr.sources = 4;
  const Case cases[] = {
      {"2 sources", Spec{}}, {"2 sources, CRLF", crlf},   {"2 sources, CR", cr},
      {"no Share marker", no_share}, {"12 sources", twelve}, {"12 sources, no Share marker", twelve_bare},
      {"a source without dateline", undated},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedText t = parse(build(c.spec));
    CHECK(t.warnings.empty());
    check_built(t, c.spec);
  }
}

TEST_CASE("digest: line ends and the Share marker do not change the result") {
  Spec lf;
  lf.sources = 5;
  Spec crlf = lf;
  crlf.eol = "\r\n";
  Spec bare = lf;
  bare.share = false;
  const ParsedText a = parse(build(lf));
  for (const auto& other : {parse(build(crlf)), parse(build(bare))}) {
    REQUIRE(other.items.size() == a.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
      CAPTURE(i);
      CHECK(other.items[i].title == a.items[i].title);
      CHECK(other.items[i].content == a.items[i].content);
      CHECK(unique_id(other.items[i]) == unique_id(a.items[i]));
      CHECK(other.items[i].story == a.items[i].story);
    }
  }
}

TEST_CASE("digest: a header that disagrees with the blocks is a warning") {
  for (std::size_t declared : {1u, 3u, 9u}) {
    CAPTURE(declared);
    Spec s;
    s.declared = declared;
    ParsedText t = parse(build(s));
    REQUIRE(t.warnings.size() == 1);
    CHECK(t.warnings[0].message.find("says " + std::to_string(declared) + " sources but 2") != std::string::npos);
    CHECK(t.warnings[0].line == 2);
    check_built(t, s);
  }
}

TEST_CASE("digest: a different set of sources is a different story") {
  Spec two;
  Spec three;
  three.sources = 3;
  const std::string a = parse(build(two)).items.at(0).story;
  CHECK(a == parse(build(two)).items.at(0).story);  // stable
  CHECK(a != parse(build(three)).items.at(0).story);
}

TEST_CASE("digest: outlets from bylines and sign-offs, numbers that are not citations") {
  const std::string text =
      "3 Sources\n[1]\nOne\nBy Jane Doe, Bloomberg\nTokyo stocks rose 5.\n"
      "[2]\nTwo\nShares fell in Paris on Monday. \xE2\x80\x94 AFP\n"
      "[3]\nThree\nThe index closed at 24,000. Revenue rose 2.5.\n"
      "Share\nLead sentence here.\nGains were broad 1. Losses were 145. Growth hit 3.5. Rates were 2 3.\n";
  ParsedText t = parse(text);
  const auto sources = of_kind(t, "digest-source");
  REQUIRE(sources.size() == 3);
  CHECK(sources[0]->source == "Bloomberg");
  CHECK(sources[1]->source == "AFP");
  CHECK(sources[2]->source.empty());
  struct Byline {
    const char* text;
    const char* outlet;
  };
  const Byline bylines[] = {
      {"By Jane Doe, Reuters\nText.", "Reuters"},
      {"By Jane Doe | Some Paper\nText.", "Some Paper"},
      {"By Jane Doe, Reuters - Text of a long single-line article that goes on and on for well over a "
       "hundred characters.",
       "Reuters"},
      {"By 2030, China wants chips\nText.", ""},
      {"By Jane Doe, China wants chips.\nText.", ""},
      {"Text of the story, as told. (AFP)", "AFP"},
      {"Text of the story. - PTI", "PTI"},
      {"Text of the story - he said", ""},
      {"Text (Reporting by Jane Doe; Editing by John Roe)", ""},
  };
  for (const auto& b : bylines) {
    CAPTURE(b.text);
    CHECK(text::outlet_from_byline(b.text, shipped().lists()).value_or("") == b.outlet);
  }
  const auto sum = of_kind(t, "digest-summary");
  REQUIRE(sum.size() == 1);
  CHECK(sum[0]->content == "Gains were broad. Losses were 145. Growth hit 3.5. Rates were.");
  REQUIRE(sum[0]->citations.size() == 2);
  CHECK(sum[0]->citations[0].source_ids == std::vector<std::string>{unique_id(*sources[0])});
  CHECK(sum[0]->citations[1].source_ids ==
        std::vector<std::string>{unique_id(*sources[1]), unique_id(*sources[2])});
}

TEST_CASE("digest: teasers seen twice are one; a teaser may lack a section") {
  const std::string text =
      "1 Sources\n[1]\nOne\nText.\nShare\nLead.\nPoint 1.\n"
      "Same story again.\n3 Sources\nTechnology\n2 hrs ago\n"
      "Other story.\n2 Sources\nWorld\n1 hr ago\n"
      "Same story again.\n3 Sources\nBusiness\n2 hrs ago\n"
      "A \xE2\x80\x9Cquoted\xE2\x80\x9D story.\n3 Sources\nBusiness\n2 hrs ago\n"
      "A \"quoted\" story.\n3 Sources\nBusiness\n2 hrs ago\n"
      "Third story.\n2 Sources\n4 hrs ago\n";
  ParsedText t = parse(text);
  const auto teasers = of_kind(t, "teaser");
  REQUIRE(teasers.size() == 4);
  CHECK(teasers[0]->title == "Same story again.");
  CHECK(teasers[0]->categories == std::vector<std::string>{"Technology", "Business"});
  CHECK(teasers[1]->categories == std::vector<std::string>{"World"});
  // Curly and straight quotes are the same teaser.
  CHECK(teasers[2]->title == "A \xE2\x80\x9Cquoted\xE2\x80\x9D story.");
  CHECK(teasers[2]->categories == std::vector<std::string>{"Business"});
  CHECK(teasers[3]->title == "Third story.");
  CHECK(teasers[3]->categories.empty());
  CHECK(teasers[3]->source_count == 2);
  const auto sum = of_kind(t, "digest-summary");
  REQUIRE(sum.size() == 1);
  CHECK(sum[0]->content == "Point.");
}

TEST_CASE("digest: datelines") {
  struct Case {
    const char* text;
    const char* place;
    const char* outlet;
    std::optional<std::int64_t> published;
    bool found = true;
  };
  const Case cases[] = {
      {"HONG KONG, April 26 (Reuters) - China's", "HONG KONG", "Reuters", date(2025, 4, 26)},
      {"Beijing (AFP) - President", "Beijing", "AFP", std::nullopt},
      {"HONG KONG (Reuters) -China's", "HONG KONG", "Reuters", std::nullopt},
      {"WASHINGTON, June 3, 2024 (AP) \xE2\x80\x94 The", "WASHINGTON", "AP", date(2024, 6, 3)},
      {"Washington, D.C., Jan. 5 (AP) - The", "Washington, D.C.", "AP", date(2025, 1, 5)},
      {"WINSTON-SALEM, N.C. (AP) \xE2\x80\x94 A", "WINSTON-SALEM, N.C.", "AP", std::nullopt},
      {"BEIJING, 26 April (Xinhua) -- The", "BEIJING", "Xinhua", date(2025, 4, 26)},
      {"(Reuters) - Shares fell", "", "Reuters", std::nullopt},
      {"LONDON \xE2\x80\x94 The Bank of England", "LONDON", "", std::nullopt},
      {"SÃO PAULO (reuters) - Brazil", "SÃO PAULO", "Reuters", std::nullopt},  // the listed spelling
      {"Paris, March 3 - Talks", "Paris", "", date(2025, 3, 3)},
      {"SAN FRANCISCO, Dec. 30 (Reuters) - X", "SAN FRANCISCO", "Reuters", date(2024, 12, 30)},  // last year
      {"NEW YORK (MarketWatch) - Stocks", "NEW YORK", "MarketWatch", std::nullopt},  // unknown outlet, shouted place
      {"Update - the talks resumed", "", "", std::nullopt, false},
      {"Tesla (TSLA) - shares fell", "", "", std::nullopt, false},  // a ticker, not an outlet
      {"Nvidia (NVDA.O) - shares rose", "", "", std::nullopt, false},
      {"Paris - Talks resumed", "", "", std::nullopt, false},  // mixed case, no date, no outlet
      {"COVID-19 cases rose", "", "", std::nullopt, false},
      {"President Xi said - in a speech", "", "", std::nullopt, false},
      {"LONDON\xE2\x80\x94The Bank", "", "", std::nullopt, false},  // glued dash needs an outlet
      {"Some experts say (in a note) - hmm", "", "", std::nullopt, false},
      {"", "", "", std::nullopt, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    // Dec. 30 is read on June 10 here, except in the "last year" case (Jan 2).
    const std::int64_t reference = std::string(c.text).find("Dec.") != std::string::npos ? date(2025, 1, 2) : kJune10;
    auto d = text::parse_dateline(c.text, shipped().lists(), reference);
    REQUIRE(d.has_value() == c.found);
    if (!d) continue;
    CHECK(d->place == c.place);
    CHECK(d->outlet == c.outlet);
    CHECK(d->published == c.published);
  }
}

TEST_CASE("digest: dates without a year") {
  struct Case {
    unsigned month, day;
    std::int64_t reference;
    std::optional<std::int64_t> expected;
  };
  const Case cases[] = {
      {4, 26, kJune10, date(2025, 4, 26)},
      {6, 13, kJune10, date(2025, 6, 13)},  // three days ahead: this year
      {6, 14, kJune10, date(2024, 6, 14)},  // four: last year
      {2, 29, date(2025, 3, 1), date(2024, 2, 29)},
      {2, 30, kJune10, std::nullopt},
      {13, 1, kJune10, std::nullopt},
      {4, 26, 0, std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.month);
    CAPTURE(c.day);
    CHECK(text::resolve_date(c.month, c.day, std::nullopt, c.reference) == c.expected);
  }
  CHECK(text::resolve_date(4, 26, 2020, 0) == date(2020, 4, 26));
}

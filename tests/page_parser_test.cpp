// Scraped article pages: seed 003, pages built here, outlet-and-age lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "indexer/parse/text_parser.hpp"
#include "tests/text_fixtures.hpp"
#include "indexer/parse/text_parsing.hpp"
#include "indexer/parse/unique_id.hpp"

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

using namespace text_fixtures;

ParsedText parse(std::string_view bytes, const Boilerplate* b = &shipped(), TextKind kind = TextKind::automatic) {
  TextOptions o;
  o.boilerplate = b;
  o.reference_time = 1749556800;  // 2025-06-10
  return parse_text(bytes, o, kind);
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// A page as the scraper saves it.
const std::string kPage =
    "logo\n"
    "Chips Rally As Demand Soars\n\n"
    "Chips Rally As Demand Soars\n\n"
    "NDTV12 minutes ago\n\n"
    "Chip makers gained on Monday. Demand was strong.\n"
    "Read This Other Story About Markets Today\n"
    "Analysts expect more gains.\n\n"
    "Orange background\n\n"
    "Comments\n\n"
    "No comments yet...\n\n"
    "Related Articles\n\n"
    "Entry A about trade\nEntry A about trade\n\nMint\n\ntime5 minutes ago\n\n  \xE2\x80\xA2 Mint\n\n"
    "Entry A about trade\n\nSummary of A. More of A.\n\n"
    "Entry B: no repeat\n\nReuters\n\ntime1 hour ago\n\nSummary of B.\n\n"
    "Entry C with only a bullet\n\ntime2 days ago\n\n\xE2\x80\xA2 Time of India\n\nSummary of C.\n\n"
    "DOWNLOAD THE APP\n\nGet the app now.\n";

}  // namespace

TEST_CASE("page: seed 003: the article without chrome, related entries as teasers") {
  ParsedText t = parse(seed("003_"));
  CHECK(t.warnings.empty());
  REQUIRE(t.items.size() == 4);
  const Item& a = t.items[0];
  CHECK(a.kind == "article");
  CHECK(a.title == "Huawei Founder Waves Off US Chip Curbs While Trade Talks Proceed");
  CHECK(a.source == "Mint");
  CHECK(a.story.empty());
  CHECK(a.content.starts_with("Huawei Technologies Co. founder Ren Zhengfei dismissed the impact"));
  CHECK(a.content.ends_with("their technology is becoming more powerful."));
  CHECK(std::count(a.content.begin(), a.content.end(), '\n') == 8);  // nine paragraphs
  for (std::string_view chrome :
       {"logo", "Huawei Founder Waves Off", "Mint4 hours ago", "Nvidia CEO Warns That Chinese AI Rivals",
        "Orange background", "Try Our AI Features", "Daily8", "Comments", "No comments", "Related Articles",
        "defence stocks", "DOWNLOAD", "app-store"}) {
    CAPTURE(chrome);
    CHECK_FALSE(contains(a.content, chrome));
  }

  struct Teaser {
    const char* title;
    const char* outlet;
    const char* opening;
  };
  const Teaser expected[] = {
      {"From BEL, HAL to Mishra Dhatu Nigam\xE2\x80\x94 defence stocks surge amid reports of Indian Army to get "
       "\xE2\x82\xB9"
       "30,000 crore QRSAM boost",
       "Mint", "Several defence stocks, including BEL, HAL and Mishra Dhatu Nigam, saw healthy gains"},
      {"Amid Putin-Xi Bonhomie, Russian Intelligence Cautious Of \"Enemy\" China", "NDTV",
       "Washington: While the world sees Russian President"},
      {"Rednote joins wave of Chinese firms releasing open-source AI models", "Time of India",
       "HighlightsChina's Rednote, also known as Xiaohongshu"},
  };
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    CAPTURE(i);
    const Item& teaser = t.items[i + 1];
    CHECK(teaser.kind == "teaser");
    CHECK(teaser.title == expected[i].title);
    CHECK(teaser.source == expected[i].outlet);
    CHECK(teaser.summary.starts_with(expected[i].opening));
    CHECK_FALSE(contains(teaser.summary, "\xE2\x80\xA2"));  // the "• Mint" line
    CHECK_FALSE(contains(teaser.summary, expected[i].title));
    CHECK_FALSE(contains(teaser.summary, "DOWNLOAD"));
    CHECK(teaser.story.empty());
    CHECK(teaser.position == i + 1);
    CHECK(unique_id(teaser) != unique_id(a));
  }
  // A "read more" link at the end of a summary is cut (a [cut-from] phrase).
  CHECK(t.items[1].summary.ends_with("which could benefit stocks like BEL and BEML."));
  CHECK(t.items[3].summary.ends_with("a fraction of the cost of Western rivals."));
}

TEST_CASE("page: a page built in memory") {
  struct Case {
    const char* name;
    std::string text;
  };
  std::string crlf;
  for (char c : kPage) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const Case cases[] = {{"LF", kPage}, {"CRLF", crlf}};
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedText t = parse(c.text);
    REQUIRE(t.items.size() == 4);
    CHECK(t.items[0].kind == "article");
    CHECK(t.items[0].title == "Chips Rally As Demand Soars");
    CHECK(t.items[0].source == "NDTV");
    CHECK(t.items[0].content == "Chip makers gained on Monday. Demand was strong.\nAnalysts expect more gains.");
    const char* titles[] = {"Entry A about trade", "Entry B: no repeat", "Entry C with only a bullet"};
    const char* outlets[] = {"Mint", "Reuters", "Time of India"};
    const char* summaries[] = {"Summary of A. More of A.", "Summary of B.", "Summary of C."};
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(i);
      CHECK(t.items[i + 1].kind == "teaser");
      CHECK(t.items[i + 1].title == titles[i]);
      CHECK(t.items[i + 1].source == outlets[i]);
      CHECK(t.items[i + 1].summary == summaries[i]);
    }
  }
}

TEST_CASE("page: what is and is not chrome") {
  struct Case {
    const char* name;
    std::string text;
    const char* title;
    const char* source;
    const char* content;
    std::size_t teasers;
  };
  const Case cases[] = {
      {"outlet line above the headline", "Mint4 hours ago\nBig News Today\n\nText.", "Big News Today", "Mint", "Text.",
       0},
      {"age line with a space, known outlet", "Big News Today\nReuters 3 hrs ago\n\nText.", "Big News Today",
       "Reuters", "Text.", 0},
      {"page end without related list", "Big News Today\n\nMint1 day ago\n\nText.\nComments\nA comment.",
       "Big News Today", "Mint", "Text.", 0},
      // A plain article keeps its Title Case lines (only pages drop link lines).
      {"plain article keeps a Title Case line", "Big News Today\n\nText.\nWhat This Means For You\nMore text.",
       "Big News Today", "", "Text.\nWhat This Means For You\nMore text.", 0},
      {"a short subheading on a page stays", "Big News Today\n\nMint1 day ago\n\nText.\nThe Outlook\nMore.",
       "Big News Today", "Mint", "Text.\nThe Outlook\nMore.", 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedText t = parse(c.text);
    REQUIRE(t.items.size() == 1 + c.teasers);
    CHECK(t.items[0].title == c.title);
    CHECK(t.items[0].source == c.source);
    CHECK(t.items[0].content == c.content);
  }
}

TEST_CASE("page: a page forced to be read as an article is still cleaned") {
  ParsedText t = parse(seed("003_"), &shipped(), TextKind::article);
  REQUIRE(t.items.size() == 4);
  CHECK(t.items[0].source == "Mint");
  ParsedText d = parse(seed("003_"), &shipped(), TextKind::digest);
  REQUIRE(d.items.size() == 4);  // falls back, with a warning
  CHECK(d.warnings.size() == 1);
}

TEST_CASE("page: outlet-and-age lines and relative times") {
  const auto& lists = shipped().lists();
  std::vector<Diagnostic> none;
  Boilerplate channel = Boilerplate::parse("[outlets]\nChannel 4\n", none);
  struct Case {
    const char* line;
    std::optional<std::string> outlet;
    bool age;  // is_relative_time
  };
  const Case cases[] = {
      {"Mint4 hours ago", "Mint", false},
      {"NDTV12 minutes ago", "NDTV", false},
      {"Some Blog2 days ago", "Some Blog", false},
      {"Reuters 3 hrs ago", "Reuters", false},  // a space: only a known outlet
      {"Updated 4 hours ago", std::nullopt, false},
      {"time31 minutes ago", std::nullopt, true},
      {"11 hrs ago", std::nullopt, true},
      {"2 days ago", std::nullopt, true},
      {"an hour ago", std::nullopt, true},
      {"5h ago", std::nullopt, true},
      {"4 hours", std::nullopt, false},
      {"4 apples ago", std::nullopt, false},
      {"Mint", std::nullopt, false},
      {"", std::nullopt, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    CHECK(text::outlet_of_age_line(c.line, lists) == c.outlet);
    CHECK(text::is_relative_time(c.line) == c.age);
  }
  // Digits in a known name: "Channel 4" then "2 hours ago".
  CHECK(text::outlet_of_age_line("Channel 42 hours ago", channel.lists()) == std::optional<std::string>("Channel 4"));
}

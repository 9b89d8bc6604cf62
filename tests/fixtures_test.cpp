// The project's own fixtures (tests/fixtures/) read as they were written:
// each charset decodes to its UTF-8 text, and each feed of the three HTTP
// snapshots parses cleanly in its dialect. The core suites build on these
// files, so a fixture that stops meaning what its name says fails here first.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/unique_id.hpp"
#include "tests/test_data.hpp"

namespace {

namespace fs = std::filesystem;

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE_MESSAGE(in, p.string() << " is missing");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("fixtures: a feed in each legacy charset decodes to its text") {
  struct Case {
    const char* file;
    const char* channel;
    const char* title;
    const char* word;  // a word of the description
  };
  for (const Case& c : {Case{"euc-kr.xml", "서울 소식", "한강 다리 공사 시작", "다리"},
                        Case{"koi8-r.xml", "Новости", "Мост через реку открыт", "понедельник"},
                        Case{"shift_jis.xml", "ニュース", "東京で新しい橋が開通", "月曜日"},
                        Case{"gb2312.xml", "新闻", "北京新桥通车", "星期一"}}) {
    CAPTURE(c.file);
    const std::string raw = bytes_of(test_data::fixtures() / "charsets" / c.file);
    CHECK(raw.find(c.title) == std::string::npos);  // not stored as UTF-8
    const newsdex::ParsedFeed feed = newsdex::parse_feed(raw);
    REQUIRE_FALSE(feed.error);
    CHECK(feed.warnings.empty());
    CHECK(feed.feed.title == c.channel);
    REQUIRE(feed.items.size() == 1);
    CHECK(feed.items[0].title == c.title);
    CHECK(feed.items[0].summary.find(c.word) != std::string::npos);
    CHECK(feed.items[0].published.has_value());
  }
}

TEST_CASE("fixtures: the HTTP snapshots are five feeds in four dialects") {
  struct Feed {
    const char* file;
    const char* format;
    bool guids;  // items carry a guid / atom:id
    bool dated;
  };
  for (const char* snapshot : {"2007-03", "2007-06", "2007-09"}) {
    for (const Feed& f : {Feed{"world.xml", "rss", true, true}, Feed{"wire.xml", "rss", false, true},
                          Feed{"science.xml", "rdf", true, true}, Feed{"tech.xml", "atom", true, true},
                          Feed{"sport.xml", "rss", false, false}}) {
      const fs::path path = test_data::fixtures() / "http" / snapshot / f.file;
      if (std::string(f.file) == "sport.xml" && std::string(snapshot) == "2007-03") {
        CHECK_FALSE(fs::exists(path));  // a feed that appears in a later capture
        continue;
      }
      CAPTURE(path.string());
      const newsdex::ParsedFeed feed = newsdex::parse_feed(bytes_of(path));
      REQUIRE_FALSE(feed.error);
      CHECK(feed.warnings.empty());
      CHECK(feed.feed.format == f.format);
      CHECK(feed.items.size() >= 3);
      for (const auto& item : feed.items) {
        CAPTURE(item.title);
        CHECK(item.guid.empty() != f.guids);
        CHECK(item.published.has_value() == f.dated);
        CHECK(item.summary.size() > 100);  // long enough to fingerprint
        CHECK(newsdex::unique_id(item).rfind("hash:", 0) != 0);
      }
    }
  }
  // Latin-1 in a feed that declares it.
  const auto sport = newsdex::parse_feed(bytes_of(test_data::fixtures() / "http" / "2007-09" / "sport.xml"));
  bool accented = false;
  for (const auto& item : sport.items) accented |= item.summary.find("São Paulo and Zürich") != std::string::npos;
  CHECK(accented);
}

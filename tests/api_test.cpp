// The public API as an embedding program sees it: only <newsdex/newsdex.hpp>,
// linked against the shared library.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

newsdex::IndexOptions at(const fs::path& db) {
  newsdex::IndexOptions o;
  o.path = db.string();
  return o;
}

const char* kFeed = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><guid>a1</guid><title>Huawei unveils chips</title><link>https://wire.example/a1</link>
<description>The Ascend chips rival Nvidia's.</description><category>Tech</category>
<pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate><author>ann@wire.example (Ann)</author></item>
<item><guid>a2</guid><title>Rare earths</title><link>https://wire.example/a2</link>
<description>Export controls tighten.</description><pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate></item>
</channel></rss>)";

template <typename F>
newsdex::Errc error_code_of(F&& f) {
  try {
    f();
  } catch (const newsdex::Error& e) {
    CHECK(std::string(e.what()).size() > 10);  // a sentence, not a code
    return e.code();
  }
  FAIL("expected a newsdex::Error");
  return newsdex::Errc::internal;
}

}  // namespace

TEST_CASE("api: index a feed from memory, search it, fetch a document") {
  TempDir dir;
  {
    auto index = newsdex::Index::open(at(dir.path / "db"));
    newsdex::IndexReport report;
    index.add_bytes(kFeed, "memory", report);
    index.add_bytes("Plain headline\n\nA plain article about chips.", "note.txt", report,
                    newsdex::InputFormat::article);
    index.commit();
    CHECK(report.ok());
    CHECK(report.added == 3);
  }
  auto searcher = newsdex::Searcher::open((dir.path / "db").string());
  newsdex::SearchOptions options;
  options.snippet_chars = 60;
  auto results = searcher.search("chips", options);
  REQUIRE(results.hits.size() == 2);
  CHECK(results.total == 2);
  const newsdex::Hit& top = results.hits[0];
  CHECK(top.rank == 1);
  CHECK(top.id == "a1");  // the title match ranks first
  CHECK(top.source == "Wire");
  CHECK(top.author == "Ann");  // "ann@wire.example (Ann)" is read as a name
  CHECK(top.categories == std::vector<std::string>{"Tech"});
  CHECK(top.kind == "feed-item");
  CHECK(top.story == "a1");
  REQUIRE(top.published);
  CHECK(newsdex::format_utc(*top.published) == "2025-12-01T10:00:00Z");
  REQUIRE_FALSE(top.snippet.marks.empty());
  const auto& m = top.snippet.marks[0];
  CHECK(top.snippet.text.substr(m.begin, m.end - m.begin) == "chips");
  CHECK(newsdex::to_html(top.snippet).find("<mark>chips</mark>") != std::string::npos);
  CHECK(results.hits[1].kind == "article");

  auto doc = searcher.document("a2");
  REQUIRE(doc);
  CHECK(doc->title == "Rare earths");
  CHECK(doc->url == "https://wire.example/a2");
  CHECK_FALSE(searcher.document("no-such-id"));
}

TEST_CASE("api: errors are newsdex::Error with a code") {
  TempDir dir;
  SUBCASE("opening a missing index read-only") {
    CHECK(error_code_of([&] { newsdex::Searcher::open((dir.path / "missing").string()); }) ==
          newsdex::Errc::not_found);
  }
  SUBCASE("a folder of other files is neither read nor written as an index") {
    std::ofstream(dir.path / "notes.txt") << "not an index";
    auto read = error_code_of([&] { newsdex::Searcher::open(dir.path.string()); });
    CHECK((read == newsdex::Errc::not_found || read == newsdex::Errc::corrupt));
    CHECK(error_code_of([&] { newsdex::Index::open(at(dir.path)); }) ==
          newsdex::Errc::invalid_argument);
    CHECK(fs::exists(dir.path / "notes.txt"));
    CHECK_FALSE(fs::exists(dir.path / "iamglass"));
  }
  SUBCASE("a corrupt index") {
    {
      auto index = newsdex::Index::open(at(dir.path / "db"));
      newsdex::IndexReport r;
      index.add_bytes(kFeed, "memory", r);
      index.commit();
    }
    for (const auto& entry : fs::directory_iterator(dir.path / "db"))
      if (entry.path().extension() == ".glass") std::ofstream(entry.path(), std::ios::trunc) << "garbage";
    auto code = error_code_of([&] {
      auto searcher = newsdex::Searcher::open((dir.path / "db").string());
      searcher.search("chips");
    });
    CHECK((code == newsdex::Errc::corrupt || code == newsdex::Errc::io));
  }
  SUBCASE("two writers") {
    auto first = newsdex::Index::open(at(dir.path / "db"));
    CHECK(error_code_of([&] { newsdex::Index::open(at(dir.path / "db")); }) ==
          newsdex::Errc::locked);
  }
  SUBCASE("a query syntax error") {
    { auto index = newsdex::Index::open(at(dir.path / "db")); }
    auto searcher = newsdex::Searcher::open((dir.path / "db").string());
    CHECK(error_code_of([&] { searcher.search("date:2025-13-45..2026"); }) == newsdex::Errc::query);
  }
  SUBCASE("a bad time bound") {
    CHECK(error_code_of([&] { newsdex::parse_time_bound("last tuesday", 0); }) ==
          newsdex::Errc::invalid_argument);
  }
}

TEST_CASE("api: bad input is reported per input, never thrown") {
  TempDir dir;
  auto index = newsdex::Index::open(at(dir.path / "db"));
  newsdex::IndexReport report;
  index.add_bytes("<!-- never closed <rss><channel><item><title>cut", "cut.xml", report);  // beyond recovery
  index.add_bytes(kFeed, "good.xml", report);
  index.add_paths({(dir.path / "nowhere.xml").string()}, report);
  index.commit();
  CHECK(report.added == 2);
  REQUIRE(report.errors.size() == 2);
  CHECK(report.errors[0].where.starts_with("cut.xml:"));
  CHECK(report.errors[1].message.find("no such file") != std::string::npos);
}

TEST_CASE("api: the feed list kept with the index") {
  TempDir dir;
  {
    auto index = newsdex::Index::open(at(dir.path / "db"));
    CHECK(index.add_feed({.url = "https://example.com/rss", .name = "Example"}));
    CHECK(index.add_feed({.url = "https://example.org/atom", .name = ""}));
    // A second add of a listed URL changes nothing; set_feed renames.
    CHECK_FALSE(index.add_feed({.url = "https://example.com/rss", .name = "Other"}));
    CHECK(index.feeds().front().name == "Example");
    CHECK(index.set_feed({.url = "https://example.com/rss", .name = "Renamed", .category = "World/Europe"}));
    CHECK_FALSE(index.set_feed({.url = "https://nowhere.example/", .name = "x"}));
    CHECK(index.remove_feed("https://example.org/atom"));
    CHECK_FALSE(index.remove_feed("https://nowhere.example/"));
    index.commit();
  }
  auto states = newsdex::read_feed_states((dir.path / "db").string());
  REQUIRE(states.size() == 1);
  CHECK(states[0].url == "https://example.com/rss");
  CHECK(states[0].name == "Renamed");
  CHECK(states[0].category == "World/Europe");
  CHECK_FALSE(states[0].last_attempt);

  std::vector<newsdex::Problem> problems;
  auto list = newsdex::parse_feed_list(
      "# mine\nhttps://a.example/rss A feed\nnot-a-url\n\nhttp://b.example/feed\n", "subs.txt", problems);
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "A feed");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == "subs.txt:3");
  auto opml = newsdex::parse_feed_list(
      R"(<opml version="2.0"><body><outline text="News"><outline text="BBC" xmlUrl="http://feeds.bbci.co.uk/news/rss.xml"/></outline></body></opml>)",
      "subs.opml", problems);
  REQUIRE(opml.size() == 1);
  CHECK(opml[0].name == "BBC");

  // Found by the feed_list fuzz target: an OPML xmlUrl that is not http(s)
  // was listed as a feed, where a plain list refuses the same line.
  problems.clear();
  auto hostile = newsdex::parse_feed_list(
      "<opml version=\"2.0\"><body>\n<outline text=\"ok\" xmlUrl=\"https://a.example/rss\"/>\n"
      "<outline text=\"local\" xmlUrl=\"file:///etc/passwd\"/>\n"
      "<outline text=\"ftp\" xmlUrl=\"ftp://b.example/feed\"/></body></opml>",
      "subs.opml", problems);
  REQUIRE(hostile.size() == 1);
  CHECK(hostile[0].url == "https://a.example/rss");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].where == "subs.opml:3");
  CHECK(problems[0].message == "xmlUrl \"file:///etc/passwd\" is not an http(s) URL: skipped");
  CHECK(problems[1].where == "subs.opml:4");
}

namespace {

std::string item_xml(const std::string& guid, const std::string& title, const std::string& body,
                     const std::string& date, const std::string& category) {
  return "<item><guid>" + guid + "</guid><title>" + title + "</title><description>" + body +
         "</description><pubDate>" + date + "</pubDate><category>" + category + "</category></item>";
}

// Three items: two close in content, one apart; dated 2006, 2025 and 2025.
fs::path ranking_index(const TempDir& dir) {
  fs::path db = dir.path / "db";
  auto index = newsdex::Index::open(at(db));
  newsdex::IndexReport report;
  std::string feed =
      "<rss><channel><title>Wire</title>" +
      item_xml("old", "Chips chips chips: Huawei Ascend chips", "Huawei Ascend chips and chip packaging.",
               "Mon, 01 May 2006 10:00:00 GMT", "Tech") +
      item_xml("new", "Huawei chips", "Huawei Ascend chip packaging and cluster computing.",
               "Mon, 01 Dec 2025 10:00:00 GMT", "Tech") +
      item_xml("other", "Rare earths", "Export controls on rare earth minerals tighten.",
               "Tue, 02 Dec 2025 10:00:00 GMT", "Trade") +
      "</channel></rss>";
  index.add_bytes(feed, "feed.xml", report);
  index.commit();
  REQUIRE(report.added == 3);
  return db;
}

std::vector<std::string> ids_of(const newsdex::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

}  // namespace

TEST_CASE("api: facets count every match by field") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(ranking_index(dir).string());
  newsdex::SearchOptions options;
  options.limit = 1;  // facets cover all matches, not only the page
  options.facets = {"category", "month", "kind", "source"};
  auto r = searcher.search("", options);
  REQUIRE(r.facets.size() == 4);
  using Counts = std::vector<std::pair<std::string, std::size_t>>;
  CHECK(r.facets[0].field == "category");
  CHECK(r.facets[0].counts == Counts{{"Tech", 2}, {"Trade", 1}});
  CHECK(r.facets[1].counts == Counts{{"2025-12", 2}, {"2006-05", 1}});
  CHECK(r.facets[2].counts == Counts{{"feed-item", 3}});
  CHECK(r.facets[3].counts == Counts{{"Wire", 3}});
  CHECK(r.total == 3);
  options.facets = {"colour"};
  CHECK(error_code_of([&] { searcher.search("", options); }) == newsdex::Errc::invalid_argument);
}

TEST_CASE("api: recent blends relevance with freshness") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(ranking_index(dir).string());
  newsdex::SearchOptions options;
  CHECK(ids_of(searcher.search("chips", options)) == std::vector<std::string>{"old", "new"});
  options.sort = newsdex::Sort::recent;
  options.now = 1764583200;  // the day of "new"
  CHECK(ids_of(searcher.search("chips", options)) == std::vector<std::string>{"new", "old"});
  // With a very long half-life nothing is old: relevance decides again.
  options.half_life = std::chrono::hours(24 * 365 * 1000);
  CHECK(ids_of(searcher.search("chips", options)) == std::vector<std::string>{"old", "new"});
}

TEST_CASE("api: related documents") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(ranking_index(dir).string());
  auto r = searcher.related("new");
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].id == "old");
  for (const auto& h : r.hits) CHECK(h.id != "new");
  CHECK(error_code_of([&] { searcher.related("missing"); }) == newsdex::Errc::not_found);
}

TEST_CASE("api: Chinese, Japanese and Korean text is searchable and highlighted") {
  TempDir dir;
  {
    auto index = newsdex::Index::open(at(dir.path / "db"));
    newsdex::IndexReport report;
    index.add_bytes(
        "<rss><channel><title>新闻</title>"
        "<item><guid>zh</guid><title>华为发布新芯片</title><description>华为今天在深圳发布了新的人工智能芯片。</description></item>"
        "<item><guid>ja</guid><title>東京の天気</title><description>今日は晴れです。</description></item>"
        "<item><guid>ko</guid><title>서울 뉴스</title><description>오늘 서울은 맑습니다.</description></item>"
        "</channel></rss>",
        "cjk.xml", report);
    index.commit();
    REQUIRE(report.added == 3);
  }
  auto searcher = newsdex::Searcher::open((dir.path / "db").string());
  struct Case {
    std::string query;
    std::string id;
  };
  for (const Case& c : {Case{"芯片", "zh"}, Case{"人工智能", "zh"}, Case{"天気", "ja"}, Case{"서울", "ko"}}) {
    CAPTURE(c.query);
    auto r = searcher.search(c.query);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == c.id);
    std::string marked = newsdex::to_html(r.hits[0].title_marks) + newsdex::to_html(r.hits[0].snippet);
    CHECK(marked.find("<mark>") != std::string::npos);
  }
  CHECK(newsdex::to_html(searcher.search("芯片").hits[0].title_marks) ==
        "华为发布新<mark>芯</mark><mark>片</mark>");
  CHECK(searcher.search("芯片 华为").hits.size() == 1);
  CHECK(searcher.search("东京").hits.empty());  // simplified 东 is not 東
}

TEST_CASE("api: several authors stay a list, in hits and in an export") {
  TempDir dir;
  {
    auto index = newsdex::Index::open(at(dir.path / "db"));
    newsdex::IndexReport report;
    index.add_bytes(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>W</title>
<item><guid>two</guid><title>Two writers</title><dc:creator>Smith, Jo</dc:creator>
<dc:creator>Ann Cao</dc:creator></item></channel></rss>)",
                    "memory", report);
    index.commit();
    REQUIRE(report.added == 1);
  }
  auto searcher = newsdex::Searcher::open((dir.path / "db").string());
  auto hits = searcher.search("author:cao", {}).hits;
  REQUIRE(hits.size() == 1);
  // A name with a comma in it stays one name: the list is not the joined string split.
  CHECK(hits[0].authors == std::vector<std::string>{"Smith, Jo", "Ann Cao"});
  CHECK(hits[0].author == "Smith, Jo, Ann Cao");
  std::ostringstream backup;
  newsdex::export_documents((dir.path / "db").string(), backup);
  CHECK(backup.str().find(R"("authors":["Smith, Jo","Ann Cao"])") != std::string::npos);
}

// Hostile files: each gets a clear error or a bounded, correct result, never a
// crash, a hang or memory out of proportion to the input. The limits they meet
// are in README.md ("Limits").

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "common/encoding.hpp"
#include "common/read_file.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/text_parser.hpp"
#include "newsdex/index.hpp"
#include "newsdex/search.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using newsdex::parse_feed;

namespace {

std::string rss(const std::string& doctype, const std::string& items) {
  return "<?xml version=\"1.0\"?>\n" + doctype + "<rss version=\"2.0\"><channel><title>Hostile</title>\n" +
         items + "</channel></rss>\n";
}

std::string item(const std::string& guid, const std::string& title, const std::string& body) {
  return "<item><guid>" + guid + "</guid><title>" + title + "</title><description>" + body +
         "</description></item>\n";
}

bool any_text_contains(const newsdex::ParsedFeed& feed, const std::string& needle) {
  for (const auto& i : feed.items)
    if ((i.title + i.summary + i.content).find(needle) != std::string::npos) return true;
  return false;
}

newsdex::IndexReport index_bytes(const std::string& db, const std::string& bytes, const std::string& name) {
  newsdex::IndexOptions options;
  options.path = db;
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.add_bytes(bytes, name, report);
  index.commit();
  return report;
}

}  // namespace

TEST_CASE("hostile: entity expansion (billion laughs, quadratic blowup) is never performed") {
  std::string laughs = "<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n";
  for (int i = 1; i <= 9; ++i)
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"" + [&] {
      std::string ten;
      for (int k = 0; k < 10; ++k) ten += "&lol" + std::to_string(i - 1) + ";";
      return ten;
    }() + "\">\n";
  laughs += "]>\n";
  const std::string big(100'000, 'a');
  const std::string quadratic = "<!DOCTYPE rss [<!ENTITY a \"" + big + "\">]>\n";
  std::string many_refs;
  for (int i = 0; i < 10'000; ++i) many_refs += "&a;";

  for (const auto& [doctype, body] : {std::pair{laughs, std::string("&lol9;")}, std::pair{quadratic, many_refs}}) {
    const auto feed = parse_feed(rss(doctype, item("g1", "Laughs", body) + item("g2", "Second", "Plain text.")));
    REQUIRE_FALSE(feed.error);
    REQUIRE(feed.items.size() == 2);  // the items are read...
    // ...and the entities stay unexpanded: the text is as long as what was written.
    CHECK(feed.items[0].summary.size() <= body.size());
    CHECK(feed.items[1].summary == "Plain text.");
  }
}

TEST_CASE("hostile: external entities never read a file") {
  for (const char* decl : {"<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n",
                           "<!DOCTYPE rss SYSTEM \"file:///etc/passwd\">\n",
                           "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"}) {
    CAPTURE(decl);
    const auto feed = parse_feed(rss(decl, item("g1", "Secret &x;", "Body &x; here.")));
    REQUIRE_FALSE(feed.error);
    REQUIRE(feed.items.size() == 1);
    CHECK_FALSE(any_text_contains(feed, "root:"));
    CHECK_FALSE(any_text_contains(feed, "/bin/"));
  }
}

TEST_CASE("hostile: 100,000-deep nesting is an error naming the limit, or flattened text") {
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "<a>";
  const auto xml_deep = parse_feed(rss("", "<item><title>Deep</title><description>" + deep + "</description></item>"));
  REQUIRE(xml_deep.error);  // XML nested past tinyxml2's limit: the feed cannot be read
  CHECK(xml_deep.error->message.find("deep") != std::string::npos);

  // The same depth as escaped HTML inside one item is text to flatten.
  std::string html;
  for (int i = 0; i < 100'000; ++i) html += "&lt;div&gt;";
  html += "bottom";
  const auto html_deep = parse_feed(rss("", item("g1", "Deep HTML", html)));
  REQUIRE_FALSE(html_deep.error);
  REQUIRE(html_deep.items.size() == 1);
  CHECK(html_deep.items[0].summary.find("bottom") != std::string::npos);
}

TEST_CASE("hostile: NUL bytes, invalid UTF-8 and lone surrogates become valid text, with warnings") {
  using namespace std::literals;
  const std::string nul = rss("", item("g1", "Before\0after"s, "One\0two"s));
  const std::string bad_utf8 = rss("", item("g2", "Caf\xC3 \xFF\xFE", "Over\xC0\xAF long"));
  const std::string surrogate_refs = rss("", item("g3", "Lone &#xD800; high", "Lone &#xDC00; low"));
  // Found by the feed fuzz target: markup xml_prepare and tinyxml2 read
  // differently let a surrogate reference through to tinyxml2's decoding.
  const std::string odd_markup = "<rss><channel><!<!--><item><title>&#xD80d; x</title>"
                                 "<description>&#0;y</description></item></channel></rss>";
  for (const auto& bytes : {nul, bad_utf8, surrogate_refs, odd_markup}) {
    const auto feed = parse_feed(bytes);
    REQUIRE_FALSE(feed.error);
    REQUIRE(feed.items.size() == 1);
    const auto& i = feed.items[0];
    CHECK(newsdex::is_valid_utf8(i.title + i.summary));
    CHECK((i.title + i.summary).find('\0') == std::string::npos);
    CHECK_FALSE(feed.warnings.empty());
  }
  // UTF-16 with a lone surrogate (0xD800 then 'A').
  std::string utf16 = "\xFF\xFE";
  for (char c : rss("", item("g4", "X", "Y"))) {
    utf16 += c;
    utf16 += '\0';
  }
  const std::string lone = "\x00\xD8" "A\0"s;
  utf16.insert(utf16.find("X\0"s), lone);
  const auto feed16 = parse_feed(utf16);
  REQUIRE_FALSE(feed16.error);
  REQUIRE(feed16.items.size() == 1);
  CHECK(newsdex::is_valid_utf8(feed16.items[0].title));
  CHECK(feed16.items[0].title.find("X") != std::string::npos);
}

TEST_CASE("hostile: a feed of 200,000 items is read whole") {
  std::string items;
  items.reserve(200'000 * 80);
  for (int i = 0; i < 200'000; ++i) items += item("g" + std::to_string(i), "T" + std::to_string(i), "b");
  const auto feed = parse_feed(rss("", items));
  REQUIRE_FALSE(feed.error);
  CHECK(feed.items.size() == 200'000);
  CHECK(feed.items.back().guid == "g199999");
}

TEST_CASE("hostile: a 10 MB title is stored and found; its words are indexed") {
  TempDir dir;
  std::string title = "Zanzibar ";
  while (title.size() < (10u << 20)) title += "word" + std::to_string(title.size() % 9973) + " ";
  const auto report = index_bytes((dir.path / "db").string(), rss("", item("g1", title, "Short body.")),
                                  "huge.xml");
  REQUIRE(report.ok());
  CHECK(report.added == 1);
  auto searcher = newsdex::Searcher::open((dir.path / "db").string());
  const auto results = searcher.search("zanzibar");
  REQUIRE(results.hits.size() == 1);
}

TEST_CASE("hostile: files over the input limit are refused by their size, unread") {
  TempDir dir;
  for (const auto size : {std::uintmax_t{500} << 20, std::uintmax_t{64} << 30}) {  // 500 MB, 64 GB
    const fs::path file = dir.path / "huge.xml";
    { std::ofstream(file) << "<rss>"; }
    fs::resize_file(file, size);  // sparse: no disk used, no time spent
    newsdex::IndexOptions options;
    options.path = (dir.path / "db").string();
    auto index = newsdex::Index::open(options);
    newsdex::IndexReport report;
    index.add_path(file.string(), report);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].where == file.string());
    CHECK(report.errors[0].message.find("the limit is 256 MB") != std::string::npos);
  }
}

// ---- hostile queries --------------------------------------------------------

namespace {

// 3,000 documents, each with a word of its own starting with "a" (and a few
// common ones): "a*" expands to more words than the wildcard limit.
std::string many_words_index(const TempDir& dir) {
  std::string items;
  for (int i = 0; i < 3000; ++i)
    items += item("w" + std::to_string(i), "Report " + std::to_string(i),
                  "alpha" + std::to_string(i) + " markets " + (i % 3 == 0 ? "china" : "trade"));
  const std::string db = (dir.path / "db").string();
  REQUIRE(index_bytes(db, rss("", items), "many.xml").ok());
  return db;
}

std::string repeated(const std::string& word, const std::string& joiner, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? joiner : "") + word + std::to_string(i);
  return out;
}

}  // namespace

TEST_CASE("hostile: queries are refused with a reason, or answered within bounds") {
  TempDir dir;
  auto searcher = newsdex::Searcher::open(many_words_index(dir));
  auto refused = [&](const std::string& query) -> std::string {
    try {
      searcher.search(query);
    } catch (const newsdex::Error& e) {
      CHECK(e.code() == newsdex::Errc::query);
      return e.what();
    }
    return {};
  };
  CHECK(refused(std::string(100 * 1024, 'x')).find("the limit is 32 KB") != std::string::npos);
  CHECK(refused(repeated("w", " OR ", 10'000)).find("the limit is 32 KB") != std::string::npos);
  CHECK(refused(repeated("w", " OR ", 2'000)).find("distinct terms; the limit is 1024") != std::string::npos);
  CHECK(refused(repeated("-w", " ", 2'000)).find("the limit is 1024") != std::string::npos);
  CHECK(refused("date:99999-01..").find("not a date") != std::string::npos);
  CHECK(refused("date:2025-13..").find("not a date") != std::string::npos);
  CHECK(refused("AND OR NOT").find("cannot parse the query") != std::string::npos);

  // Answered: deep parentheses, unbalanced quotes, lone operators.
  for (const std::string& query : {std::string(10'000, '(') + "china" + std::string(10'000, ')'),
                                   std::string(10'000, '(') + "china", std::string("\"china markets"),
                                   std::string("\""), std::string("*")}) {
    CAPTURE(query.substr(0, 40));
    CHECK_NOTHROW(searcher.search(query));
  }
  CHECK(searcher.search(std::string(10'000, '(') + "china").total == 1000);

  // A wildcard over 3,000 words expands to the 1,000 most frequent: an answer.
  const auto wild = searcher.search("a*");
  CHECK(wild.total > 0);
  CHECK(wild.total <= 1000 + 3000 / 3);

  // An absurd number of results is only as many as there are.
  newsdex::SearchOptions all;
  all.limit = std::numeric_limits<std::size_t>::max();
  all.offset = std::numeric_limits<std::size_t>::max() - 5;
  CHECK(searcher.search("china", all).hits.empty());
  all.offset = 0;
  all.snippet_chars = 0;
  CHECK(searcher.search("china", all).hits.size() == 1000);
}

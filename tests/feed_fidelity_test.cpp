// Reading feeds faithfully (issue 14, rules 3-6): one fixture per rule under
// tests/fixtures/fidelity/, each field checked as the feed means it.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/read_file.hpp"
#include "common/url.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "tests/test_data.hpp"

using namespace newsdex;

namespace {

ParsedFeed parsed(const std::string& name, std::string_view url = {}) {
  ParsedFeed feed = parse_feed(read_file((test_data::fixtures() / "fidelity" / name).string()), {}, url);
  REQUIRE_FALSE(feed.error);
  return feed;
}

std::vector<std::string> field(const ParsedFeed& feed, std::string Item::*member) {
  std::vector<std::string> out;
  for (const auto& item : feed.items) out.push_back(item.*member);
  return out;
}

// Each item's authors, joined as Document::author shows them.
std::vector<std::string> authors(const ParsedFeed& feed) {
  std::vector<std::string> out;
  for (const auto& item : feed.items) out.push_back(join_authors(item.authors));
  return out;
}

}  // namespace

TEST_CASE("authors are names: e-mail forms, several, itunes:author last") {
  const ParsedFeed f = parsed("authors.xml");
  CHECK(f.warnings.empty());
  CHECK(authors(f) == std::vector<std::string>{"Joe Bloggs", "Jane Doe", "Ann Cao, Ben Ode",
                                                            "Pod Host", "Writer One", "desk@example.com"});
}

TEST_CASE("authors: an Atom entry without one has its source's, else the feed's") {
  const ParsedFeed f = parsed("atom-authors.xml");
  CHECK(f.feed.authors == std::vector<std::string>{"Feed Desk"});
  CHECK(authors(f) == std::vector<std::string>{"Feed Desk", "Ann, Bob", "Source Writer"});
  CHECK(f.items[1].authors == std::vector<std::string>{"Ann", "Bob"});
}

TEST_CASE("links are absolute: nested xml:base, per element, HTML alternate first") {
  const ParsedFeed f = parsed("links.xml", "https://feeds.example/links.atom");
  CHECK(f.feed.link == "https://links.example/blog/");
  REQUIRE(f.items.size() == 3);
  CHECK(f.items[0].link == "https://links.example/blog/2024/post-a.html");
  CHECK(f.items[1].link == "https://links.example/b.html");
  CHECK(f.items[1].enclosure == "https://links.example/blog/media/b.mp3");
  CHECK(f.items[2].link == "https://other.example/c.html");
}

TEST_CASE("links: RSS resolves against the channel link; a permalink guid is the link") {
  const ParsedFeed f = parsed("rss-links.xml", "https://feeds.example/rss");
  CHECK(field(f, &Item::link) == std::vector<std::string>{
                                     "https://rss.example/news/story-1.html",
                                     "https://rss.example/news/story-2.html",  // <link>, though the guid came first
                                     "https://rss.example/p?id=3", ""});
}

TEST_CASE("links: without a channel link, the feed's own URL is the base") {
  const ParsedFeed f = parse_feed(R"(<rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>/a.html</link></item></channel></rss>)",
                                  {}, "https://site.example/feeds/all.xml");
  REQUIRE(f.items.size() == 1);
  CHECK(f.items[0].link == "https://site.example/a.html");
  // Without any base the link stays as written.
  CHECK(parse_feed(R"(<rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>/a.html</link></item></channel></rss>)").items.at(0).link == "/a.html");
}

TEST_CASE("resolve_url: RFC 3986 references") {
  const std::string base = "http://a.example/b/c/d;p?q";
  CHECK(resolve_url(base, "g") == "http://a.example/b/c/g");
  CHECK(resolve_url(base, "../g") == "http://a.example/b/g");
  CHECK(resolve_url(base, "/g") == "http://a.example/g");
  CHECK(resolve_url(base, "//g.example/x") == "http://g.example/x");
  CHECK(resolve_url(base, "#s") == "http://a.example/b/c/d;p?q#s");
  CHECK(resolve_url(base, "?y") == "http://a.example/b/c/d;p?y");
  CHECK(resolve_url(base, "g?y#s") == "http://a.example/b/c/g?y#s");
  CHECK(resolve_url(base, "../../../g") == "http://a.example/g");
  CHECK(resolve_url(base, "") == "");  // no link stays no link
  CHECK(resolve_url(base, "https://other.example/") == "https://other.example/");
  CHECK(resolve_url("", "g") == "g");
  CHECK(resolve_url("urn:isbn:1", "g") == "g");
}

TEST_CASE("Atom text constructs: text is literal, html is unescaped, xhtml is the inner div") {
  const ParsedFeed f = parsed("text-types.xml");
  REQUIRE(f.items.size() == 2);
  CHECK(f.items[0].title == "A & B. The history of the <blink> tag.");
  CHECK(f.items[0].summary == "Plain <b>not bold</b>");
  CHECK(f.items[1].title == "Bold move & more");
  CHECK(f.items[1].content == "Inner div text.");
}

TEST_CASE("RSS content in the XHTML namespace is content") {
  const ParsedFeed f = parsed("rss-xhtml-content.xml");
  CHECK(field(f, &Item::content) == std::vector<std::string>{"Body text.", "Div text."});
}

TEST_CASE("more formats: Atom Entry Document, RSS 1.1, namespaced <rss>, Atom inside XHTML") {
  const ParsedFeed entry = parsed("atom-entry.xml");
  CHECK(entry.feed.format == "atom");
  REQUIRE(entry.items.size() == 1);
  CHECK(entry.items[0].title == "A lone entry");
  CHECK(entry.items[0].authors == std::vector<std::string>{"Entry Author"});
  CHECK(entry.items[0].link == "https://entry.example/lone");

  const ParsedFeed rss11 = parsed("rss11.xml");
  CHECK(rss11.feed.title == "RSS 1.1");
  CHECK(field(rss11, &Item::title) == std::vector<std::string>{"First 1.1 item", "Second 1.1 item"});
  CHECK(field(rss11, &Item::guid) == std::vector<std::string>{"https://rss11.example/1", "https://rss11.example/2"});

  const ParsedFeed ns = parsed("rss-default-ns.xml");
  CHECK(field(ns, &Item::title) == std::vector<std::string>{"Still an item"});
  REQUIRE(ns.warnings.size() == 1);
  CHECK(ns.warnings[0].message.find("read as RSS") != std::string::npos);

  const ParsedFeed wrapped = parsed("atom-in-xhtml.xml");
  CHECK(wrapped.feed.title == "Wrapped");
  CHECK(field(wrapped, &Item::link) == std::vector<std::string>{"https://w.example/1"});
}

TEST_CASE("podcast extensions: itunes:summary as content, keywords as categories, <pubdate>") {
  const ParsedFeed f = parse_feed(R"(<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Pod</title><item><title>Ep 1</title><link>https://pod.example/1</link>
<description>Short.</description><itunes:summary>The long episode notes.</itunes:summary>
<itunes:keywords>space, NASA ,  eclipse</itunes:keywords><pubdate>Wed, 03 Oct 2007 19:18:00 GMT</pubdate>
</item></channel></rss>)");
  REQUIRE(f.items.size() == 1);
  CHECK(f.items[0].summary == "Short.");
  CHECK(f.items[0].content == "The long episode notes.");
  CHECK(f.items[0].categories == std::vector<std::string>{"space", "NASA", "eclipse"});
  CHECK(f.items[0].published == 1191439080);
}


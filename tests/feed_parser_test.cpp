#include <doctest/doctest.h>

#include "indexer/parse/feed_parser.hpp"

using namespace newsdex;

namespace {

const char* kRss2 = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Example &amp; News</title>
  <link>https://example.com/</link>
  <language>en-gb</language>
  <item>
    <title>Chips &lt;b&gt;rally&lt;/b&gt;</title>
    <link>https://example.com/a?utm_source=rss</link>
    <guid isPermaLink="false">item-1</guid>
    <dc:creator>Ann Cao</dc:creator>
    <pubDate>Sun, 03 May 2026 23:00:10 +0100</pubDate>
    <category>Tech</category><category>Markets</category><category>Tech</category>
    <description><![CDATA[<p>Shares <b>rose</b>&nbsp;sharply.</p><script>x()</script>]]></description>
    <content:encoded><![CDATA[<div>Full <i>story</i> here.</div>]]></content:encoded>
    <media:content url="https://img.example.com/1.jpg" medium="image"/>
  </item>
  <item>
    <title>Second</title>
    <guid>https://example.com/b#top</guid>
    <author>bob@example.com (Bob)</author>
    <enclosure url="https://example.com/b.mp3" type="audio/mpeg" length="1"/>
  </item>
</channel>
</rss>)";

}  // namespace

TEST_CASE("RSS 2.0: every field of an item") {
  ParsedFeed f = parse_feed(kRss2);
  REQUIRE_FALSE(f.error);
  CHECK(f.warnings.empty());
  CHECK(f.feed.format == "rss");
  CHECK(f.feed.title == "Example & News");
  CHECK(f.feed.link == "https://example.com/");
  CHECK(f.feed.language == "en-gb");
  REQUIRE(f.items.size() == 2);
  const Item& a = f.items[0];
  CHECK(a.title == "Chips rally");
  CHECK(a.link == "https://example.com/a?utm_source=rss");
  CHECK(a.guid == "item-1");
  CHECK(a.authors == std::vector<std::string>{"Ann Cao"});
  CHECK(a.published == 1777845610);  // 2026-05-03T22:00:10Z
  CHECK(a.categories == std::vector<std::string>{"Tech", "Markets"});
  CHECK(a.summary == "Shares rose sharply.");
  CHECK(a.content == "Full story here.");
  CHECK(a.enclosure == "https://img.example.com/1.jpg");
  CHECK(a.language == "en-gb");
  CHECK(a.source == "Example & News");
  CHECK(a.kind == "feed-item");

  const Item& b = f.items[1];
  CHECK(b.link == "https://example.com/b#top");  // a permalink guid stands in for the link
  CHECK(b.authors == std::vector<std::string>{"Bob"});  // the name, not the e-mail address
  CHECK(b.enclosure == "https://example.com/b.mp3");
  CHECK_FALSE(b.published);
}

TEST_CASE("RSS 1.0 (RDF): items beside the channel, dc: fields") {
  const char* rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/"><title>RDF Feed</title><link>https://example.org/</link>
    <dc:language>fr</dc:language></channel>
  <item rdf:about="https://example.org/1">
    <title>Premier</title><link>https://example.org/1</link>
    <dc:date>2025-12-01T08:00:00+01:00</dc:date><dc:subject>Politique</dc:subject>
    <dc:creator>Marie</dc:creator><description>Texte</description>
  </item>
</rdf:RDF>)";
  ParsedFeed f = parse_feed(rdf);
  REQUIRE_FALSE(f.error);
  CHECK(f.feed.format == "rdf");
  CHECK(f.feed.title == "RDF Feed");
  CHECK(f.feed.language == "fr");
  REQUIRE(f.items.size() == 1);
  CHECK(f.items[0].guid == "https://example.org/1");
  CHECK(f.items[0].published == 1764572400);  // 2025-12-01T07:00:00Z
  CHECK(f.items[0].categories == std::vector<std::string>{"Politique"});
  CHECK(f.items[0].authors == std::vector<std::string>{"Marie"});
  CHECK(f.items[0].language == "fr");
}

TEST_CASE("Atom 1.0 with a non-default prefix, xhtml content and two authors") {
  const char* atom = R"(<?xml version="1.0" encoding="utf-8"?>
<a:feed xmlns:a="http://www.w3.org/2005/Atom" xml:lang="en">
  <a:title type="html">Atom &lt;em&gt;Feed&lt;/em&gt;</a:title>
  <a:link rel="self" href="https://example.net/feed"/>
  <a:link href="https://example.net/"/>
  <a:entry>
    <a:id>tag:example.net,2025:1</a:id>
    <a:title type="text">Plain &amp; simple</a:title>
    <a:link rel="alternate" href="https://example.net/1"/>
    <a:link rel="enclosure" href="https://example.net/1.mp3"/>
    <a:author><a:name>Ann</a:name></a:author><a:author><a:name>Bo</a:name></a:author>
    <a:published>2025-01-02T03:04:05Z</a:published>
    <a:updated>2025-01-03T00:00:00-05:00</a:updated>
    <a:category term="science" label="Science"/>
    <a:summary>Short</a:summary>
    <a:content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Long <b>text</b></p><p>more</p></div></a:content>
  </a:entry>
</a:feed>)";
  ParsedFeed f = parse_feed(atom);
  REQUIRE_FALSE(f.error);
  CHECK(f.feed.format == "atom");
  CHECK(f.feed.title == "Atom Feed");
  CHECK(f.feed.link == "https://example.net/");
  REQUIRE(f.items.size() == 1);
  const Item& e = f.items[0];
  CHECK(e.guid == "tag:example.net,2025:1");
  CHECK(e.title == "Plain & simple");
  CHECK(e.link == "https://example.net/1");
  CHECK(e.enclosure == "https://example.net/1.mp3");
  CHECK(e.authors == std::vector<std::string>{"Ann", "Bo"});  // a list, not one name
  CHECK(e.published == 1735787045);
  CHECK(e.updated == 1735880400);
  CHECK(e.categories == std::vector<std::string>{"science"});
  CHECK(e.summary == "Short");
  CHECK(e.content == "Long text more");
  CHECK(e.language == "en");
}

TEST_CASE("liberal reading: recovered problems are warnings, not errors") {
  struct Case {
    std::string name;
    std::string xml;
    const char* title;
  };
  const Case cases[] = {
      {"whitespace before the declaration",
       "\n  <?xml version=\"1.0\"?><rss><channel><title>T</title><item/></channel></rss>", "T"},
      {"HTML entity XML doesn't define",
       "<rss><channel><title>A&nbsp;B&eacute;</title><item/></channel></rss>", "A B\xC3\xA9"},
      {"bare ampersand", "<rss><channel><title>AT&T</title><item/></channel></rss>", "AT&T"},
      {"undeclared dc prefix",
       "<rss><channel><title>T</title><item><dc:creator>X</dc:creator></item></channel></rss>", "T"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedFeed f = parse_feed(c.xml);
    REQUIRE_FALSE(f.error);
    CHECK(f.items.size() == 1);
    CHECK_FALSE(f.warnings.empty());
    CHECK(f.feed.title == c.title);
  }
}

TEST_CASE("a feed in windows-1251 declared in its XML declaration") {
  // "Новости" in windows-1251.
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><title>"
      "\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title></channel></rss>";
  ParsedFeed f = parse_feed(xml);
  REQUIRE_FALSE(f.error);
  CHECK(f.feed.title == "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8");
}

TEST_CASE("unreadable inputs give one error with a line") {
  struct Case {
    std::string name;
    std::string input;
    std::size_t line;
    const char* says;
  };
  const Case cases[] = {
      // Truncated or mismatched markup is recovered (xml_recovery_test.cpp);
      // markup with no element libxml2 can read is not.
      {"a comment never closed", "<!-- a comment\n<rss>\n<channel>\n<item><title>x", 1, "malformed XML"},
      {"no element name", "< rss>\n<channel>\n</rss>", 2, "malformed XML"},
      {"not a feed", "<html>\n<body>hi</body></html>", 1, "not a feed"},
      {"an HTML page", "<!DOCTYPE html>\n<html><head><meta charset=utf-8></head></html>", 2,
       "HTML page"},
      {"empty", "", 0, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedFeed f = parse_feed(c.input);
    REQUIRE(f.error);
    CHECK(f.items.empty());
    if (c.line) CHECK(f.error->line == c.line);
    CHECK(f.error->message.find(c.says) != std::string::npos);
  }
}

TEST_CASE("unrecognised dates are warnings and leave the date unset") {
  ParsedFeed f = parse_feed(
      "<rss><channel><item><title>x</title><pubDate>sometime soon</pubDate></item></channel></rss>");
  REQUIRE(f.items.size() == 1);
  CHECK_FALSE(f.items[0].published);
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0].message.find("sometime soon") != std::string::npos);
}

TEST_CASE("a feed without items says so") {
  ParsedFeed f = parse_feed("<rss version=\"2.0\"><channel><title>T</title></channel></rss>");
  REQUIRE_FALSE(f.error);
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0].message == "the feed has no items");
}

TEST_CASE("looks_like_xml sniffs content, not names") {
  CHECK(looks_like_xml("<?xml version='1.0'?><rss/>"));
  CHECK(looks_like_xml("\xEF\xBB\xBF  \n<rss/>"));
  CHECK(looks_like_xml(std::string("\xFF\xFE<\0r\0", 6)));
  CHECK_FALSE(looks_like_xml("Headline\n\nBody <b>"));
  CHECK_FALSE(looks_like_xml(""));
}

#include <doctest/doctest.h>

#include "indexer/parse/unique_id.hpp"

using namespace newsdex;

TEST_CASE("unique id: guid, else canonical link, else a stable hash") {
  Item a;
  a.guid = "  tag:x,2025:1 ";
  a.link = "https://x.com/1";
  CHECK(unique_id(a) == "tag:x,2025:1");

  Item url_guid;
  url_guid.guid = "HTTPS://WWW.Example.com/a?utm_source=rss&id=3#frag";
  CHECK(unique_id(url_guid) == "https://www.example.com/a?id=3#frag");  // the fragment tells items apart
  CHECK(legacy_unique_id(url_guid) == "https://www.example.com/a?id=3");

  Item b;
  b.link = "http://Example.com:80/p?fbclid=abc";
  CHECK(unique_id(b) == "http://example.com/p");

  Item c;
  c.source = "Feed";
  c.title = "Title";
  c.published = 100;
  std::string h = unique_id(c);
  CHECK(h.starts_with("hash:"));
  CHECK(unique_id(c) == h);  // stable
  c.title = "Other";
  CHECK(unique_id(c) != h);
}

TEST_CASE("plain-text ids come from the content, ignoring typography") {
  Item a;
  a.kind = "digest-source";
  a.source = "Reuters";
  a.title = "China’s Xi calls for AI self-sufficiency";
  a.content = "HONG KONG, April 26 (Reuters) - China’s President Xi Jinping pledged...";
  Item b = a;
  b.title = "China's  Xi calls for AI self sufficiency";  // straight quote, spacing, hyphen
  b.content = "HONG KONG, April 26 (Reuters) -  China's President Xi Jinping pledged...";
  b.position = 3;
  CHECK(unique_id(a) == unique_id(b));
  b.source = "AFP";
  CHECK(unique_id(a) != unique_id(b));
  Item c = a;
  c.content = "A different text altogether.";
  CHECK(unique_id(a) != unique_id(c));
}

TEST_CASE("id terms stay under Xapian's term limit and unique") {
  CHECK(id_term("abc") == "Qabc");
  std::string long_a(400, 'a'), long_b = long_a;
  long_b.back() = 'b';
  CHECK(id_term(long_a).size() <= 245);
  CHECK(id_term(long_a) != id_term(long_b));
  // Cutting never splits a UTF-8 character.
  std::string utf8;
  for (int i = 0; i < 150; ++i) utf8 += "\xC3\xA9";
  std::string t = id_term(utf8);
  CHECK(t.size() <= 245);
  auto hash = t.find('#');
  REQUIRE(hash != std::string::npos);
  CHECK((static_cast<unsigned char>(t[hash - 1]) & 0xC0) != 0xC0);  // not a dangling lead byte
}

TEST_CASE("stable_hash is FNV-1a") {
  CHECK(stable_hash("") == 0xcbf29ce484222325ULL);
  CHECK(stable_hash("a") == 0xaf63dc4c8601ec8cULL);
}

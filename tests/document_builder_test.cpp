#include <doctest/doctest.h>

#include <set>

#include "common/schema.hpp"
#include "common/stored_document.hpp"
#include "indexer/build/document_builder.hpp"
#include "newsdex/error.hpp"

using namespace newsdex;

namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
  return {doc.termlist_begin(), doc.termlist_end()};
}

Xapian::TermGenerator generator() {
  Xapian::TermGenerator g;
  g.set_stemmer(Xapian::Stem("english"));
  g.set_stemming_strategy(schema::kIndexStemming);
  return g;
}

Item sample() {
  Item item;
  item.guid = "g1";
  item.title = "Huawei chips";
  item.link = "https://news.Example.co.uk/a?utm_medium=x";
  item.authors = {"Ann Cao"};
  item.source = "Example News";
  item.summary = "Shares rallied.";
  item.categories = {"Tech"};
  item.language = "en-GB";
  item.published = 1764547200;  // 2025-12-01T00:00:00Z
  return item;
}

}  // namespace

TEST_CASE("a document carries the schema's terms") {
  auto g = generator();
  BuiltDocument b = build_document(sample(), g);
  auto t = terms_of(b.document);
  CHECK(b.id == "g1");
  CHECK(t.count("chips") == 0);  // every word is indexed as its stem
  for (std::string expected :
       {"Qg1", "Shuawei", "huawei", "chip", "Schip", "Aann", "XSRCexampl", "Ktech",
        "Hnews.example.co.uk", "Hexample.co.uk", "Hco.uk", "Len-gb", "Len", "XKINDfeed-item", "XD2025",
        "XD2025-12", "XD2025-12-01", "ralli"}) {
    CAPTURE(expected);
    CHECK(t.count(expected) == 1);
  }
  // The title counts three times as much as a body word.
  Xapian::TermIterator it = b.document.termlist_begin();
  it.skip_to("huawei");
  REQUIRE(*it == "huawei");
  CHECK(it.get_wdf() == schema::kTitle.weight);
}

TEST_CASE("stored data round-trips and the link is canonical") {
  auto g = generator();
  BuiltDocument b = build_document(sample(), g);
  Document s = decode(b.document.get_data());
  CHECK(s.id == "g1");
  CHECK(s.title == "Huawei chips");
  CHECK(s.url == "https://news.example.co.uk/a");
  CHECK(s.published == 1764547200);
  CHECK(s.categories == std::vector<std::string>{"Tech"});
  CHECK(s.body() == "Shares rallied.");
  CHECK(s.kind == "feed-item");
  CHECK(s.story == "g1");  // a lone document is a story of one
  CHECK(Xapian::sortable_unserialise(b.document.get_value(schema::kPublishedSlot)) == 1764547200.0);
}

TEST_CASE("the content hash changes with any stored field, and only then") {
  auto g = generator();
  std::string h = build_document(sample(), g).content_hash;
  CHECK(build_document(sample(), g).content_hash == h);
  Item changed = sample();
  changed.summary = "Shares fell.";
  CHECK(build_document(changed, g).content_hash != h);
}

TEST_CASE("plain-text provenance and citations are stored") {
  auto g = generator();
  Item item = sample();
  item.kind = "digest-summary";
  item.story = "story:abc";
  item.input = "data/digest.txt";
  item.position = 7;
  item.citations = {{"Xi spoke.", {"hash:1", "hash:2"}}};
  BuiltDocument b = build_document(item, g);
  Document s = decode(b.document.get_data());
  CHECK(s.story == "story:abc");
  CHECK(s.input == "data/digest.txt");
  CHECK(s.position == 7);
  REQUIRE(s.citations.size() == 1);
  CHECK(s.citations[0].sentence == "Xi spoke.");
  CHECK(s.citations[0].source_ids == std::vector<std::string>{"hash:1", "hash:2"});
  auto t = terms_of(b.document);
  CHECK(t.count("XSTORYstory:abc") == 1);
  CHECK(t.count("XKINDdigest-summary") == 1);
  CHECK(b.document.get_value(schema::kKindSlot) == "digest-summary");
}

TEST_CASE("decode rejects data that is not a stored document") {
  CHECK_THROWS_AS(decode("not json"), newsdex::Error);
}

TEST_CASE("site terms") {
  CHECK(site_terms_for("https://www.scmp.com/x") == std::vector<std::string>{"www.scmp.com", "scmp.com"});
  CHECK(site_terms_for("not a url").empty());
}

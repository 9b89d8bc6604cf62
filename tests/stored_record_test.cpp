// The stored document record: round trips, the JSON of older indexes, damage.

#include <doctest/doctest.h>

#include <string>

#include "common/stored_document.hpp"
#include "newsdex/error.hpp"

using namespace newsdex;

namespace {

Document full_document() {
  Document d;
  d.id = "urn:x:1";
  d.title = "Chip exports \xE2\x80\x94 \"record\" high";
  d.url = "https://example.com/a?b=1";
  d.source = "Reuters";
  d.author = "A. Writer";
  d.published = 1700000000;
  d.updated = -86400;  // before 1970: a negative time survives
  d.categories = {"tech", "", "trade"};
  d.summary = "Short.";
  d.content = std::string(5000, 'x') + "\n\tend";
  d.enclosure = "https://example.com/a.mp3";
  d.language = "en-us";
  d.kind = "digest-summary";
  d.story = "urn:x:0";
  d.place = "HONG KONG";
  d.input = "data/digest.txt";
  d.position = 300;
  d.source_count = 7;
  d.citations = {{"Exports rose.", {"s1", "s2"}}, {"No sources.", {}}};
  d.first_seen = 1700000300;
  return d;
}

void check_same(const Document& a, const Document& b) {
  CHECK(a.id == b.id);
  CHECK(a.title == b.title);
  CHECK(a.url == b.url);
  CHECK(a.source == b.source);
  CHECK(a.author == b.author);
  CHECK(a.published == b.published);
  CHECK(a.updated == b.updated);
  CHECK(a.first_seen == b.first_seen);
  CHECK(a.categories == b.categories);
  CHECK(a.summary == b.summary);
  CHECK(a.content == b.content);
  CHECK(a.enclosure == b.enclosure);
  CHECK(a.language == b.language);
  CHECK(a.kind == b.kind);
  CHECK(a.story == b.story);
  CHECK(a.place == b.place);
  CHECK(a.input == b.input);
  CHECK(a.position == b.position);
  CHECK(a.source_count == b.source_count);
  REQUIRE(a.citations.size() == b.citations.size());
  for (std::size_t i = 0; i < a.citations.size(); ++i) {
    CHECK(a.citations[i].sentence == b.citations[i].sentence);
    CHECK(a.citations[i].source_ids == b.citations[i].source_ids);
  }
}

}  // namespace

TEST_CASE("stored record: every field round-trips, and an empty document too") {
  check_same(decode(encode(full_document(), 2)), full_document());
  const Document empty;
  const Document back = decode(encode(empty, 2));
  check_same(back, empty);
  CHECK_FALSE(back.published.has_value());
}

TEST_CASE("stored record: the identity rule and first seen are noted at the end, older records have none") {
  Document undated_first_seen = full_document();
  undated_first_seen.first_seen.reset();  // and no authors list: one byte each
  const std::string record = encode(undated_first_seen, 2);
  CHECK(identity_rule_of(record) == 2);
  CHECK(identity_rule_of(encode(full_document(), 0)) == 0);
  // A record of before first-seen (no trailing presence byte) decodes the same.
  const std::string before_seen = record.substr(0, record.size() - 2);
  CHECK(identity_rule_of(before_seen) == 2);
  check_same(decode(before_seen), undated_first_seen);
  // A record of before rules (no trailing rule either) reads as rule 0.
  const std::string before = record.substr(0, record.size() - 3);
  CHECK(identity_rule_of(before) == 0);
  check_same(decode(before), undated_first_seen);
  CHECK(identity_rule_of(encode_json(full_document())) == 0);
  // The time itself: present, it is the record's last field.
  const Document seen = decode(encode(full_document(), 2));
  REQUIRE(seen.first_seen.has_value());
  CHECK(*seen.first_seen == 1700000300);
  // Authors as a list, after it; a record without one has the joined name.
  Document two = full_document();
  two.authors = {"Smith, Jo", "Ann Cao"};
  CHECK(decode(encode(two, 2)).authors == two.authors);
  CHECK(decode(before).authors == std::vector<std::string>{"A. Writer"});
}

TEST_CASE("stored record: smaller than the JSON it replaces") {
  CHECK(encode(full_document(), 2).size() < encode_json(full_document()).size());
}

TEST_CASE("stored record: indexes written with JSON (version 1) are still read") {
  const std::string v1 =
      R"({"v":1,"id":"a1","title":"T","url":"","source":"S","author":"","published":5,"updated":null,)"
      R"("categories":["c",3],"summary":"","content":"Body","enclosure":"","lang":"en","kind":"article",)"
      R"("story":"a1","place":"","input":"f.txt","position":2,"source_count":0,)"
      R"("citations":[{"sentence":"S1","sources":["x"]},{"sources":["y"]}]})";
  const Document d = decode(v1);
  CHECK(d.id == "a1");
  CHECK(d.published == 5);
  CHECK_FALSE(d.updated.has_value());
  CHECK(d.categories == std::vector<std::string>{"c"});
  CHECK(d.body() == "Body");
  CHECK(d.position == 2);
  REQUIRE(d.citations.size() == 1);  // the one without a sentence is not a citation
  CHECK(d.citations[0].source_ids == std::vector<std::string>{"x"});
  // And what encode_json writes is what version 1 stored, so it reads back
  // (but first seen, which was not kept then).
  Document unseen = full_document();
  unseen.first_seen.reset();
  check_same(decode(encode_json(full_document())), unseen);
}

TEST_CASE("stored record: content hashes are taken of version 1's exact JSON") {
  Document d;
  d.id = "i";
  d.published = 1;
  d.categories = {"c"};
  // If this text changes, every document of an existing index reads as
  // changed on its next re-index and is rewritten.
  CHECK(encode_json(d) ==
        R"({"author":"","categories":["c"],"content":"","enclosure":"","id":"i","input":"","kind":"",)"
        R"("lang":"","place":"","position":0,"published":1,"source":"","source_count":0,"story":"",)"
        R"("summary":"","title":"","updated":null,"url":"","v":1})");
}

TEST_CASE("stored record: damage is reported, never read past or trusted") {
  const std::string record = encode(full_document(), 2);
  // Every proper prefix lacks a field: each must throw corrupt, not crash.
  for (std::size_t cut = 1; cut < record.size(); cut += (cut < 200 ? 1 : 97)) {
    try {
      (void)decode(record.substr(0, cut));
      FAIL("a record cut at ", cut, " was read");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::corrupt);
    }
  }
  // A list claiming billions of items in a few bytes is damage, not a request for memory.
  std::string huge = record.substr(0, 1);
  huge += std::string(5, '\0');  // id .. author empty
  huge += std::string(2, '\0');  // no times
  huge += "\xff\xff\xff\xff\x0f";  // categories: 2^32 - 1
  CHECK_THROWS_AS(decode(huge), Error);
  // Neither a record nor JSON.
  CHECK_THROWS_AS(decode(""), Error);
  CHECK_THROWS_AS(decode("not json"), Error);
  // Bytes after the known fields (a newer writer's) are ignored.
  check_same(decode(record + "\x05more!"), full_document());
}

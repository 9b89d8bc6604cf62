// JSON Feed 1.0 and 1.1 (indexer/parse/json_feed.hpp): every field from the
// fixtures in tests/fixtures/json-feed/, bad input as errors and warnings,
// detection by content, and the index storing a JSON feed's items once.

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/dates.hpp"
#include "common/read_file.hpp"
#include "common/stored_document.hpp"
#include "indexer/parse/json_feed.hpp"
#include "newsdex/index.hpp"
#include "temp_dir.hpp"
#include "tests/test_data.hpp"

namespace {

std::string fixture(const std::string& name) {
  return newsdex::read_file((test_data::fixtures() / "json-feed" / name).string());
}

std::string iso(const std::optional<std::int64_t>& t) { return t ? newsdex::format_iso8601_utc(*t) : "-"; }

std::vector<std::string> messages(const newsdex::ParsedFeed& f) {
  std::vector<std::string> out;
  for (const auto& w : f.warnings) out.push_back(w.message);
  return out;
}

}  // namespace

TEST_CASE("json feed 1.0: fields, numeric ids, the feed's author, external_url") {
  const auto f = newsdex::parse_json_feed(fixture("feed-1.0.json"));
  REQUIRE_FALSE(f.error);
  CHECK(f.warnings.empty());
  CHECK(f.feed.format == "json");
  CHECK(f.feed.title == "Harbour Gazette");
  CHECK(f.feed.link == "https://gazette.example/");
  CHECK(f.feed.language.empty());
  REQUIRE(f.items.size() == 2);

  const auto& a = f.items[0];
  CHECK(a.guid == "1042");  // a number, taken as its text
  CHECK(a.link == "https://gazette.example/2025/ferry-timetable");
  CHECK(a.title == "Ferry timetable changes for winter");
  CHECK(a.content == "The Star Ferry runs every 12 minutes & later on Fridays.");
  CHECK(a.summary.empty());
  CHECK(iso(a.published) == "2025-11-03T00:30:00Z");
  CHECK(iso(a.updated) == "2025-11-04T10:00:00Z");
  CHECK(a.categories == std::vector<std::string>{"transport", "ferries"});
  CHECK(a.enclosure == "https://gazette.example/media/timetable.pdf");
  CHECK(a.authors == std::vector<std::string>{"Gazette Desk"});  // the feed's
  CHECK(a.source == "Harbour Gazette");
  CHECK(a.kind == "feed-item");
  CHECK(a.id.empty());  // identity is assign_ids' business

  const auto& b = f.items[1];
  CHECK(b.guid == "tag:gazette.example,2025:typhoon");
  CHECK(b.link == "https://weather.example/typhoon-signal-8");
  CHECK(b.content == "The Observatory raised signal 8 at 6 p.m.");
  CHECK(b.authors == std::vector<std::string>{"Wei Chen"});
  CHECK(iso(b.published) == "2025-11-03T10:00:00Z");
  CHECK_FALSE(b.updated);
  CHECK(b.categories.empty());
  CHECK(b.enclosure.empty());
}

TEST_CASE("json feed 1.1: authors arrays, languages, summary and content_html as text") {
  const auto f = newsdex::parse_json_feed(fixture("feed-1.1.json"));
  REQUIRE_FALSE(f.error);
  CHECK(f.warnings.empty());
  CHECK(f.feed.title == "Lantern Review");
  CHECK(f.feed.language == "en-GB");
  REQUIRE(f.items.size() == 2);

  const auto& a = f.items[0];
  CHECK(a.guid == "https://lantern.example/p/tea-houses");
  CHECK(a.title == "The last tea houses of Sheung Wan");
  CHECK(a.summary == "Three family tea houses \xE2\x80\x94 and why they stay.");
  CHECK(a.content == "Three family tea houses remain on Queen's Road.");
  CHECK(a.authors == std::vector<std::string>{"Mei Lin", "Tom Okafor"});  // nameless and repeated authors left out
  CHECK(a.language == "zh-Hant");
  CHECK(iso(a.published) == "2025-12-01T09:15:00Z");

  const auto& b = f.items[1];
  CHECK(b.content == "Where Temple Street Ladies' Market");
  CHECK(b.authors == std::vector<std::string>{"Lantern Staff"});  // the feed's authors
  CHECK(b.language == "en-GB");        // the feed's language
  CHECK(b.categories == std::vector<std::string>{"food", "markets"});
  CHECK(b.source == "Lantern Review");
}

TEST_CASE("json feed: items that are no object or hold nothing are skipped by index") {
  const auto f = newsdex::parse_json_feed(fixture("bad-items.json"));
  REQUIRE_FALSE(f.error);
  REQUIRE(f.items.size() == 2);
  CHECK(f.items[0].guid == "kept-1");
  CHECK(f.items[0].title == "Kept despite a bad date");
  CHECK_FALSE(f.items[0].published);
  CHECK_FALSE(f.items[0].updated);
  CHECK(f.items[0].categories == std::vector<std::string>{"ok"});
  CHECK(f.items[0].enclosure.empty());
  CHECK(f.items[1].guid.empty());  // an object is no id
  CHECK(f.items[1].link == "https://wire.example/kept-2");
  CHECK(f.items[1].title.empty());  // a number is no title
  CHECK(messages(f) == std::vector<std::string>{
                           "items[0] is a string, not an object: skipped",
                           "items[1] has no id, url or content: skipped",
                           "items[2]: unrecognised date \"sometime last week\" in date_published",
                           "items[2]: unrecognised date 20251201 in date_modified",
                           "items[3] is null, not an object: skipped",
                           "items[4] is a number, not an object: skipped",
                       });
}

TEST_CASE("json feed: unreadable input is an error with its line") {
  const auto bad = newsdex::parse_json_feed(fixture("invalid.json"));
  REQUIRE(bad.error);
  CHECK(bad.error->line == 5);
  CHECK(bad.error->message.starts_with("not valid JSON: syntax error"));
  CHECK(bad.items.empty());

  const auto empty = newsdex::parse_json_feed("");
  REQUIRE(empty.error);
  CHECK(empty.error->message.starts_with("not valid JSON"));

  const auto array = newsdex::parse_json_feed("[1, 2]");
  REQUIRE(array.error);
  CHECK(array.error->message == "not a JSON Feed: the top level is an array, not an object");

  const auto no_items = newsdex::parse_json_feed(R"({"version": "https://jsonfeed.org/version/1.1"})");
  REQUIRE(no_items.error);
  CHECK(no_items.error->message == "not a JSON Feed: it has no \"items\" array");

  const auto items_object = newsdex::parse_json_feed(R"({"version": "https://jsonfeed.org/version/1", "items": {}})");
  REQUIRE(items_object.error);
  CHECK(items_object.error->message == "not a JSON Feed: \"items\" is an object, not an array");

  const auto none = newsdex::parse_json_feed(R"({"version": "https://jsonfeed.org/version/1.1", "items": []})");
  CHECK_FALSE(none.error);
  CHECK(messages(none) == std::vector<std::string>{"the feed has no items"});

  const auto unversioned = newsdex::parse_json_feed(R"({"items": [{"id": "1"}]})");
  CHECK_FALSE(unversioned.error);
  CHECK(unversioned.items.size() == 1);
  CHECK(messages(unversioned) == std::vector<std::string>{"no JSON Feed \"version\"; read as JSON Feed"});
}

TEST_CASE("json feed: hostile input is bounded and its text kept valid") {
  const std::string deep = std::string("{\"items\":\n") + std::string(200'000, '[') + std::string(200'000, ']') + "}";
  const auto f = newsdex::parse_json_feed(deep);
  REQUIRE(f.error);
  CHECK(f.error->line == 2);
  CHECK(f.error->message == "JSON nested deeper than 100 objects and arrays");
  // Brackets inside strings are text, not nesting.
  const std::string brackets(5000, '[');
  const auto text = newsdex::parse_json_feed(R"({"items": [{"id": "1", "title": ")" + brackets + "\"}]}");
  CHECK_FALSE(text.error);

  // NUL by escape, and a byte that is no UTF-8.
  const auto ctl = newsdex::parse_json_feed("{\"items\": [{\"id\": \"1\", \"title\": \"a\\u0000b \xFF c\"}], "
                                            "\"version\": \"https://jsonfeed.org/version/1\"}");
  REQUIRE_FALSE(ctl.error);
  REQUIRE(ctl.items.size() == 1);
  CHECK(ctl.items[0].title == "ab \xEF\xBF\xBD c");
  CHECK(messages(ctl) == std::vector<std::string>{"1 invalid UTF-8 sequence replaced by U+FFFD",
                                                  "1 control character (NUL and the like) removed"});
}

TEST_CASE("json feed: told by its version, wherever it is in the object") {
  CHECK(newsdex::looks_like_json_feed(fixture("feed-1.0.json")));
  CHECK(newsdex::looks_like_json_feed(fixture("feed-1.1.json")));
  CHECK(newsdex::looks_like_json_feed("\xEF\xBB\xBF \n{\"items\": [], \"version\" : \"http://jsonfeed.org/version/1\"}"));
  CHECK(newsdex::looks_like_json_feed(R"({"version":"https:\/\/jsonfeed.org\/version\/1.1","items":[]})"));
  CHECK_FALSE(newsdex::looks_like_json_feed(R"({"version": "2.0", "items": []})"));
  CHECK_FALSE(newsdex::looks_like_json_feed(R"([{"version": "https://jsonfeed.org/version/1"}])"));
  CHECK_FALSE(newsdex::looks_like_json_feed("<rss version=\"2.0\"/>"));
  CHECK_FALSE(newsdex::looks_like_json_feed("{ is how a text might start"));
  CHECK_FALSE(newsdex::looks_like_json_feed(""));
}

TEST_CASE("json feed: the index stores its items once, with their titles") {
  TempDir dir;
  const auto db = dir.path / "db";
  const auto add = [&](const std::string& name) {
    newsdex::IndexOptions o;
    o.path = db.string();
    auto index = newsdex::Index::open(o);
    newsdex::IndexReport report;
    index.add_bytes(fixture(name), name, report);
    index.commit();
    return report;
  };
  const auto first = add("feed-1.1.json");
  CHECK(first.errors.empty());
  CHECK(first.warnings.empty());
  CHECK(first.added == 2);

  std::set<std::string> titles, kinds;
  {
    Xapian::Database x(db.string());
    CHECK(x.get_doccount() == 2);
    for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
      const newsdex::Document d = newsdex::decode(x.get_document(*it).get_data());
      titles.insert(d.title);
      kinds.insert(d.kind);
      CHECK(d.source == "Lantern Review");
    }
  }
  CHECK(titles == std::set<std::string>{"The last tea houses of Sheung Wan", "Night market guide"});
  CHECK(kinds == std::set<std::string>{"feed-item"});

  const auto again = add("feed-1.1.json");
  CHECK(again.errors.empty());
  CHECK(again.added == 0);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == 2);
  CHECK(Xapian::Database(db.string()).get_doccount() == 2);

  // An invalid one is an error naming the file and line; nothing is stored.
  const auto bad = add("invalid.json");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].where == "invalid.json:5");
  CHECK(Xapian::Database(db.string()).get_doccount() == 2);
}

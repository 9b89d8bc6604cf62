// Identity (indexer/parse/unique_id.hpp): two items become one document
// only when they are the same item. One fixture per rule (tests/fixtures/
// identity/), read by the parser and stored by the index, again and again;
// and an index written under the old rule moving its documents to the new ids.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/read_file.hpp"
#include "common/stored_document.hpp"
#include "common/url.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/unique_id.hpp"
#include "newsdex/index.hpp"
#include "temp_dir.hpp"
#include "tests/test_data.hpp"

namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return newsdex::read_file((test_data::fixtures() / "identity" / name).string());
}

newsdex::ParsedFeed parsed(const std::string& name) {
  newsdex::ParsedFeed feed = newsdex::parse_feed(fixture(name));
  REQUIRE_FALSE(feed.error);
  CHECK(feed.warnings.empty());
  feed.warnings = newsdex::assign_ids(feed.items);  // what the index does with a feed's items
  return feed;
}

std::vector<std::string> ids_of(const newsdex::ParsedFeed& feed) {
  std::vector<std::string> ids;
  for (const auto& item : feed.items) ids.push_back(newsdex::unique_id(item));
  return ids;
}

std::size_t distinct(const std::vector<std::string>& ids) { return std::set(ids.begin(), ids.end()).size(); }

newsdex::IndexReport add(const fs::path& db, const std::string& name, std::size_t shards = 0) {
  newsdex::IndexOptions o;
  o.path = db.string();
  o.shards = shards;
  auto index = newsdex::Index::open(o);
  newsdex::IndexReport report;
  index.add_bytes(fixture(name), name, report);
  index.commit();
  return report;
}

std::size_t doc_count(const fs::path& db) { return Xapian::Database(db.string()).get_doccount(); }

bool has_id(const fs::path& db, const std::string& id) {
  return Xapian::Database(db.string()).term_exists(newsdex::id_term(id));
}

}  // namespace

TEST_CASE("identity: items told apart only by their link's #fragment are different items") {
  const auto feed = parsed("fragment-links.xml");
  CHECK(ids_of(feed) == std::vector<std::string>{"https://letters.example/entries.php#112",
                                                 "https://letters.example/entries.php#111",
                                                 // a URL guid: tracking parameters go, the fragment stays
                                                 "https://letters.example/entries.php#110",
                                                 "https://letters.example/entries.php#109"});
  CHECK(feed.warnings.empty());
  CHECK(newsdex::identity_url(" HTTPS://Letters.example:443/e.php?utm_medium=x#  111 ") ==
        "https://letters.example/e.php#111");
  CHECK(newsdex::identity_url("https://letters.example/e.php#") == "https://letters.example/e.php");
}

TEST_CASE("identity: guid-less items sharing one link are told apart by title, date and text") {
  auto feed = parsed("shared-link.xml");
  const auto ids = ids_of(feed);
  REQUIRE(ids.size() == 4);
  CHECK(distinct(ids) == 4);
  for (std::size_t i = 0; i < 3; ++i) CHECK(ids[i].starts_with("https://council.example/news hash:"));
  CHECK(ids[3] == "https://council.example/news/budget");  // its link is its own
  CHECK(ids_of(parsed("shared-link.xml")) == ids);          // stable

  // The same item again, rewrapped, or elsewhere in the feed: the same id.
  newsdex::Item rewrapped = feed.items[0];
  rewrapped.id.clear();
  rewrapped.summary = "The winter ferry runs\n  every forty minutes.";
  std::vector<newsdex::Item> reordered = {feed.items[2], feed.items[3], rewrapped};
  newsdex::assign_ids(reordered);
  CHECK(reordered[2].id == ids[0]);
  CHECK(reordered[0].id == ids[2]);

  // Another title is another item; the others keep their ids.
  feed.items[1].title = "Library opens on Saturdays";
  feed.items[1].id.clear();
  newsdex::assign_ids(feed.items);
  const auto changed = ids_of(feed);
  CHECK(changed[1] != ids[1]);
  CHECK(changed[0] == ids[0]);
  CHECK(changed[2] == ids[2]);
}

TEST_CASE("identity: items with neither guid nor link are their title, text and date") {
  auto feed = parsed("description-only.xml");
  const auto ids = ids_of(feed);
  REQUIRE(ids.size() == 3);
  CHECK(distinct(ids) == 3);
  for (const auto& id : ids) CHECK(id.starts_with("hash:"));
  // The same text on another date is another item.
  newsdex::Item later = feed.items[0];
  later.id.clear();
  later.published = 1'800'000'000;
  CHECK(newsdex::unique_id(later) != ids[0]);
}

TEST_CASE("identity: a guid used for two different items keeps both, and says so") {
  const auto feed = parsed("repeated-guid.xml");
  const auto ids = ids_of(feed);
  REQUIRE(ids.size() == 4);
  CHECK(ids[0] == "prices-today");
  CHECK(ids[1].starts_with("prices-today hash:"));
  CHECK(ids[2] == "fish-1");
  CHECK(ids[3] == "fish-1");  // an exact repeat is the same item
  REQUIRE(feed.warnings.size() == 2);
  CHECK(feed.warnings[0].line == 14);
  CHECK(feed.warnings[0].message ==
        "item 2 has the id \"prices-today\" of an earlier item but other content; both are kept, as separate "
        "documents");
  CHECK(feed.warnings[1].line == 26);
  CHECK(feed.warnings[1].message == "item 4 repeats an earlier item with id \"fish-1\" exactly; stored once");
}

TEST_CASE("identity: a repeat of an item that was set apart has that item's id") {
  // One guid, two contents, each twice (A B A B), as a fuzzed feed had it:
  // the second B is B, not A.
  std::vector<newsdex::Item> items(4);
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i].guid = "urn:c";
    items[i].title = i % 2 == 0 ? "per element+ base" : "per element base";
  }
  const auto warnings = newsdex::assign_ids(items);
  CHECK(items[0].id == "urn:c");
  CHECK(items[1].id.starts_with("urn:c hash:"));
  CHECK(items[2].id == items[0].id);
  CHECK(items[3].id == items[1].id);
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[2].message == "item 4 repeats an earlier item with id \"" + items[1].id + "\" exactly; stored once");
}

TEST_CASE("identity: each fixture is stored as its distinct items, once, however often it is indexed") {
  struct Case {
    const char* file;
    std::size_t documents;
  };
  for (const Case& c : {Case{"fragment-links.xml", 4}, Case{"shared-link.xml", 4},
                        Case{"description-only.xml", 3}, Case{"repeated-guid.xml", 3}}) {
    CAPTURE(c.file);
    TempDir dir;
    const fs::path db = dir.path / "db";
    const newsdex::IndexReport first = add(db, c.file);
    CHECK(first.errors.empty());
    CHECK(first.added == c.documents);
    CHECK(doc_count(db) == c.documents);
    const newsdex::IndexReport again = add(db, c.file);
    CHECK(again.added == 0);
    CHECK(again.updated == 0);
    CHECK(doc_count(db) == c.documents);
  }
  // The warnings reach the report, naming file and line.
  TempDir dir;
  const newsdex::IndexReport report = add(dir.path / "db", "repeated-guid.xml");
  std::set<std::string> where;
  for (const auto& w : report.warnings) where.insert(w.where);
  CHECK(where == std::set<std::string>{"repeated-guid.xml:14", "repeated-guid.xml:26"});
}

TEST_CASE("identity: an index written under the old rule moves its documents to the new ids") {
  for (const std::size_t shards : {0, 2})  // one database, and sharded (moves go through the overlay)
  for (const char* file : {"shared-link.xml", "fragment-links.xml", "description-only.xml"}) {
    CAPTURE(file);
    CAPTURE(shards);
    const auto feed = parsed(file);
    // What the old rule stored: one document per old id, holding the last
    // item that had it (each overwrote the one before).
    std::map<std::string, const newsdex::Item*> old_docs;
    for (const auto& item : feed.items) old_docs[newsdex::legacy_unique_id(item)] = &item;
    REQUIRE(old_docs.size() < feed.items.size());  // the old rule merged some
    std::ostringstream backup;
    backup << R"({"newsdex_export": 1})" << '\n';
    for (const auto& [id, item] : old_docs)
      backup << nlohmann::json{{"id", id}, {"title", item->title}, {"summary", "as stored before"},
                               {"kind", "feed-item"}}
                    .dump()
             << '\n';
    TempDir dir;
    const fs::path db = dir.path / "db";
    {
      newsdex::IndexOptions o;
      o.path = db.string();
      o.shards = shards;
      auto index = newsdex::Index::open(o);
      newsdex::IndexReport imported;
      std::istringstream in(backup.str());
      index.import_documents(in, "old.jsonl", imported);
      index.commit();
      REQUIRE(imported.added == old_docs.size());
    }
    const newsdex::IndexReport r = add(db, file, shards);
    CHECK(r.updated == old_docs.size());  // each old document taken over by its item
    CHECK(r.added == feed.items.size() - old_docs.size());
    CHECK(doc_count(db) == feed.items.size());
    const std::vector<std::string> ids = ids_of(feed);
    for (const auto& [id, _] : old_docs)
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) CHECK_FALSE(has_id(db, id));
    for (const auto& id : ids) CHECK(has_id(db, id));
    const newsdex::IndexReport again = add(db, file, shards);
    CHECK(again.added + again.updated == 0);
  }
}

TEST_CASE("identity: a link that stops being shared, or starts, keeps the item's document") {
  const std::string head = R"(<rss version="2.0"><channel><title>News page</title>)";
  const std::string a = "<item><title>Ferry</title><link>https://c.example/news</link><description>Ferry news.</description></item>";
  const std::string b = "<item><title>Library</title><link>https://c.example/news</link><description>Library news.</description></item>";
  TempDir dir;
  newsdex::IndexOptions o;
  o.path = (dir.path / "db").string();
  auto index = newsdex::Index::open(o);
  const auto run = [&](const std::string& items) {
    newsdex::IndexReport report;
    index.add_bytes(head + items + "</channel></rss>", "news.xml", report);
    index.commit();
    return report;
  };
  CHECK(run(a).added == 1);      // alone: its id is the link
  CHECK(run(a + b).added == 1);  // shared now: Ferry's document moves to link + key
  CHECK(run(a).added == 0);      // and back
  CHECK(run(a + b).added == 0);
  CHECK(doc_count(dir.path / "db") == 2);
}

TEST_CASE("identity: a document is only taken over by the item it holds") {
  // A document stored under the new rule whose id is another item's old id
  // (the link without the fragment) stays that item's.
  TempDir dir;
  const fs::path db = dir.path / "db";
  newsdex::IndexOptions o;
  o.path = db.string();
  auto index = newsdex::Index::open(o);
  newsdex::IndexReport report;
  index.add_bytes(R"(<rss version="2.0"><channel><title>T</title>
<item><title>Page</title><link>https://a.example/p</link></item></channel></rss>)",
                  "one.xml", report);
  index.add_bytes(R"(<rss version="2.0"><channel><title>T</title>
<item><title>Section two</title><link>https://a.example/p#2</link></item></channel></rss>)",
                  "two.xml", report);
  index.commit();
  CHECK(report.added == 2);
  CHECK(doc_count(db) == 2);
  CHECK(has_id(db, "https://a.example/p"));
  CHECK(has_id(db, "https://a.example/p#2"));
}

TEST_CASE("identity: a document moved to its new id stays in its story, with its near-duplicates") {
  // The feed's news page is listed twice with the same words, once with its
  // title in other case: two items. The first one indexed (when the link was
  // the feed's alone) moves to link + key and keeps its story, and the
  // other joins it, as the same article.
  const std::string head = R"(<rss version="2.0"><channel><title>News page</title>)";
  const std::string text =
      "The ferry across the bay will run every hour from Monday, the harbour office said, "
      "after a winter of repairs to the pier and the purchase of a second boat for the route.";
  const auto item = [&](const std::string& title) {
    return "<item><title>" + title + "</title><link>https://c.example/news</link><description>" + text +
           "</description></item>";
  };
  TempDir dir;
  const fs::path db = dir.path / "db";
  newsdex::IndexOptions o;
  o.path = db.string();
  auto index = newsdex::Index::open(o);
  for (const std::string& items : {item("Ferry Runs Hourly"), item("Ferry runs hourly") + item("Ferry Runs Hourly")}) {
    newsdex::IndexReport report;
    index.add_bytes(head + items + "</channel></rss>", "news.xml", report);
    index.commit();
  }
  Xapian::Database x(db.string());
  REQUIRE(x.get_doccount() == 2);
  std::set<std::string> stories, ids;
  for (auto p = x.postlist_begin(""); p != x.postlist_end(""); ++p) {
    const auto d = newsdex::decode(x.get_document(*p).get_data());
    stories.insert(d.story);
    ids.insert(d.id);
  }
  CHECK(ids.count("https://c.example/news") == 0);  // moved, not kept twice
  CHECK(stories.size() == 1);
}

// Every item has a date the filters see (issue 14, rule 2): published, else
// updated, else when newsdex first saw it, stored with which one it was; and
// first seen is kept when an item is indexed again or changes.

#include <doctest/doctest.h>

#include <utime.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kSeen = 1764583200;  // 2025-12-01T10:00:00Z: the file's mtime

// One undated RSS item, one Atom entry with only <updated>, one published item.
std::string feed(const std::string& undated_text) {
  return R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Wire</title>
<item><guid>undated</guid><title>Undated notice</title><description>)" +
         undated_text + R"(</description></item>
<item><guid>touched</guid><title>Touched notice</title><description>Edited.</description>
<atom:updated>2025-06-01T08:00:00Z</atom:updated></item>
<item><guid>dated</guid><title>Dated notice</title><description>Old news.</description>
<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate></item>
</channel></rss>)";
}

void write(const fs::path& file, const std::string& text, std::int64_t mtime) {
  std::ofstream(file, std::ios::binary) << text;
  utimbuf times{static_cast<time_t>(mtime), static_cast<time_t>(mtime)};
  REQUIRE(utime(file.c_str(), &times) == 0);
}

newsdex::IndexReport index_file(const fs::path& db, const fs::path& file, std::size_t shards = 0) {
  newsdex::IndexOptions options;
  options.path = db.string();
  options.shards = shards;
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.add_path(file.string(), report);
  index.commit();
  REQUIRE(report.ok());
  return report;
}

newsdex::Document doc(const fs::path& db, const std::string& id) {
  auto found = newsdex::Searcher::open(db.string()).document(id);
  REQUIRE(found.has_value());
  return *found;
}

std::size_t count(const fs::path& db, const std::string& query, newsdex::SearchOptions options = {}) {
  options.limit = 100;
  options.collapse = false;
  return newsdex::Searcher::open(db.string()).search(query, options).hits.size();
}

}  // namespace

TEST_CASE("first seen: an undated item is dated when first seen, and says so") {
  TempDir dir;
  const fs::path db = dir.path / "db", file = dir.path / "wire.xml";
  write(file, feed("Nothing says when."), kSeen);
  CHECK(index_file(db, file).added == 3);

  const newsdex::Document undated = doc(db, "undated");
  CHECK_FALSE(undated.published.has_value());
  CHECK_FALSE(undated.updated.has_value());
  REQUIRE(undated.first_seen.has_value());
  CHECK(*undated.first_seen == kSeen);
  CHECK(undated.date() == kSeen);
  CHECK(std::string(undated.date_source()) == "first-seen");

  const newsdex::Document touched = doc(db, "touched");
  CHECK(std::string(touched.date_source()) == "updated");
  CHECK(touched.date() == touched.updated);
  CHECK(touched.first_seen == kSeen);  // every document notes it, dated or not
  CHECK(std::string(doc(db, "dated").date_source()) == "published");

  SUBCASE("date:, --since and --until see the date each one has") {
    CHECK(count(db, "date:2025-12-01") == 1);  // the undated one, by first seen
    CHECK(count(db, "date:2025-06") == 1);     // the updated one
    CHECK(count(db, "date:2025-03-03") == 1);
    newsdex::SearchOptions recent;
    recent.since = kSeen - kDay;
    CHECK(count(db, "notice", recent) == 1);
    newsdex::SearchOptions older;
    older.until = kSeen - kDay;  // what expiry deletes is chosen the same way
    CHECK(count(db, "notice", older) == 2);
  }
  SUBCASE("search hits carry the date and its source") {
    newsdex::SearchOptions options;
    options.sort = newsdex::Sort::date;
    auto hits = newsdex::Searcher::open(db.string()).search("notice", options).hits;
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].id == "undated");  // newest first, by first seen
    CHECK(hits[0].date == kSeen);
    CHECK(hits[0].date_source == "first-seen");
    CHECK(hits[1].id == "touched");
    CHECK(hits[2].id == "dated");
    CHECK(hits[2].date == hits[2].published);
  }
}

TEST_CASE("first seen: kept when the item is indexed again, and when it changes") {
  // Unsharded, and sharded (where the writer threads build the documents).
  for (const std::size_t shards : {std::size_t{0}, std::size_t{2}}) {
    CAPTURE(shards);
    TempDir dir;
    const fs::path db = dir.path / "db", file = dir.path / "wire.xml";
    write(file, feed("Nothing says when."), kSeen);
    index_file(db, file, shards);

    write(file, feed("Nothing says when."), kSeen + 10 * kDay);  // touched, unchanged
    newsdex::IndexReport again = index_file(db, file, shards);
    CHECK(again.unchanged == 3);
    CHECK(doc(db, "undated").first_seen == kSeen);

    write(file, feed("Now it says more."), kSeen + 20 * kDay);
    newsdex::IndexReport changed = index_file(db, file, shards);
    CHECK(changed.updated == 1);
    CHECK(changed.unchanged == 2);
    const newsdex::Document undated = doc(db, "undated");
    CHECK(undated.summary == "Now it says more.");
    CHECK(undated.first_seen == kSeen);
    CHECK(undated.date() == kSeen);
    // The date slot follows the kept first seen: date: finds it on that day.
    CHECK(count(db, "date:2025-12-01") == 1);
  }
}

TEST_CASE("first seen: --seen-since finds what arrived since, whatever its date") {
  TempDir dir;
  const fs::path db = dir.path / "db", old_file = dir.path / "wire.xml", new_file = dir.path / "late.xml";
  write(old_file, feed("Nothing says when."), kSeen);
  index_file(db, old_file);
  // Arrives ten days later, dated years before.
  write(new_file, R"(<rss version="2.0"><channel><title>Late</title>
<item><guid>late</guid><title>Late notice</title><description>Found in an archive.</description>
<pubDate>Tue, 01 Jan 2019 00:00:00 GMT</pubDate></item></channel></rss>)",
        kSeen + 10 * kDay);
  index_file(db, new_file);

  newsdex::SearchOptions arrived;
  arrived.seen_since = kSeen + 9 * kDay;
  auto hits = newsdex::Searcher::open(db.string()).search("notice", arrived).hits;
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == "late");
  CHECK(hits[0].first_seen == kSeen + 10 * kDay);
  CHECK(hits[0].date_source == "published");
  arrived.seen_since = kSeen - kDay;
  CHECK(count(db, "notice", arrived) == 4);
}

TEST_CASE("first seen: an export keeps it, and importing it back restores it") {
  TempDir dir;
  const fs::path db = dir.path / "db", file = dir.path / "wire.xml";
  write(file, feed("Nothing says when."), kSeen);
  index_file(db, file);
  std::stringstream backup;
  CHECK(newsdex::export_documents(db.string(), backup) == 3);
  CHECK(backup.str().find("\"first_seen\":\"" + newsdex::format_utc(kSeen) + "\"") != std::string::npos);

  const fs::path restored = dir.path / "restored";
  newsdex::IndexOptions options;
  options.path = restored.string();
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.import_documents(backup, "backup.jsonl", report);
  index.commit();
  CHECK(report.added == 3);
  const newsdex::Document undated = doc(restored, "undated");
  CHECK(undated.first_seen == kSeen);
  CHECK(std::string(undated.date_source()) == "first-seen");
}

TEST_CASE("first seen: a format-1 export had none; its documents are first seen when imported") {
  TempDir dir;
  const auto before = static_cast<std::int64_t>(std::time(nullptr));
  std::istringstream old_export(R"({"newsdex_export": 1}
{"id": "old", "title": "Old notice", "published": null}
)");
  newsdex::IndexOptions options;
  options.path = (dir.path / "db").string();
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.import_documents(old_export, "old.jsonl", report);
  index.commit();
  REQUIRE(report.added == 1);
  const newsdex::Document d = doc(dir.path / "db", "old");
  REQUIRE(d.first_seen.has_value());
  CHECK(*d.first_seen >= before);
  CHECK(*d.first_seen <= static_cast<std::int64_t>(std::time(nullptr)));
  CHECK(std::string(d.date_source()) == "first-seen");
}

// Sharded indexing (IndexOptions::shards, newsdex-index --shards): a sharded
// index holds and finds what an unsharded one does, re-indexing is
// idempotent, ids route to fixed shards, near-duplicates meet across
// shards, update and expiry work, and a writer's failure comes back as Error.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>

#include "common/terms.hpp"
#include "indexer/store/shard_layout.hpp"
#include "indexer/store/shard_writer.hpp"
#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"
#include "tests/test_data.hpp"

namespace fs = std::filesystem;
using namespace newsdex;

namespace {

fs::path env_path(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? fs::path(v) : fs::path(fallback);
}

fs::path data_dir() { return env_path("NEWSDEX_DATA_DIR", "data"); }

// The seeds, and with `captures_too` three dated captures of the same feeds
// (many copies and near-duplicates): the fixtures', or in the
// sharded_index_rssowl entry all of rssowl-feeds (4,000 items).
std::vector<std::string> inputs(bool captures_too) {
  std::vector<std::string> out{data_dir().string()};
  if (!captures_too) return out;
  if (test_data::rssowl()) {
    out.push_back(test_data::require("rssowl-feeds").string());
  } else {
    for (const auto& folder : test_data::snapshots()) out.push_back(folder.string());
  }
  return out;
}

IndexReport index_into(const fs::path& dir, std::size_t shards, std::size_t batch_size = 1000,
                       bool captures_too = false) {
  IndexOptions options;
  options.path = dir.string();
  options.shards = shards;
  options.batch_size = batch_size;
  options.reference_time = 1767225600;  // 2026-01-01: year-less dates do not follow file times
  auto index = Index::open(options);
  IndexReport report;
  index.add_paths(inputs(captures_too), report);
  index.commit();
  return report;
}

// Every document's id -> story, read through Xapian (a stub folder opens as one).
std::map<std::string, std::string> stories_of(const fs::path& dir) {
  Xapian::Database db(dir.string());
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if ((*t).rfind("Q", 0) == 0) out[(*t).substr(1)] = doc.get_value(6);
  }
  return out;
}

// Each hit as its id followed by its story's other members ("also"), and its score.
std::vector<std::pair<std::string, double>> hits(const fs::path& dir, const std::string& query) {
  auto searcher = Searcher::open(dir.string());
  SearchOptions options;
  options.limit = 20;
  std::vector<std::pair<std::string, double>> out;
  for (const auto& h : searcher.search(query, options).hits) {
    std::set<std::string> also;
    for (const auto& m : h.also) also.insert(m.id);
    std::string key = h.id;
    for (const auto& m : also) key += " + " + m;
    out.emplace_back(key, h.score);
  }
  return out;
}

std::string json_article(const std::string& id, const std::string& title, const std::string& text,
                         const std::string& story = {}) {
  return fmt::format(R"({{"id": "{}", "title": "{}", "content": "{}", "kind": "article"{}}})", id, title,
                     text, story.empty() ? "" : fmt::format(R"(, "story": "{}")", story)) +
         "\n";
}

const std::string kText =
    "The central bank raised its benchmark interest rate by a quarter point on Tuesday, citing "
    "persistent inflation in services and a labour market that remains tight despite slowing growth "
    "in manufacturing and construction across the region this spring";

// Two ids of the same shard, or of different shards, among "prefix-N".
std::pair<std::string, std::string> ids_with(bool same_shard, std::size_t shards, const std::string& prefix) {
  const std::string first = prefix + "-0";
  for (int n = 1; n < 1000; ++n) {
    std::string other = fmt::format("{}-{}", prefix, n);
    if ((shard_of(first, shards) == shard_of(other, shards)) == same_shard) return {first, other};
  }
  FAIL("no such id");
  return {};
}

}  // namespace

TEST_CASE("sharded: holds and finds exactly what an unsharded index does") {
  TempDir tmp;
  const fs::path plain = tmp.path / "plain", sharded = tmp.path / "sharded";
  IndexReport a = index_into(plain, 0);
  // A small batch: decisions cross commit barriers and overlays.
  IndexReport b = index_into(sharded, 2, 13);
  CHECK(fs::exists(sharded / "XAPIANDB"));
  CHECK(fs::exists(sharded / "shard0" / "iamglass"));
  CHECK(fs::exists(sharded / "shard1" / "iamglass"));
  CHECK(b.added == a.added);
  CHECK(b.updated == a.updated);
  CHECK(b.unchanged == a.unchanged);
  const auto sa = stories_of(plain), sb = stories_of(sharded);
  CHECK(sa.size() == a.added);
  CHECK(sa == sb);  // same documents, same stories (digests and copies)
  std::size_t joined = 0;
  for (const auto& [id, story] : sa) joined += story != id;
  CHECK(joined > 5);

  for (const std::string q : {"deepseek", "chip export", "\"rare earth\"", "title:china",
                              "nvidia OR huawei", "trade -tariff"}) {
    CAPTURE(q);
    auto ha = hits(plain, q), hb = hits(sharded, q);
    CHECK(!ha.empty());
    REQUIRE(ha.size() == hb.size());
    for (std::size_t i = 0; i < ha.size(); ++i) {
      CHECK(ha[i].second == doctest::Approx(hb[i].second));
      // Equal scores may come in another order: docids differ across shards.
      const bool tied = (i > 0 && ha[i - 1].second == ha[i].second) ||
                        (i + 1 < ha.size() && ha[i + 1].second == ha[i].second);
      if (!tied) CHECK(ha[i].first == hb[i].first);
    }
    std::multiset<std::string> ia, ib;
    for (auto& h : ha) ia.insert(h.first);
    for (auto& h : hb) ib.insert(h.first);
    CHECK(ia == ib);
  }
  // A collapsed story: one hit, the others of its story listed with it.
  bool collapsed = false;
  for (const auto& h : hits(sharded, "deepseek")) collapsed |= h.first.find(" + ") != std::string::npos;
  CHECK(collapsed);
}

TEST_CASE("sharded: captures of the same feeds group into the same stories, but for ties" *
          doctest::test_suite("corpus")) {
  // Batches that end mid-input, so that decisions read committed shards and the overlay.
  const std::size_t batch = test_data::rssowl() ? 237 : 7;
  TempDir tmp;
  const fs::path plain = tmp.path / "plain", sharded = tmp.path / "sharded";
  IndexReport a = index_into(plain, 0, 1000, true);
  IndexReport b = index_into(sharded, 2, batch, true);
  CHECK(b.added == a.added);
  CHECK(b.updated == a.updated);
  const auto sa = stories_of(plain), sb = stories_of(sharded);
  REQUIRE(sa.size() == sb.size());
  // "The earliest indexed wins" ties between equally similar candidates go to
  // the lowest docid, and docids interleave across shards: a handful of
  // documents join another, equally close, member's story. Each still joins
  // (or follows one that did).
  std::size_t differ = 0;
  for (const auto& [id, story] : sa) {
    REQUIRE(sb.count(id));
    differ += sb.at(id) != story;
  }
  CHECK(differ * 200 < sa.size());  // under half a percent
}

TEST_CASE("sharded: indexing the same inputs again writes nothing; the count is kept") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  IndexReport first = index_into(dir, 2, 50);
  const auto before = Xapian::Database(dir.string()).get_doccount();
  // No --shards: the folder's own count is used.
  IndexReport again = index_into(dir, 0, 50);
  CHECK(again.added == 0);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == first.added + first.updated);
  CHECK(Xapian::Database(dir.string()).get_doccount() == before);
  CHECK(read_shard_count(dir) == 2u);
}

TEST_CASE("sharded: a document's shard follows from its id") {
  CHECK(shard_of("x", 1) == 0);
  std::set<std::size_t> seen;
  for (int n = 0; n < 100; ++n) {
    const std::string id = fmt::format("https://example.com/a/{}", n);
    CHECK(shard_of(id, 3) == shard_of(id, 3));
    seen.insert(shard_of(id, 3));
  }
  CHECK(seen.size() == 3);  // ids spread over every shard

  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  index_into(dir, 3, 30);
  Xapian::Database combined(dir.string());
  REQUIRE(combined.get_doccount() > 0);
  for (std::size_t s = 0; s < 3; ++s) {
    Xapian::Database shard(shard_folder(dir, s).string());
    CHECK(shard.get_doccount() > 0);
    for (auto it = shard.allterms_begin("Q"); it != shard.allterms_end("Q"); ++it)
      if ((*it).size() <= 200)  // longer ids are cut and hashed in their term
        CHECK_MESSAGE(shard_of((*it).substr(1), 3) == s, *it);
  }
}

TEST_CASE("sharded: a near-duplicate in another shard joins the original's story") {
  for (bool same_batch : {true, false}) {
    CAPTURE(same_batch);
    TempDir tmp;
    IndexOptions options;
    options.path = (tmp.path / "idx").string();
    options.shards = 2;
    auto [original, copy] = ids_with(false, 2, "https://example.com/rates");
    auto index = Index::open(options);
    IndexReport report;
    std::istringstream first(json_article(original, "Bank raises rates", kText));
    index.import_documents(first, "first", report);
    if (!same_batch) index.commit();  // then the original is read from the committed snapshot
    std::istringstream second(json_article(copy, "Central bank raises rates", kText + " again"));
    index.import_documents(second, "second", report);
    index.commit();
    CHECK(report.added == 2);
    auto stories = stories_of(options.path);
    CHECK(stories.at(original) == original);
    CHECK(stories.at(copy) == original);
  }
}

TEST_CASE("sharded: another --shards on an existing index fails and says what to do") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  index_into(dir, 2);
  IndexOptions options;
  options.path = dir.string();
  options.shards = 3;
  try {
    Index::open(options);
    FAIL("opened");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_argument);
    CHECK(std::string(e.what()).find(dir.string()) != std::string::npos);
    CHECK(std::string(e.what()).find("compact") != std::string::npos);
  }
  // An unsharded index cannot become sharded either.
  const fs::path plain = tmp.path / "plain";
  index_into(plain, 0);
  options.path = plain.string();
  options.shards = 2;
  CHECK_THROWS_AS(Index::open(options), Error);
  options.shards = 1;
  CHECK_NOTHROW(Index::open(options));
}

namespace {

// Answers every request with the same feed.
class FixedFetcher : public Fetcher {
 public:
  explicit FixedFetcher(std::string body) : body_(std::move(body)) {}
  std::vector<FetchResult> fetch(const std::vector<FetchRequest>& requests,
                                 const std::function<void(const FetchResult&)>& on_done) override {
    std::vector<FetchResult> out;
    for (const auto& r : requests) {
      FetchResult result;
      result.url = result.final_url = r.url;
      result.status = 200;
      result.body = body_;
      result.etag = "\"v1\"";
      if (on_done) on_done(result);
      out.push_back(result);
    }
    return out;
  }

 private:
  std::string body_;
};

std::string feed_of(int items, std::int64_t first_published) {
  std::string xml = R"(<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>)";
  for (int i = 0; i < items; ++i) {
    std::time_t t = static_cast<std::time_t>(first_published + i * 86400);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", std::gmtime(&t));
    xml += fmt::format("<item><guid>https://wire.example/{}</guid><title>Story number {}</title>"
                       "<description>Item {} of the wire, words {} {}</description><pubDate>{}</pubDate></item>",
                       i, i, i, i * 7, i * 13, date);
  }
  return xml + "</channel></rss>";
}

}  // namespace

TEST_CASE("sharded: update keeps the feed list and fetch state in shard 0; expiry deletes from every shard") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  // 40 items a day apart, the first 399.5 days old: items 0..34 are more
  // than 365 days old, 35..39 less (half a day from the cutoff either way).
  FixedFetcher fetcher(feed_of(40, now - 400 * 86400 + 43200));
  IndexOptions options;
  options.path = dir.string();
  options.shards = 2;
  options.fetcher = &fetcher;
  options.batch_size = 7;
  {
    auto index = Index::open(options);
    index.add_feed({.url = "https://wire.example/rss", .name = "Wire"});
    index.commit();
    CHECK(index.feeds().size() == 1);
    UpdateReport r = index.update({});
    CHECK(r.fetched == 1);
    CHECK(r.index.added == 40);
  }
  auto states = read_feed_states(dir.string());
  REQUIRE(states.size() == 1);
  CHECK(states[0].name == "Wire");
  CHECK(states[0].etag == "\"v1\"");
  CHECK(states[0].item_count == 40);
  CHECK(Xapian::Database(shard_folder(dir, 0).string()).get_metadata("newsdex.feeds").find("wire.example") !=
        std::string::npos);
  CHECK(Xapian::Database(shard_folder(dir, 1).string()).get_metadata("newsdex.feeds").empty());

  options.shards = 0;
  auto index = Index::open(options);
  UpdateOptions update;
  update.expire_days = 365;
  UpdateReport r = index.update(update);
  CHECK(r.index.unchanged == 40);
  CHECK(r.expired == 35);
  Xapian::Database db(dir.string());
  CHECK(db.get_doccount() == 5);
  CHECK(Xapian::Database(shard_folder(dir, 0).string()).get_doccount() +
            Xapian::Database(shard_folder(dir, 1).string()).get_doccount() ==
        5);
}

TEST_CASE("sharded: compact rewrites every shard in place and keeps every document") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  index_into(dir, 2, 30);
  const auto before = stories_of(dir);
  const auto hits_before = hits(dir, "deepseek");
  CompactReport r = compact_index(dir.string());
  CHECK(r.documents == before.size());
  CHECK(stories_of(dir) == before);
  CHECK(hits(dir, "deepseek") == hits_before);
  CHECK(read_shard_count(dir) == 2u);
  // And it can still be written.
  IndexReport again = index_into(dir, 0);
  CHECK(again.added == 0);
}

TEST_CASE("sharded: a writer's failure comes back to the caller as Error(io) naming the shard") {
  TempDir tmp;
  const std::string folder = (tmp.path / "shard0").string();
  ShardWriter writer(Xapian::WritableDatabase(folder, Xapian::DB_CREATE_OR_OPEN), folder, 2);
  writer.push([](ShardContext&) { throw Xapian::DatabaseError("disk on fire"); });
  bool thrown = false;
  try {
    writer.wait();
  } catch (const Error& e) {
    thrown = true;
    CHECK(e.code() == Errc::io);
    CHECK(std::string(e.what()).find(folder) != std::string::npos);
    CHECK(std::string(e.what()).find("disk on fire") != std::string::npos);
  }
  CHECK(thrown);
  // Later work is refused, not silently dropped.
  CHECK_THROWS_AS(writer.push([](ShardContext&) {}), Error);
}

namespace {

// One exported document a line, dated `published` (ISO 8601).
std::string export_line(const std::string& id, const std::string& title, const std::string& published) {
  return fmt::format(R"({{"id":"{}","title":"{}","content":"{} and more words about it","published":"{}"}})",
                     id, title, title, published) + "\n";
}

IndexReport import_text(const fs::path& dir, const std::string& lines, const std::string& partition) {
  IndexOptions options;
  options.path = dir.string();
  options.partition = partition;
  auto index = Index::open(options);
  std::istringstream in(lines);
  IndexReport report;
  index.import_documents(in, "test.jsonl", report);
  index.commit();
  return report;
}

std::string stub_text(const fs::path& dir) {
  std::ifstream in(dir / "XAPIANDB");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("partitions: documents go to the month of their date; the stub lists meta first") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  const std::string lines = export_line("https://a.example/1", "Harbour strike", "2026-11-03T08:00:00Z") +
                            export_line("https://a.example/2", "Grain prices", "2026-12-01T00:00:00Z") +
                            export_line("https://a.example/3", "Port reopens", "2025-01-15T12:00:00Z");
  IndexReport first = import_text(dir, lines, "month");
  CHECK(first.added == 3);
  CHECK(stub_text(dir) == "auto meta\nauto 2025-01\nauto 2026-11\nauto 2026-12\n");
  for (const char* part : {"2025-01", "2026-11", "2026-12"})
    CHECK(Xapian::Database((dir / part).string()).get_doccount() == 1);
  CHECK(Xapian::Database((dir / "meta").string()).get_doccount() == 0);
  // Xapian (and so newsdex-search) open the folder as one database.
  CHECK(Xapian::Database(dir.string()).get_doccount() == 3);

  // Identity spans the parts: the same documents again change nothing; a
  // document whose date moved to another month is still one document.
  IndexReport again = import_text(dir, lines, "");
  CHECK(again.added == 0);
  CHECK(again.unchanged == 3);
  IndexReport moved = import_text(dir, export_line("https://a.example/1", "Harbour strike", "2026-12-02T08:00:00Z"), "");
  CHECK(moved.added == 0);
  CHECK(moved.updated == 1);
  Xapian::Database all(dir.string());
  CHECK(all.get_doccount() == 3);
  CHECK(all.get_termfreq(newsdex::id_term("https://a.example/1")) == 1);

  // The layout is fixed when the index is created.
  IndexOptions other;
  other.path = dir.string();
  other.partition = "year";
  CHECK_THROWS_WITH_AS(Index::open(other), doctest::Contains("partitioned by month"), newsdex::Error);
  other.partition = "none";
  CHECK_THROWS_AS(Index::open(other), newsdex::Error);
}

TEST_CASE("partitions: by year, and with shards inside each period") {
  TempDir tmp;
  const fs::path years = tmp.path / "years";
  import_text(years, export_line("https://b.example/1", "Old news", "1987-03-01T00:00:00Z") +
                         export_line("https://b.example/2", "New news", "1988-03-01T00:00:00Z"),
              "year");
  CHECK(stub_text(years) == "auto meta\nauto 1987\nauto 1988\n");

  const fs::path sharded = tmp.path / "sharded";
  IndexOptions options;
  options.path = sharded.string();
  options.partition = "month";
  options.shards = 2;
  std::string lines;
  for (int n = 0; n < 40; ++n)
    lines += export_line(fmt::format("https://c.example/{}", n), fmt::format("Story number {}", n),
                         "2026-10-05T00:00:00Z");
  {
    auto index = Index::open(options);
    std::istringstream in(lines);
    IndexReport report;
    index.import_documents(in, "t.jsonl", report);
    index.commit();
    CHECK(report.added == 40);
  }
  CHECK(stub_text(sharded) == "auto meta\nauto 2026-10/shard0\nauto 2026-10/shard1\n");
  CHECK(Xapian::Database((sharded / "2026-10" / "shard0").string()).get_doccount() > 0);
  CHECK(Xapian::Database((sharded / "2026-10" / "shard1").string()).get_doccount() > 0);
  CHECK(Xapian::Database(sharded.string()).get_doccount() == 40);
}

TEST_CASE("partitions: expiry drops the months wholly past the cutoff and deletes inside the boundary month") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  // As the sharded case: 40 items a day apart, items 0..34 past 365 days.
  FixedFetcher fetcher(feed_of(40, now - 400 * 86400 + 43200));
  IndexOptions options;
  options.path = dir.string();
  options.partition = "month";
  options.fetcher = &fetcher;
  options.batch_size = 7;
  auto index = Index::open(options);
  index.add_feed({.url = "https://wire.example/rss", .name = "Wire"});
  index.commit();
  CHECK(index.update({}).index.added == 40);
  // The feed list lives in meta, which Xapian reads as the first database.
  CHECK(Xapian::Database((dir / "meta").string()).get_metadata("newsdex.feeds").find("wire.example") !=
        std::string::npos);
  CHECK(read_feed_states(dir.string()).size() == 1);
  const std::string before = stub_text(dir);
  const std::string first_month = before.substr(before.find('\n') + 6, 7);  // after "auto meta\nauto "
  REQUIRE(fs::exists(dir / first_month));

  UpdateOptions update;
  update.expire_days = 365;
  UpdateReport r = index.update(update);
  CHECK(r.expired == 35);
  CHECK(Xapian::Database(dir.string()).get_doccount() == 5);
  // The oldest month is gone from the stub and from the disk; the month
  // holding the cutoff kept the items on its near side.
  CHECK(stub_text(dir).find(first_month) == std::string::npos);
  CHECK_FALSE(fs::exists(dir / first_month));
  const std::string after = stub_text(dir);
  CHECK(after.starts_with("auto meta\n"));
  CHECK(std::count(after.begin(), after.end(), '\n') <= 3);  // meta and at most two months of 5 days
}

TEST_CASE("partitions: compact keeps every part and document; a part a crash left unlisted is listed again") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  import_text(dir,
              export_line("https://d.example/1", "Harbour strike", "2026-11-03T08:00:00Z") +
                  export_line("https://d.example/2", "Grain prices", "2026-12-01T00:00:00Z"),
              "month");
  CompactReport report = compact_index(dir.string());
  CHECK(report.documents == 2);
  CHECK(stub_text(dir) == "auto meta\nauto 2026-11\nauto 2026-12\n");
  CHECK(Xapian::Database(dir.string()).get_doccount() == 2);

  // A run stopped after creating a period's database and before listing it.
  Xapian::WritableDatabase((dir / "2027-01").string(), Xapian::DB_CREATE_OR_OPEN).close();
  import_text(dir, export_line("https://d.example/3", "Port reopens", "2026-11-20T00:00:00Z"), "");
  CHECK(stub_text(dir) == "auto meta\nauto 2026-11\nauto 2026-12\nauto 2027-01\n");
  CHECK(Xapian::Database(dir.string()).get_doccount() == 3);
}

TEST_CASE("partitions: a stub newsdex did not write is refused, naming its line") {
  TempDir tmp;
  const fs::path dir = tmp.path / "idx";
  fs::create_directories(dir);
  std::ofstream(dir / "XAPIANDB") << "auto meta\nauto 2026-11\nremote 10.0.0.1:8100\n";
  IndexOptions options;
  options.path = dir.string();
  CHECK_THROWS_WITH_AS(Index::open(options), doctest::Contains("XAPIANDB:3"), newsdex::Error);
}

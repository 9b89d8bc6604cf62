// The public API end to end: index with newsdex::Index, search with
// newsdex::Searcher, in a temporary folder.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

std::string feed(const std::string& items) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test Wire</title>" + items +
         "</channel></rss>";
}

std::string item(const std::string& guid, const std::string& title, const std::string& body,
                 const std::string& date) {
  return "<item><guid>" + guid + "</guid><title>" + title + "</title><description>" + body +
         "</description><pubDate>" + date + "</pubDate><link>https://wire.example/" + guid +
         "</link></item>";
}

IndexOptions options_for(const std::string& db) {
  IndexOptions o;
  o.path = db;
  return o;
}

}  // namespace

TEST_CASE("index, re-index, update, search") {
  TempDir dir;
  std::string db = (dir.path / "db").string();
  std::string v1 = feed(item("1", "Huawei chips", "Ascend chips &amp; more &lt;news&gt;", "Mon, 01 Dec 2025 10:00:00 GMT") +
                        item("2", "Rare earths", "Export controls on rare earths", "Tue, 02 Dec 2025 10:00:00 GMT"));
  {
    auto index = Index::open(options_for(db));
    IndexReport r;
    index.add_bytes(v1, "v1.xml", r);
    index.commit();
    CHECK(r.added == 2);
    CHECK(r.ok());
  }
  {
    auto index = Index::open(options_for(db));
    IndexReport r;
    index.add_bytes(v1, "v1.xml", r);
    CHECK(r.unchanged == 2);
    CHECK(r.added == 0);
    std::string v2 = feed(item("2", "Rare earths", "Export controls tightened", "Tue, 02 Dec 2025 10:00:00 GMT"));
    IndexReport r2;
    index.add_bytes(v2, "v2.xml", r2);
    index.commit();
    CHECK(r2.updated == 1);
  }
  auto searcher = Searcher::open(db);
  CHECK(searcher.stats().documents == 2);

  SearchResults res = searcher.search("chip");
  REQUIRE(res.hits.size() == 1);
  const Hit& h = res.hits[0];
  CHECK(h.rank == 1);
  CHECK(h.id == "1");
  CHECK(h.title == "Huawei chips");
  CHECK(h.url == "https://wire.example/1");
  CHECK(h.source == "Test Wire");
  CHECK(h.published == 1764583200);
  CHECK(h.score > 0);
  CHECK(to_html(h.snippet) == "Ascend <mark>chips</mark> &amp; more");
  CHECK(to_html(h.title_marks) == "Huawei <mark>chips</mark>");

  CHECK(searcher.search("tightened").hits.size() == 1);  // the update replaced the text
  CHECK(searcher.search("\"export controls\"").hits.size() == 1);

  // No terms: newest first.
  SearchResults latest = searcher.search("");
  REQUIRE(latest.hits.size() == 2);
  CHECK(latest.hits[0].id == "2");
  SearchOptions since;
  since.since = parse_time_bound("2025-12-02", 0);
  CHECK(searcher.search("", since).hits.size() == 1);
  SearchOptions page;
  page.offset = 1;
  page.limit = 1;
  SearchResults second = searcher.search("", page);
  REQUIRE(second.hits.size() == 1);
  CHECK(second.hits[0].rank == 2);
  CHECK(second.hits[0].id == "1");
}

TEST_CASE("errors at the boundary are newsdex::Error with a code") {
  TempDir dir;
  try {
    Searcher::open((dir.path / "missing").string());
    FAIL("expected not_found");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::not_found);
    CHECK(std::string(e.what()).find("newsdex-index") != std::string::npos);
  }
  std::string db = (dir.path / "db").string();
  auto index = Index::open(options_for(db));
  IndexReport r;
  index.add_bytes("<!-- never closed <rss><channel><item>", "broken.xml", r);  // beyond recovery
  index.add_bytes(feed(item("x", "Fine", "ok", "")), "good.xml", r);
  index.commit();
  index.add_bytes(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "image.png", r);
  index.commit();
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].where == "broken.xml:1");
  CHECK(r.errors[1].where == "image.png");
  CHECK(r.errors[1].message.find("binary") != std::string::npos);
  CHECK(r.added == 1);
  // A second writer is refused while the first holds the lock.
  try {
    Index::open(options_for(db));
    FAIL("expected locked");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::locked);
  }
  auto searcher = Searcher::open(db);
  CHECK_THROWS_AS(searcher.search("date:nope..2025"), Error);
}

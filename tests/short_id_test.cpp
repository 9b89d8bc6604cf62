// Short ids (searcher/ids/short_id.hpp) on an index whose ids are chosen so
// that two hashes share their first 6 hex digits, and the exact counts and
// stable estimates of SearchResults::total.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "common/terms.hpp"
#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

namespace {

std::string feed_of(const std::vector<std::string>& guids, const std::string& word) {
  std::string out = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>";
  for (const auto& g : guids)
    out += "<item><guid>" + g + "</guid><title>" + word + " report " + g + "</title><description>About " + word +
           ", item " + g + ".</description><pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate></item>";
  return out + "</channel></rss>";
}

// Two ids whose hashes share their first `digits` hex digits.
std::pair<std::string, std::string> colliding_ids(std::size_t digits) {
  std::map<std::string, std::string> seen;
  for (int n = 0;; ++n) {
    std::string id = "guid-" + std::to_string(n);
    auto [it, fresh] = seen.emplace(newsdex::id_hash(id).substr(0, digits), id);
    if (!fresh) return {it->second, id};
  }
}

}  // namespace

TEST_CASE("short ids: the shortest unique prefix, ambiguity named, every id form accepted") {
  TempDir dir;
  const auto [a, b] = colliding_ids(6);
  REQUIRE(newsdex::id_hash(a).substr(0, 6) == newsdex::id_hash(b).substr(0, 6));
  REQUIRE(newsdex::id_hash(a).substr(0, 7) != newsdex::id_hash(b).substr(0, 7));
  {
    newsdex::IndexOptions o;
    o.path = (dir.path / "db").string();
    auto index = newsdex::Index::open(o);
    newsdex::IndexReport report;
    index.add_bytes(feed_of({a, b, "lone"}, "harbour"), "feed.xml", report);
    index.commit();
    REQUIRE(report.added == 3);
  }
  auto searcher = newsdex::Searcher::open((dir.path / "db").string());
  const std::string sa = searcher.short_id(a), sb = searcher.short_id(b), lone = searcher.short_id("lone");
  // Long enough to tell the two apart, no longer; 6 digits for the rest.
  CHECK(sa == newsdex::id_hash(a).substr(0, 7));
  CHECK(sb == newsdex::id_hash(b).substr(0, 7));
  CHECK(lone == newsdex::id_hash("lone").substr(0, 6));
  CHECK(searcher.short_id("not-indexed").empty());
  // Hits carry them.
  newsdex::SearchOptions all;
  all.limit = 10;
  for (const auto& hit : searcher.search("harbour", all).hits) CHECK(hit.short_id == searcher.short_id(hit.id));
  // Each resolves, as does the full id; the shared prefix is ambiguous.
  CHECK(searcher.document(sa)->id == a);
  CHECK(searcher.document(sb)->id == b);
  CHECK(searcher.document(a)->id == a);
  CHECK(searcher.document(lone.substr(0, 4))->id == "lone");  // any unique prefix of 4 or more
  CHECK_FALSE(searcher.document("0000000000000000").has_value());
  try {
    searcher.document(sa.substr(0, 6));
    FAIL("an ambiguous short id resolved");
  } catch (const newsdex::Error& e) {
    CHECK(e.code() == newsdex::Errc::invalid_argument);
    const std::string what = e.what();
    CHECK(what.find("is ambiguous") != std::string::npos);
    CHECK(what.find(sa + "  " + a) != std::string::npos);
    CHECK(what.find(sb + "  " + b) != std::string::npos);
  }
  CHECK(searcher.search("id:" + sa, all).hits.at(0).id == a);
  CHECK_THROWS_AS(searcher.search("id:" + sa.substr(0, 6), all), newsdex::Error);
  CHECK(searcher.story(sb).at(0).id == b);
  const auto like = searcher.related(sa, all);
  REQUIRE_FALSE(like.hits.empty());
  for (const auto& hit : like.hits) CHECK(hit.id != a);  // like it, not it
}

TEST_CASE("totals: exact up to 100 matches, then an estimate that does not move with the page size") {
  TempDir dir;
  std::vector<std::string> ids;
  for (int i = 0; i < 2500; ++i) ids.push_back("m" + std::to_string(i));
  {
    newsdex::IndexOptions o;
    o.path = (dir.path / "db").string();
    o.near_duplicates.enabled = false;  // 2,500 near-identical items are not one story here
    auto index = newsdex::Index::open(o);
    newsdex::IndexReport report;
    index.add_bytes(feed_of(ids, "harbour"), "big.xml", report);
    index.add_bytes(feed_of({"x1", "x2", "x3"}, "lighthouse"), "small.xml", report);
    index.commit();
    REQUIRE(report.added == 2503);
  }
  auto searcher = newsdex::Searcher::open((dir.path / "db").string());
  newsdex::SearchOptions o;
  o.snippet_chars = 0;
  o.limit = 10;
  auto few = searcher.search("lighthouse", o);  // 3 of them, on a page of 10
  CHECK(few.total == 3);
  CHECK(few.total_exact);
  auto page = searcher.search("harbour", o);
  CHECK(searcher.count("harbour", o) == 2500);
  for (std::size_t limit : {0, 1, 50, 100}) {
    o.limit = limit;
    auto r = searcher.search("harbour", o);
    CAPTURE(limit);
    CHECK(r.total == page.total);
    CHECK(r.total_exact == page.total_exact);
  }
  o.limit = 10;
  o.facets = {"source"};
  auto counted = searcher.search("harbour", o);
  CHECK(counted.total == 2500);
  CHECK(counted.total_exact);
}

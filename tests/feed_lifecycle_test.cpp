// What a feed's failures do over many runs (Index::update against the local
// HTTP server): waits that grow, Retry-After, 410 Gone, death after
// kFeedDeadAfter failures, feeds retry, and a run's time limit.

#include <doctest/doctest.h>

#include "newsdex/newsdex.hpp"
#include "tests/test_server.hpp"
#include "temp_dir.hpp"

namespace {

using namespace test_support;
using newsdex::FeedState;

constexpr std::int64_t kHour = 3600;

struct Feeds {
  TempDir dir;
  std::string db = (dir.path / "db").string();

  explicit Feeds(const std::vector<newsdex::FeedSource>& feeds) {
    auto index = open();
    for (const auto& f : feeds) index.add_feed(f);
    index.commit();
  }
  newsdex::Index open() const {
    newsdex::IndexOptions o;
    o.path = db;
    o.fetch.connect_timeout = std::chrono::seconds(5);
    o.fetch.total_timeout = std::chrono::seconds(20);
    o.fetch.retries = 0;
    return newsdex::Index::open(o);
  }
  newsdex::UpdateReport update_at(std::int64_t now) const {
    auto index = open();
    newsdex::UpdateOptions u;
    u.now = now;
    return index.update(u);
  }
  FeedState state(const std::string& url) const {
    for (auto& s : newsdex::read_feed_states(db))
      if (s.url == url) return s;
    FAIL("no state for " << url);
    return {};
  }
};

}  // namespace

TEST_CASE("feed lifecycle: a failing feed waits longer each time, is reported once, and dies") {
  TestServer& server = fresh_server();
  const std::string bad = server.url("/404"), good = server.url("/feed");
  Feeds feeds({{bad, "bad"}, {good, "good"}});
  std::int64_t now = 1'800'000'000;

  // The first failure is news: an error, and the run is not ok (exit 1).
  auto r = feeds.update_at(now);
  CHECK(r.failed == 1);
  CHECK(r.new_failures == 1);
  CHECK_FALSE(r.ok());
  REQUIRE(r.index.errors.size() == 1);
  CHECK(r.index.errors[0].where == bad);
  CHECK_FALSE(feeds.state(bad).next_attempt);  // one blip costs no wait

  // The second is a warning, and the feed waits an hour.
  r = feeds.update_at(now += 60);
  CHECK(r.failed == 1);
  CHECK(r.new_failures == 0);
  CHECK(r.ok());
  CHECK(r.index.errors.empty());
  REQUIRE(r.index.warnings.size() == 1);
  CHECK(r.index.warnings[0].message.find("2 in a row; next try in 1 h") != std::string::npos);
  CHECK(feeds.state(bad).next_attempt == now + kHour);

  // Within the wait it is not fetched; the good feed still is.
  r = feeds.update_at(now + kHour - 1);
  CHECK(r.backing_off == 1);
  CHECK(r.feeds == 1);
  CHECK(r.failed == 0);

  // Waits double up to a day.
  std::vector<std::int64_t> waits;
  for (int failures = 3; failures < newsdex::kFeedDeadAfter; ++failures) {
    now = *feeds.state(bad).next_attempt;
    r = feeds.update_at(now);
    CHECK(r.failed == 1);
    waits.push_back(*feeds.state(bad).next_attempt - now);
  }
  CHECK(waits == std::vector<std::int64_t>{2 * kHour, 4 * kHour, 8 * kHour, 16 * kHour, 24 * kHour,
                                           24 * kHour, 24 * kHour});

  // The tenth failure kills it: one error naming the way back.
  now = *feeds.state(bad).next_attempt;
  r = feeds.update_at(now);
  CHECK(r.new_failures == 1);
  REQUIRE(r.index.errors.size() == 1);
  CHECK(r.index.errors[0].message.find("marked dead") != std::string::npos);
  CHECK(r.index.errors[0].message.find("feeds retry " + bad) != std::string::npos);
  CHECK(feeds.state(bad).dead);

  // Dead: skipped silently, ever after.
  r = feeds.update_at(now += 30 * 86400);
  CHECK(r.dead == 1);
  CHECK(r.feeds == 1);
  CHECK(r.ok());
  CHECK(r.index.errors.empty());
  CHECK(r.index.warnings.empty());

  // feeds retry: fetched at the next run, and a first failure again.
  {
    auto index = feeds.open();
    CHECK(index.retry_feed(bad));
    CHECK_FALSE(index.retry_feed(server.url("/not-listed")));
    index.commit();
  }
  CHECK_FALSE(feeds.state(bad).dead);
  r = feeds.update_at(now + 1);
  CHECK(r.feeds == 2);
  CHECK(r.new_failures == 1);
}

TEST_CASE("feed lifecycle: HTTP 410 Gone kills a feed at once") {
  TestServer& server = fresh_server();
  const std::string gone = server.url("/gone");
  Feeds feeds({{gone, "gone"}});
  auto r = feeds.update_at(1'800'000'000);
  CHECK(r.new_failures == 1);
  REQUIRE(r.index.errors.size() == 1);
  CHECK(r.index.errors[0].message.find("HTTP 410 Gone") != std::string::npos);
  CHECK(r.index.errors[0].message.find("gone for good") != std::string::npos);
  CHECK(feeds.state(gone).dead);
  CHECK(feeds.state(gone).consecutive_failures == 1);
}

TEST_CASE("feed lifecycle: a server's Retry-After lengthens the wait") {
  TestServer& server = fresh_server();
  const std::string busy = server.url("/flaky/busy?code=503&times=100&retry_after=36000");
  Feeds feeds({{busy, "busy"}});
  const std::int64_t now = 1'800'000'000;
  feeds.update_at(now);  // first failure: no wait of ours, but the server asks for 10 h
  CHECK(feeds.state(busy).next_attempt == now + 36000);
  auto r = feeds.update_at(now + 35999);
  CHECK(r.backing_off == 1);
  CHECK(server.count("/flaky/busy") == 1);
}

TEST_CASE("feed lifecycle: a feed that works again forgets its failures") {
  TestServer& server = fresh_server();
  const std::string flaky = server.url("/flaky/twice?code=500&times=2&retry_after=none");
  Feeds feeds({{flaky, "flaky"}});
  std::int64_t now = 1'800'000'000;
  feeds.update_at(now);
  feeds.update_at(now += 60);
  CHECK(feeds.state(flaky).consecutive_failures == 2);
  auto r = feeds.update_at(now = *feeds.state(flaky).next_attempt);
  CHECK(r.fetched == 1);
  const FeedState s = feeds.state(flaky);
  CHECK(s.consecutive_failures == 0);
  CHECK_FALSE(s.next_attempt);
  CHECK(s.last_error.empty());
  CHECK(s.last_success == now);
}

TEST_CASE("feed lifecycle: a run with many dead hosts ends at its time limit; the rest go first next run") {
  TestServer& server = fresh_server();
  std::vector<newsdex::FeedSource> list;
  for (int i = 0; i < 6; ++i) list.push_back({server.url("/slow?seconds=30&n=" + std::to_string(i)), "slow"});
  list.push_back({server.url("/feed"), "live"});
  Feeds feeds(list);
  newsdex::IndexOptions o;
  o.path = feeds.db;
  o.fetch.total_timeout = std::chrono::seconds(1);
  o.fetch.time_limit = std::chrono::milliseconds(1500);
  o.fetch.max_connections = 2;
  o.fetch.max_per_host = 2;
  auto index = newsdex::Index::open(o);
  const auto start = Clock::now();
  newsdex::UpdateReport r = index.update({});
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  index.commit();
  CHECK(took < 4.0);  // generous: 1.5 s of fetching, however many feeds wait
  CHECK(r.deferred == 3);
  CHECK(r.failed == 4);
  CHECK(r.feeds == 4);
  // The deferred ones were not attempted: no failure recorded against them.
  std::size_t untouched = 0;
  for (const auto& s : newsdex::read_feed_states(feeds.db))
    if (!s.last_attempt) {
      ++untouched;
      CHECK(s.consecutive_failures == 0);
    }
  CHECK(untouched == 3);
}

namespace {

struct Cli {
  int code = 0;
  std::string out, err;
};

// newsdex-index with `args` (each single-quoted for the shell), output captured.
Cli index_cli(const TempDir& dir, const std::vector<std::string>& args) {
  std::string line = "'" + required_env("NEWSDEX_INDEX_BIN") + "'";
  for (const auto& a : args) line += " '" + a + "'";
  const fs::path out = dir.path / "out.txt", err = dir.path / "err.txt";
  line += " </dev/null >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(line.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

}  // namespace

TEST_CASE("feeds add: checks the URL, follows a page's alternate links, refuses duplicates") {
  TestServer& server = fresh_server();
  TempDir dir;
  const std::string db = (dir.path / "db").string();

  // A feed: what it is, then subscribed under its own title.
  Cli feed = index_cli(dir, {"--db", db, "feeds", "add", server.url("/feed"), "--category", "Tests / Local"});
  INFO(feed.out << feed.err);
  CHECK(feed.code == 0);
  CHECK(feed.out.find("RSS, \"newsdex test server\", 1 item") != std::string::npos);
  auto states = newsdex::read_feed_states(db);
  REQUIRE(states.size() == 1);
  CHECK(states[0].name == "newsdex test server");
  CHECK(states[0].category == "Tests/Local");

  // The same URL again: an error naming the subscription, nothing changed.
  Cli again = index_cli(dir, {"--db", db, "feeds", "add", server.url("/feed"), "Other name"});
  CHECK(again.code == 1);
  CHECK(again.err.find("already subscribed: " + server.url("/feed") + " (newsdex test server") != std::string::npos);
  CHECK(newsdex::read_feed_states(db).size() == 1);

  // Not a feed, and not there: nothing subscribed, and why.
  Cli missing = index_cli(dir, {"--db", db, "feeds", "add", server.url("/404")});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("HTTP 404") != std::string::npos);
  Cli text = index_cli(dir, {"--db", db, "feeds", "add", server.url("/page?feeds=0")});
  CHECK(text.code == 1);
  CHECK(text.err.find("links to no feed") != std::string::npos);
  CHECK(newsdex::read_feed_states(db).size() == 1);

  // A page with one feed: that feed, its site kept.
  Cli one = index_cli(dir, {"--db", db, "feeds", "add", server.url("/page?feeds=1"), "Mine"});
  INFO(one.out << one.err);
  CHECK(one.code == 0);
  CHECK(one.out.find("subscribed: " + server.url("/feed?n=1") + " (Mine)") != std::string::npos);

  // Several, not on a terminal: the list and what to do, nothing subscribed; --all takes each.
  Cli several = index_cli(dir, {"--db", db, "feeds", "add", server.url("/page?feeds=3")});
  CHECK(several.code == 2);
  CHECK(several.err.find("links to 3 feeds") != std::string::npos);
  CHECK(several.err.find(server.url("/feed?n=3") + "  (Feed 3)") != std::string::npos);
  CHECK(newsdex::read_feed_states(db).size() == 2);
  Cli all = index_cli(dir, {"--db", db, "feeds", "add", server.url("/page?feeds=3"), "--all"});
  CHECK(all.code == 0);
  CHECK(all.err.find("already subscribed: " + server.url("/feed?n=1")) != std::string::npos);
  states = newsdex::read_feed_states(db);
  REQUIRE(states.size() == 4);
  CHECK(states[3].html_url == server.url("/page?feeds=3"));

  // rename, retry and remove take a name as well as a URL.
  CHECK(index_cli(dir, {"--db", db, "feeds", "rename", "Mine", "Page feed"}).code == 0);
  CHECK(newsdex::read_feed_states(db)[1].name == "Page feed");
  Cli unknown = index_cli(dir, {"--db", db, "feeds", "remove", "Nothing like it"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("no feed 'Nothing like it'") != std::string::npos);
  CHECK(index_cli(dir, {"--db", db, "feeds", "remove", "page feed"}).code == 0);
  CHECK(newsdex::read_feed_states(db).size() == 3);
}

// Index::update and `newsdex-index update` against the local HTTP server:
// conditional refetches, snapshots of the same feeds over time, and a
// updater killed at random moments.

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <thread>

#include <xapian.h>

#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/unique_id.hpp"
#include "newsdex/newsdex.hpp"
#include "tests/test_server.hpp"
#include "temp_dir.hpp"

namespace {

using namespace test_support;

newsdex::IndexOptions options_for(const fs::path& db) {
  newsdex::IndexOptions o;
  o.path = db.string();
  o.fetch.connect_timeout = std::chrono::seconds(5);
  o.fetch.total_timeout = std::chrono::seconds(20);
  return o;
}

std::vector<newsdex::FeedSource> feeds_on(const TestServer& server, const fs::path& folder) {
  std::vector<newsdex::FeedSource> feeds;
  for (const auto& name : feed_names(folder)) feeds.push_back({.url = server.url("/" + name), .name = name});
  return feeds;
}

// The ids a clean reading of these feed files gives, as the indexer computes them.
// The ids an index holds after reading `folder`'s feeds, by id -> title: a
// guid-less item whose link stops (or starts) being shared with other items
// of its feed moves its document to the new id when the title is the same
// (unique_id.hpp, other_link_id), so it is still one document.
void add_ids(const fs::path& folder, std::map<std::string, std::string>& ids) {
  for (const auto& name : feed_names(folder)) {
    newsdex::ParsedFeed feed = newsdex::parse_feed(read_file(folder / name));
    if (feed.error) continue;
    newsdex::assign_ids(feed.items);
    for (const auto& item : feed.items) {
      const std::string id = newsdex::unique_id(item);
      if (ids.count(id)) continue;
      const std::string other = newsdex::other_link_id(item);
      if (auto it = ids.find(other); !other.empty() && it != ids.end() && it->second == item.title)
        ids.erase(it);
      ids.emplace(id, item.title);
    }
  }
}

// Every id term names exactly one document.
void check_no_duplicates(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
    CAPTURE(*t);
    CHECK(t.get_termfreq() == 1);
  }
}

std::size_t document_count(const fs::path& db) { return Xapian::Database(db.string()).get_doccount(); }

// Runs newsdex-index with `args`; kills it with SIGKILL after `kill_after`
// when given. Returns the exit status (or -signal).
int run_indexer(const std::vector<std::string>& args,
                std::optional<std::chrono::milliseconds> kill_after = std::nullopt) {
  std::vector<std::string> all = {required_env("NEWSDEX_INDEX_BIN")};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start newsdex-index");
  if (kill_after) {
    std::this_thread::sleep_for(*kill_after);
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

TEST_CASE("update: a second run is all 304s and writes nothing" * doctest::test_suite("corpus")) {
  TestServer& server = fresh_server();
  TempDir dir;
  fs::path db = dir.path / "db";
  auto feeds = feeds_on(server, served_root());
  {
    auto index = newsdex::Index::open(options_for(db));
    for (const auto& f : feeds) index.add_feed(f);
    newsdex::UpdateReport first = index.update({});
    CHECK(first.feeds == feeds.size());
    CHECK(first.fetched + first.failed == feeds.size());
    CHECK(first.not_modified == 0);
    CHECK(first.index.added > 0);
  }
  auto revision = Xapian::Database(db.string()).get_revision();
  std::size_t count = document_count(db);
  {
    auto index = newsdex::Index::open(options_for(db));
    newsdex::UpdateReport second = index.update({});
    CHECK(second.not_modified + second.failed == feeds.size());
    CHECK(second.fetched == 0);
    CHECK(second.index.added + second.index.updated + second.index.unchanged == 0);
  }
  CHECK(document_count(db) == count);
  // Failed feeds record their failure; when none failed nothing was written.
  auto states = newsdex::read_feed_states(db.string());
  REQUIRE(states.size() == feeds.size());
  bool any_failed = false;
  for (const auto& s : states) {
    CAPTURE(s.url);
    CHECK(s.last_attempt);
    if (s.consecutive_failures > 0) any_failed = true;
    else CHECK(!(s.etag.empty() && s.last_modified.empty()));
  }
  if (!any_failed) CHECK(Xapian::Database(db.string()).get_revision() == revision);
  check_no_duplicates(db);
}

TEST_CASE("update: failures are per feed and recorded" * doctest::test_suite("corpus")) {
  TestServer& server = fresh_server();
  TempDir dir;
  fs::path db = dir.path / "db";
  auto good = feeds_on(server, served_root());
  good.resize(std::min<std::size_t>(good.size(), 3));
  std::vector<newsdex::FeedSource> feeds = good;
  feeds.push_back({.url = server.url("/404"), .name = "gone"});
  feeds.push_back({.url = server.url("/wrong-type/nothing-here.xml"), .name = "missing"});
  feeds.push_back({.url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/feed", .name = "down"});
  auto index = newsdex::Index::open(options_for(db));
  newsdex::UpdateOptions update;
  update.feeds = feeds;
  newsdex::UpdateReport r = index.update(update);
  CHECK(r.failed == 3);
  CHECK(r.fetched == good.size());
  CHECK_FALSE(r.ok());
  std::set<std::string> failed_urls;
  for (const auto& e : r.index.errors) failed_urls.insert(e.where);
  CHECK(failed_urls.count(server.url("/404")) == 1);
  CHECK(r.index.added > 0);
}

TEST_CASE("update: hostile servers fail one by one, and the update goes on past them") {
  TestServer& server = fresh_server();
  TempDir dir;
  const fs::path db = dir.path / "db";
  newsdex::IndexOptions o = options_for(db);
  o.fetch.retries = 0;
  o.fetch.low_speed_limit = 100;
  o.fetch.low_speed_time = std::chrono::seconds(2);
  const std::map<std::string, std::string> hostile = {
      {"/gzip-bomb", "body larger than 20 MB"},
      {"/endless?chunked=1", "body larger than 20 MB"},
      {"/drip?interval=0.5", "too slow: less than 100 bytes/s for 2 s"},
      {"/redirect-to?url=gopher://127.0.0.1:1/", "refused a redirect to a gopher:// URL: only http and https are fetched"},
      {"/lying-length?length=4294967296", "body larger than 20 MB"},
  };
  std::vector<newsdex::FeedSource> feeds = feeds_on(server, served_root());
  const std::size_t good = feeds.size();
  for (const auto& [path, _] : hostile) feeds.push_back({.url = server.url(path), .name = path});
  // UTF-8 that the server calls ISO-8859-1: read as the UTF-8 it is.
  feeds.push_back({.url = server.url("/utf8?type=application/rss%2Bxml;%20charset=ISO-8859-1"), .name = "mislabelled"});

  auto index = newsdex::Index::open(o);
  newsdex::UpdateOptions update;
  update.feeds = feeds;
  const auto start = Clock::now();
  const newsdex::UpdateReport r = index.update(update);
  CHECK(seconds_since(start) < 15);  // each hostile server cost seconds at most, not the 20-s deadline
  CHECK(r.failed == hostile.size());
  CHECK(r.fetched == good + 1);
  std::map<std::string, std::string> errors;
  for (const auto& e : r.index.errors) errors[e.where] = e.message;
  for (const auto& [path_, message] : hostile) {
    const auto& path = path_;  // clang 14 cannot capture a structured binding
    CAPTURE(path);
    REQUIRE(errors.count(server.url(path)) == 1);
    CHECK_MESSAGE(contains(errors[server.url(path)], message), errors[server.url(path)]);
  }
  bool charset_warned = false;
  for (const auto& w : r.index.warnings) charset_warned |= contains(w.message, "the HTTP charset \"ISO-8859-1\"");
  CHECK(charset_warned);

  Xapian::Database xdb(db.string());
  std::string title_found;
  for (auto d = xdb.postlist_begin(""); d != xdb.postlist_end(""); ++d) {
    const std::string data = xdb.get_document(*d).get_data();
    if (contains(data, "vu \u00e0 Z")) title_found = data;
    CHECK_FALSE(contains(data, "\u00c3"));  // no mojibake anywhere
  }
  CHECK_FALSE(title_found.empty());
  check_no_duplicates(db);
}

TEST_CASE("update: snapshots of the same feeds over time add each item once" * doctest::test_suite("corpus")) {
  auto folders = snapshots();
  TestServer server(folders[0]);
  TempDir dir;
  fs::path db = dir.path / "db";
  auto feeds = feeds_on(server, folders[0]);
  std::map<std::string, std::string> expected;
  for (const auto& folder : folders) {
    CAPTURE(folder.string());
    server.switch_root(folder);
    add_ids(folder, expected);
    // Feeds of this snapshot missing from the first are fetched too.
    std::vector<newsdex::FeedSource> these = feeds_on(server, folder);
    auto index = newsdex::Index::open(options_for(db));
    newsdex::UpdateOptions update;
    update.feeds = these;
    newsdex::UpdateReport r = index.update(update);
    CHECK(r.failed == 0);
    index.commit();
    CHECK(document_count(db) == expected.size());
  }
  check_no_duplicates(db);
}

TEST_CASE("update: killed at random moments, a final run completes it without duplicates" * doctest::test_suite("corpus")) {
  TestServer& server = fresh_server();
  TempDir dir;
  fs::path list = dir.path / "feeds.txt";
  {
    std::ofstream out(list);
    for (const auto& f : feeds_on(server, served_root())) out << f.url << ' ' << f.name << '\n';
  }
  fs::path clean = dir.path / "clean";
  REQUIRE(run_indexer({"update", "--db", clean.string(), "--feeds", list.string()}) == 0);
  std::size_t clean_count = document_count(clean);

  fs::path db = dir.path / "db";
  std::mt19937 random(20261124);
  std::uniform_int_distribution<int> delay_ms(10, 500);
  int killed = 0;
  for (int round = 0; round < 6; ++round) {
    int status = run_indexer({"update", "--db", db.string(), "--feeds", list.string()},
                             std::chrono::milliseconds(delay_ms(random)));
    if (status == -SIGKILL) ++killed;
    // Whatever the moment, the index opens and searches.
    if (fs::exists(db)) {
      CHECK_NOTHROW(Xapian::Database(db.string()));
      CHECK_NOTHROW(newsdex::Searcher::open(db.string()).search("news"));
    }
  }
  MESSAGE("killed " << killed << " of 6 runs mid-way");
  CHECK(run_indexer({"update", "--db", db.string(), "--feeds", list.string()}) == 0);
  CHECK(document_count(db) == clean_count);
  check_no_duplicates(db);
}

TEST_CASE("update: --expire removes documents published longer ago, and only those" * doctest::test_suite("corpus")) {
  TestServer& server = fresh_server();
  TempDir dir;
  fs::path db = dir.path / "db";
  auto feeds = feeds_on(server, served_root());
  feeds.resize(std::min<std::size_t>(feeds.size(), 20));
  auto index = newsdex::Index::open(options_for(db));
  newsdex::UpdateOptions update;
  update.feeds = feeds;
  newsdex::UpdateReport first = index.update(update);
  REQUIRE(first.index.added > 0);
  std::size_t before = document_count(db);
  // Count what is dated more than a year ago: both corpora are from 2006-07.
  newsdex::SearchOptions old;
  old.until = static_cast<std::int64_t>(std::time(nullptr)) - 365 * 86400;
  old.limit = 100000;
  old.collapse = false;  // documents, not stories: near-duplicates share one
  std::size_t dated_old = newsdex::Searcher::open(db.string()).search("", old).hits.size();
  REQUIRE(dated_old > 0);
  update.expire_days = 365;
  newsdex::UpdateReport second = index.update(update);
  CHECK(second.expired == dated_old);
  CHECK(document_count(db) == before - dated_old);
}

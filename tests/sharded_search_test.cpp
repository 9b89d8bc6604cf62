// Several indexes searched as one (Searcher::open with several locations):
// two local folders, a stub file listing them, and two remote shards served
// by xapian-tcpsrv must give the results of one index holding everything.
//
// The corpus is news: data/ and the fixtures' first capture of five feeds
// (in the sharded_rssowl entry, a few real rssowl feeds instead; every case
// here is in doctest suite "corpus"). It is indexed once, exported, and the documents are dealt
// alternately into two shards, as a router by id would spread them: so a
// story's members end up in different shards, which collapsing and story()
// must see through. The reference index imports every document the same way.
//
// Equal results, tie-aware: BM25 statistics over a combined database equal
// those of the single index, so scores are equal; but documents with equal
// scores (or equal dates under Sort::date) are ordered by docid, and docids
// differ between the layouts. Hits are therefore compared as runs of equal
// keys (score, and date when sorting by date), each run as a set; every
// query asks for all its matches, so no run is cut by the page end.

#include <doctest/doctest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdex/newsdex.hpp"
#include "test_data.hpp"
#include "xapian_server.hpp"

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) FAIL(name << " is not set: run this suite through ctest (ctest -R sharded)");
  return v;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "newsdex-shards-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// The news to index: the sample inputs and a few feeds: the fixtures' first
// capture, or in the sharded_rssowl entry a fixed handful of rssowl's real
// feeds.
std::vector<std::string> corpus_inputs() {
  std::vector<std::string> inputs;
  for (const auto& e : fs::directory_iterator(env("NEWSDEX_DATA_DIR")))
    if (e.is_regular_file() && e.path().extension() == ".txt") inputs.push_back(e.path().string());
  if (test_data::rssowl()) {
    const fs::path feeds = test_data::require("rssowl-feeds");
    for (int n : {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
      if (fs::exists(feeds / (std::to_string(n) + ".xml")))
        inputs.push_back((feeds / (std::to_string(n) + ".xml")).string());
  } else {
    for (const auto& e : fs::directory_iterator(test_data::snapshots().front()))
      if (e.path().extension() == ".xml") inputs.push_back(e.path().string());
  }
  std::sort(inputs.begin(), inputs.end());
  REQUIRE(inputs.size() >= 5);
  return inputs;
}

void import_into(const fs::path& db, const std::string& jsonl) {
  newsdex::IndexOptions options;
  options.path = db.string();
  auto index = newsdex::Index::open(options);
  std::istringstream in(jsonl);
  newsdex::IndexReport report;
  index.import_documents(in, "export", report);
  index.commit();
  REQUIRE(report.errors.empty());
}

// One index with everything (`one`) and the same documents dealt into two
// shards; built once for the whole suite.
struct Layout {
  TempDir dir;
  fs::path one, shard0, shard1, stub;
  std::vector<std::string> ids;  // every document's id
  std::size_t documents = 0;

  Layout() {
    const fs::path source = dir.path / "source";
    {
      newsdex::IndexOptions options;
      options.path = source.string();
      auto index = newsdex::Index::open(options);
      newsdex::IndexReport report;
      index.add_paths(corpus_inputs(), report);
      index.commit();
    }
    std::ostringstream exported;
    documents = newsdex::export_documents(source.string(), exported);
    REQUIRE(documents > 50);

    std::istringstream lines(exported.str());
    std::string line, all, half[2];
    std::getline(lines, line);  // the header
    for (std::size_t n = 0; std::getline(lines, line); ++n) {
      all += line + "\n";
      half[n % 2] += line + "\n";
      const auto at = line.find("\"id\":\"");
      REQUIRE(at != std::string::npos);
      ids.push_back(line.substr(at + 6, line.find('"', at + 6) - at - 6));
    }
    one = dir.path / "one";
    shard0 = dir.path / "shard0";
    shard1 = dir.path / "shard1";
    import_into(one, all);
    import_into(shard0, half[0]);
    import_into(shard1, half[1]);
    // A stub file names its databases relative to itself.
    stub = dir.path / "both.stub";
    std::ofstream(stub) << "auto shard0\nauto shard1\n";
  }
};

Layout& layout() {
  static Layout built;
  return built;
}

std::vector<newsdex::SearchOptions> option_sets() {
  std::vector<newsdex::SearchOptions> sets;
  newsdex::SearchOptions base;
  base.limit = 100000;  // every match: ties are never cut by the page end
  base.facets = {"source", "category", "month", "kind"};
  sets.push_back(base);  // collapsed by story, with facets
  base.collapse = false;
  sets.push_back(base);
  base.facets.clear();
  base.sort = newsdex::Sort::date;
  sets.push_back(base);
  base.sort = newsdex::Sort::recent;
  base.now = 1767225600;  // 2026-01-01: fixed, so freshness is too
  sets.push_back(base);
  base.sort = newsdex::Sort::relevance;
  base.match_all = false;
  base.since = 1100000000;  // 2004-11
  sets.push_back(base);
  return sets;
}

const std::vector<std::string> kQueries = {
    "huawei",          "china chips",        "\"trade talks\"", "news OR technology",
    "title:china",     "apple -microsoft",   "kind:teaser",     "google*",
    "world",           "",                   "-china",          "iraq war",
    // synonym groups of data/synonyms.conf: US, AI, UN
    "US trade",        "AI",                 "UN",
};

bool same_score(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

// What identifies a hit in a run of equals: a collapsed hit is its story
// (which member represents it may differ when members tie) with its size.
std::string key_of(const newsdex::Hit& hit, bool collapse) {
  if (!collapse) return hit.id;
  return (hit.story.empty() ? hit.id : hit.story) + " +" + std::to_string(hit.also_total);
}

void check_same_hits(const newsdex::SearchResults& want, const newsdex::SearchResults& got,
                     const newsdex::SearchOptions& options) {
  REQUIRE(got.hits.size() == want.hits.size());
  const bool by_date = options.sort == newsdex::Sort::date;
  auto ties = [&](const newsdex::Hit& a, const newsdex::Hit& b) {
    return same_score(a.score, b.score) && (!by_date || a.published == b.published);
  };
  for (std::size_t i = 0; i < want.hits.size();) {
    std::size_t end = i + 1;
    while (end < want.hits.size() && ties(want.hits[i], want.hits[end])) ++end;
    std::multiset<std::string> wanted, found;
    for (std::size_t k = i; k < end; ++k) {
      CHECK(ties(want.hits[i], got.hits[k]));
      CHECK(got.hits[k].rank == want.hits[k].rank);
      wanted.insert(key_of(want.hits[k], options.collapse));
      found.insert(key_of(got.hits[k], options.collapse));
    }
    CHECK_MESSAGE(found == wanted, "ranks " << i + 1 << ".." << end);
    i = end;
  }
}

void check_same_facets(const newsdex::SearchResults& want, const newsdex::SearchResults& got) {
  REQUIRE(got.facets.size() == want.facets.size());
  for (std::size_t f = 0; f < want.facets.size(); ++f) {
    CAPTURE(want.facets[f].field);
    CHECK(got.facets[f].field == want.facets[f].field);
    // Sorted by value: equal counts may come in any order.
    auto w = want.facets[f].counts, g = got.facets[f].counts;
    std::sort(w.begin(), w.end());
    std::sort(g.begin(), g.end());
    CHECK(g == w);
  }
}

// Everything the Searcher does, over `got`, against the single index.
// `spelling`: whether `got` holds the spelling data (remote shards do not
// serve it; see SearchResults::suggestion); `shards`: databases `got` reads.
void check_same_as_one(newsdex::Searcher& got, bool spelling, std::size_t shards = 2) {
  Layout& l = layout();
  auto want = newsdex::Searcher::open(l.one.string());
  // The shipped synonym groups on both sides (not the user's own).
  const std::string synonyms = (fs::path(env("NEWSDEX_DATA_DIR")) / "synonyms.conf").string();
  REQUIRE(want.use_synonyms({synonyms}).empty());
  REQUIRE(got.use_synonyms({synonyms}).empty());
  std::size_t hits_seen = 0;

  for (const auto& options : option_sets()) {
    for (const auto& query : kQueries) {
      CAPTURE(query);
      CAPTURE(static_cast<int>(options.sort));
      CAPTURE(options.collapse);
      const auto w = want.search(query, options);
      const auto g = got.search(query, options);
      CHECK(g.total == w.total);
      check_same_hits(w, g, options);
      check_same_facets(w, g);
      hits_seen += w.hits.size();
    }
  }
  CHECK(hits_seen > 100);  // the queries do find things

  if (spelling) {
    std::size_t suggested = 0;
    for (const std::string query : {"huawie", "chnia", "tecnology news", "goverment"}) {
      CAPTURE(query);
      const auto w = want.search(query), g = got.search(query);
      CHECK(g.suggestion == w.suggestion);
      suggested += !w.suggestion.empty();
    }
    CHECK(suggested > 0);
  }

  {  // document, story and related, across shards
    std::size_t stories = 0;
    for (std::size_t i = 0; i < l.ids.size(); i += 7) {
      const std::string& id = l.ids[i];
      CAPTURE(id);
      const auto w = want.document(id), g = got.document(id);
      REQUIRE(w.has_value());
      REQUIRE(g.has_value());
      CHECK(g->title == w->title);
      CHECK(g->story == w->story);
      // A story's timeline: same members, same dates in order.
      const auto ws = want.story(id), gs = got.story(id);
      REQUIRE(gs.size() == ws.size());
      std::multiset<std::string> wm, gm;
      for (std::size_t k = 0; k < ws.size(); ++k) {
        CHECK(gs[k].published == ws[k].published);
        wm.insert(ws[k].id);
        gm.insert(gs[k].id);
      }
      CHECK(gm == wm);
      stories += ws.size() > 1;
    }
    CHECK(stories > 0);  // some stories span both shards
    CHECK_FALSE(got.document("no-such-id").has_value());

    newsdex::SearchOptions all;
    all.limit = 100000;
    for (std::size_t i = 0; i < l.ids.size(); i += l.ids.size() / 5) {
      CAPTURE(l.ids[i]);
      check_same_hits(want.related(l.ids[i], all), got.related(l.ids[i], all), all);
    }
  }

  {  // stats
    const auto w = want.stats(), g = got.stats();
    CHECK(g.documents == l.documents);
    CHECK(g.documents == w.documents);
    CHECK(g.oldest == w.oldest);
    CHECK(g.newest == w.newest);
    auto ws = w.sources, gs = g.sources;
    std::sort(ws.begin(), ws.end());
    std::sort(gs.begin(), gs.end());
    CHECK(gs == ws);
    CHECK(g.shards == shards);
    CHECK(w.shards == 1);
  }
}

template <typename F>
std::string error_of(F&& f, newsdex::Errc expected) {
  try {
    f();
  } catch (const newsdex::Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("expected a newsdex::Error");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs a command line; its standard output.
std::string output_of(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  status = WEXITSTATUS(::pclose(pipe));
  return out;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

// Every case depends on the corpus: all run again in sharded_rssowl.
TEST_SUITE_BEGIN("corpus");

TEST_CASE("sharded: two local folders search as one index") {
  // A braced list picks the several-locations overload.
  auto got = newsdex::Searcher::open({layout().shard0.string(), layout().shard1.string()});
  check_same_as_one(got, /*spelling=*/true);
}

TEST_CASE("sharded: a stub file listing the shards searches as one index") {
  auto got = newsdex::Searcher::open(layout().stub.string());
  check_same_as_one(got, /*spelling=*/true);
}

TEST_CASE("sharded: two remote shards served by xapian-tcpsrv search as one index") {
  test_support::XapianServer server0(layout().shard0);
  test_support::XapianServer server1(layout().shard1);
  auto got = newsdex::Searcher::open(std::vector<std::string>{server0.url(), server1.url()});
  check_same_as_one(got, /*spelling=*/false);
}

TEST_CASE("sharded: a stub file mixing a local and a remote shard") {
  test_support::XapianServer server1(layout().shard1);
  const fs::path stub = layout().dir.path / "mixed.stub";
  std::ofstream(stub) << "auto shard0\nremote 127.0.0.1:" << server1.port() << "\n";
  auto got = newsdex::Searcher::open(stub.string());
  check_same_as_one(got, /*spelling=*/false);
}

TEST_CASE("sharded: a location that cannot be opened is named, with what to do") {
  Layout& l = layout();
  const int closed = [] {
    // A port nothing listens on: a server's, after it stopped.
    test_support::XapianServer gone(layout().shard0);
    return gone.port();
  }();
  const std::string url = "tcp://127.0.0.1:" + std::to_string(closed);
  std::string message = error_of(
      [&] { newsdex::Searcher::open(std::vector<std::string>{l.shard0.string(), url}); },
      newsdex::Errc::io);
  CHECK(contains(message, url));
  CHECK(contains(message, "xapian-tcpsrv running on 127.0.0.1:" + std::to_string(closed)));

  for (const std::string bad : {"tcp://127.0.0.1", "tcp://:8100", "tcp://host:0", "tcp://host:http"}) {
    message = error_of([&] { newsdex::Searcher::open(std::vector<std::string>{bad}); },
                       newsdex::Errc::invalid_argument);
    CHECK(contains(message, bad));
    CHECK(contains(message, "tcp://HOST:PORT"));
  }

  const fs::path missing = l.dir.path / "missing";
  message = error_of(
      [&] { newsdex::Searcher::open(std::vector<std::string>{l.shard0.string(), missing.string()}); },
      newsdex::Errc::not_found);
  CHECK(contains(message, missing.string()));

  const fs::path stub = l.dir.path / "broken.stub";
  std::ofstream(stub) << "auto shard0\nauto no-such-shard\n";
  message = error_of([&] { newsdex::Searcher::open(stub.string()); }, newsdex::Errc::not_found);
  CHECK(contains(message, stub.string()));
  CHECK(contains(message, "no-such-shard"));

  error_of([] { newsdex::Searcher::open(std::vector<std::string>{}); }, newsdex::Errc::invalid_argument);
}

TEST_CASE("sharded: newsdex-search --db A --db tcp://... equals one index") {
  Layout& l = layout();
  test_support::XapianServer server1(l.shard1);
  const std::string bin = env("NEWSDEX_SEARCH_BIN");
  const std::string shards = " --db " + quoted(l.shard0.string()) + " --db " + server1.url();
  const std::string flags = " --format json --no-collapse --no-synonyms --limit 100000 ";
  for (const std::string query : {"huawei", "china"}) {
    CAPTURE(query);
    int want_status = 0, got_status = 0;
    const std::string want =
        output_of(bin + " --db " + quoted(l.one.string()) + flags + query, want_status);
    const std::string got = output_of(bin + shards + flags + query, got_status);
    CHECK(got_status == want_status);
    // The ids found, and the last line's total.
    auto ids = [](const std::string& out) {
      std::multiset<std::string> found;
      for (std::size_t at = 0; (at = out.find("\"id\":\"", at)) != std::string::npos; at += 6)
        found.insert(out.substr(at + 6, out.find('"', at + 6) - at - 6));
      return found;
    };
    // The last line: {"took_ms": T, "total": N, ...}
    auto total = [](const std::string& out) {
      std::string last = out.substr(out.rfind('\n', out.size() - 2) + 1);
      return nlohmann::json::parse(last).at("total").get<std::size_t>();
    };
    REQUIRE(!ids(want).empty());
    CHECK(ids(got) == ids(want));
    CHECK(total(got) == total(want));
  }

  int status = 0;
  const std::string stats = output_of(bin + shards + " --stats --format json", status);
  CHECK(status == 0);
  CHECK(contains(stats, "\"documents\":" + std::to_string(l.documents)));
  CHECK(contains(stats, "\"shards\":2"));

  const std::string help = output_of(bin + " --help", status);
  CHECK(contains(help, "tcp://HOST:PORT"));
}

// Compaction (newsdex::compact_index, merge_indexes): the same documents and
// results before and after, and shards merged into one equal the one index.

TEST_CASE("compact: merging the two shards gives the one index's results") {
  Layout& l = layout();
  const fs::path merged = l.dir.path / "merged";
  const auto r = newsdex::merge_indexes({l.shard0.string(), l.shard1.string()}, merged.string());
  CHECK(r.documents == l.documents);
  CHECK(r.bytes_before > 0);
  CHECK(r.bytes_after > 0);
  auto got = newsdex::Searcher::open(merged.string());
  check_same_as_one(got, /*spelling=*/true, /*shards=*/1);

  // The output is never written over, nor are sources missing accepted.
  std::string message = error_of(
      [&] { newsdex::merge_indexes({l.shard0.string()}, merged.string()); },
      newsdex::Errc::invalid_argument);
  CHECK(contains(message, "new or empty folder"));
  message = error_of(
      [&] { newsdex::merge_indexes({(l.dir.path / "missing").string()}, (l.dir.path / "m2").string()); },
      newsdex::Errc::not_found);
  CHECK(contains(message, "missing"));
  CHECK_FALSE(fs::exists(l.dir.path / "m2"));
}

TEST_CASE("compact: in place keeps every document, result and the feed list") {
  Layout& l = layout();
  const fs::path copy = l.dir.path / "compacted";
  fs::copy(l.one, copy, fs::copy_options::recursive);
  {
    newsdex::IndexOptions options;
    options.path = copy.string();
    auto index = newsdex::Index::open(options);
    index.add_feed({.url = "https://example.com/feed.xml", .name = "Example"});
    index.commit();
  }
  auto before = newsdex::Searcher::open(copy.string());  // open across the swap
  const auto r = newsdex::compact_index(copy.string() + "/");
  CHECK(r.documents == l.documents);
  CHECK(r.bytes_after <= r.bytes_before);
  CHECK_FALSE(fs::exists(l.dir.path / "compacted.compacting"));
  CHECK(before.search("huawei").total > 0);  // the old files stay readable

  auto got = newsdex::Searcher::open(copy.string());
  check_same_as_one(got, /*spelling=*/true, /*shards=*/1);
  const auto feeds = newsdex::read_feed_states(copy.string());
  REQUIRE(feeds.size() == 1);
  CHECK(feeds[0].name == "Example");

  {  // a writer holding the lock: compaction waits for it (here: not at all)
    newsdex::IndexOptions options;
    options.path = copy.string();
    auto index = newsdex::Index::open(options);
    std::string message = error_of([&] { newsdex::compact_index(copy.string()); },
                                   newsdex::Errc::locked);
    CHECK(contains(message, "another newsdex-index"));
  }

  std::string message = error_of([&] { newsdex::compact_index((l.dir.path / "none").string()); },
                                 newsdex::Errc::not_found);
  CHECK(contains(message, "no index here"));

  // A folder whose XAPIANDB stub lists shards is merged, not compacted in place.
  const fs::path shards = l.dir.path / "stub-folder";
  fs::create_directory(shards);
  std::ofstream(shards / "XAPIANDB") << "auto ../shard0\nauto ../shard1\n";
  message = error_of([&] { newsdex::compact_index(shards.string()); }, newsdex::Errc::invalid_argument);
  CHECK(contains(message, "--output NEW"));
  const fs::path merged = l.dir.path / "stub-merged";
  CHECK(newsdex::merge_indexes({shards.string()}, merged.string()).documents == l.documents);
}

TEST_CASE("compact: newsdex-index compact and compact --output") {
  Layout& l = layout();
  const std::string bin = env("NEWSDEX_INDEX_BIN");
  const fs::path copy = l.dir.path / "cli-compacted";
  fs::copy(l.shard0, copy, fs::copy_options::recursive);
  int status = 0;
  std::string out = output_of(bin + " compact --db " + quoted(copy.string()), status);
  CHECK(status == 0);
  CHECK(contains(out, " documents, "));
  CHECK(contains(out, " MB -> "));

  const fs::path merged = l.dir.path / "cli-merged";
  out = output_of(bin + " compact --db " + quoted(l.shard0.string()) + " --db " +
                      quoted(l.shard1.string()) + " --output " + quoted(merged.string()),
                  status);
  CHECK(status == 0);
  CHECK(contains(out, std::to_string(l.documents) + " documents"));
  CHECK(newsdex::Searcher::open(merged.string()).stats().documents == l.documents);

  output_of(bin + " compact --db " + quoted(l.shard0.string()) + " --db " +
                quoted(l.shard1.string()) + " 2>/dev/null",
            status);
  CHECK(status == 2);  // several without --output: a usage error
  CHECK(contains(output_of(bin + " --help", status), "compact --db A --db B --output"));
}

TEST_SUITE_END();

// End-to-end tests of newsdex-index and newsdex-search: indexing, searching,
// output formats, bad input, usage errors (the harness: cli_harness.hpp).

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace cli_harness;

// ===========================================================================
// Indexing

TEST_CASE("cli: indexing data/ adds every item and stats counts them") {
  const auto& items = data_items();
  const auto files = files_in(data_dir());
  const auto feeds = feed_files_in(data_dir());
  const std::size_t plain_files = files.size() - feeds.size();
  const std::size_t in_feeds = feed_items().size();
  REQUIRE(!feeds.empty());
  REQUIRE(plain_files > 0);
  REQUIRE(in_feeds > 60);

  TempDir dir;
  fs::path db = dir / "db";
  Result r = index_cmd(db, {"--verbose", data_dir().string()});
  INFO(describe(r));
  CHECK(r.code == 0);
  Summary s = summary_of(r);
  CHECK(s.inputs == files.size());
  CHECK(s.updated == 0);
  CHECK(s.unchanged == 0);
  CHECK(s.errors == 0);
  CHECK(s.warnings == 0);
  CHECK(r.err.find("error") == std::string::npos);
  // Every <item> of the feeds, and at least one document per plain-text file.
  CHECK(s.added >= in_feeds + plain_files);
  CHECK(s.added > 60);

  // --verbose: one line per input; a feed's count is its number of <item>s.
  auto per_file = verbose_counts(r.out);
  CHECK(per_file.size() == files.size());
  std::size_t sum = 0;
  for (const auto& f : files) {
    std::string name = f.filename().string();
    CAPTURE(name);
    REQUIRE(per_file.count(name) == 1);
    sum += per_file[name];
    std::size_t expected = static_cast<std::size_t>(
        std::count_if(items.begin(), items.end(), [&](const SourceItem& it) { return it.file == name; }));
    if (std::find(feeds.begin(), feeds.end(), f) != feeds.end())
      CHECK(per_file[name] == expected);
    else
      CHECK(per_file[name] >= 1);
  }
  CHECK(sum == s.added);

  json stats = stats_of(db);
  CHECK(stats["documents"].get<std::size_t>() == s.added);
  CHECK(stats["index"].get<std::string>() == db.string());
  CHECK(stats["size_bytes"].get<std::uint64_t>() > 0);

  // Dates: at least as wide as the oldest and newest <pubDate> of the feeds
  // (plain text may bring dates of its own).
  std::vector<std::string> dates;
  for (const auto& it : items)
    if (it.published) dates.push_back(*it.published);
  REQUIRE(!dates.empty());
  REQUIRE(stats["oldest"].is_string());
  REQUIRE(stats["newest"].is_string());
  CHECK(stats["oldest"].get<std::string>() <= *std::min_element(dates.begin(), dates.end()));
  CHECK(stats["newest"].get<std::string>() >= *std::max_element(dates.begin(), dates.end()));

  // Sources: each feed's title with the number of its items.
  std::map<std::string, std::size_t> expected_sources, actual_sources;
  for (const auto& it : items)
    if (!it.feed_title.empty()) ++expected_sources[it.feed_title];
  REQUIRE(stats["sources"].is_array());
  for (const auto& src : stats["sources"]) actual_sources[src["source"].get<std::string>()] = src["documents"];
  for (const auto& [source, count] : expected_sources) {
    const auto& source_ = source;  // clang 14 cannot capture a structured binding
    CAPTURE(source_);
    CHECK(actual_sources[source] == count);
  }
  // Exact for an index of the feeds alone.
  FeedIndex only_feeds;
  json feed_stats = stats_of(only_feeds.db);
  actual_sources.clear();
  for (const auto& src : feed_stats["sources"]) actual_sources[src["source"].get<std::string>()] = src["documents"];
  CHECK(actual_sources == expected_sources);
  CHECK(feed_stats["oldest"] == *std::min_element(dates.begin(), dates.end()));
  CHECK(feed_stats["newest"] == *std::max_element(dates.begin(), dates.end()));

  // The text form of stats says the same count.
  Result text = run({index_bin(), "stats", "--db", db.string()});
  INFO(describe(text));
  CHECK(text.code == 0);
  CHECK(text.out.find("documents: " + std::to_string(s.added) + "\n") != std::string::npos);
}

TEST_CASE("cli: re-indexing changes nothing; an edited item is updated in place") {
  const auto& items = data_items();
  DataIndex data;
  const std::size_t files = files_in(data_dir()).size();
  REQUIRE(data.documents > 60);

  SUBCASE("the same files again: everything unchanged, the count kept") {
    Result again = index_cmd(data.db, {data_dir().string()});
    INFO(describe(again));
    CHECK(again.code == 0);
    Summary s = summary_of(again);
    CHECK(s.inputs == files);
    CHECK(s.added == 0);
    CHECK(s.updated == 0);
    CHECK(s.unchanged == data.documents);
    CHECK(s.errors == 0);
    CHECK(doc_count(data.db) == data.documents);
  }

  SUBCASE("the same feed from another path, or on standard input: everything unchanged") {
    // An item's identity and content are the item's, not the file's name.
    for (const auto& feed : feed_files_in(data_dir())) {
      CAPTURE(feed.string());
      std::size_t in_file = static_cast<std::size_t>(std::count_if(
          items.begin(), items.end(), [&](const SourceItem& it) { return it.file == feed.filename().string(); }));
      fs::path copy = data.dir / ("copy-" + feed.filename().string());
      fs::copy_file(feed, copy);
      Result from_copy = index_cmd(data.db, {copy.string()});
      INFO(describe(from_copy));
      CHECK(from_copy.code == 0);
      Summary s = summary_of(from_copy);
      CHECK(s.added == 0);
      CHECK(s.updated == 0);
      CHECK(s.unchanged == in_file);

      Result from_stdin = index_cmd(data.db, {"-"}, RunOptions().input(read_all(feed)));
      INFO(describe(from_stdin));
      CHECK(from_stdin.code == 0);
      Summary t = summary_of(from_stdin);
      CHECK(t.added == 0);
      CHECK(t.updated == 0);
      CHECK(t.unchanged == in_file);
    }
    CHECK(doc_count(data.db) == data.documents);
  }

  SUBCASE("a copy of a feed with one description changed: 1 updated") {
    // The feed with the most items, copied, with a new word put into its
    // first item's description.
    std::map<std::string, std::size_t> per_file;
    for (const auto& it : items)
      if (!it.feed_title.empty()) ++per_file[it.file];
    REQUIRE(!per_file.empty());
    auto biggest = std::max_element(per_file.begin(), per_file.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
    std::string feed = read_all(data_dir() / biggest->first);
    std::size_t item_at = feed.find("<item>");
    REQUIRE(item_at != std::string::npos);
    std::size_t desc_at = feed.find("<description>", item_at);
    REQUIRE(desc_at != std::string::npos);
    REQUIRE(desc_at < feed.find("</item>", item_at));
    feed.insert(desc_at + std::strlen("<description>"), "Xylophonists applauded. ");
    fs::path copy = data.dir / "edited-feed.xml";
    write_all(copy, feed);
    const std::string first_title = tag_text(feed.substr(item_at, feed.find("</item>", item_at) - item_at), "title");

    {
      Result edited = index_cmd(data.db, {copy.string()});
      INFO(describe(edited));
      CHECK(edited.code == 0);
      Summary s = summary_of(edited);
      CHECK(s.inputs == 1);
      CHECK(s.added == 0);
      CHECK(s.updated == 1);
      CHECK(s.unchanged == biggest->second - 1);
      CHECK(doc_count(data.db) == data.documents);
    }

    Hits found = search_json(data.db, {"xylophonists"});
    REQUIRE(found.hits.size() == 1);
    CHECK(str(found.hits[0], "title") == first_title);

    // The original file puts the old text back: 1 updated again.
    Result restored = index_cmd(data.db, {(data_dir() / biggest->first).string()});
    INFO(describe(restored));
    CHECK(restored.code == 0);
    CHECK(summary_of(restored).updated == 1);
    CHECK(doc_count(data.db) == data.documents);
    CHECK(search_json(data.db, {"xylophonists"}).hits.empty());
  }
}

TEST_CASE("cli: a folder is read recursively, hidden files and folders skipped") {
  TempDir dir;
  fs::create_directories(dir / "tree/sub/deeper");
  fs::create_directories(dir / "tree/.hidden");
  fs::copy_file(fixture("escaped.xml"), dir / "tree/sub/deeper/escaped.xml");
  fs::copy_file(fixture("atom.xml"), dir / "tree/.hidden/atom.xml");
  fs::copy_file(fixture("charsets/latin1.xml"), dir / "tree/.dotfile.xml");
  fs::path db = dir / "db";
  Result r = index_cmd(db, {(dir / "tree").string()});
  INFO(describe(r));
  CHECK(r.code == 0);
  Summary s = summary_of(r);
  CHECK(s.inputs == 1);
  CHECK(s.added == 3);
  CHECK(doc_count(db) == 3);
  CHECK(search_json(db, {"zanzibarite"}).hits.size() == 1);
  CHECK(search_json(db, {"gallimaufry"}).hits.empty());
  CHECK(search_json(db, {"señorita"}).hits.empty());
}

// ===========================================================================
// Searching

TEST_CASE("cli: searching data/'s feeds finds what the query asks for") {
  FeedIndex data;
  const auto items = feed_items();
  const fs::path& db = data.db;
  const std::string all = "1000";

  SUBCASE("deepseek: the top hits have DeepSeek in the title, every such item is found") {
    std::size_t in_title = count_items([](const SourceItem& it) { return contains_ci(it.title, "deepseek"); });
    REQUIRE(in_title >= 3);
    Hits h = search_json(db, {"deepseek", "-n", all});
    REQUIRE(h.hits.size() >= in_title);
    for (std::size_t i = 0; i < std::min<std::size_t>(5, in_title); ++i) {
      INFO("hit " << i + 1 << ": " << h.hits[i].dump());
      CHECK(contains_ci(str(h.hits[i], "title"), "deepseek"));
    }
    std::size_t titles_found = 0;
    for (const auto& hit : h.hits) titles_found += contains_ci(str(hit, "title"), "deepseek");
    CHECK(titles_found == in_title);
    // Relevance order: scores never rise.
    for (std::size_t i = 1; i < h.hits.size(); ++i)
      CHECK(h.hits[i - 1]["score"].get<double>() >= h.hits[i]["score"].get<double>());
  }

  SUBCASE("a phrase matches only the words side by side") {
    Hits phrase = search_json(db, {"\"world models\"", "-n", all, "--snippet-chars", "100000"});
    Hits words = search_json(db, {"world models", "-n", all, "--snippet-chars", "100000"});
    REQUIRE(!phrase.hits.empty());
    CHECK(phrase.hits.size() < words.hits.size());
    auto phrase_ids = phrase.id_set(), word_ids = words.id_set();
    CHECK(std::includes(word_ids.begin(), word_ids.end(), phrase_ids.begin(), phrase_ids.end()));
    const std::regex adjacent(R"(\bworld\W+models\b)", std::regex::icase);
    for (const auto& hit : phrase.hits) {
      INFO(hit.dump());
      CHECK(std::regex_search(str(hit, "title") + "\n" + unhtml(str(hit, "snippet")), adjacent));
    }
    for (const auto& hit : words.hits) {
      if (phrase_ids.count(str(hit, "id"))) continue;
      INFO("found by the words but not the phrase: " << hit.dump());
      CHECK(!std::regex_search(str(hit, "title") + "\n" + unhtml(str(hit, "snippet")), adjacent));
    }
  }

  SUBCASE("title: searches titles only") {
    std::size_t expected = count_items([](const SourceItem& it) { return has_word_ci(it.title, "deepseek"); });
    Hits h = search_json(db, {"title:deepseek", "-n", all});
    CHECK(h.hits.size() == expected);
    for (const auto& hit : h.hits) {
      INFO(hit.dump());
      CHECK(contains_ci(str(hit, "title"), "deepseek"));
    }
    // Fewer than a plain search, which also reaches the text.
    CHECK(h.hits.size() < search_json(db, {"deepseek", "-n", all}).hits.size());
  }

  SUBCASE("author: searches the author field") {
    std::size_t expected = count_items([](const SourceItem& it) { return has_word_ci(it.author, "cao"); });
    REQUIRE(expected > 0);
    Hits h = search_json(db, {"author:cao", "-n", all});
    CHECK(h.hits.size() == expected);
    for (const auto& hit : h.hits) {
      INFO(hit.dump());
      CHECK(has_word_ci(str(hit, "author"), "cao"));
    }
    Hits full = search_json(db, {"author:\"ann cao\"", "-n", all});
    CHECK(!full.hits.empty());
    for (const auto& hit : full.hits) {
      INFO(hit.dump());
      CHECK(contains_ci(str(hit, "author"), "ann cao"));
    }
    CHECK(search_json(db, {"author:nosuchwriterzz"}).hits.empty());
  }

  SUBCASE("site: filters by the link's host and its parent domains") {
    std::size_t expected = count_items([](const SourceItem& it) {
      std::string host = host_of(it.link);
      return host == "scmp.com" || host.ends_with(".scmp.com");
    });
    REQUIRE(expected > 0);
    Hits h = search_json(db, {"site:scmp.com", "-n", all});
    CHECK(h.hits.size() == expected);
    for (const auto& hit : h.hits) {
      INFO(hit.dump());
      std::string host = host_of(str(hit, "url"));
      CHECK((host == "scmp.com" || host.ends_with(".scmp.com")));
    }
    CHECK(search_json(db, {"site:www.scmp.com", "-n", all}).hits.size() == expected);
    // Combined with words: a subset of the words' hits.
    Hits both = search_json(db, {"huawei site:scmp.com", "-n", all});
    Hits words = search_json(db, {"huawei", "-n", all});
    CHECK(!both.hits.empty());
    CHECK(both.hits.size() <= words.hits.size());
    Result none = search_cmd(db, {"site:example.org"});
    CHECK(none.code == 1);
  }

  SUBCASE("date:YYYY-MM and date:YYYY keep only items of that month or year") {
    for (const std::string& period : std::vector<std::string>{"2026-05", "2026-04", "2025", "2025-12"}) {
      CAPTURE(period);
      std::size_t expected = count_items(
          [&](const SourceItem& it) { return it.published && it.published->starts_with(period); });
      Hits h = search_json(db, {"date:" + period, "-n", all});
      CHECK(h.hits.size() == expected);
      for (const auto& hit : h.hits) {
        INFO(hit.dump());
        REQUIRE(hit["published"].is_string());
        CHECK(hit["published"].get<std::string>().starts_with(period));
      }
    }
    CHECK(search_json(db, {"date:2026-05"}).hits.size() >= 1);
    CHECK(search_json(db, {"date:1999"}).hits.empty());
  }

  SUBCASE("--since and --until bound the publication time, both ends included") {
    auto expect_between = [&](const std::string& from, const std::string& to) {
      return count_items([&](const SourceItem& it) {
        return it.published && *it.published >= from && *it.published <= to;
      });
    };
    struct Case {
      std::vector<std::string> args;
      std::string from, to;
    };
    const std::vector<Case> cases = {
        {{"--since", "2026-04-20", "--until", "2026-04-24"}, "2026-04-20T00:00:00Z", "2026-04-24T23:59:59Z"},
        {{"--since", "2026-05-01"}, "2026-05-01T00:00:00Z", "9999"},
        {{"--until", "2025-12-31"}, "0000", "2025-12-31T23:59:59Z"},
        {{"--since", "2026-04"}, "2026-04-01T00:00:00Z", "9999"},
        {{"--since", "2026-04-24T09:05:56Z", "--until", "2026-04-27T08:18:45Z"},
         "2026-04-24T09:05:56Z",
         "2026-04-27T08:18:45Z"},
    };
    for (const auto& c : cases) {
      std::string label;
      for (const auto& a : c.args) label += a + " ";
      CAPTURE(label);
      std::size_t expected = expect_between(c.from, c.to);
      REQUIRE(expected > 0);
      std::vector<std::string> args = c.args;
      args.insert(args.end(), {"-n", all});
      Hits h = search_json(db, args);
      CHECK(h.hits.size() == expected);
      for (const auto& hit : h.hits) {
        INFO(hit.dump());
        REQUIRE(hit["published"].is_string());
        std::string p = hit["published"].get<std::string>();
        CHECK(p >= c.from);
        CHECK(p <= c.to);
      }
    }
    // The same bounds as a date: range in the query.
    auto a = search_json(db, {"--since", "2026-04-20", "--until", "2026-04-24", "-n", all}).id_set();
    auto b = search_json(db, {"date:2026-04-20..2026-04-24", "-n", all}).id_set();
    CHECK(a == b);
    // With words too: the words' hits within the bounds.
    Hits words = search_json(db, {"deepseek", "--since", "2026-04-20", "--until", "2026-04-24", "-n", all});
    for (const auto& hit : words.hits) CHECK(a.count(str(hit, "id")) == 1);
  }

  SUBCASE("--sort date lists newest first") {
    Hits by_date = search_json(db, {"huawei", "--sort", "date", "-n", all});
    Hits by_relevance = search_json(db, {"huawei", "-n", all});
    REQUIRE(by_date.hits.size() > 5);
    check_newest_first(by_date);
    CHECK(by_date.id_set() == by_relevance.id_set());
    CHECK(by_date.ids() != by_relevance.ids());
  }

  SUBCASE("OR, AND, NOT and - have set semantics") {
    auto a = search_json(db, {"huawei", "-n", all}).id_set();
    auto b = search_json(db, {"nvidia", "-n", all}).id_set();
    std::set<std::string> both, either, a_not_b;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(both, both.end()));
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::inserter(either, either.end()));
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(a_not_b, a_not_b.end()));
    // The data must make each operator matter.
    REQUIRE(!both.empty());
    REQUIRE(both.size() < a.size());
    REQUIRE(both.size() < b.size());

    CHECK(search_json(db, {"huawei OR nvidia", "-n", all}).id_set() == either);
    CHECK(search_json(db, {"huawei", "OR", "nvidia", "-n", all}).id_set() == either);
    CHECK(search_json(db, {"--any", "huawei nvidia", "-n", all}).id_set() == either);
    CHECK(search_json(db, {"huawei nvidia", "-n", all}).id_set() == both);
    CHECK(search_json(db, {"huawei AND nvidia", "-n", all}).id_set() == both);
    CHECK(search_json(db, {"huawei NOT nvidia", "-n", all}).id_set() == a_not_b);
    CHECK(search_json(db, {"huawei AND NOT nvidia", "-n", all}).id_set() == a_not_b);
    CHECK(search_json(db, {"huawei -nvidia", "-n", all}).id_set() == a_not_b);
  }

  SUBCASE("a NOT b: no hit mentions b") {
    Hits h = search_json(db, {"huawei NOT deepseek", "-n", all, "--snippet-chars", "100000"});
    REQUIRE(!h.hits.empty());
    for (const auto& hit : h.hits) {
      INFO(hit.dump());
      CHECK(!contains_ci(str(hit, "title"), "deepseek"));
      CHECK(!contains_ci(unhtml(str(hit, "snippet")), "deepseek"));
    }
    Hits t = search_json(db, {"china NOT title:china", "-n", all});
    REQUIRE(!t.hits.empty());
    for (const auto& hit : t.hits) {
      INFO(hit.dump());
      CHECK(!has_word_ci(str(hit, "title"), "china"));
    }
  }

  SUBCASE("--limit and --offset page through the same ranking") {
    Hits full = search_json(db, {"china", "-n", "21"});
    REQUIRE(full.hits.size() == 21);
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < 21; offset += 7) {
      Hits page = search_json(db, {"china", "-n", "7", "--offset", std::to_string(offset)});
      REQUIRE(page.hits.size() == 7);
      CHECK(page.hits.front()["rank"] == offset + 1);
      CHECK(page.hits.back()["rank"] == offset + 7);
      CHECK(page.last["total"] == full.last["total"]);
      for (const auto& id : page.ids()) paged.push_back(id);
    }
    CHECK(paged == full.ids());
    // Date order pages the same way.
    Hits dated = search_json(db, {"china", "--sort", "date", "-n", "10"});
    Hits second = search_json(db, {"china", "--sort", "date", "-n", "5", "--offset", "5"});
    REQUIRE(dated.hits.size() == 10);
    REQUIRE(second.hits.size() == 5);
    std::vector<std::string> dated_ids = dated.ids();
    CHECK(std::vector<std::string>(dated_ids.begin() + 5, dated_ids.end()) == second.ids());
    // Past the end: nothing, exit 1, the total still told. (Collapsing by
    // story makes totals estimates that move with the offset, so compare
    // uncollapsed.)
    Hits past = search_json(db, {"china", "--no-collapse", "--offset", "100000"});
    Hits uncollapsed = search_json(db, {"china", "--no-collapse", "-n", "100000"});
    CHECK(past.hits.empty());
    CHECK(past.last["total"] == uncollapsed.last["total"]);
    // The text form says which ranks it shows.
    Result text = search_cmd(db, {"china", "-n", "5", "--offset", "5", "--color=never"});
    INFO(describe(text));
    CHECK(text.code == 0);
    CHECK(text.out.find("  6. ") != std::string::npos);
    CHECK(text.out.find(" 10. ") != std::string::npos);
    CHECK(text.out.find("  5. ") == std::string::npos);
    // data/ has few enough matches that the total is exact, not "about".
    CHECK(text.out.find("6-10 of ") != std::string::npos);
  }

  SUBCASE("lang:, source:, a prefix* and NEAR") {
    CHECK(search_json(db, {"lang:en", "-n", all}).hits.size() == items.size());  // the feeds say <language>en
    CHECK(search_json(db, {"lang:fr", "-n", all}).hits.empty());
    std::map<std::string, std::size_t> per_source;
    for (const auto& it : items)
      if (!it.feed_title.empty()) ++per_source[it.feed_title];
    for (const auto& [source, count] : per_source) {
      const auto& source_ = source;  // clang 14 cannot capture a structured binding
      CAPTURE(source_);
      // The first two words of the feed's title, as a phrase.
      std::string phrase = source.substr(0, source.find(' ', source.find(' ') + 1));
      Hits h = search_json(db, {"source:\"" + phrase + "\"", "-n", all});
      CHECK(h.hits.size() == count);
      for (const auto& hit : h.hits) CHECK(str(hit, "source") == source);
    }
    Hits prefix = search_json(db, {"semicond*", "-n", all, "--snippet-chars", "100000"});
    REQUIRE(!prefix.hits.empty());
    for (const auto& hit : prefix.hits) {
      INFO(hit.dump());
      CHECK(contains_ci(str(hit, "title") + " " + unhtml(str(hit, "snippet")), "semicond"));
    }
    auto near = search_json(db, {"ren NEAR huawei", "-n", all}).id_set();
    auto both = search_json(db, {"ren huawei", "-n", all}).id_set();
    CHECK(!near.empty());
    CHECK(std::includes(both.begin(), both.end(), near.begin(), near.end()));
  }

  SUBCASE("--since and --until with spans back from now (7d, 24h, 2w)") {
    // The same clock as the tool's, give or take the second it takes to run.
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    for (const auto& [span, seconds] : std::vector<std::pair<std::string, std::int64_t>>{
             {"400d", 400LL * 86400}, {"60w", 60LL * 7 * 86400}, {"9000h", 9000LL * 3600}}) {
      const auto& span_ = span;  // clang 14 cannot capture a structured binding
      CAPTURE(span_);
      const std::string bound = iso_utc(now - seconds);
      std::size_t newer = count_items([&](const SourceItem& it) { return it.published && *it.published >= bound; });
      std::size_t older = count_items([&](const SourceItem& it) { return it.published && *it.published <= bound; });
      CHECK(search_json(db, {"--since", span, "-n", all}).hits.size() == newer);
      CHECK(search_json(db, {"--until", span, "-n", all}).hits.size() == older);
    }
  }

}

TEST_CASE("cli: '*' lists data/ newest first, undated last; an empty query is an error") {
  DataIndex data;
  const fs::path& db = data.db;
  const std::string all = "1000";
  SUBCASE("an empty query: exit 2, saying what to write") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{}, {""}, {"  "}}) {
      Result r = search_cmd(db, args);
      INFO(describe(r));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find("the query is empty") != std::string::npos);
      CHECK(r.err.find("'*' for every document") != std::string::npos);
    }
    // A filter alone is no empty query.
    CHECK(search_cmd(db, {"--since", "2000-01-01"}).code == 0);
  }
  SUBCASE("*: everything") {
    Hits h = search_json(db, {"--no-collapse", "-n", all, "*"});
    CHECK(h.hits.size() == data.documents);
    CHECK(h.last["total"] == data.documents);
    // Collapsed, the digest's eight documents are one story: one hit.
    Hits stories = search_json(db, {"-n", all, "*"});
    CHECK(stories.hits.size() == data.documents - 7);
    check_newest_first(h);
    json stats = stats_of(db);
    REQUIRE(!h.hits.empty());
    CHECK(h.hits.front()["date"] == stats["newest"]);
    // Only filters: the same order.
    Hits filtered = search_json(db, {"site:scmp.com", "-n", "10"});
    REQUIRE(filtered.hits.size() == 10);
    check_newest_first(filtered);
    std::string newest_on_site;
    for (const auto& hit : search_json(db, {"--no-collapse", "-n", all, "site:scmp.com"}).hits)
      if (hit["date"].is_string()) newest_on_site = std::max(newest_on_site, hit["date"].get<std::string>());
    CHECK(filtered.hits.front()["date"] == newest_on_site);
    // Default limit: 10.
    CHECK(search_json(db, {"*"}).hits.size() == 10);
  }
}

// ===========================================================================
// Output formats

TEST_CASE("cli: --format json prints one object per hit and a closing total") {
  DataIndex data;
  SUBCASE("hits have exactly the documented keys") {
    Hits h = search_json(data.db, {"huawei", "-n", "1000"});  // types are checked in parse_json_output
    REQUIRE(!h.hits.empty());
    std::set<std::set<std::string>> key_sets;  // one check per distinct set of keys
    for (const auto& hit : h.hits) {
      std::set<std::string> keys;
      for (const auto& [k, v] : hit.items()) keys.insert(k);
      if (hit.value("kind", "") != "digest-summary") CHECK(hit["citations"].empty());
      key_sets.insert(keys);
    }
    for (const auto& keys : key_sets) {
      std::set<std::string> extra, missing;
      std::set_difference(keys.begin(), keys.end(), kHitKeys.begin(), kHitKeys.end(),
                          std::inserter(extra, extra.end()));
      std::set_difference(kHitKeys.begin(), kHitKeys.end(), keys.begin(), keys.end(),
                          std::inserter(missing, missing.end()));
      std::string listed;
      for (const auto& k : extra) listed += " +" + k;
      for (const auto& k : missing) listed += " -" + k;
      INFO("keys differing from rank,id,score,title,url,source,author,published,categories,snippet,kind,story:" << listed);
      CHECK(keys == kHitKeys);
    }
  }
  SUBCASE("hits") {
    Hits h = search_json(data.db, {"huawei", "-n", "5"});
    CHECK(h.hits.size() == 5);
    CHECK(h.last["total"].get<std::size_t>() >= 5);
    for (const auto& hit : h.hits) {
      CHECK(!str(hit, "title").empty());
      // Feed items link to their page; plain-text articles have no link.
      CHECK((str(hit, "url").empty() || str(hit, "url").starts_with("https://")));
    }
  }
  SUBCASE("nothing found: exit 1 and only the closing line") {
    Result r = search_cmd(data.db, {"--format", "json", "qwertyuiopzxcv"});
    INFO(describe(r));
    CHECK(r.code == 1);
    CHECK(lines_in(r.out) == 1);
    json j = json::parse(r.out, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["type"] == "summary");
    CHECK(j.size() == 5);
    CHECK(j["total"] == 0);
    CHECK(j["total_exact"] == true);
    CHECK(j["took_ms"].is_number());
  }
  SUBCASE("an error prints no JSON on stdout") {
    Result r = search_cmd(data.db, {"--format", "json", "date:foo..bar"});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: snippets mark the query's words, whatever their case or form") {
  DataIndex data;
  SUBCASE("chips marks chip and chips") {
    Hits h = search_json(data.db, {"chips", "-n", "1000"});
    REQUIRE(!h.hits.empty());
    std::set<std::string> marked;
    const std::regex chip_form(R"(chip(s|ped|ping)?(('|’)s)?)");
    for (const auto& hit : h.hits)
      for (const auto& w : marked_words(str(hit, "snippet"))) {
        INFO("marked: " << w << " in " << hit.dump());
        CHECK(std::regex_match(lower(w), chip_form));
        marked.insert(lower(w));
      }
    CHECK(marked.count("chip") == 1);
    CHECK(marked.count("chips") == 1);
  }
  SUBCASE("a lowercase query marks the word as written") {
    Hits h = search_json(data.db, {"deepseek", "-n", "1000"});
    bool as_written = false;
    for (const auto& hit : h.hits)
      for (const auto& w : marked_words(str(hit, "snippet"))) {
        CHECK(contains_ci(w, "deepseek"));
        as_written = as_written || w.starts_with("DeepSeek");
      }
    CHECK(as_written);
  }
  SUBCASE("an uppercase query marks too") {
    Hits h = search_json(data.db, {"NVIDIA", "-n", "5"});
    REQUIRE(!h.hits.empty());
    std::size_t marks = 0;
    for (const auto& hit : h.hits)
      for (const auto& w : marked_words(str(hit, "snippet"))) {
        CHECK(contains_ci(w, "nvidia"));
        ++marks;
      }
    CHECK(marks > 0);
  }
}

TEST_CASE("cli: JSON snippets are HTML-escaped text") {
  TempDir dir;
  fs::path db = dir / "db";
  Result r = index_cmd(db, {fixture("escaped.xml").string()});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK(summary_of(r).added == 3);

  SUBCASE("double-escaped markup in a description stays text") {
    Hits h = search_json(db, {"zanzibarite"});
    REQUIRE(h.hits.size() == 1);
    const json& hit = h.hits[0];
    std::string snippet = str(hit, "snippet");
    INFO(snippet);
    CHECK(snippet.find("&lt; 5%") != std::string::npos);
    CHECK(snippet.find("AT&amp;T &amp; partners") != std::string::npos);
    CHECK(snippet.find("&lt;b&gt;") != std::string::npos);
    CHECK(snippet.find("<mark>Zanzibarite</mark>") != std::string::npos);
    CHECK(unhtml(snippet) ==
          "Zanzibarite traders said margins stayed < 5% while AT&T & partners watched; a tag written as "
          "<b> is only text here.");
    // JSON fields other than the snippet are plain text.
    CHECK(str(hit, "title") == "Zanzibarite traders & the <5% margin");
    CHECK(str(hit, "source") == "Fixture Wire");
    CHECK(str(hit, "author") == "Quentin Fixture");
    CHECK(hit["categories"] == json::array({"Markets"}));
    CHECK(hit["published"] == "2026-02-02T10:00:00Z");
    CHECK(str(hit, "url") == "https://fixtures.example.org/news/zanzibarite-margins");
    CHECK(search_json(db, {"category:markets"}).ids() == h.ids());
  }
  SUBCASE("singly escaped text and CDATA") {
    for (const char* word : {"quuxville", "frobnicator"}) {
      CAPTURE(word);
      Hits h = search_json(db, {word});
      REQUIRE(h.hits.size() == 1);
      std::string snippet = str(h.hits[0], "snippet");
      INFO(snippet);
      CHECK(snippet.find("&amp;") != std::string::npos);
      CHECK(snippet.find("&lt;") != std::string::npos);
      std::string bare = snippet;
      for (const char* tag : {"<mark>", "</mark>"})
        for (std::size_t at; (at = bare.find(tag)) != std::string::npos;) bare.erase(at, std::strlen(tag));
      CHECK(bare.find('<') == std::string::npos);
      CHECK(bare.find('>') == std::string::npos);
      CHECK(bare.find('"') == std::string::npos);
      // Every & starts an entity.
      static const std::regex stray(R"(&(?!amp;|lt;|gt;|quot;|#\d+;))");
      CHECK(!std::regex_search(bare, stray));
    }
    Hits fish = search_json(db, {"quuxville"});
    CHECK(unhtml(str(fish.hits.at(0), "snippet")) ==
          "Fish & chips in quuxville cost < 5 pounds, and \"mushy peas\" > nothing.");
    Hits frob = search_json(db, {"frobnicator"});
    CHECK(unhtml(str(frob.hits.at(0), "snippet")) == "Frobnicator sales & profits rose; 3 < 4 as everyone knows.");
  }
  SUBCASE("the text output shows the text as it is") {
    Result t = search_cmd(db, {"zanzibarite", "--color=never"});
    INFO(describe(t));
    CHECK(t.code == 0);
    CHECK(t.out.find("AT&T & partners") != std::string::npos);
    CHECK(t.out.find("&amp;") == std::string::npos);
    CHECK(t.out.find("Zanzibarite traders & the <5% margin") != std::string::npos);
  }
}

TEST_CASE("cli: text output colours matches only when asked or on a terminal") {
  DataIndex data;
  const std::string esc = "\x1b[";
  const std::regex highlighted("\x1b\\[1;33m([^\x1b]*)\x1b\\[0m");
  auto highlighted_words = [&](const std::string& out) {
    std::vector<std::string> words;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), highlighted); it != std::sregex_iterator(); ++it)
      words.push_back((*it)[1].str());
    return words;
  };

  SUBCASE("--color=never: no escape codes") {
    Result r = search_cmd(data.db, {"deepseek", "--color=never"});
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find("DeepSeek") != std::string::npos);
    CHECK(r.out.find(" matches (") != std::string::npos);
  }
  SUBCASE("--color=always: the matched word between ANSI codes") {
    Result r = search_cmd(data.db, {"deepseek", "--color=always"});
    INFO(describe(r));
    CHECK(r.code == 0);
    auto words = highlighted_words(r.out);
    REQUIRE(!words.empty());
    for (const auto& w : words) CHECK(contains_ci(w, "deepseek"));
    CHECK(r.out.find("\x1b[1;33mDeepSeek") != std::string::npos);
    // Even with NO_COLOR: always means always.
    Result forced = search_cmd(data.db, {"deepseek", "--color=always"}, RunOptions().set_env("NO_COLOR", "1"));
    CHECK(forced.out.find("\x1b[1;33m") != std::string::npos);
  }
  SUBCASE("--color=auto on a pipe: none, with or without NO_COLOR") {
    for (bool no_color : {false, true}) {
      CAPTURE(no_color);
      RunOptions o = RunOptions().to(Stdout::pipe);
      if (no_color) o.env["NO_COLOR"] = "1";
      Result r = search_cmd(data.db, {"deepseek", "--color=auto"}, o);
      INFO(describe(r));
      CHECK(r.code == 0);
      CHECK(r.out.find("DeepSeek") != std::string::npos);
      CHECK(r.out.find(esc) == std::string::npos);
    }
  }
  SUBCASE("--color=auto on a terminal: colour, unless NO_COLOR is set and not empty") {
    int probe = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (probe < 0) {
      MESSAGE("skipped: this machine has no pseudo-terminals");
      return;
    }
    close(probe);
    Result tty = search_cmd(data.db, {"deepseek"}, RunOptions().to(Stdout::pty));
    INFO(describe(tty));
    CHECK(tty.code == 0);
    CHECK(!highlighted_words(tty.out).empty());

    Result empty_no_color = search_cmd(data.db, {"deepseek"}, RunOptions().set_env("NO_COLOR", "").to(Stdout::pty));
    CHECK(!highlighted_words(empty_no_color.out).empty());

    Result no_color = search_cmd(data.db, {"deepseek", "--color=auto"}, RunOptions().set_env("NO_COLOR", "1").to(Stdout::pty));
    INFO(describe(no_color));
    CHECK(no_color.code == 0);
    CHECK(no_color.out.find("DeepSeek") != std::string::npos);
    CHECK(no_color.out.find(esc) == std::string::npos);
  }
}

// ===========================================================================
// Bad and unusual inputs

TEST_CASE("cli: a malformed feed among good inputs fails alone") {
  TempDir dir;
  fs::path db = dir / "db";
  const fs::path bad = fixture("unreadable.xml");  // truncated.xml is recovered now
  const std::size_t bad_lines = lines_in(read_all(bad));
  Result r = index_cmd(db, {fixture("escaped.xml").string(), bad.string(), data_dir().string()});
  INFO(describe(r));
  CHECK(r.code == 1);

  // stderr names the file and a line in it: ".../unreadable.xml:N: ..."
  std::smatch m;
  const std::regex where(R"(unreadable\.xml:(\d+): *(.*))");
  REQUIRE(std::regex_search(r.err, m, where));
  std::size_t line = std::stoul(m[1].str());
  CHECK(line >= 1);
  CHECK(line <= bad_lines);
  CHECK(!m[2].str().empty());
  CHECK(r.err.find("error") != std::string::npos);

  DataIndex clean;  // what data/ alone gives
  Summary s = summary_of(r);
  CHECK(s.errors == 1);
  CHECK(s.added == clean.documents + 3);
  CHECK(doc_count(db) == clean.documents + 3);
  // The inputs before and after the bad one are searchable.
  CHECK(search_json(db, {"zanzibarite"}).hits.size() == 1);
  CHECK(!search_json(db, {"deepseek"}).hits.empty());
}

TEST_CASE("cli: a web page is read as an article, not rejected as a broken feed") {
  TempDir dir;
  fs::path db = dir / "db";

  SUBCASE("well-formed XHTML") {
    Result r = index_cmd(db, {fixture("page.xhtml").string(), fixture("escaped.xml").string()});
    INFO(describe(r));
    CHECK(r.code == 0);
    Summary s = summary_of(r);
    CHECK(s.errors == 0);
    CHECK(s.added == 4);
    Hits h = search_json(db, {"moved"});
    REQUIRE(h.hits.size() == 1);
    CHECK(str(h.hits[0], "title") == "Welcome to our news site");
    CHECK(str(h.hits[0], "kind") == "article");
  }
  SUBCASE("an HTML page (not well-formed XML)") {
    Result r = index_cmd(db, {fixture("page.html").string()});
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(summary_of(r).added == 1);
    Hits h = search_json(db, {"reader"});
    REQUIRE(h.hits.size() == 1);
    CHECK(str(h.hits[0], "title") == "Feed moved");
  }
}

TEST_CASE("cli: XML that is neither a feed nor a page is an error naming the file") {
  TempDir dir;
  fs::path db = dir / "db";
  write_all(dir / "drawing.xml", "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>Hi</text></svg>\n");
  Result r = index_cmd(db, {(dir / "drawing.xml").string()});
  INFO(describe(r));
  CHECK(r.code == 1);
  CHECK(std::regex_search(r.err, std::regex(R"(drawing\.xml(:\d+)?: )")));
  CHECK(summary_of(r).errors == 1);
}

TEST_CASE("cli: an empty file is a warning, not an error") {
  TempDir dir;
  fs::path db = dir / "db";
  Result r = index_cmd(db, {fixture("empty.txt").string()});
  INFO(describe(r));
  CHECK(r.code == 0);
  CHECK(std::regex_search(r.err, std::regex(R"(warning: .*empty\.txt: .*empty)")));
  CHECK(r.err.find("error") == std::string::npos);
  Summary s = summary_of(r);
  CHECK(s.inputs == 1);
  CHECK(s.added == 0);
  CHECK(s.warnings == 1);
  CHECK(s.errors == 0);
  CHECK(doc_count(db) == 0);

  // --quiet: the warning is not printed, nor the summary.
  Result quiet = index_cmd(db, {"-q", fixture("empty.txt").string()});
  INFO(describe(quiet));
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
}

TEST_CASE("cli: --quiet prints only errors") {
  TempDir dir;
  fs::path db = dir / "db";
  Result r = index_cmd(db, {"--quiet", fixture("unreadable.xml").string(), fixture("truncated.xml").string(),
                            fixture("empty.txt").string(), fixture("escaped.xml").string()});
  INFO(describe(r));
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("unreadable.xml") != std::string::npos);
  CHECK(r.err.find("truncated.xml") == std::string::npos);  // recovered: a warning, not printed
  CHECK(r.err.find("warning") == std::string::npos);
  CHECK(search_json(db, {"zanzibarite"}).hits.size() == 1);
}

TEST_CASE("cli: windows-1252 and ISO-8859-1 text is searchable by its accented words") {
  TempDir dir;
  fs::path db = dir / "db";
  Result r = index_cmd(db, {fixture("charsets/cp1252.xml").string(), fixture("charsets/latin1.xml").string(),
                            fixture("cp1252_article.txt").string()});
  INFO(describe(r));
  CHECK(r.code == 0);
  Summary s = summary_of(r);
  CHECK(s.added == 3);
  CHECK(s.errors == 0);

  SUBCASE("windows-1252 feed (declared)") {
    for (const char* word : {"pâtisserie", "crème", "brûlée"}) {
      CAPTURE(word);
      Hits h = search_json(db, {word});
      REQUIRE(h.hits.size() == 1);
      // Bytes only windows-1252 has: curly quotes 0x93/0x94 and the euro 0x80.
      CHECK(str(h.hits[0], "title") == "Café “crème brûlée” now costs €5");
    }
    Hits t = search_json(db, {"title:café"});
    CHECK(t.hits.size() == 1);
    Hits dash = search_json(db, {"pâtisserie"});
    CHECK(unhtml(str(dash.hits.at(0), "snippet")).find("corner – famous") != std::string::npos);
  }
  SUBCASE("ISO-8859-1 feed (declared)") {
    for (const char* word : {"málaga", "Málaga", "señorita", "zürichsee"}) {
      CAPTURE(word);
      Hits h = search_json(db, {word});
      REQUIRE(h.hits.size() == 1);
      CHECK(str(h.hits[0], "title") == "Málaga ferry to Zürich lake tours");
    }
  }
  SUBCASE("UTF-16 with a byte order mark") {
    Result u = index_cmd(db, {fixture("charsets/utf16.xml").string()});
    INFO(describe(u));
    CHECK(u.code == 0);
    CHECK(summary_of(u).added == 1);
    for (const char* word : {"øresund", "Øresund", "ångström"}) {
      CAPTURE(word);
      Hits h = search_json(db, {word});
      REQUIRE(h.hits.size() == 1);
      CHECK(str(h.hits[0], "title") == "Øresund bridge measured to the ångström");
    }
  }
  SUBCASE("an uppercase accented query") {
    CHECK(search_json(db, {"MÁLAGA"}).hits.size() == 1);
    CHECK(search_json(db, {"CRÈME"}).hits.size() == 1);
  }
  SUBCASE("windows-1252 plain text (undeclared)") {
    for (const char* word : {"naïve", "séance", "opéra"}) {
      CAPTURE(word);
      Hits h = search_json(db, {word});
      REQUIRE(h.hits.size() == 1);
      CHECK(str(h.hits[0], "title") == "Naïve séance at the opéra");
    }
  }
}

TEST_CASE("cli: - reads standard input") {
  TempDir dir;
  fs::path db = dir / "db";

  SUBCASE("an Atom feed") {
    Result r = index_cmd(db, {"-"}, RunOptions().input(read_all(fixture("atom.xml"))));
    INFO(describe(r));
    CHECK(r.code == 0);
    Summary s = summary_of(r);
    CHECK(s.inputs == 1);
    CHECK(s.added == 2);
    Hits h = search_json(db, {"gallimaufry"});
    REQUIRE(h.hits.size() == 2);
    for (const auto& hit : h.hits) {
      CHECK(str(hit, "source") == "Fixture Atom Desk");
      CHECK(str(hit, "author") == "Petra Atomwriter");
      CHECK(str(hit, "url").starts_with("https://atom.example.net/2026/03/gallimaufry-"));
    }
    CHECK(search_json(db, {"author:atomwriter"}).hits.size() == 2);
  }
  SUBCASE("plain text") {
    Result r = index_cmd(db, {"-"}, RunOptions().input("Piped headline about quokkas\n\nQuokkas were seen near the harbour.\n"));
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(summary_of(r).added == 1);
    Hits h = search_json(db, {"quokkas"});
    REQUIRE(h.hits.size() == 1);
    CHECK(str(h.hits[0], "title") == "Piped headline about quokkas");
  }
  SUBCASE("a malformed feed: the error names standard input") {
    Result r = index_cmd(db, {"-"}, RunOptions().input(read_all(fixture("unreadable.xml"))));
    INFO(describe(r));
    CHECK(r.code == 1);
    CHECK(std::regex_search(r.err, std::regex(R"(<stdin>:\d+: )")));
  }
  SUBCASE("together with files") {
    Result r = index_cmd(db, {fixture("escaped.xml").string(), "-"}, RunOptions().input(read_all(fixture("atom.xml"))));
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(summary_of(r).added == 5);
  }
}

// ===========================================================================
// How a query is typed

TEST_CASE("cli: a query's results do not depend on how its words are capitalised") {
  // newsdex-search --help promises stemmed matching ("huawei chips: chip,
  // chips, chipped") and says nothing of case; a user typing the name as
  // written in the news (DeepSeek, Chips) must get the same documents.
  DataIndex data;
  for (const auto& [lower_q, upper_q] : std::vector<std::pair<std::string, std::string>>{
           {"deepseek", "DeepSeek"},
           {"deepseek", "DEEPSEEK"},
           {"chips", "Chips"},
           {"huawei", "Huawei"},
           {"title:chips", "title:Chips"},
       }) {
    const auto& lower_q_ = lower_q;  // clang 14 cannot capture a structured binding
    CAPTURE(lower_q_);
    const auto& upper_q_ = upper_q;  // clang 14 cannot capture a structured binding
    CAPTURE(upper_q_);
    Hits a = search_json(data.db, {lower_q, "-n", "1000"});
    Hits b = search_json(data.db, {upper_q, "-n", "1000"});
    CHECK(!a.hits.empty());
    CHECK(a.id_set() == b.id_set());
  }
}

TEST_CASE("cli: a query given as several arguments") {
  DataIndex data;
  auto a = search_json(data.db, {"huawei", "-n", "1000"}).id_set();
  auto b = search_json(data.db, {"nvidia", "-n", "1000"}).id_set();
  std::set<std::string> both, a_not_b;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(both, both.end()));
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(a_not_b, a_not_b.end()));
  REQUIRE(!a_not_b.empty());

  SUBCASE("words as separate arguments are joined") {
    CHECK(search_json(data.db, {"huawei", "nvidia", "-n", "1000"}).id_set() == both);
    CHECK(search_json(data.db, {"\"trade", "talks\"", "-n", "1000"}).id_set() ==
          search_json(data.db, {"\"trade talks\"", "-n", "1000"}).id_set());
  }
  SUBCASE("after --, a -word is the query's NOT") {
    CHECK(search_json(data.db, {"-n", "1000", "--", "huawei", "-nvidia"}).id_set() == a_not_b);
  }
  SUBCASE("a query of only -word lists the documents without the word, as NOT word does") {
    // Documents, not stories: which member stands for a story depends on
    // the query, so sets of collapsed hits do not subtract.
    auto everything = search_json(data.db, {"--no-collapse", "-n", "1000", "*"}).id_set();
    auto with = search_json(data.db, {"--no-collapse", "-n", "1000", "nvidia"}).id_set();
    std::set<std::string> without;
    std::set_difference(everything.begin(), everything.end(), with.begin(), with.end(),
                        std::inserter(without, without.end()));
    REQUIRE(!without.empty());
    CHECK(search_json(data.db, {"--no-collapse", "-n", "1000", "NOT nvidia"}).id_set() == without);
    CHECK(search_json(data.db, {"--no-collapse", "-n", "1000", "--", "-nvidia"}).id_set() == without);
    // The same for a filter.
    auto on_site = search_json(data.db, {"--no-collapse", "-n", "1000", "site:scmp.com"}).id_set();
    std::set<std::string> off_site;
    std::set_difference(everything.begin(), everything.end(), on_site.begin(), on_site.end(),
                        std::inserter(off_site, off_site.end()));
    CHECK(search_json(data.db, {"--no-collapse", "-n", "1000", "NOT site:scmp.com"}).id_set() == off_site);
    CHECK(search_json(data.db, {"--no-collapse", "-n", "1000", "--", "-site:scmp.com"}).id_set() == off_site);
  }
  SUBCASE("a -word typed as its own argument is the query's NOT, as --help shows (nvidia -china)") {
    // `newsdex-search huawei -nvidia` in a shell: -nvidia is a query word,
    // not the option -n with the value "vidia".
    Result r = search_cmd(data.db, {"--format", "json", "-n", "1000", "huawei", "-nvidia"});
    INFO(describe(r));
    CHECK(r.code == 0);
    if (r.code == 0) CHECK(parse_json_output(r).id_set() == a_not_b);
    // -huawei must not be read as -h (help): that exits 0 with the help text
    // where a script expects results.
    auto nvidia_not_huawei = search_json(data.db, {"-n", "1000", "--", "nvidia", "-huawei"}).id_set();
    REQUIRE(!nvidia_not_huawei.empty());
    Result help = search_cmd(data.db, {"--format", "json", "-n", "1000", "nvidia", "-huawei"});
    INFO(describe(help));
    CHECK(help.out.find("Usage:") == std::string::npos);
    CHECK(help.code == 0);
    if (help.code == 0 && help.out.find("Usage:") == std::string::npos)
      CHECK(parse_json_output(help).id_set() == nvidia_not_huawei);
  }
}

TEST_CASE("cli: dots in a query are text, not a range error") {
  // Pasted headlines end in "..." and version numbers have dots; only date:
  // takes a range.
  DataIndex data;
  for (const auto& [with_dots, plain] : std::vector<std::pair<std::string, std::string>>{
           {"trade talks...", "trade talks"},
           {"huawei...", "huawei"},
       }) {
    const auto& with_dots_ = with_dots;  // clang 14 cannot capture a structured binding
    CAPTURE(with_dots_);
    Result r = search_cmd(data.db, {"--format", "json", "-n", "1000", with_dots});
    INFO(describe(r));
    CHECK(r.code == 0);
    if (r.code == 0)
      CHECK(parse_json_output(r).id_set() == search_json(data.db, {"-n", "1000", plain}).id_set());
  }
}

// ===========================================================================
// Errors and usage

TEST_CASE("cli: searching where there is no index") {
  TempDir dir;
  SUBCASE("no such folder") {
    fs::path missing = dir / "nothing-here";
    Result r = search_cmd(missing, {"huawei"});
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK(r.err.find("newsdex-index") != std::string::npos);
    CHECK(r.err.find(missing.string()) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(!fs::exists(missing));  // a search never creates an index
  }
  SUBCASE("an empty folder") {
    fs::create_directories(dir / "empty");
    Result r = search_cmd(dir / "empty", {"huawei"});
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK(r.err.find("newsdex-index") != std::string::npos);
  }
  SUBCASE("stats of a missing index") {
    Result r = run({index_bin(), "stats", "--db", (dir / "nothing-here").string()});
    INFO(describe(r));
    CHECK(r.code != 0);
    CHECK(r.err.find("newsdex-index") != std::string::npos);
  }
}

TEST_CASE("cli: malformed queries and options are usage errors (exit 2)") {
  DataIndex data;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"date:2025-13.."},
           {"date:foo..bar"},
           {"date:2025-02-30..2025-03-01"},
           {"huawei", "--since", "foo"},
           {"huawei", "--until", "2025-13-01"},
           {"--sort", "sideways", "huawei"},
           {"--format", "xml", "huawei"},
           {"--color", "sometimes", "huawei"},
           {"--limit", "many", "huawei"},
           {"--no-such-option", "huawei"},
       }) {
    std::string label;
    for (const auto& a : args) label += a + " ";
    CAPTURE(label);
    Result r = search_cmd(data.db, args);
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK(!r.err.empty());
    CHECK(r.out.empty());
  }
  Result bad_date = search_cmd(data.db, {"date:2025-13.."});
  CHECK(bad_date.err.find("2025-13") != std::string::npos);

  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--no-such-option", data_dir().string()},
           {"--format", "pdf", data_dir().string()},
           {"--wait", "-1", data_dir().string()},
           {},  // nothing to index
       }) {
    std::string label;
    for (const auto& a : args) label += a + " ";
    CAPTURE(label);
    Result r = index_cmd(data.db, args);
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK(!r.err.empty());
  }
  CHECK(doc_count(data.db) == data.documents);
}

TEST_CASE("cli: --help and --version") {
  Result s = run({search_bin(), "--help"});
  INFO(describe(s));
  CHECK(s.code == 0);
  for (const char* syntax : {"title:", "author:", "site:", "date:", "OR", "NOT", "\"", "--since", "--sort"})
    CHECK_MESSAGE(s.out.find(syntax) != std::string::npos, "newsdex-search --help does not mention " << syntax);

  Result i = run({index_bin(), "--help"});
  INFO(describe(i));
  CHECK(i.code == 0);
  for (const char* text : {"--db", "stats", "standard input", "75"})
    CHECK_MESSAGE(i.out.find(text) != std::string::npos, "newsdex-index --help does not mention " << text);

  for (const auto& bin : {index_bin(), search_bin()}) {
    Result v = run({bin, "--version"});
    INFO(describe(v));
    CHECK(v.code == 0);
    CHECK(std::regex_search(v.out, std::regex(R"(\d+\.\d+\.\d+)")));
  }
}

TEST_CASE("cli: the index comes from NEWSDEX_DB, else XDG_DATA_HOME") {
  TempDir dir;
  SUBCASE("NEWSDEX_DB") {
    fs::path db = dir / "from-env";
    RunOptions o = RunOptions().set_env("NEWSDEX_DB", db.string());
    Result r = run({index_bin(), fixture("escaped.xml").string()}, o);
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(fs::exists(db));
    Result s = run({search_bin(), "zanzibarite", "--format", "json"}, o);
    CHECK(parse_json_output(s).hits.size() == 1);
    CHECK(doc_count(db) == 3);
  }
  SUBCASE("XDG_DATA_HOME") {
    RunOptions o = RunOptions().set_env("XDG_DATA_HOME", (dir / "xdg").string());
    Result r = run({index_bin(), fixture("escaped.xml").string()}, o);
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(fs::exists(dir / "xdg" / "newsdex"));
    Result s = run({search_bin(), "zanzibarite", "--format", "json"}, o);
    CHECK(parse_json_output(s).hits.size() == 1);
  }
  SUBCASE("--db wins over NEWSDEX_DB") {
    fs::path env_db = dir / "env-db", flag_db = dir / "flag-db";
    RunOptions o = RunOptions().set_env("NEWSDEX_DB", env_db.string());
    Result r = index_cmd(flag_db, {fixture("escaped.xml").string()}, o);
    CHECK(r.code == 0);
    CHECK(fs::exists(flag_db));
    CHECK(!fs::exists(env_db));
  }
}

// ===========================================================================
// Concurrency

namespace {

// True when some process holds a write lock on the index's lock file (Xapian
// locks "flintlock" with fcntl or open-file-description locks).
bool index_is_locked(const fs::path& db) {
  int fd = open((db / "flintlock").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;
  bool locked = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
  close(fd);
  return locked;
}

}  // namespace

TEST_CASE("cli: a second writer is refused with exit 75 while the first holds the index") {
  TempDir dir;
  fs::path db = dir / "db";
  {
    Result first = index_cmd(db, {fixture("escaped.xml").string()});
    INFO(describe(first));
    REQUIRE(first.code == 0);
  }
  REQUIRE(!index_is_locked(db));

  // The holder opens the index (taking the lock) and then waits for its
  // standard input, which stays open until the test writes a feed and closes it.
  Process holder(with_db(index_bin(), db, {"-"}), RunOptions().hold_stdin());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!index_is_locked(db) && holder.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE_MESSAGE(index_is_locked(db), "the first newsdex-index never took the lock");

  SUBCASE("refused at once, the index untouched; readers still read") {
    Result second = index_cmd(db, {fixture("charsets/latin1.xml").string()});
    INFO(describe(second));
    CHECK(second.code == 75);
    CHECK(second.err.find("another newsdex-index") != std::string::npos);
    CHECK(second.err.find("--wait") != std::string::npos);

    Result timed = index_cmd(db, {"--wait", "0.5", fixture("charsets/latin1.xml").string()});
    INFO(describe(timed));
    CHECK(timed.code == 75);

    CHECK(search_json(db, {"zanzibarite"}).hits.size() == 1);
    CHECK(doc_count(db) == 3);

    holder.write_stdin(read_all(fixture("atom.xml")));
    holder.close_stdin();
    Result done = holder.wait();
    INFO(describe(done));
    CHECK(done.code == 0);
    CHECK(summary_of(done).added == 2);
    CHECK(doc_count(db) == 5);
    CHECK(search_json(db, {"señorita"}).hits.empty());
  }
  SUBCASE("--wait outlasts the first writer") {
    Process waiting(with_db(index_bin(), db, {"--wait", "30", fixture("charsets/latin1.xml").string()}), {});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(waiting.running());  // still waiting for the lock
    holder.write_stdin(read_all(fixture("atom.xml")));
    holder.close_stdin();
    Result first = holder.wait();
    INFO(describe(first));
    CHECK(first.code == 0);
    Result second = waiting.wait();
    INFO(describe(second));
    CHECK(second.code == 0);
    CHECK(summary_of(second).added == 1);
    CHECK(doc_count(db) == 6);
    CHECK(search_json(db, {"señorita"}).hits.size() == 1);
  }
}

namespace {

// A feed of `n` items, each with words of its own (zebraN, uniqueN).
std::string numbered_feed(int n, int body_words, const std::string& prefix = "g") {
  std::string items;
  for (int i = 0; i < n; ++i) {
    items += "<item><guid>" + prefix + std::to_string(i) + "</guid><title>Story " + std::to_string(i) + " zebra" +
             std::to_string(i) + "</title><description>";
    for (int w = 0; w < body_words; ++w) items += "word" + std::to_string((i + w) % 997) + " ";
    items += "unique" + std::to_string(i) + "</description></item>\n";
  }
  return "<rss><channel><title>Numbered</title>" + items + "</channel></rss>\n";
}

}  // namespace

TEST_CASE("cli: a write that fails (a full disk) says so and leaves the index as it was") {
  TempDir dir;
  const fs::path db = dir / "db";
  REQUIRE(index_cmd(db, {fixture("escaped.xml").string()}).code == 0);
  const fs::path big = dir / "big.xml";
  std::ofstream(big) << numbered_feed(500, 200);  // ~1 MB of index: one commit (batch of 1000)

  // A file size limit makes Xapian's writes fail as a full disk does
  // (EFBIG for ENOSPC), without root or a small file system; SIGXFSZ is
  // ignored so that the write fails instead of killing the program.
  Result full = run({"/bin/bash", "-c",
                     "trap '' XFSZ; ulimit -f 100; exec \"$0\" --db \"$1\" \"$2\"", index_bin(), db.string(),
                     big.string()});
  INFO(describe(full));
  CHECK(full.code == 1);
  CHECK(full.err.find("failed: DatabaseError") != std::string::npos);
  CHECK(full.err.find("make room on the disk") != std::string::npos);
  CHECK(doc_count(db) == 3);  // as before the run
  CHECK(search_json(db, {"zebra7"}).hits.empty());
  CHECK(search_json(db, {"zanzibarite"}).hits.size() == 1);

  Result again = index_cmd(db, {big.string()});  // with room: the run completes, once
  INFO(describe(again));
  CHECK(again.code == 0);
  CHECK(summary_of(again).added == 500);
  CHECK(doc_count(db) == 503);
}

TEST_CASE("cli: a read-only index folder is a clear error, not a lock, and is left as it was") {
  TempDir dir;
  const fs::path db = dir / "db";
  REQUIRE(index_cmd(db, {fixture("atom.xml").string()}).code == 0);
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(db, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                  fs::perm_options::remove);
  // Root writes anywhere: the indexer then runs as nobody, whom the mode binds.
  std::vector<std::string> argv = with_db(index_bin(), db, {fixture("charsets/latin1.xml").string()});
  if (::geteuid() == 0) {
    // Nobody may not reach the clone (one under mktemp -d is the owner's
    // alone): it runs copies of the program, its library and the feed.
    const fs::path copies = dir / "bin";
    fs::create_directory(copies);
    const fs::path built = fs::path(index_bin()).parent_path();
    for (const auto& entry : fs::directory_iterator(built))
      if (entry.path().filename().string().starts_with("libnewsdex.so"))
        fs::copy(entry.path(), copies / entry.path().filename(), fs::copy_options::copy_symlinks);
    fs::copy_file(index_bin(), copies / "newsdex-index");
    fs::copy_file(fixture("charsets/latin1.xml"), copies / "latin1.xml");
    argv = with_db((copies / "newsdex-index").string(), db, {(copies / "latin1.xml").string()});
    argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               "/usr/bin/env", "LD_LIBRARY_PATH=" + copies.string()});
  }
  Result refused = run(argv);
  fs::permissions(db, fs::perms::owner_write, fs::perm_options::add);
  INFO(describe(refused));
  CHECK(refused.code == 1);
  CHECK(refused.err.find("the index folder is not writable") != std::string::npos);
  CHECK(refused.err.find("another newsdex-index") == std::string::npos);
  CHECK(doc_count(db) == 2);
}

TEST_CASE("cli: searches during an update never fail") {
  TempDir dir;
  const fs::path db = dir / "db";
  REQUIRE(index_cmd(db, {fixture("atom.xml").string()}).code == 0);
  std::vector<std::string> files;
  for (int f = 0; f < 4; ++f) {  // 6,000 items: six commits of 1,000 while the searches run
    const fs::path file = dir / ("part" + std::to_string(f) + ".xml");
    std::ofstream(file) << numbered_feed(1500, 40, "part" + std::to_string(f) + "-");
    files.push_back(file.string());
  }
  Process update(with_db(index_bin(), db, files), {});
  std::size_t searches = 0;
  while (update.running()) {
    for (const char* query : {"zanzibarite", "word7 word8", "\"story 12\""}) {
      Result r = search_cmd(db, {query, "-n", "3", "--format", "json"});
      INFO(describe(r));
      REQUIRE(r.err.empty());
      REQUIRE((r.code == 0 || r.code == 1));  // 1: no matches yet
      ++searches;
    }
  }
  Result done = update.wait();
  INFO(describe(done));
  CHECK(done.code == 0);
  CHECK(doc_count(db) == 6002);
  CHECK(searches >= 3);
}

TEST_CASE("cli: plain-text news in data/ is split into digest sources, a cited summary, articles and teasers") {
  DataIndex data;
  auto first_hit = [&](std::vector<std::string> args) {
    Hits h = search_json(data.db, std::move(args));
    REQUIRE_FALSE(h.hits.empty());
    return h.hits.front();
  };
  auto has_mark = [](const json& hit) { return str(hit, "snippet").find("<mark>") != std::string::npos; };

  SUBCASE("the digest's documents collapse into one hit listing the others") {
    json hit = first_hit({"xi", "self-sufficiency"});
    CHECK(hit["also"].size() >= 1);
    Result text = search_cmd(data.db, {"--color", "never", "xi", "self-sufficiency"});
    CHECK(text.out.find("also: ") != std::string::npos);
    Result timeline = search_cmd(data.db, {"--story", str(hit, "id")});
    REQUIRE(timeline.code == 0);
    CHECK(lines_in(timeline.out) == 9);  // eight members and the closing line
    CHECK(timeline.out.rfind("* ", 0) == 0);  // the first report is marked
  }
  SUBCASE("a digest source, with its outlet, and the digest's story") {
    json hit = first_hit({"--no-collapse", "kind:digest-source", "self-reliance", "source:reuters"});
    CHECK(str(hit, "source") == "Reuters");
    CHECK(has_mark(hit));
    std::string story = str(hit, "story");
    REQUIRE(story.starts_with("story:"));
    // The story holds the digest's seven sources and its summary.
    Hits members = search_json(data.db, {"--no-collapse", "-n", "100", "story:" + story.substr(6)});
    Hits by_prefix = search_json(data.db, {"--no-collapse", "-n", "100", "story:" + story});
    std::size_t in_story = std::max(members.hits.size(), by_prefix.hits.size());
    CHECK(in_story == 8);
  }
  SUBCASE("the digest summary, with its citations in JSON and in text") {
    json hit = first_hit({"kind:digest-summary", "self-sufficiency"});
    CHECK(has_mark(hit));
    REQUIRE(hit.contains("citations"));
    REQUIRE_FALSE(hit["citations"].empty());
    for (const auto& c : hit["citations"]) {
      REQUIRE_FALSE(c["source_ids"].empty());
      for (const auto& id : c["source_ids"]) {
        // Every cited id is a document of the index.
        Hits cited = search_json(data.db, {"id:" + id.get<std::string>()});
        CHECK(cited.hits.size() == 1);
      }
    }
    Result text = search_cmd(data.db, {"--color", "never", "kind:digest-summary", "self-sufficiency"});
    CHECK(text.out.find("cites:") != std::string::npos);
    CHECK(text.out.find("[1] Reuters") != std::string::npos);
  }
  SUBCASE("the scraped article, without its page chrome") {
    json hit = first_hit({"kind:article", "title:\"waves off\""});
    CHECK(str(hit, "title") == "Huawei Founder Waves Off US Chip Curbs While Trade Talks Proceed");
    CHECK(str(hit, "source") == "Mint");
    CHECK(has_mark(hit));
    CHECK(search_json(data.db, {"\"try our ai features\""}).hits.empty());
    CHECK(search_json(data.db, {"\"no comments yet\""}).hits.empty());
  }
  SUBCASE("a teaser, ranked below the article it shares words with") {
    json hit = first_hit({"kind:teaser", "rednote"});
    CHECK(str(hit, "kind") == "teaser");
    CHECK(has_mark(hit));
  }
  SUBCASE("the plain article has no newsletter boilerplate") {
    CHECK(search_json(data.db, {"\"editor's digest\""}).hits.empty());
    json hit = first_hit({"kind:article", "ascend", "jensen"});
    CHECK(str(hit, "title").starts_with("In a recent interview"));
  }
}

TEST_CASE("cli: --facets, --sort recent and --like on data/") {
  DataIndex data;
  SUBCASE("facets count all matches, in text and JSON") {
    Hits h = search_json(data.db, {"--no-collapse", "--limit", "1", "--facets", "kind,source", "china"});
    REQUIRE(h.hits.size() == 1);
    REQUIRE(h.facets.count("kind") == 1);
    CHECK(h.facets.count("source") == 1);
    std::size_t kinds = 0;
    for (const auto& c : h.facets["kind"]) kinds += c["count"].get<std::size_t>();
    CHECK(kinds == h.last["total"].get<std::size_t>());  // every match, not the one hit shown
    CHECK(h.last["total_exact"] == true);
    CHECK(kinds > 1);
    Result text = search_cmd(data.db, {"--color", "never", "--facets", "kind", "china"});
    CHECK(text.out.find("\nkind:\n") != std::string::npos);
    CHECK(search_cmd(data.db, {"--facets", "colour", "china"}).code == 2);
  }
  SUBCASE("recent keeps the same matches as relevance, in another order") {
    Hits relevance = search_json(data.db, {"-n", "100", "huawei"});
    Hits recent = search_json(data.db, {"-n", "100", "--sort", "recent", "--half-life", "2d", "huawei"});
    CHECK(relevance.id_set() == recent.id_set());
    CHECK(search_cmd(data.db, {"--sort", "recent", "--half-life", "soon", "huawei"}).code == 2);
  }
  SUBCASE("like finds related documents, not the document itself") {
    Hits seed = search_json(data.db, {"-n", "1", "title:\"waves off\""});
    REQUIRE(seed.hits.size() == 1);
    std::string id = seed.hits[0]["id"].get<std::string>();
    Hits like = search_json(data.db, {"--like", id});
    REQUIRE_FALSE(like.hits.empty());
    CHECK(like.id_set().count(id) == 0);
    CHECK(search_cmd(data.db, {"--like", "no-such-id"}).code == 2);
  }
}

TEST_CASE("cli: did you mean, and synonyms on data/") {
  DataIndex data;
  SUBCASE("a misspelt query gets a suggestion, in text and JSON") {
    Result text = search_cmd(data.db, {"--color", "never", "hauwei", "ascnd"});
    CHECK(text.code == 1);
    CHECK(text.out.find("Did you mean: huawei ascend\n") != std::string::npos);
    Hits json_out = search_json(data.db, {"hauwei"});
    CHECK(json_out.suggestion == "huawei");
    CHECK(search_json(data.db, {"huawei"}).suggestion.is_null());
  }
  SUBCASE("synonyms widen a query; --no-synonyms and --synonyms FILE change them") {
    auto with = search_json(data.db, {"-n", "1000", "--no-collapse", "AI"}).id_set();
    auto without = search_json(data.db, {"-n", "1000", "--no-collapse", "--no-synonyms", "AI"}).id_set();
    CHECK(with.size() > without.size());
    for (const auto& id : without) CHECK(with.count(id) == 1);

    TempDir dir;
    write_all(dir / "mine.conf", "chips, semiconductors\nlonely\n");
    Result mine = search_cmd(data.db, {"--format", "json", "-n", "1000", "--no-collapse", "--synonyms",
                                       (dir / "mine.conf").string(), "AI"});
    CHECK(mine.err.find("mine.conf:2:") != std::string::npos);
    CHECK(parse_json_output(mine).id_set() == without);  // the shipped file was replaced
  }
}

TEST_CASE("cli: Korean text from an EUC-KR feed is indexed and found") {
  const fs::path feed = fixture("charsets/euc-kr.xml");
  TempDir dir;
  Result indexed = index_cmd(dir / "db", {feed.string()});
  INFO(describe(indexed));
  REQUIRE(indexed.code == 0);
  Hits found = search_json(dir / "db", {"다리"});  // "bridge", in the title and the description
  REQUIRE(found.hits.size() == 1);
  CHECK(str(found.hits[0], "title") == "한강 다리 공사 시작");
  // Hangul is indexed by character (CJK n-grams): both characters are marked.
  std::string snippet = str(found.hits[0], "snippet");
  CHECK(snippet.find("<mark>리</mark>") != std::string::npos);
  for (const std::string tag : {"<mark>", "</mark>"})
    for (auto at = snippet.find(tag); at != std::string::npos; at = snippet.find(tag)) snippet.erase(at, tag.size());
  CHECK(snippet == "서울시는 봄에 한강의 새 다리 공사를 시작한다고 밝혔다.");
  CHECK(search_json(dir / "db", {"바다"}).hits.empty());  // "sea": not in the feed
}

TEST_CASE("cli: --shards N writes N shards that search as one; the count is kept") {
  TempDir dir;
  const fs::path plain = dir / "plain", sharded = dir / "sharded";
  Result a = index_cmd(plain, {data_dir().string()});
  Result b = index_cmd(sharded, {"--shards", "2", data_dir().string()});
  INFO(describe(b));
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  CHECK(summary_of(b).added == summary_of(a).added);
  CHECK(read_all(sharded / "XAPIANDB") == "auto shard0\nauto shard1\n");
  CHECK(fs::exists(sharded / "shard1" / "iamglass"));
  // The same hits, searched through the folder.
  for (const std::string q : {"deepseek", "\"rare earth\""}) {
    Result sa = search_cmd(plain, {"--format", "json", q});
    Result sb = search_cmd(sharded, {"--format", "json", q});
    CHECK(sb.code == 0);
    CHECK(sa.out.size() > 0);
    auto ids = [](const std::string& out) {
      std::multiset<std::string> s;
      std::istringstream in(out);
      for (std::string line; std::getline(in, line);)
        if (auto j = nlohmann::json::parse(line, nullptr, false); j.is_object() && j.contains("id"))
          s.insert(j["id"].get<std::string>());
      return s;
    };
    CHECK(ids(sa.out) == ids(sb.out));
  }
  // Again without --shards: the folder's count, nothing written.
  Result again = index_cmd(sharded, {data_dir().string()});
  CHECK(again.code == 0);
  CHECK(summary_of(again).added == 0);
  CHECK(summary_of(again).updated == 0);
  // Another count: a usage error that names the folder and the way out.
  Result other = index_cmd(sharded, {"--shards", "3", data_dir().string()});
  CHECK(other.code == 2);
  CHECK(other.err.find(sharded.string()) != std::string::npos);
  CHECK(other.err.find("compact") != std::string::npos);
  // compact rewrites each shard in place.
  Result c = index_cmd(sharded, {"compact"});
  INFO(describe(c));
  CHECK(c.code == 0);
  CHECK(fs::exists(sharded / "shard0" / "iamglass"));
}

TEST_CASE("cli: --seen-since lists what arrived since, and an undated item shows when it was first seen") {
  TempDir dir;
  const fs::path db = dir / "db", early = dir / "early.xml", late = dir / "late.xml";
  std::ofstream(early) << R"(<rss version="2.0"><channel><title>Early</title>
<item><guid>e1</guid><title>Undated harbour notice</title><description>No date given.</description></item>
</channel></rss>)";
  std::ofstream(late) << R"(<rss version="2.0"><channel><title>Late</title>
<item><guid>l1</guid><title>Archived harbour notice</title><description>From the archive.</description>
<pubDate>Tue, 01 Jan 2019 00:00:00 GMT</pubDate></item></channel></rss>)";
  const auto set_mtime = [](const fs::path& file, std::int64_t t) {
    const struct timespec times[2] = {{static_cast<time_t>(t), 0}, {static_cast<time_t>(t), 0}};
    REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
  };
  set_mtime(early, 1764583200);  // 2025-12-01T10:00:00Z
  set_mtime(late, 1765447200);   // 2025-12-11T10:00:00Z
  REQUIRE(index_cmd(db, {early.string()}).code == 0);
  REQUIRE(index_cmd(db, {late.string()}).code == 0);

  Hits arrived = search_json(db, {"--seen-since", "2025-12-05", "harbour"});
  REQUIRE(arrived.hits.size() == 1);
  CHECK(arrived.hits[0]["id"] == "l1");  // dated 2019, but seen on the 11th
  CHECK(arrived.hits[0]["first_seen"] == "2025-12-11T10:00:00Z");
  CHECK(arrived.hits[0]["date_source"] == "published");

  Hits undated = search_json(db, {"--until", "2025-12-01T23:59:59Z", "--since", "2025-12-01", "harbour"});
  REQUIRE(undated.hits.size() == 1);
  CHECK(undated.hits[0]["published"].is_null());
  CHECK(undated.hits[0]["date"] == "2025-12-01T10:00:00Z");
  CHECK(undated.hits[0]["date_source"] == "first-seen");
  Result text = search_cmd(db, {"--color", "never", "undated"});
  INFO(describe(text));
  CHECK(text.out.find("2025-12-01 (first seen)") != std::string::npos);

  Result bad = search_cmd(db, {"--seen-since", "soon", "harbour"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("'soon' is not a time") != std::string::npos);
}

TEST_CASE("cli: a collapsed search's total is exact when every match was checked, as count says") {
  DataIndex data;
  // "xi": the digest's documents are one story, so stories and documents differ.
  Hits page = search_json(data.db, {"-n", "1", "xi"});
  REQUIRE(page.hits.size() == 1);
  CHECK(page.last["total_exact"] == true);
  const std::size_t total = page.last["total"].get<std::size_t>();
  CHECK(search_json(data.db, {"-n", "100", "xi"}).hits.size() == total);
  CHECK(search_cmd(data.db, {"count", "xi"}).out == std::to_string(total) + "\n");
  CHECK(std::stoul(search_cmd(data.db, {"count", "--no-collapse", "xi"}).out) > total);
  CHECK(search_cmd(data.db, {"-n", "1", "xi"}).out.find("of about") == std::string::npos);
}

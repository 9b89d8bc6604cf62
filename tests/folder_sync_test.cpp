// Keeping a folder indexed from the command line: edits replace, deletions
// leave, non-news files are skipped with a count, web pages are articles,
// --include/--exclude, sync; expire and delete with --dry-run; where the
// index lives and that commands which only change an index never create one.

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace cli_harness;

namespace {

void article(const fs::path& file, const std::string& title, const std::string& body) {
  write_all(file, title + "\n\n" + body + "\n");
}

std::set<std::string> titles(const fs::path& db) {
  std::set<std::string> out;
  for (const auto& h : search_json(db, {"*", "--no-collapse", "-n", "100"}).hits) out.insert(str(h, "title"));
  return out;
}

}  // namespace

TEST_CASE("folders: edits replace, deletions leave, non-news is skipped, sync reads it all again") {
  TempDir dir;
  const fs::path db = dir / "db", news = dir / "news";
  fs::create_directories(news / "drafts");
  article(news / "rain.txt", "Rain floods Zanzibar", "Heavy rain fell on Zanzibar on Monday and flooded the old town.");
  article(news / "ferry.txt", "Ferry strike ends in Dover", "Ferry workers ended their strike after talks on Tuesday.");
  article(news / "drafts" / "draft.txt", "A draft about glaciers", "Glaciers in the Alps shrank again this summer.");
  write_all(news / "README.md", "# My saved news\n\nThis folder holds articles.\n");
  write_all(news / "LICENSE", "Permission is hereby granted\n");
  write_all(news / "photos.zip", std::string("PK\x03\x04\0\0\0\0", 8));
  write_all(news / "notes.json", "{\"todo\": [1, 2]}\n");
  write_all(news / "empty.txt", "\n\n");
  write_all(news / "volcano.html",
            "<!DOCTYPE html><html lang=\"en\"><head><title>Site | Volcano</title>"
            "<meta property=\"og:title\" content=\"Volcano erupts in Iceland\">"
            "<link rel=\"canonical\" href=\"https://news.example/volcano?utm_source=x\"></head><body>"
            "<nav>Home World Sport Weather</nav><article><h1>Volcano erupts in Iceland</h1>"
            "<p>A volcano erupted near Grindavik on Friday night.</p><p>Lava flowed towards the town.</p>"
            "</article><footer>Copyright Site</footer></body></html>");

  Result r = index_cmd(db, {news.string(), "--exclude", "drafts/*"});
  INFO(describe(r));
  REQUIRE(r.code == 0);  // skipped files are no errors: cron stays quiet
  CHECK(r.err.empty());
  CHECK(summary_of(r).added == 3);
  CHECK(r.out.find("5 files skipped as not news") != std::string::npos);
  CHECK(titles(db) == std::set<std::string>{"Rain floods Zanzibar", "Ferry strike ends in Dover",
                                            "Volcano erupts in Iceland"});
  // The page's article, not its chrome; its canonical link.
  Hits v = search_json(db, {"grindavik"});
  REQUIRE(v.hits.size() == 1);
  CHECK(str(v.hits[0], "url") == "https://news.example/volcano");
  CHECK(search_json(db, {"weather"}).hits.empty());
  CHECK(search_json(db, {"copyright"}).hits.empty());

  // -v says what was skipped and why.
  Result verbose = index_cmd(db, {news.string(), "--exclude", "drafts/*", "-v"});
  CHECK(verbose.out.find("README.md: a project file, not news") != std::string::npos);
  CHECK(verbose.out.find("photos.zip: an archive") != std::string::npos);
  CHECK(verbose.out.find("notes.json: JSON that is not a JSON Feed") != std::string::npos);
  CHECK(verbose.out.find("empty.txt: empty") != std::string::npos);
  CHECK(summary_of(verbose).unchanged == 3);

  // An edit replaces the file's document; a deleted file's document goes.
  article(news / "rain.txt", "Rain floods Zanzibar again", "Heavy rain fell on Zanzibar on Monday and Tuesday.");
  fs::remove(news / "ferry.txt");
  article(news / "heat.txt", "Heat wave in Seville", "Seville saw 44 degrees on Wednesday.");
  Result s = index_cmd(db, {"sync"});
  INFO(describe(s));
  REQUIRE(s.code == 0);
  CHECK(s.out.find("2 removed") != std::string::npos);
  // sync kept the folder's own --exclude: the draft is still out.
  CHECK(titles(db) == std::set<std::string>{"Rain floods Zanzibar again", "Heat wave in Seville",
                                            "Volcano erupts in Iceland"});
  CHECK(doc_count(db) == 3);

  // Indexed again without the exclusion, the draft comes in; sync quiet for cron.
  REQUIRE(index_cmd(db, {news.string()}).code == 0);
  CHECK(titles(db).count("A draft about glaciers") == 1);
  Result quiet = index_cmd(db, {"sync", "--quiet"});
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());

  // A folder that is gone (an unmounted disk) keeps its documents.
  fs::rename(news, dir / "elsewhere");
  Result gone = index_cmd(db, {"sync"});
  CHECK(gone.code == 0);
  CHECK(gone.err.find("the folder is missing") != std::string::npos);
  CHECK(doc_count(db) == 4);
}

TEST_CASE("folders: a file named on the command line that is no news is still an error") {
  TempDir dir;
  write_all(dir / "photos.zip", std::string("PK\x03\x04\0\0\0\0", 8));
  Result r = index_cmd(dir / "db", {(dir / "photos.zip").string()});
  CHECK(r.code == 1);
  CHECK(r.err.find("photos.zip") != std::string::npos);
}

TEST_CASE("lifecycle: expire and delete list with --dry-run, then delete, keeping the rest") {
  TempDir dir;
  const fs::path db = dir / "db";
  write_all(dir / "feed.xml", R"(<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Old news about tariffs</title><guid>w1</guid><pubDate>Mon, 01 Jan 2001 10:00:00 GMT</pubDate><description>Tariffs rose.</description></item>
<item><title>Older news about ports</title><guid>w2</guid><pubDate>Mon, 01 Jan 2001 11:00:00 GMT</pubDate><description>Ports closed.</description></item>
<item><title>Fresh news about tariffs</title><guid>w3</guid><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate><description>Tariffs fell.</description></item>
</channel></rss>)");
  REQUIRE(index_cmd(db, {(dir / "feed.xml").string()}).code == 0);

  Result dry = index_cmd(db, {"expire", "3650", "--dry-run"});
  INFO(describe(dry));
  CHECK(dry.code == 0);
  CHECK(dry.out.find("Old news about tariffs") != std::string::npos);
  CHECK(dry.out.find("Older news about ports") != std::string::npos);
  CHECK(dry.err.find("would be deleted") != std::string::npos);
  CHECK(doc_count(db) == 3);

  Result del_dry = index_cmd(db, {"delete", "tariffs", "-n"});
  CHECK(del_dry.out.find("Old news about tariffs") != std::string::npos);
  CHECK(del_dry.out.find("Fresh news about tariffs") != std::string::npos);
  CHECK(del_dry.err.find("2 documents would be deleted") != std::string::npos);
  CHECK(doc_count(db) == 3);

  Result del = index_cmd(db, {"delete", "tariffs date:2001"});
  CHECK(del.code == 0);
  CHECK(del.out.find("1 document deleted") != std::string::npos);
  CHECK(titles(db) == std::set<std::string>{"Older news about ports", "Fresh news about tariffs"});

  Result bad = index_cmd(db, {"delete", "colour:red"});
  CHECK(bad.code == 2);
  CHECK(doc_count(db) == 2);
}

TEST_CASE("paths: no HOME and no --db is an error; commands that change an index never create one") {
  TempDir dir;
  RunOptions no_home;
  no_home.set_env("HOME", std::nullopt).set_env("NEWSDEX_DB", std::nullopt).set_env("XDG_DATA_HOME", std::nullopt);
  no_home.cwd = dir.path();
  Result r = run({index_bin(), "stats"}, no_home);
  CHECK(r.code == 2);
  CHECK(r.err.find("HOME is not set") != std::string::npos);
  CHECK(fs::is_empty(dir.path()));  // nothing landed in the working directory

  RunOptions xdg;
  xdg.set_env("NEWSDEX_DB", std::nullopt).set_env("XDG_DATA_HOME", (dir / "data").string());
  article(dir / "a.txt", "Rain floods Zanzibar", "Heavy rain fell on Zanzibar on Monday and flooded the old town.");
  REQUIRE(run({index_bin(), (dir / "a.txt").string()}, xdg).code == 0);
  CHECK(fs::exists(dir / "data" / "newsdex" / "iamglass"));

  for (std::vector<std::string> args : {std::vector<std::string>{"update"}, {"sync"}, {"delete", "x"},
                                        {"feeds", "remove", "x"}, {"feeds", "retry", "x"}, {"expire", "3"}}) {
    CAPTURE(args.front());
    Result c = index_cmd(dir / "never", args);
    CHECK(c.code != 0);
    CHECK(c.err.find("no index at") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "never"));
  }
}

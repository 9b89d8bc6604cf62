// End-to-end tests of what a reader does after searching: read a hit
// (show), count, follow a topic (saved searches, run --new, Atom), and the
// output that fits a terminal or a pipe. Each index is written here from
// feeds the tests make, so nothing depends on data/.

#include <doctest/doctest.h>

#include "cli_harness.hpp"

using namespace cli_harness;

namespace {

struct FeedItem {
  std::string guid, title, description, date = "Mon, 01 Dec 2025 10:00:00 GMT", author, category;
};

std::string rss(const std::string& title, const std::vector<FeedItem>& items) {
  std::string out = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>" + title +
                    "</title><link>https://news.example/</link>\n";
  for (const auto& i : items) {
    out += "<item><guid>" + i.guid + "</guid><title>" + i.title + "</title><link>https://news.example/" + i.guid +
           "</link><description>" + i.description + "</description><pubDate>" + i.date + "</pubDate>";
    if (!i.author.empty()) out += "<author>" + i.author + "</author>";
    if (!i.category.empty()) out += "<category>" + i.category + "</category>";
    out += "</item>\n";
  }
  return out + "</channel></rss>\n";
}

// An index of one feed of four items, and a plain-text article indexed by a
// path relative to the indexer's working directory.
struct ReaderIndex {
  TempDir dir;
  fs::path db = dir / "db";
  fs::path searches = dir / "searches.json";
  ReaderIndex() {
    write_all(dir / "wire.xml",
              rss("Wire &amp; Co",
                  {{"w1", "Chip makers race to build fabs", "Foundries expand as chip demand soars in Asia.",
                    "Mon, 01 Dec 2025 10:00:00 GMT", "ana@example.com (Ana Ortiz)", "Tech"},
                   {"w2", "Harbour strike enters second week", "Dock workers at the harbour keep striking.",
                    "Tue, 02 Dec 2025 10:00:00 GMT", "", ""},
                   {"w3", "Nvidia and AMD report results", "Nvidia beat forecasts; AMD missed them.",
                    "Wed, 03 Dec 2025 10:00:00 GMT", "", ""},
                   {"w4", "Talks amid tension", "Envoys met amid tension, amid protests, amid rain.",
                    "Thu, 04 Dec 2025 10:00:00 GMT", "", ""}}));
    fs::create_directories(dir / "notes");
    write_all(dir / "notes" / "article.txt",
              "Lighthouse keepers return\n\nThe last lighthouse keepers came back to the island this week, "
              "decades after the lamps were automated. They will guide visitors through the tower and the "
              "keepers' cottages, and tell of storms and shipwrecks.\n");
    RunOptions in_dir;
    in_dir.cwd = dir.path();
    Result r = index_cmd(db, {"wire.xml", "notes/article.txt"}, in_dir);
    INFO(describe(r));
    REQUIRE(r.code == 0);
  }
  RunOptions saved() const { return RunOptions{}.set_env("NEWSDEX_SEARCHES", searches.string()); }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t tab; (tab = line.find('\t', at)) != std::string::npos; at = tab + 1)
    out.push_back(line.substr(at, tab - at));
  out.push_back(line.substr(at));
  return out;
}

json one_hit(const fs::path& db, std::vector<std::string> args) {
  Hits h = search_json(db, std::move(args));
  REQUIRE(h.hits.size() == 1);
  return h.hits.front();
}

}  // namespace

TEST_CASE("reader: show prints the whole stored document") {
  ReaderIndex x;
  json hit = one_hit(x.db, {"harbour", "strike"});
  const std::string sid = str(hit, "short_id");
  REQUIRE(sid.size() >= 6);

  SUBCASE("text: what it is, where from, its date and which date, the full text") {
    Result r = search_cmd(x.db, {"show", sid});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    CHECK(r.out.starts_with("Harbour strike enters second week\n"));
    CHECK(r.out.find("Wire & Co") != std::string::npos);
    CHECK(r.out.find("2025-12-02T10:00:00Z (published)") != std::string::npos);
    CHECK(r.out.find("url:     https://news.example/w2") != std::string::npos);
    CHECK(r.out.find("id:      " + sid + "  w2") != std::string::npos);
    CHECK(r.out.find("kind:    feed-item") != std::string::npos);
    CHECK(r.out.find("Dock workers at the harbour keep striking.") != std::string::npos);
  }
  SUBCASE("a plain-text file is stored by its absolute path, whatever the indexer's directory") {
    json article = one_hit(x.db, {"lighthouse"});
    Result r = search_cmd(x.db, {"show", str(article, "short_id")});
    REQUIRE(r.code == 0);
    const std::string expected = fs::canonical(x.dir / "notes" / "article.txt").string();
    CHECK(r.out.find("from:    " + expected + "\n") != std::string::npos);
    Result j = search_cmd(x.db, {"show", "--format", "json", str(article, "id")});
    CHECK(json::parse(j.out)["input"] == expected);
  }
  SUBCASE("the full id works as well as the short one; several ids in one call") {
    Result both = search_cmd(x.db, {"show", "w2", sid});
    REQUIRE(both.code == 0);
    CHECK(lines_of(both.out).size() > 2 * 6);
    CHECK(both.out.find("Harbour strike") != both.out.rfind("Harbour strike"));
  }
  SUBCASE("json: the stored record under the export's field names") {
    Result r = search_cmd(x.db, {"show", "--format", "json", sid});
    REQUIRE(r.code == 0);
    json j = json::parse(r.out);
    CHECK(j["type"] == "document");
    CHECK(j["id"] == "w2");
    CHECK(j["short_id"] == sid);
    CHECK(j["published"] == "2025-12-02T10:00:00Z");
    Result exported = run({index_bin(), "--db", x.db.string(), "export", "-q"});
    REQUIRE(exported.code == 0);
    json record = json::parse(lines_of(exported.out).at(1));
    for (const auto& item : record.items()) CHECK_MESSAGE(j.contains(item.key()), "show lacks the export's " << item.key());
  }
  SUBCASE("through $PAGER on a terminal, plain when piped; --no-pager") {
    RunOptions tty = RunOptions{}.to(Stdout::pty).set_env("PAGER", "sed s/^/PAGED:/");
    Result paged = search_cmd(x.db, {"show", "--color", "never", sid}, tty);
    INFO(describe(paged));
    CHECK(paged.out.find("PAGED:Harbour strike") != std::string::npos);
    CHECK(search_cmd(x.db, {"show", "--no-pager", sid}, tty).out.find("PAGED:") == std::string::npos);
    Result piped = search_cmd(x.db, {"show", sid}, RunOptions{}.set_env("PAGER", "sed s/^/PAGED:/"));
    CHECK(piped.out.find("PAGED:") == std::string::npos);
  }
  SUBCASE("an unknown id: exit 1, naming it") {
    Result r = search_cmd(x.db, {"show", "no-such-id"});
    CHECK(r.code == 1);
    CHECK(r.err.find("no document with id 'no-such-id'") != std::string::npos);
  }
}

TEST_CASE("reader: short ids are shown on every hit and accepted wherever an id is") {
  ReaderIndex x;
  Hits all = search_json(x.db, {"*", "-n", "100"});
  REQUIRE(all.hits.size() == 5);
  std::set<std::string> shorts;
  for (const auto& h : all.hits) {
    const std::string sid = str(h, "short_id");
    CHECK(sid.size() >= 6);
    CHECK(sid.find_first_not_of("0123456789abcdef") == std::string::npos);
    shorts.insert(sid);
  }
  CHECK(shorts.size() == 5);
  json chip = one_hit(x.db, {"chip", "fabs"});
  const std::string sid = str(chip, "short_id");
  // In the text listing, beside the date.
  Result text = search_cmd(x.db, {"chip", "fabs"});
  CHECK(text.out.find("2025-12-01  " + sid + "  ") != std::string::npos);
  // id:, --like, --story and show take it.
  CHECK(str(one_hit(x.db, {"id:" + sid}), "id") == "w1");
  CHECK(str(one_hit(x.db, {"id:" + sid.substr(0, 5)}), "id") == "w1");  // any unique prefix
  CHECK(search_json(x.db, {"--like", sid}).id_set() == search_json(x.db, {"--like", "w1"}).id_set());
  Result story = search_cmd(x.db, {"--story", sid});
  CHECK(story.code == 0);
  CHECK(story.out.find("Chip makers race") != std::string::npos);
  CHECK(search_cmd(x.db, {"--like", "ffffffffff"}).code == 2);
}

TEST_CASE("reader: count is exact; -n 0 prints the count; a negative -n is an error") {
  ReaderIndex x;
  const std::size_t listed = search_json(x.db, {"-n", "100", "amid OR harbour OR chip"}).hits.size();
  REQUIRE(listed == 3);
  Result count = search_cmd(x.db, {"count", "amid OR harbour OR chip"});
  INFO(describe(count));
  CHECK(count.code == 0);
  CHECK(count.out == "3\n");
  CHECK(search_cmd(x.db, {"--count", "amid", "OR", "harbour", "OR", "chip"}).out == "3\n");
  Result json_count = search_cmd(x.db, {"count", "--format", "json", "harbour"});
  CHECK(json::parse(json_count.out) == json{{"type", "count"}, {"count", 1}});
  Result none = search_cmd(x.db, {"count", "zebra"});
  CHECK(none.code == 1);
  CHECK(none.out == "0\n");
  Result zero = search_cmd(x.db, {"-n", "0", "amid OR harbour OR chip"});
  INFO(describe(zero));
  CHECK(zero.code == 0);
  CHECK(zero.out.starts_with("3 matches ("));
  CHECK(search_cmd(x.db, {"-n", "0", "harbour"}).out.starts_with("1 match ("));
  Result negative = search_cmd(x.db, {"-n", "-1", "harbour"});
  CHECK(negative.code == 2);
  CHECK(negative.err.find("must be a number of 0 or more") != std::string::npos);
}

TEST_CASE("reader: the query language does what people type") {
  ReaderIndex x;
  SUBCASE("and, or, not in lower case are operators") {
    CHECK(search_json(x.db, {"nvidia or harbour"}).id_set() == search_json(x.db, {"nvidia OR harbour"}).id_set());
    CHECK(search_json(x.db, {"nvidia or harbour"}).hits.size() == 2);
    CHECK(search_json(x.db, {"nvidia and not amd"}).hits.empty());
    CHECK(search_json(x.db, {"chip not harbour"}).hits.size() == 1);
  }
  SUBCASE("did you mean: only for a word no document has; never a field name or value") {
    // "amd" is in one document, "amid" in another many times: it stays amd.
    Hits amd = search_json(x.db, {"amd"});
    CHECK(amd.hits.size() == 1);
    CHECK(amd.suggestion.is_null());
    CHECK(search_json(x.db, {"harbuor"}).suggestion == "harbour");
    CHECK(search_json(x.db, {"site:news.exampel", "harbour"}).suggestion.is_null());
    CHECK(search_json(x.db, {"harbuor", "OR", "zzzzqqq"}).suggestion.is_string());
  }
  SUBCASE("an unknown field, a bad date, a bad kind, a bad time: exit 2 naming it and what is valid") {
    struct Case {
      std::vector<std::string> args;
      std::string says;
    };
    for (const auto& c : std::vector<Case>{
             {{"colour:red"}, "unknown field 'colour:' in 'colour:red'; the fields are title:, author:"},
             {{"date:2025-13"}, "date:2025-13 is not a date; write date:YYYY, date:YYYY-MM, date:YYYY-MM-DD"},
             {{"kind:video"}, "kind:video is not a kind; kinds are feed-item, article"},
             {{"--since", "yesterdayy", "harbour"}, "'yesterdayy' is not a time"},
             {{"date:2025-01..2025-13"}, "'2025-13' is not a date"}}) {
      Result r = search_cmd(x.db, c.args);
      INFO(describe(r));
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find(c.says) != std::string::npos);
    }
    // Not fields: a URL, a colon in prose, a quoted phrase.
    CHECK(search_cmd(x.db, {"https://news.example/w1"}).code != 2);
    CHECK(search_cmd(x.db, {"note: harbour"}).code != 2);
    CHECK(search_cmd(x.db, {"\"colour:red\""}).code == 1);
  }
  SUBCASE("filter values are normalised as at indexing") {
    const auto all = search_json(x.db, {"site:news.example"}).id_set();
    CHECK(all.size() == 4);
    CHECK(search_json(x.db, {"site:NEWS.Example"}).id_set() == all);
    CHECK(search_json(x.db, {"site:https://news.example/w1"}).id_set() == all);
    CHECK(search_json(x.db, {"kind:Feed-Item"}).id_set() == all);
    CHECK(search_json(x.db, {"date:2025-12-02"}).hits.size() == 1);
  }
}

TEST_CASE("reader: saved searches: save, list, run, run --new, delete") {
  ReaderIndex x;
  const RunOptions s = x.saved();
  auto cmd = [&](std::vector<std::string> args) { return search_cmd(x.db, std::move(args), s); };

  Result saved = cmd({"save", "ports", "--sort", "date", "harbour OR dock OR port"});
  INFO(describe(saved));
  REQUIRE(saved.code == 0);
  CHECK(saved.out == "saved 'ports': harbour OR dock OR port\n");
  Result listed = cmd({"list"});
  CHECK(listed.out.find("ports  harbour OR dock OR port --sort date\n") != std::string::npos);
  CHECK(listed.out.find("last run --new: never") != std::string::npos);

  // A first run --new shows every match and records the run, even in the
  // second the documents were first seen.
  Result first = cmd({"run", "ports", "--new", "--format", "oneline"});
  INFO(describe(first));
  CHECK(first.code == 0);
  CHECK(lines_of(first.out).size() == 1);
  json state = json::parse(read_all(x.searches));
  REQUIRE(state["searches"].size() == 1);
  CHECK(state["searches"][0]["last_run"].is_number_integer());
  // Nothing new yet.
  Result again = cmd({"run", "ports", "--new"});
  CHECK(again.code == 1);
  CHECK(again.out.starts_with("nothing new for 'ports' since its last run --new"));
  Result quiet = cmd({"run", "--all", "--new"});
  CHECK(quiet.code == 1);
  CHECK(quiet.out.empty());

  // A new item arrives (first seen now): only it is new.
  write_all(x.dir / "more.xml", rss("Port News", {{"p1", "Port reopens", "The port reopened after the strike.",
                                                   "Fri, 05 Dec 2025 10:00:00 GMT", "", ""}}));
  REQUIRE(index_cmd(x.db, {(x.dir / "more.xml").string()}).code == 0);
  Result fresh = cmd({"run", "--all", "--new", "--format", "oneline"});
  INFO(describe(fresh));
  CHECK(fresh.code == 0);
  CHECK(fresh.out.find("Port reopens") != std::string::npos);
  CHECK(fresh.out.find("Harbour strike") == std::string::npos);
  // Without --new: everything, and nothing recorded.
  CHECK(lines_of(cmd({"run", "ports", "--format", "oneline"}).out).size() == 2);
  CHECK(cmd({"run", "ports", "--new"}).code == 1);

  // Saving the name again replaces the query and keeps what was seen.
  CHECK(cmd({"save", "ports", "harbour"}).out == "replaced 'ports': harbour\n");
  CHECK(cmd({"run", "ports", "--new"}).code == 1);
  // Mistakes: exit 2, saying what exists; nothing saved.
  Result unknown = cmd({"run", "prots"});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("no saved search 'prots'; saved: ports") != std::string::npos);
  CHECK(cmd({"save", "bad", "colour:red"}).code == 2);
  CHECK(cmd({"save", "../x", "harbour"}).code == 2);
  CHECK(json::parse(read_all(x.searches))["searches"].size() == 1);
  Result gone = cmd({"delete", "ports"});
  CHECK(gone.code == 0);
  CHECK(cmd({"delete", "ports"}).code == 2);
  CHECK(cmd({"list", "--format", "json"}).out.empty());
}

TEST_CASE("reader: --format atom is a feed another reader (newsdex too) can subscribe to") {
  ReaderIndex x;
  Result atom = search_cmd(x.db, {"--format", "atom", "-n", "10", "chip OR harbour OR amid"});
  INFO(describe(atom));
  REQUIRE(atom.code == 0);
  CHECK(atom.out.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">") != std::string::npos);
  CHECK(atom.out.find("<title>Wire &amp; Co</title>") != std::string::npos);  // escaped
  write_all(x.dir / "feed.atom", atom.out);
  TempDir other;
  Result read = index_cmd(other / "db", {(x.dir / "feed.atom").string(), "-v"});
  INFO(describe(read));
  REQUIRE(read.code == 0);
  CHECK(summary_of(read).warnings == 0);
  CHECK(summary_of(read).added == 3);
  json again = one_hit(other / "db", {"harbour"});
  CHECK(str(again, "title") == "Harbour strike enters second week");
  CHECK(str(again, "url") == "https://news.example/w2");
  CHECK(again["published"] == "2025-12-02T10:00:00Z");
  // The same search is the same feed: its id does not change.
  Result twice = search_cmd(x.db, {"--format", "atom", "-n", "10", "chip OR harbour OR amid"});
  auto feed_id = [](const std::string& xml) { return xml.substr(xml.find("<id>"), xml.find("</id>") - xml.find("<id>")); };
  CHECK(feed_id(twice.out) == feed_id(atom.out));
}

TEST_CASE("reader: output fits the terminal and the pipe") {
  ReaderIndex x;
  SUBCASE("oneline: date, source, title, short id, tab-separated") {
    Result r = search_cmd(x.db, {"--format", "oneline", "chip OR harbour"});
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    for (const auto& l : lines) {
      auto f = fields_of(l);
      REQUIRE(f.size() == 4);
      CHECK(f[0].size() == 10);
      CHECK(f[1] == "Wire & Co");
      CHECK(f[3].size() >= 6);
      CHECK(search_cmd(x.db, {"show", f[3]}).out.starts_with(f[2] + "\n"));
    }
  }
  SUBCASE("text wraps to the width asked, or $COLUMNS; piped without either, it does not") {
    Result wide = search_cmd(x.db, {"lighthouse"});
    Result narrow = search_cmd(x.db, {"lighthouse"}, RunOptions{}.set_env("COLUMNS", "40"));
    Result asked = search_cmd(x.db, {"--width", "40", "lighthouse"});
    auto hits_part = [](const std::string& out) { return out.substr(0, out.rfind(" match")); };  // not the time
    CHECK(hits_part(narrow.out) == hits_part(asked.out));
    CHECK(lines_of(narrow.out).size() > lines_of(wide.out).size() + 2);
    // The snippet's lines (indented, after the title line) fit.
    auto lines = lines_of(narrow.out);
    for (std::size_t i = 2; i < lines.size() && lines[i].starts_with("     "); ++i) CHECK(lines[i].size() <= 40);
    Result shown = search_cmd(x.db, {"show", "--width", "30", str(one_hit(x.db, {"lighthouse"}), "id")});
    for (const auto& l : lines_of(shown.out))
      if (l.find(':') == std::string::npos) CHECK(l.size() <= 30);
  }
  SUBCASE("colour on a terminal, not with NO_COLOR, TERM=dumb or when piped") {
    auto tty = [] { return RunOptions{}.to(Stdout::pty).set_env("TERM", "xterm"); };
    CHECK(search_cmd(x.db, {"harbour"}, tty()).out.find('\x1b') != std::string::npos);
    CHECK(search_cmd(x.db, {"harbour"}, tty().set_env("NO_COLOR", "1")).out.find('\x1b') == std::string::npos);
    CHECK(search_cmd(x.db, {"harbour"}, tty().set_env("TERM", "dumb")).out.find('\x1b') == std::string::npos);
    CHECK(search_cmd(x.db, {"harbour"}).out.find('\x1b') == std::string::npos);
  }
  SUBCASE("dates in the local time zone with their offset; --utc for UTC") {
    RunOptions tokyo = RunOptions{}.set_env("TZ", "JST-9");
    json hit = search_json(x.db, {"harbour"}, tokyo).hits.at(0);
    CHECK(hit["published"] == "2025-12-02T19:00:00+09:00");
    json utc = search_json(x.db, {"--utc", "harbour"}, tokyo).hits.at(0);
    CHECK(utc["published"] == "2025-12-02T10:00:00Z");
    Result shown = search_cmd(x.db, {"show", "w2"}, tokyo);
    CHECK(shown.out.find("2025-12-02T19:00:00+09:00 (published)") != std::string::npos);
  }
  SUBCASE("small things: 1 item, a missing --synonyms file") {
    Result one = index_cmd(x.db, {"-v", (x.dir / "notes" / "article.txt").string()});
    CHECK(one.out.find("     1 item   ") != std::string::npos);
    CHECK(one.out.find("1 input read: 0 added, 0 updated, 1 unchanged; 0 warnings, 0 errors") !=
          std::string::npos);
    Result syn = search_cmd(x.db, {"--synonyms", (x.dir / "nope.conf").string(), "harbour"});
    CHECK(syn.code == 2);
    CHECK(syn.err.find("nope.conf: cannot read the file") != std::string::npos);
  }
}

TEST_CASE("reader: run --new loses nothing to a limit, and what a limit left out is shown next") {
  ReaderIndex x;
  const RunOptions s = x.saved();
  auto cmd = [&](std::vector<std::string> args) { return search_cmd(x.db, std::move(args), s); };
  REQUIRE(cmd({"save", "all", "--sort", "date", "--no-collapse", "*"}).code == 0);
  std::set<std::string> seen;
  for (int run = 0; run < 4; ++run) {
    Result r = cmd({"run", "all", "--new", "-n", "2", "--format", "oneline"});
    INFO(describe(r));
    for (const auto& l : lines_of(r.out)) CHECK_MESSAGE(seen.insert(fields_of(l).at(3)).second, "shown twice: " << l);
  }
  CHECK(seen.size() == 5);  // 2 + 2 + 1, then nothing
  CHECK(cmd({"run", "all", "--new"}).code == 1);
}

TEST_CASE("reader: hostile text stays inert in a terminal and in Atom") {
  TempDir dir;
  write_all(dir / "feed.json",
            R"({"version": "https://jsonfeed.org/version/1.1", "title": "Evil\u001b]0;pwned\u0007 Feed",
                "items": [{"id": "e1", "title": "Harbour \u001b[31mred\u001b[0m \uffff end",
                           "content_text": "Harbour text \u009b2J here.", "date_published": "2025-12-01T10:00:00Z"}]})");
  const fs::path db = dir / "db";
  Result indexed = index_cmd(db, {(dir / "feed.json").string()});
  INFO(describe(indexed));
  REQUIRE(indexed.code == 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"harbour"}, {"--format", "oneline", "harbour"}, {"show", "e1"}, {"--story", "e1"}}) {
    Result r = search_cmd(db, args);
    INFO(describe(r));
    CHECK(r.code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    CHECK(r.out.find("\xc2\x9b") == std::string::npos);
  }
  Result atom = search_cmd(db, {"--format", "atom", "harbour"});
  CHECK(atom.out.find("\xef\xbf\xbf") == std::string::npos);
  CHECK(atom.out.find('\x1b') == std::string::npos);
  CHECK(atom.out.find("<title>Harbour") != std::string::npos);
}

TEST_CASE("reader: a short id is never another document's full id; usage mistakes are exit 2") {
  ReaderIndex x;
  const std::string sid = str(one_hit(x.db, {"harbour"}), "short_id");
  // An item whose guid is that short id: show SID now means it, and the
  // harbour story gets a longer short id that still leads to it.
  write_all(x.dir / "hexguid.xml", rss("Hex", {{sid, "Lighthouse lamps", "Lamps.", "Fri, 05 Dec 2025 10:00:00 GMT", "", ""}}));
  REQUIRE(index_cmd(x.db, {(x.dir / "hexguid.xml").string()}).code == 0);
  const std::string longer = str(one_hit(x.db, {"harbour"}), "short_id");
  CHECK(longer.size() > sid.size());
  CHECK(longer.starts_with(sid));
  CHECK(search_cmd(x.db, {"show", longer}).out.starts_with("Harbour strike"));
  CHECK(search_cmd(x.db, {"show", sid}).out.starts_with("Lighthouse lamps"));

  Result like_count = search_cmd(x.db, {"--like", "w1", "--count"});
  CHECK(like_count.code == 2);
  CHECK(like_count.err.find("--count counts a query") != std::string::npos);
  CHECK(search_cmd(x.db, {"-n", "4294967296", "harbour"}).code == 2);
  Result lower = search_cmd(x.db, {"harbour not chip"});
  CHECK(lower.err.find("'not' is read as the operator NOT") != std::string::npos);
  CHECK(search_cmd(x.db, {"\"harbour not chip\""}).err.find("operator") == std::string::npos);
}

TEST_CASE("reader: a broken saved-search file and run's usage errors say what to do") {
  ReaderIndex x;
  const RunOptions s = x.saved();
  auto cmd = [&](std::vector<std::string> args) { return search_cmd(x.db, std::move(args), s); };
  REQUIRE(cmd({"save", "ports", "harbour"}).code == 0);
  Result both = cmd({"run", "ports", "--all"});
  CHECK(both.code == 2);
  CHECK(both.err.find("run NAME, or run --all: one of the two") != std::string::npos);
  Result atom = cmd({"run", "--all", "--format", "atom"});
  CHECK(atom.code == 2);
  CHECK(atom.err.find("--format atom writes one feed") != std::string::npos);
  write_all(x.searches, "{\"searches\": [{\"query\": \"no name\"}]}");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"list"}, {"run", "ports"}, {"save", "other", "harbour"}}) {
    Result r = cmd(args);
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK(r.err.find(x.searches.string() + ": not a saved-search file") != std::string::npos);
  }
  CHECK(read_all(x.searches) == "{\"searches\": [{\"query\": \"no name\"}]}");  // left as it was
}

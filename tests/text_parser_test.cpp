// parse_text: detection, encodings, line ends, plain articles (seed 004),
// the boilerplate file, and the shared text helpers.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "indexer/parse/text_parser.hpp"
#include "tests/text_fixtures.hpp"
#include "indexer/parse/text_parsing.hpp"

using namespace newsdex;
namespace fs = std::filesystem;

namespace {

using namespace text_fixtures;

ParsedText parse(std::string_view bytes, const Boilerplate* b, TextKind kind = TextKind::automatic) {
  TextOptions o;
  o.boilerplate = b;
  o.reference_time = 1749556800;  // 2025-06-10
  return parse_text(bytes, o, kind);
}

std::size_t count_char(const std::string& s, char c) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), c)); }

}  // namespace

TEST_CASE("text: plain article: first line is the title, the rest the body") {
  struct Case {
    std::string name;
    std::string input;
    const char* title;
    const char* body;
  };
  const Case cases[] = {
      {"LF", "Headline\n\nFirst para.\nSecond para.\n", "Headline", "First para.\nSecond para."},
      {"CRLF", "Headline\r\n\r\nBody\r\n", "Headline", "Body"},
      {"CR", "Headline\r\rBody one.\rBody two.", "Headline", "Body one.\nBody two."},
      {"BOM and blank start", "\xEF\xBB\xBF\n\n  Headline  \nBody", "Headline", "Body"},
      {"Latin-1", "Caf\xE9 news\nNa\xEFve body", "Caf\xC3\xA9 news", "Na\xC3\xAFve body"},
      {"UTF-16LE with BOM", std::string("\xFF\xFEH\0i\0\n\0B\0o\0d\0y\0", 16), "Hi", "Body"},
      {"title repeated", "Chips Rally Again\n\nChips Rally Again\n\nBody.", "Chips Rally Again", "Body."},
      {"headline ending in a full stop, set apart", "Talks end.\n\nBoth sides left.", "Talks end.",
       "Both sides left."},
      // No blank line after a sentence: it is the opening paragraph, not a headline.
      {"opening sentence, no headline", "Talks ended on Monday.\nBoth sides left.", "Talks ended on Monday.",
       "Talks ended on Monday.\nBoth sides left."},
      {"question headline", "Is this the end?\n\nMaybe.", "Is this the end?", "Maybe."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedText t = parse_text(c.input, TextOptions{});
    REQUIRE(t.items.size() == 1);
    CHECK(t.items[0].title == c.title);
    CHECK(t.items[0].content == c.body);
    CHECK(t.items[0].kind == "article");
    CHECK(t.items[0].story.empty());
  }
}

TEST_CASE("text: plain article: a long first line is text, and the title is cut from it") {
  std::string line;
  while (line.size() < 250) line += "word after word ";
  line += "and no full stop";
  ParsedText t = parse_text(line + "\n\nSecond paragraph.", TextOptions{});
  REQUIRE(t.items.size() == 1);
  CHECK(t.items[0].title.size() <= 123);
  CHECK(t.items[0].title.ends_with("word\xE2\x80\xA6"));
  CHECK(line.starts_with(t.items[0].title.substr(0, t.items[0].title.size() - 3)));
  CHECK(t.items[0].content == line + "\nSecond paragraph.");
}

TEST_CASE("text: Latin-1 input is read with one warning; empty input gives no item") {
  // windows-1252 curly quotes (0x93 0x94), e-acute and an en dash (0x96).
  ParsedText latin = parse_text("Caf\xE9 \x93news\x94\n\nA na\xEFve \x96 text.", TextOptions{});
  REQUIRE(latin.items.size() == 1);
  CHECK(latin.items[0].title == "Caf\xC3\xA9 \xE2\x80\x9Cnews\xE2\x80\x9D");
  CHECK(latin.items[0].content == "A na\xC3\xAFve \xE2\x80\x93 text.");
  REQUIRE(latin.warnings.size() == 1);
  CHECK(latin.warnings[0].message.find("windows-1252") != std::string::npos);

  const std::string empties[] = {"", " \n\r\n ", "\xEF\xBB\xBF", "\t\r\r"};
  for (const auto& e : empties) {
    CAPTURE(e);
    ParsedText t = parse_text(e, TextOptions{});
    CHECK(t.items.empty());
    REQUIRE(t.warnings.size() == 1);
    CHECK(t.warnings[0].message.find("empty") != std::string::npos);
  }
  // Nothing but chrome is empty too.
  const Boilerplate b = shipped();
  ParsedText chrome = parse("logo\n\nOrange background\n", &b);
  CHECK(chrome.items.empty());
  CHECK(chrome.warnings.size() == 1);
}

// Found by the text fuzz target (tests/fuzz/regressions/text/): NUL bytes
// and other control characters went into the stored text.
TEST_CASE("text: NUL and other control characters are removed, with a warning naming the line") {
  using namespace std::literals;
  ParsedText t = parse_text("Markets rally\n\nShares rose\0\0 on Monday.\x01\n\fBonds\x7f fell.\n"sv,
                            TextOptions{});
  REQUIRE(t.items.size() == 1);
  CHECK(t.items[0].title == "Markets rally");
  CHECK(t.items[0].content.find('\0') == std::string::npos);
  CHECK(t.items[0].content.find("Shares rose on Monday.") != std::string::npos);
  CHECK(t.items[0].content.find("Bonds\x7f fell.") != std::string::npos);  // DEL is left as text
  REQUIRE(t.warnings.size() == 1);
  CHECK(t.warnings[0].line == 3);
  CHECK(t.warnings[0].message == "3 control characters (NUL and the like) removed");
}

TEST_CASE("text: seed 004: newsletter boilerplate dropped, title from the first sentence") {
  const Boilerplate b = shipped();
  ParsedText t = parse(seed("004_"), &b);
  CHECK(t.warnings.empty());
  REQUIRE(t.items.size() == 1);
  const Item& a = t.items[0];
  CHECK(a.kind == "article");
  // The first real line is a long paragraph: its first sentence, cut on a word.
  CHECK(a.title ==
        "In a recent interview with China\xE2\x80\x99s state-run People\xE2\x80\x99s Daily, Huawei\xE2\x80\x99s "
        "founder Ren Zhengfei downplayed his company\xE2\x80\x99s\xE2\x80\xA6");
  CHECK(a.content.rfind("In a recent interview with China", 0) == 0);  // the paragraph stays in the text
  CHECK(a.content.find("Unlock the Editor") == std::string::npos);
  CHECK(a.content.find("Roula Khalaf") == std::string::npos);
  CHECK(a.content.find("weekly newsletter") == std::string::npos);
  CHECK(count_char(a.content, '\n') == 8);  // nine paragraphs
  CHECK(a.content.size() > 2500);
  CHECK(a.source.empty());
  CHECK(a.story.empty());

  // Without the phrase lists the newsletter lines are the text.
  ParsedText raw = parse(seed("004_"), nullptr);
  REQUIRE(raw.items.size() == 1);
  CHECK(raw.items[0].title == "Unlock the Editor\xE2\x80\x99s Digest for free");
}

TEST_CASE("text: leading boilerplate: curly or straight quotes, wildcards, only before the headline") {
  const Boilerplate b = shipped();
  struct Case {
    const char* name;
    const char* input;
    const char* title;
    const char* body;
  };
  const Case cases[] = {
      {"straight quote", "Unlock the Editor's Digest for free\nTitle Here\n\nBody.", "Title Here", "Body."},
      {"curly quote, other editor",
       "Unlock the Editor\xE2\x80\x99s Digest for free\nJane Roe, Editor, selects her favourite stories in this "
       "weekly newsletter.\nTitle Here\n\nBody.",
       "Title Here", "Body."},
      {"case ignored", "UNLOCK THE EDITOR'S DIGEST FOR FREE\nTitle Here\n\nBody.", "Title Here", "Body."},
      // After the headline a leading phrase is ordinary text.
      {"kept in the body", "Title Here\n\nUnlock the Editor's Digest for free\nBody.", "Title Here",
       "Unlock the Editor's Digest for free\nBody."},
      {"no chrome at all", "Title Here\n\nBody one.\nBody two.", "Title Here", "Body one.\nBody two."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedText t = parse(c.input, &b);
    REQUIRE(t.items.size() == 1);
    CHECK(t.items[0].title == c.title);
    CHECK(t.items[0].content == c.body);
  }
}

TEST_CASE("text: detection and forced kinds") {
  const Boilerplate b = shipped();
  const std::string digest = "2 Sources\n[1]\nOne\nText one.\n[2]\nTwo\nText two.\nShare\nLead.\nPoint 1.\n";
  const std::string article = "Title\n\nText.\n";
  CHECK(parse(digest, &b).items.at(0).kind == "digest-source");
  CHECK(parse(article, &b).items.at(0).kind == "article");

  // Forcing the article reader on a digest: one article.
  ParsedText as_article = parse(digest, &b, TextKind::article);
  REQUIRE(as_article.items.size() == 1);
  CHECK(as_article.items[0].kind == "article");

  // Forcing the digest reader where there are no blocks: a warning, then an article.
  ParsedText forced = parse(article, &b, TextKind::digest);
  REQUIRE(forced.items.size() == 1);
  CHECK(forced.items[0].kind == "article");
  REQUIRE(forced.warnings.size() == 1);
  CHECK(forced.warnings[0].message.find("read as an article") != std::string::npos);

  // "[1]" without an "N Sources" header above it is no digest unless forced.
  const std::string headless = "Title\n\n[1]\nOne\nText one.\n";
  CHECK(parse(headless, &b).items.at(0).kind == "article");
  ParsedText forced_headless = parse(headless, &b, TextKind::digest);
  CHECK(forced_headless.items.at(0).kind == "digest-source");
  CHECK(forced_headless.warnings.size() == 1);
}

TEST_CASE("text: very long input is read in linear time") {
  const Boilerplate b = shipped();
  const std::size_t kSize = 5'000'000;
  struct Case {
    const char* name;
    std::string text;
  };
  std::string words;
  while (words.size() < kSize) words += "chips and more chips ";
  std::string sentences;
  while (sentences.size() < kSize) sentences += "A. B. Mr. C 1. ";
  const Case cases[] = {
      {"one 5 MB line of words", words},
      {"one 5 MB line without spaces", std::string(kSize, 'x')},
      {"one 5 MB line of short sentences", sentences},
      {"a digest with a 5 MB source", "1 Sources\n[1]\nHeadline\n" + words + "\nShare\nLead.\n" + sentences},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto start = std::chrono::steady_clock::now();
    ParsedText t = parse(c.text, &b);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(!t.items.empty());
    CHECK(t.items[0].title.size() <= 124);  // 120 characters and "…"
    CHECK(seconds < 5.0);
  }
}

TEST_CASE("text: boilerplate file: sections, comments, wildcards, and warnings for bad lines") {
  const std::string conf =
      "# a comment\n"
      "\n"
      "orphan line\n"            // 3: before any section
      "[chrome]\n"
      "  Logo  \n"
      "[LEADING]\n"              // section names ignore case
      "* selects * newsletter.\n"
      "*\n"                      // 8: matches everything
      "[colours]\n"              // 9: unknown section
      "red\n"                    // ignored with its section, no second warning
      "[outlets\n"               // 11: malformed header
      "[outlets]\n"
      "Reuters\n"
      "Reu*ters\n"               // 14: no wildcards here
      "[cut-from]\n"
      "Read More Here\n";
  std::vector<Diagnostic> warnings;
  Boilerplate b = Boilerplate::parse(conf, warnings);
  std::vector<std::size_t> lines;
  for (const auto& w : warnings) lines.push_back(w.line);
  CHECK(lines == std::vector<std::size_t>{3, 8, 9, 11, 14});
  CHECK(warnings[2].message.find("unknown section [colours]") != std::string::npos);

  const auto& l = b.lists();
  CHECK(text::matches_any(l.chrome, "LOGO"));
  CHECK_FALSE(text::matches_any(l.chrome, "logo and more"));
  CHECK(text::matches_any(l.leading, "Ann selects her favourite stories in this weekly newsletter."));
  CHECK_FALSE(text::matches_any(l.leading, "Ann selects her favourite stories."));
  CHECK(l.outlets == std::vector<std::string>{"Reuters"});
  CHECK(text::cut_at_phrases("Text. read more here and a bio", l.cut_from) == "Text.");

  // merge adds without duplicates; copies are independent; a default one is empty.
  std::vector<Diagnostic> none;
  Boilerplate user = Boilerplate::parse("[outlets]\nReuters\nMint\n[chrome]\nBanner\n", none);
  CHECK(none.empty());
  Boilerplate copy = b;
  copy.merge(user);
  CHECK(copy.lists().outlets == std::vector<std::string>{"Reuters", "Mint"});
  CHECK(text::matches_any(copy.lists().chrome, "banner"));
  CHECK(b.lists().outlets.size() == 1);
  Boilerplate empty;
  CHECK(empty.lists().chrome.empty());
  empty.merge(user);
  CHECK(empty.lists().outlets.size() == 2);
}

TEST_CASE("text: the shipped boilerplate.conf parses without warnings") {
  std::vector<Diagnostic> warnings;
  Boilerplate b = Boilerplate::parse(read_all(data_dir() / "boilerplate.conf"), warnings);
  CHECK(warnings.empty());
  CHECK_FALSE(b.lists().chrome.empty());
  CHECK_FALSE(b.lists().summary_start.empty());
  CHECK(text::known_outlet(b.lists(), "reuters") == std::optional<std::string>("Reuters"));
}

TEST_CASE("text: glob matching") {
  struct Case {
    const char* pattern;
    const char* text;
    bool match;
  };
  const Case cases[] = {
      {"abc", "abc", true},      {"abc", "abcd", false}, {"a*c", "abbbc", true}, {"a*c", "ab", false},
      {"*c", "c", true},         {"a*", "a", true},      {"*b*", "abc", true},   {"a*b*c", "axbxbxc", true},
      {"a*b*c", "axbxbx", false}, {"", "", true},        {"", "a", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.text);
    CHECK(text::glob_match(c.pattern, c.text) == c.match);
  }
}

TEST_CASE("text: sentences and titles") {
  struct Case {
    const char* text;
    std::vector<std::string> sentences;
  };
  const Case cases[] = {
      {"One. Two! Three?", {"One.", "Two!", "Three?"}},
      {"Mr. Smith met Dr. Jones. They left.", {"Mr. Smith met Dr. Jones.", "They left."}},
      {"The U.S. Senate voted. Then it rested.", {"The U.S. Senate voted.", "Then it rested."}},
      {"Prices rose 2.5 percent. Next.", {"Prices rose 2.5 percent.", "Next."}},
      {"He said \"go.\" Then he went.", {"He said \"go.\"", "Then he went."}},
      {"Curly \xE2\x80\x9Cgo.\xE2\x80\x9D Then.", {"Curly \xE2\x80\x9Cgo.\xE2\x80\x9D", "Then."}},
      {"Cited twice 1. Next point 2 3.", {"Cited twice 1.", "Next point 2 3."}},
      {"J. K. Rowling wrote. It sold.", {"J. K. Rowling wrote.", "It sold."}},
      {"no capital. after it", {"no capital. after it"}},
      {"", {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    std::vector<std::string> got;
    for (auto s : text::split_sentences(c.text)) got.emplace_back(s);
    CHECK(got == c.sentences);
    if (!c.sentences.empty()) CHECK(text::first_sentence(c.text) == c.sentences[0]);
  }
  CHECK(text::shorten_title("short one") == "short one");
  CHECK(text::shorten_title("one two three four", 9) == "one two\xE2\x80\xA6");
  CHECK(text::shorten_title("one, two three", 6) == "one\xE2\x80\xA6");       // no dangling comma
  CHECK(text::shorten_title("abcdefghij", 4) == "abcd\xE2\x80\xA6");        // no space: cut inside
  CHECK(text::shorten_title("\xC3\xA9\xC3\xA9\xC3\xA9 b", 4) == "\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");  // characters, not bytes
  CHECK(text::ends_sentence("Done.\xE2\x80\x9D"));
  CHECK(text::ends_sentence("Really?)"));
  CHECK_FALSE(text::ends_sentence("Now 'Formidable'"));
}

TEST_CASE("text: lines: LF, CRLF and CR; blank lines remembered") {
  const auto lines = text::split_lines("a\r\n\r\nb\rc\n\n\nd  \t e\n");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "a");
  CHECK(lines[1].text == "b");
  CHECK(lines[1].blank_before);
  CHECK(lines[1].number == 3);
  CHECK(lines[2].text == "c");
  CHECK_FALSE(lines[2].blank_before);
  CHECK(lines[3].text == "d e");
  CHECK(lines[3].number == 7);
}

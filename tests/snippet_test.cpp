#include <doctest/doctest.h>

#include "searcher/present/snippet.hpp"

using namespace newsdex;

namespace {

TermMatcher matcher(std::vector<std::string> terms) {
  return TermMatcher(terms, Xapian::Stem("english"));
}

std::vector<std::string> marked(const Highlighted& h) {
  std::vector<std::string> out;
  for (const auto& m : h.marks) out.push_back(h.text.substr(m.begin, m.end - m.begin));
  return out;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("matched words are marked, stems and prefixes included") {
  struct Case {
    std::string text;
    std::vector<std::string> terms;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"Huawei chips and a chip.", {"Zchip"}, {"chips", "chip"}},
      {"Huawei chips", {"huawei"}, {"Huawei"}},
      {"Title words", {"ZSword"}, {"words"}},  // title-prefixed stem
      {"China's rise", {"Zchina"}, {"China's"}},
      {"China’s rise", {"Zchina"}, {"China’s"}},  // curly apostrophe
      {"Café society", {"café"}, {"Café"}},
      {"nothing here", {"Zchip"}, {}},
      {"a <b> & c", {"b"}, {"b"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(marked(mark_all(c.text, matcher(c.terms))) == c.expected);
  }
}

TEST_CASE("the snippet is the passage with the most distinct matched words") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "filler words go here. ";
  text += "Huawei said its chips are ready. ";
  for (int i = 0; i < 40; ++i) text += "more filler text here. ";
  text += "Huawei again, alone.";
  Highlighted h = make_snippet(text, matcher({"huawei", "Zchip"}), 100);
  CHECK(h.text.find("Huawei said its chips") != std::string::npos);
  CHECK(marked(h) == std::vector<std::string>{"Huawei", "chips"});
  CHECK(h.text.starts_with("…"));
  CHECK(h.text.ends_with("…"));
  CHECK(code_points(h.text) <= 100 + 2);
  // It starts and ends on word boundaries.
  std::string inner = h.text.substr(3, h.text.size() - 6);
  CHECK(inner.front() != ' ');
  CHECK(inner.back() != ' ');
}

TEST_CASE("snippet edge cases") {
  auto m = matcher({"huawei"});
  CHECK(make_snippet("", m, 50).text.empty());
  // Short text: all of it, no ellipsis.
  Highlighted short_one = make_snippet("Huawei wins.", m, 200);
  CHECK(short_one.text == "Huawei wins.");
  CHECK(marked(short_one) == std::vector<std::string>{"Huawei"});
  // No match: the start of the text.
  Highlighted none = make_snippet("alpha beta gamma delta epsilon", matcher({"zeta"}), 12);
  CHECK(none.text == "alpha beta…");
  CHECK(none.marks.empty());
  // Multibyte text is cut on characters, never inside one.
  std::string cjk;
  for (int i = 0; i < 300; ++i) cjk += "\xE4\xB8\xAD ";  // "中 "
  Highlighted c = make_snippet(cjk, m, 50);
  CHECK(code_points(c.text) <= 52);
  // A newline becomes a space: a snippet is one line.
  CHECK(make_snippet("Huawei\nchips", m, 200).text == "Huawei chips");
}

TEST_CASE("to_html escapes text and wraps marks") {
  Highlighted h{"a<b> & \"Huawei\"", {{8, 14}}};
  CHECK(to_html(h) == "a&lt;b&gt; &amp; &quot;<mark>Huawei</mark>&quot;");
  CHECK(to_html({"x", {{0, 5}}}) == "x");  // a bad mark is skipped, not trusted
}

TEST_CASE("words are found in any text: other scripts, invalid UTF-8, joiners") {
  struct Case {
    std::string text;
    std::vector<std::string> terms;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"ÉCOLE école Ecole", {"école"}, {"ÉCOLE", "école"}},
      {"snake_case and snake case", {"snake_case"}, {"snake_case"}},
      {"G20 summit, g20 talks", {"g20"}, {"G20", "g20"}},
      // An invalid byte reads as the Latin-1 letter: "huawei\xe4" is another word.
      {"bad \xff byte\xc3 huawei\xe4\xb8 huawei", {"huawei"}, {"huawei"}},
      {"Latin-1 caf\xe9 here", {"caf\xc3\xa9"}, {"caf\xe9"}},
      {"华为chips 华为 chips", {"华", "Zchip"}, {"华", "chips", "华", "chips"}},
      {"Huawei' Huawei's 'Huawei'", {"huawei", "huawei's"}, {"Huawei", "Huawei's", "Huawei"}},
      {"ΑΘΗΝΑ Αθήνα", {"αθηνα"}, {"ΑΘΗΝΑ"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(marked(mark_all(c.text, matcher(c.terms))) == c.expected);
  }
}

TEST_CASE("ASCII word characters are Xapian's") {
  // The snippet reads ASCII without Xapian's tables: a word is what Xapian
  // would index, so "snake_case" and "G20" are words and "a-b" two (an
  // apostrophe joins words of its own accord: "China's").
  for (unsigned c = 1; c < 128; ++c) {
    if (c == '\'') continue;
    CAPTURE(c);
    const std::string word = std::string("x") + static_cast<char>(c) + "y";
    const bool one_word = marked(mark_all(word, matcher({Xapian::Unicode::tolower(word)}))).size() == 1;
    CHECK(one_word == Xapian::Unicode::is_wordchar(c));
  }
}

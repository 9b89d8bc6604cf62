#include <doctest/doctest.h>

#include "indexer/text_parser.hpp"

using namespace newsdex;

TEST_CASE("plain article: first line is the title, the rest the body") {
  struct Case {
    std::string name;
    std::string input;
    const char* title;
    const char* body;
  };
  const Case cases[] = {
      {"LF", "Headline\n\nFirst para.\nSecond para.\n", "Headline", "First para.\nSecond para."},
      {"CRLF", "Headline\r\n\r\nBody\r\n", "Headline", "Body"},
      {"BOM and blank start", "\xEF\xBB\xBF\n\n  Headline  \nBody", "Headline", "Body"},
      {"Latin-1", "Caf\xE9 news\nNa\xEFve body", "Caf\xC3\xA9 news", "Na\xC3\xAFve body"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ParsedText t = parse_text(c.input, TextOptions{});
    REQUIRE(t.items.size() == 1);
    CHECK(t.items[0].title == c.title);
    CHECK(t.items[0].content == c.body);
    CHECK(t.items[0].kind == "article");
  }
}

TEST_CASE("Latin-1 input is read with a warning; empty input gives no item") {
  CHECK(parse_text("Caf\xE9", TextOptions{}).warnings.size() == 1);
  ParsedText empty = parse_text(" \n\r\n ", TextOptions{});
  CHECK(empty.items.empty());
  CHECK(empty.warnings.size() == 1);
}

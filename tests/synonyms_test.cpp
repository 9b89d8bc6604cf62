#include <doctest/doctest.h>

#include "searcher/query/synonyms.hpp"

using newsdex::Diagnostic;
using newsdex::SynonymTable;

namespace {

SynonymTable table_of(std::string_view text) {
  std::vector<Diagnostic> diagnostics;
  SynonymTable t = SynonymTable::parse(text, diagnostics);
  REQUIRE(diagnostics.empty());
  return t;
}

}  // namespace

TEST_CASE("synonyms: a word or phrase of a group finds the others") {
  auto t = table_of("AI, artificial intelligence\nUS, U.S., United States\n");
  CHECK(t.expand("AI chips") == "(AI OR \"artificial intelligence\") chips");
  CHECK(t.expand("artificial intelligence chips") == "(\"artificial intelligence\" OR AI) chips");
  // Case is ignored in lower-case members, dots everywhere.
  CHECK(t.expand("Artificial INTELLIGENCE") == "(\"Artificial INTELLIGENCE\" OR AI)");
  // "U.S." is "US" (dots ignored), so the group holds it once.
  CHECK(t.expand("U.S. tariffs") == "(U.S. OR \"United States\") tariffs");
  CHECK(t.expand("united states") == "(\"united states\" OR US)");
  CHECK(t.expand("nothing here") == "nothing here");
}

TEST_CASE("synonyms: a member in capitals matches only capitals") {
  auto t = table_of("US, United States\n");
  CHECK(t.expand("tell us more") == "tell us more");
  CHECK(t.expand("Us") == "Us");
  CHECK(t.expand("US") == "(US OR \"United States\")");
}

TEST_CASE("synonyms: the longest member wins") {
  auto t = table_of("United States, US\nUnited States of America, USA\n");
  CHECK(t.expand("united states of america") == "(\"united states of america\" OR USA)");
  CHECK(t.expand("united states now") == "(\"united states\" OR US) now");
}

TEST_CASE("synonyms: query syntax is left as typed") {
  auto t = table_of("AI, artificial intelligence\n");
  CHECK(t.expand("\"AI chips\"") == "\"AI chips\"");
  CHECK(t.expand("\"new AI\" AI") == "\"new AI\" (AI OR \"artificial intelligence\")");
  CHECK(t.expand("title:AI") == "title:AI");
  CHECK(t.expand("-AI +AI AI*") == "-AI +AI AI*");
  CHECK(t.expand("AI NEAR chips") == "AI NEAR chips");
  CHECK(t.expand("chips ADJ/3 AI") == "chips ADJ/3 AI");
  // Brackets and punctuation around a member stay around its group.
  CHECK(t.expand("(AI OR robots)") == "((AI OR \"artificial intelligence\") OR robots)");
  CHECK(t.expand("(artificial intelligence)") == "((\"artificial intelligence\" OR AI))");
  // A bracket inside a phrase member breaks it.
  CHECK(t.expand("artificial) intelligence") == "artificial) intelligence");
  CHECK(t.expand("AI AND NOT artificial") == "(AI OR \"artificial intelligence\") AND NOT artificial");
}

TEST_CASE("synonyms: file format, problems by line") {
  std::vector<Diagnostic> diagnostics;
  auto t = SynonymTable::parse("# comment\n\n  EU ,  European Union  \nlonely\nUK, UK\n", diagnostics);
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].line == 4);
  CHECK(diagnostics[1].line == 5);  // a member repeated is still one member
  CHECK(diagnostics[0].message.find("two or more") != std::string::npos);
  CHECK(t.expand("EU") == "(EU OR \"European Union\")");
  CHECK(t.expand("lonely") == "lonely");

  SynonymTable both = table_of("EU, European Union\n");
  both.merge(table_of("chips, semiconductors\n"));
  CHECK(both.expand("EU chips") == "(EU OR \"European Union\") (chips OR semiconductors)");
  CHECK(SynonymTable().empty());
  CHECK(SynonymTable().expand("EU") == "EU");
}

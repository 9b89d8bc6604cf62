// The load benchmark's corpus derivation and query log on small inputs.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "derive.hpp"
#include "query_log.hpp"

using namespace newsdex::bench;

namespace {

std::vector<ReutersArticle> small_base() {
  ReutersArticle a;
  a.id = 1;
  a.title = "COCOA PRICES RISE";
  a.body = "Cocoa rose. Traders bought.\nStocks fell? Yes!";
  a.date = 541675800;
  ReutersArticle b;
  b.id = 2;
  b.title = "U.S. WHEAT SALES";
  b.body = "Wheat sold. Grain moved.";
  return {a, b};
}

}  // namespace

TEST_CASE("derive: sentences") {
  CHECK(split_sentences("Cocoa rose. Traders bought.\nStocks fell? Yes!") ==
        std::vector<std::string>{"Cocoa rose.", "Traders bought.", "Stocks fell?", "Yes!"});
  CHECK(split_sentences("U.S. rates 1.5 pct") == std::vector<std::string>{"U.S.", "rates 1.5 pct"});
  CHECK(split_sentences("  \n ").empty());
}

TEST_CASE("derive: the base unchanged, copies new and deterministic") {
  const auto base = small_base();
  CHECK(derive_article(base, 0, 7).body == base[0].body);
  CHECK(derive_article(base, 1, 7).id == 2);

  const auto c = derive_article(base, 2, 7);  // copy 1 of article 1
  CHECK(c.id == 3);
  CHECK(c.title == base[0].title);
  CHECK(*c.date == *base[0].date + 17 * 86400);
  CHECK(split_sentences(c.body).size() >= 4);
  CHECK(c.body == derive_article(base, 2, 7).body);  // same seed, same text

  const auto d = derive_article(base, 3, 7);  // copy 1 of article 2, undated
  CHECK(d.id == 4);
  CHECK_FALSE(d.date.has_value());
  CHECK(split_sentences(d.body).size() >= 2);

  // Many copies of one article are not all the same text.
  bool differs = false;
  for (std::size_t n = 4; n < 40; n += 2) differs = differs || derive_article(base, n, 7).body != c.body;
  CHECK(differs);
}

TEST_CASE("derive: a copy shares under half of its sentences with its original") {
  std::vector<ReutersArticle> base(50);
  for (int i = 0; i < 50; ++i) {
    base[i].id = i + 1;
    base[i].title = "T" + std::to_string(i);
    for (int j = 0; j < 6; ++j) base[i].body += "Article " + std::to_string(i) + " line " + std::to_string(j) + ". ";
  }
  std::size_t own_total = 0, all_total = 0;
  for (std::size_t n = 50; n < 550; ++n) {
    const auto copy = derive_article(base, n, 7);
    const auto mine = split_sentences(base[n % 50].body);
    std::size_t own = 0;
    const auto sentences = split_sentences(copy.body);
    for (const auto& s : sentences) own += std::count(mine.begin(), mine.end(), s) > 0;
    CHECK(own >= 1);
    all_total += sentences.size();
    own_total += own;
  }
  // About 3 of 6 kept, at least 4 added; drawing the original itself is rare.
  CHECK(static_cast<double>(own_total) / static_cast<double>(all_total) < 0.45);
  CHECK(static_cast<double>(all_total) / 500 >= 6);
}

TEST_CASE("query log: words, kinds and syntaxes") {
  CHECK(title_words("U.S. WHEAT <SALES> RISE, SAYS USDA") ==
        std::vector<std::string>{"wheat", "sales", "rise", "usda"});

  const std::vector<std::string> titles = {"COCOA PRICES RISE", "", "U.S. WHEAT SALES"};
  const auto log = make_query_log(titles, 40, 7);
  REQUIRE(log.size() == 40);
  CHECK(log[0].kind == LogQuery::Kind::words);
  CHECK(log[13].kind == LogQuery::Kind::phrase);
  CHECK(log[13].words.size() == 2);
  CHECK(log[16].kind == LogQuery::Kind::title);
  CHECK(log[19].kind == LogQuery::Kind::dated);
  for (const auto& q : log) CHECK((!q.words.empty() && q.words.size() <= 3));
  const auto again = make_query_log(titles, 40, 7);
  CHECK(std::equal(log.begin(), log.end(), again.begin(),
                   [](const LogQuery& a, const LogQuery& b) { return a.words == b.words && a.kind == b.kind; }));
  CHECK(make_query_log({"", "A"}, 10, 7).empty());

  LogQuery dated{LogQuery::Kind::dated, {"cocoa", "prices"}, 3, 4};
  CHECK(to_newsdex(dated) == "cocoa prices date:1987-03..1987-04");
  CHECK(to_xapian(dated) == "cocoa prices date:19870301..19870431");
  CHECK(to_fts5(dated) == "\"cocoa\" \"prices\"");
  CHECK(fts5_date_range(dated) == std::pair<std::string, std::string>{"1987-03-01", "1987-04-32"});
  LogQuery phrase{LogQuery::Kind::phrase, {"wheat", "sales"}, 0, 0};
  CHECK(to_newsdex(phrase) == "\"wheat sales\"");
  CHECK(to_fts5(phrase) == "\"wheat sales\"");
  LogQuery title{LogQuery::Kind::title, {"cocoa", "rise"}, 0, 0};
  CHECK(to_newsdex(title) == "title:cocoa title:rise");
  CHECK(to_fts5(title) == "title : (\"cocoa\" \"rise\")");
  CHECK_FALSE(fts5_date_range(title).has_value());
}

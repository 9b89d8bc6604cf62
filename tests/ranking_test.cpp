// Ranking controls through the public API: SearchOptions::ranking overrides
// (model, BM25 parameters, stopwords, pseudo-relevance feedback), end to end on
// small article indexes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/newsdex.hpp"

namespace fs = std::filesystem;

namespace {

struct TempIndex {
  fs::path dir;
  std::string db;
  explicit TempIndex(const std::vector<std::string>& articles) {
    std::string pattern = (fs::temp_directory_path() / "newsdex-ranking-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    db = (dir / "db").string();
    newsdex::IndexOptions options;
    options.path = db;
    auto index = newsdex::Index::open(options);
    newsdex::IndexReport report;
    for (std::size_t i = 0; i < articles.size(); ++i)
      index.add_bytes(articles[i], "article" + std::to_string(i) + ".txt", report,
                      newsdex::InputFormat::article);
    index.commit();
    REQUIRE(report.ok());
    REQUIRE(report.added == articles.size());
  }
  ~TempIndex() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::vector<std::string> titles(const newsdex::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.title);
  return out;
}

std::vector<std::string> ids(const newsdex::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

// The marked words of a highlighted text, lowercased.
std::vector<std::string> marked(const newsdex::Highlighted& h) {
  std::vector<std::string> out;
  for (const auto& m : h.marks) {
    std::string w = h.text.substr(m.begin, m.end - m.begin);
    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(w);
  }
  return out;
}

// Articles that hold none of the words the tests search for, so that those
// words are rare in the collection, as words searched for usually are.
const std::vector<std::string> kFiller{
    "Weather report\n\nRain is expected over the northern hills by evening.",
    "Football results\n\nThe home side won two goals to one after extra time.",
    "Council budget\n\nThe council approved next year's spending on roads and schools.",
    "Theatre review\n\nA new staging of an old comedy opened to warm applause.",
};

std::vector<std::string> with_filler(std::vector<std::string> articles) {
  articles.insert(articles.end(), kFiller.begin(), kFiller.end());
  return articles;
}

}  // namespace

TEST_CASE("ranking: BM25's b decides between a short and a long document") {
  std::string long_text = "Long report\n\nChips and more chips.";
  for (int i = 0; i < 60; ++i) long_text += " Harbour cranes lifted containers onto waiting ships.";
  TempIndex index(with_filler({"Short note\n\nChips rally.", long_text}));
  auto searcher = newsdex::Searcher::open(index.db);

  newsdex::SearchOptions options;
  // b = 1: term frequency is fully normalised by length, so the short
  // document's one mention outweighs the long one's two.
  options.ranking.b = 1.0;
  CHECK(titles(searcher.search("chips", options)) ==
        std::vector<std::string>{"Short note", "Long report"});
  // b = 0: no length normalisation, so two mentions beat one.
  options.ranking.b = 0.0;
  CHECK(titles(searcher.search("chips", options)) ==
        std::vector<std::string>{"Long report", "Short note"});
}

TEST_CASE("ranking: unset options are the defaults; bad values are refused") {
  TempIndex index(with_filler({"Short note\n\nChips rally.", "Other note\n\nChips fall, chips rise."}));
  auto searcher = newsdex::Searcher::open(index.db);

  const newsdex::RankingOptions defaults = newsdex::ranking_defaults();
  CHECK(defaults.model == newsdex::RankingModel::bm25);
  CHECK(defaults.k1.has_value());
  CHECK(defaults.b.has_value());
  CHECK(defaults.min_normlen.has_value());
  CHECK(defaults.stopwords.has_value());
  CHECK(defaults.feedback.has_value());
  CHECK(defaults.feedback_docs.has_value());
  CHECK(defaults.feedback_terms.has_value());
  CHECK(defaults.feedback_weight.has_value());

  newsdex::SearchOptions unset, spelled_out;
  spelled_out.ranking = defaults;
  auto a = searcher.search("chips rally", unset);
  auto b = searcher.search("chips rally", spelled_out);
  REQUIRE(a.hits.size() == b.hits.size());
  REQUIRE(!a.hits.empty());
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    CHECK(a.hits[i].id == b.hits[i].id);
    CHECK(a.hits[i].score == doctest::Approx(b.hits[i].score));
  }
  // Changing a parameter changes the scores (k1 = 0 ignores how often a
  // word occurs).
  newsdex::SearchOptions flat;
  flat.ranking.k1 = 0.0;
  auto c = searcher.search("chips", flat);
  REQUIRE(c.hits.size() == 2);
  CHECK(c.hits[0].score == doctest::Approx(c.hits[1].score));

  for (auto bad : {-0.1, 1.5}) {
    newsdex::SearchOptions o;
    o.ranking.b = bad;
    try {
      searcher.search("chips", o);
      FAIL("expected newsdex::Error");
    } catch (const newsdex::Error& e) {
      CHECK(e.code() == newsdex::Errc::invalid_argument);
    }
  }
}

TEST_CASE("ranking: the model decides the scores; its parameter only where it has one") {
  TempIndex index(with_filler({"Short note\n\nChips rally.", "Other note\n\nChips fall, chips rise.",
                               "Third note\n\nChips and dips at the fair."}));
  auto searcher = newsdex::Searcher::open(index.db);
  auto scores = [&](std::optional<newsdex::RankingModel> model, std::optional<double> param) {
    newsdex::SearchOptions o;
    o.ranking.model = model;
    o.ranking.model_param = param;
    auto r = searcher.search("chips", o);
    std::vector<std::pair<std::string, double>> out;
    for (const auto& h : r.hits) out.emplace_back(h.id, h.score);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto bm25 = scores(std::nullopt, std::nullopt);
  REQUIRE(bm25.size() == 3);
  CHECK(scores(newsdex::RankingModel::bm25, std::nullopt) == bm25);
  using M = newsdex::RankingModel;
  for (M m : {M::bm25_plus, M::lm_dirichlet, M::lm_two_stage, M::dph, M::dlh, M::pl2, M::pl2_plus,
              M::inl2, M::ifb2, M::bb2, M::tfidf, M::tfidf_log, M::query_likelihood}) {
    CAPTURE(static_cast<int>(m));
    const auto s = scores(m, std::nullopt);
    // The same matches, scored another way.
    REQUIRE(s.size() == bm25.size());
    bool differs = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      CHECK(s[i].first == bm25[i].first);
      differs |= s[i].second != doctest::Approx(bm25[i].second);
    }
    CHECK(differs);
  }
  // mu matters to the language model (2000 unless set); DPH has no
  // parameter to set.
  CHECK(scores(M::query_likelihood, 100.0) != scores(M::query_likelihood, 2000.0));
  CHECK(scores(M::query_likelihood, 2000.0) == scores(M::query_likelihood, std::nullopt));
  CHECK(scores(M::dph, 5.0) == scores(M::dph, std::nullopt));

  auto refused = [&](newsdex::RankingOptions r) {
    newsdex::SearchOptions o;
    o.ranking = r;
    try {
      searcher.search("chips", o);
    } catch (const newsdex::Error& e) {
      return e.code() == newsdex::Errc::invalid_argument;
    }
    return false;
  };
  newsdex::RankingOptions unknown;
  unknown.model = static_cast<M>(99);
  CHECK(refused(unknown));
  for (double bad : {0.0, -1.0, std::nan("")}) {
    newsdex::RankingOptions r;
    r.model = M::pl2, r.model_param = bad;
    CHECK(refused(r));
    r.model = M::bm25;  // refused even where it would be ignored
    CHECK(refused(r));
  }
}

TEST_CASE("ranking: stopwords are dropped from queries, but not from phrases or stopword-only queries") {
  TempIndex index(with_filler({
      "Chips rally\n\nPrices rose sharply on Monday.",  // no "the" anywhere
      "Film notes\n\nAfter the rise of the machines, people fled.",
      "Garden notes\n\nMachines rise early; of course it ends.",
  }));
  auto searcher = newsdex::Searcher::open(index.db);

  // All words must match (the default): "the" would rule out the only
  // article about chips, unless it is dropped.
  newsdex::SearchOptions options;
  CHECK(titles(searcher.search("the chips", options)) == std::vector<std::string>{"Chips rally"});
  options.ranking.stopwords = false;
  CHECK(searcher.search("the chips", options).hits.empty());

  // A query of nothing but stopwords is run as written.
  newsdex::SearchOptions defaults;
  auto only_stopwords = searcher.search("of the", defaults);
  CHECK(titles(only_stopwords) == std::vector<std::string>{"Film notes"});

  // A phrase keeps its stopwords: "rise of the machines" is not "machines rise".
  auto phrase = searcher.search("\"rise of the machines\"", defaults);
  CHECK(titles(phrase) == std::vector<std::string>{"Film notes"});
}

TEST_CASE("ranking: feedback reorders the matches and highlights only the query's words") {
  std::string market = "Market wrap\n\nHuawei said its Ascend line sold well, chips included,";
  for (int i = 0; i < 4; ++i) market += " across many markets and regions this quarter";
  market += ".";
  TempIndex index(with_filler({
      "Huawei Ascend\n\nHuawei's Ascend chips: the Ascend line of chips from Huawei, chips again.",
      "Snack news\n\nPotato chips sales rose.",
      market,
  }));
  auto searcher = newsdex::Searcher::open(index.db);

  newsdex::SearchOptions off;
  off.ranking.feedback = false;
  auto plain = searcher.search("chips", off);
  REQUIRE(titles(plain) == std::vector<std::string>{"Huawei Ascend", "Snack news", "Market wrap"});

  // The best document is about Huawei's Ascend line: feedback from it lifts
  // the other article that speaks of Huawei and Ascend above the snack news.
  newsdex::SearchOptions on;
  on.ranking.feedback = true;
  on.ranking.feedback_docs = 1;
  on.ranking.feedback_terms = 5;
  on.ranking.feedback_weight = 1.0;
  auto fed = searcher.search("chips", on);
  CHECK(titles(fed) == std::vector<std::string>{"Huawei Ascend", "Market wrap", "Snack news"});
  CHECK(fed.total == plain.total);  // the same matches, reordered

  // Only "chips" is marked, never the words feedback added.
  for (const auto& hit : fed.hits) {
    for (const auto& w : marked(hit.snippet)) CHECK(w == "chips");
    for (const auto& w : marked(hit.title_marks)) CHECK(w == "chips");
  }
  CHECK(marked(fed.hits[1].snippet) == std::vector<std::string>{"chips"});

  // With the two best documents and words required in both, nothing is
  // added: the Ascend article and the snack news share only "chips", the
  // query's own word. The ranking is the plain one, scores and all.
  on.ranking.feedback_docs = 2;
  on.ranking.feedback_min_docs = 2;
  auto agreed = searcher.search("chips", on);
  REQUIRE(titles(agreed) == titles(plain));
  for (std::size_t i = 0; i < plain.hits.size(); ++i)
    CHECK(agreed.hits[i].score == doctest::Approx(plain.hits[i].score));
  // Asking for more documents than there are feedback documents means all.
  on.ranking.feedback_min_docs = 9;
  CHECK(titles(searcher.search("chips", on)) == titles(plain));
}

TEST_CASE("ranking: feedback leaves filter-only queries and date order alone") {
  TempIndex index(with_filler({
      "Huawei Ascend\n\nHuawei's Ascend chips: the Ascend line of chips from Huawei.",
      "Snack news\n\nPotato chips sales rose.",
  }));
  auto searcher = newsdex::Searcher::open(index.db);
  newsdex::SearchOptions off, on;
  off.ranking.feedback = false;
  on.ranking.feedback = true;
  on.ranking.feedback_docs = 1;
  on.ranking.feedback_weight = 1.0;

  auto filter_off = searcher.search("kind:article", off);
  auto filter_on = searcher.search("kind:article", on);
  CHECK(filter_off.hits.size() == 6);
  CHECK(ids(filter_on) == ids(filter_off));
  CHECK(filter_on.total == filter_off.total);

  off.sort = on.sort = newsdex::Sort::date;
  CHECK(ids(searcher.search("chips", on)) == ids(searcher.search("chips", off)));
}

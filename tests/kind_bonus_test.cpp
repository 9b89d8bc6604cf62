// The kind bonus (schema::kKindWeights): matched per document when kinds
// differ in it, added to every score when all documents get the same one.
// Either way a hit's score is its BM25 weight plus its kind's bonus.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/schema.hpp"
#include "common/stopwords.hpp"
#include "newsdex/newsdex.hpp"
#include "searcher/query/query_builder.hpp"
#include "temp_dir.hpp"

using namespace newsdex;

namespace {

struct Doc {
  std::string id, kind, content;
};

std::string index_of(const TempDir& dir, const std::vector<Doc>& docs) {
  std::string lines = "{\"newsdex_export\":1,\"version\":\"0.1.0\"}\n";
  for (const auto& d : docs)
    lines += "{\"id\":\"" + d.id + "\",\"title\":\"Wire\",\"content\":\"" + d.content + "\",\"kind\":\"" + d.kind +
             "\",\"published\":1764547200}\n";
  IndexOptions options;
  options.path = (dir.path / "db").string();
  options.near_duplicates.enabled = false;
  auto index = Index::open(options);
  IndexReport report;
  std::istringstream in(lines);
  index.import_documents(in, "test", report);
  index.commit();
  REQUIRE(report.added == docs.size());
  return options.path;
}

// Each document's BM25 weight for `q` with newsdex's default parameters, by id.
std::map<std::string, double> bm25(const std::string& path, const std::string& q) {
  Xapian::Database db(path);
  Stopwords stop;
  Xapian::Enquire enquire(db);
  enquire.set_query(build_query(q, db, true, &stop).query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0));
  std::map<std::string, double> out;
  Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  for (auto it = all.begin(); it != all.end(); ++it) {
    Xapian::TermIterator t = it.get_document().termlist_begin();
    t.skip_to("Q");
    out[(*t).substr(1)] = it.get_weight();
  }
  return out;
}

std::map<std::string, double> scores(const std::string& path, const std::string& q) {
  SearchOptions options;
  options.collapse = false;
  std::map<std::string, double> out;
  for (const auto& hit : Searcher::open(path).search(q, options).hits) out[hit.id] = hit.score;
  return out;
}

}  // namespace

TEST_CASE("kind bonus: the same for all documents, added to each score") {
  TempDir dir;
  const std::string path = index_of(dir, {{"a", "article", "cocoa cocoa prices"},
                                          {"b", "feed-item", "cocoa prices fell sharply"},
                                          {"c", "article", "cocoa"}});
  const auto weights = bm25(path, "cocoa");
  const auto got = scores(path, "cocoa");
  REQUIRE(got.size() == 3);
  for (const auto& [id, w] : weights) CHECK(got.at(id) == w + schema::kDefaultKindBonus);
}

TEST_CASE("kind bonus: a teaser gets none and ranks below an article that matches as well") {
  TempDir dir;
  const std::string path = index_of(dir, {{"article", "article", "cocoa prices"},
                                          {"teaser", "teaser", "cocoa prices"},
                                          {"none", "", "cocoa prices"}});
  const auto weights = bm25(path, "cocoa");
  const auto got = scores(path, "cocoa");
  REQUIRE(got.size() == 3);
  CHECK(got.at("article") == weights.at("article") + schema::kDefaultKindBonus);
  CHECK(got.at("teaser") == weights.at("teaser"));
  CHECK(got.at("none") == weights.at("none"));  // no kind: no bonus
  CHECK(Searcher::open(path).search("cocoa").hits.at(0).id == "article");
}

TEST_CASE("kind bonus: its kind term marks no word") {
  TempDir dir;
  const std::string path = index_of(dir, {{"article", "article", "cocoa teaser prices"},
                                          {"teaser", "teaser", "cocoa teaser prices"}});
  for (const auto& hit : Searcher::open(path).search("cocoa").hits) {
    CAPTURE(hit.id);
    REQUIRE(hit.snippet.marks.size() == 1);
    const auto& m = hit.snippet.marks[0];
    CHECK(hit.snippet.text.substr(m.begin, m.end - m.begin) == "cocoa");
  }
}

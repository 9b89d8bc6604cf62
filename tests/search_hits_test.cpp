// What a hit carries besides its rank: the story members listed under a
// collapsed hit, and which words are marked. Public API only.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

namespace {

constexpr std::int64_t kDec1 = 1764547200;  // 2025-12-01T00:00:00Z

struct Doc {
  std::string id, story, title, content;
  std::int64_t published = kDec1;
};

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"";
}

// An index of `docs` imported as export lines, stories as given.
newsdex::Searcher index_of(const TempDir& dir, const std::vector<Doc>& docs) {
  std::string lines = "{\"newsdex_export\":1,\"version\":\"0.1.0\"}\n";
  for (const auto& d : docs)
    lines += "{\"id\":" + json_string(d.id) + ",\"title\":" + json_string(d.title) +
             ",\"content\":" + json_string(d.content) + ",\"story\":" + json_string(d.story) +
             ",\"kind\":\"article\",\"source\":\"Wire\",\"published\":" + std::to_string(d.published) + "}\n";
  newsdex::IndexOptions options;
  options.path = (dir.path / "db").string();
  options.near_duplicates.enabled = false;
  {
    auto index = newsdex::Index::open(options);
    newsdex::IndexReport report;
    std::istringstream in(lines);
    index.import_documents(in, "test", report);
    index.commit();
    REQUIRE(report.ok());
    REQUIRE(report.added == docs.size());
  }
  return newsdex::Searcher::open(options.path);
}

// `n` times "cocoa" among filler words, every text the same length: with
// equal lengths more occurrences score higher under any BM25 parameters.
std::string cocoa_times(int n) {
  std::string text;
  for (int i = 0; i < 8; ++i) text += i < n ? "cocoa " : "filler ";
  return text;
}

std::vector<std::string> member_ids(const newsdex::Hit& hit) {
  std::vector<std::string> out;
  for (const auto& m : hit.also) out.push_back(m.id);
  return out;
}

std::vector<std::string> marked(const newsdex::Highlighted& h) {
  std::vector<std::string> out;
  for (const auto& m : h.marks) out.push_back(h.text.substr(m.begin, m.end - m.begin));
  return out;
}

}  // namespace

TEST_CASE("collapsed hits list the best five other matching members of their story, and count them all") {
  TempDir dir;
  std::vector<Doc> docs;
  // Story "big": members b1..b8 with 1..8 occurrences, and one that does not match.
  for (int n = 1; n <= 8; ++n) docs.push_back({"b" + std::to_string(n), "big", "Report", cocoa_times(n)});
  docs.push_back({"b-other", "big", "Report", "nothing about it here at all today"});
  // Story "small": s1..s3; story "lone": one document.
  for (int n = 1; n <= 3; ++n) docs.push_back({"s" + std::to_string(n), "small", "Note", cocoa_times(n)});
  docs.push_back({"lone", "lone", "Memo", cocoa_times(4)});
  auto searcher = index_of(dir, docs);

  auto results = searcher.search("cocoa");
  REQUIRE(results.hits.size() == 3);
  std::map<std::string, const newsdex::Hit*> by_story;
  for (const auto& hit : results.hits) by_story[hit.story] = &hit;
  REQUIRE(by_story.size() == 3);

  const newsdex::Hit& big = *by_story["big"];
  CHECK(big.id == "b8");
  CHECK(member_ids(big) == std::vector<std::string>{"b7", "b6", "b5", "b4", "b3"});
  CHECK(big.also_total == 7);  // b1..b7; b-other does not match
  CHECK(big.also[0].title == "Report");
  CHECK(big.also[0].source == "Wire");
  CHECK(big.also[0].published == kDec1);

  const newsdex::Hit& small = *by_story["small"];
  CHECK(small.id == "s3");
  CHECK(member_ids(small) == std::vector<std::string>{"s2", "s1"});
  CHECK(small.also_total == 2);

  const newsdex::Hit& lone = *by_story["lone"];
  CHECK(lone.also.empty());
  CHECK(lone.also_total == 0);

  SUBCASE("members obey the query's time bounds") {
    newsdex::SearchOptions options;
    options.until = kDec1 - 1;  // none: every document is of Dec 1
    CHECK(searcher.search("cocoa", options).hits.empty());
  }
  SUBCASE("members obey the query's other words") {
    auto narrowed = searcher.search("cocoa -report");
    REQUIRE(narrowed.hits.size() == 2);
    for (const auto& hit : narrowed.hits) CHECK(hit.story != "big");
  }
  SUBCASE("no collapsing: every document a hit, no members") {
    newsdex::SearchOptions options;
    options.collapse = false;
    options.limit = 100;
    auto all = searcher.search("cocoa", options);
    CHECK(all.hits.size() == 12);
    for (const auto& hit : all.hits) CHECK(hit.also.empty());
  }
}

TEST_CASE("members of stories on a later page are listed too") {
  TempDir dir;
  std::vector<Doc> docs;
  for (int s = 0; s < 4; ++s)
    for (int n = 1; n <= 3; ++n)
      docs.push_back({"st" + std::to_string(s) + "-" + std::to_string(n), "st" + std::to_string(s), "Wire",
                      cocoa_times(n + s)});
  auto searcher = index_of(dir, docs);
  newsdex::SearchOptions options;
  options.limit = 2;
  options.offset = 2;
  auto page = searcher.search("cocoa", options);
  REQUIRE(page.hits.size() == 2);
  for (const auto& hit : page.hits) {
    CHECK(hit.also_total == 2);
    REQUIRE(hit.also.size() == 2);
    CHECK(hit.also[0].id < hit.id);  // fewer occurrences rank lower: "-2" below "-3"
    CHECK(hit.also[1].id < hit.also[0].id);
  }
}

TEST_CASE("only the query's words a document contains are marked, each in its own field's sense") {
  TempDir dir;
  auto searcher = index_of(dir, {
      {"t", "t", "Cocoa prices", "Sugar and cocoa traders met."},
      {"u", "u", "Sugar prices", "Sugar traders met; cocoa was not discussed."},
      {"v", "v", "Coffee prices", "Sugar and coffee traders met."},
  });
  std::map<std::string, newsdex::Hit> hits;
  auto search = [&](const std::string& q) {
    hits.clear();
    newsdex::SearchOptions options;
    options.collapse = false;
    for (auto& hit : searcher.search(q, options).hits) hits[hit.id] = hit;
  };

  // u matches by "sugar" only: its body's "cocoa" is no title word of its own.
  search("title:cocoa OR title:sugar");
  REQUIRE(hits.size() == 2);
  CHECK(marked(hits["t"].title_marks) == std::vector<std::string>{"Cocoa"});
  CHECK(marked(hits["t"].snippet) == std::vector<std::string>{"cocoa"});
  CHECK(marked(hits["u"].title_marks) == std::vector<std::string>{"Sugar"});
  CHECK(marked(hits["u"].snippet) == std::vector<std::string>{"Sugar"});

  // A word the query excludes is never in a hit, so never marked.
  search("traders -title:sugar -coffee");
  REQUIRE(hits.size() == 1);
  CHECK(marked(hits["t"].snippet) == std::vector<std::string>{"traders"});

  // A phrase marks its words.
  search("\"coffee traders\"");
  REQUIRE(hits.size() == 1);
  CHECK(marked(hits["v"].snippet) == std::vector<std::string>{"coffee", "traders"});
}

// The relevance evaluator on hand-made rankings whose scores are worked out
// by hand below, and the TIME collection reader's position mapping.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "evaluator.hpp"
#include "time_collection.hpp"

using namespace newsdex::bench;

// Discounts 1 / log2(rank + 1) used below:
//   rank 1: 1/log2(2) = 1
//   rank 2: 1/log2(3) = 0.6309298
//   rank 3: 1/log2(4) = 0.5
//   rank 4: 1/log2(5) = 0.4306766
//   rank 6: 1/log2(7) = 0.3562072

// Four relevant documents (10, 20, 30, 40); eight retrieved, relevant ones
// at ranks 1, 3 and 6; 40 is never retrieved.
const Relevant kRelevant{10, 20, 30, 40};
const Ranking kRanking{10, 11, 20, 12, 13, 30, 14, 15};

TEST_CASE("average precision: precision at each relevant rank, over all relevant documents") {
  // (1/1 + 2/3 + 3/6 + 0 for 40) / 4 = (1 + 0.6666667 + 0.5) / 4 = 13/24 = 0.5416667
  CHECK(average_precision(kRanking, kRelevant) == doctest::Approx(13.0 / 24.0));
  // All relevant first: (1/1 + 2/2 + 3/3 + 4/4) / 4 = 1
  CHECK(average_precision({40, 30, 20, 10, 11}, kRelevant) == doctest::Approx(1.0));
  // None retrieved, or nothing retrieved at all: 0
  CHECK(average_precision({11, 12}, kRelevant) == 0.0);
  CHECK(average_precision({}, kRelevant) == 0.0);
  CHECK(average_precision({10}, {}) == 0.0);
}

TEST_CASE("precision at k divides by k, even when fewer were retrieved") {
  CHECK(precision_at(kRanking, kRelevant, 1) == doctest::Approx(1.0));   // 10
  CHECK(precision_at(kRanking, kRelevant, 5) == doctest::Approx(0.4));   // 10, 20 of 5
  CHECK(precision_at(kRanking, kRelevant, 10) == doctest::Approx(0.3));  // 10, 20, 30 of 10 (8 retrieved)
  CHECK(precision_at(kRanking, kRelevant, 0) == 0.0);
}

TEST_CASE("nDCG at k: binary gains, log2 discount, ideal of min(R, k) relevant first") {
  // DCG@10 = 1 (rank 1) + 0.5 (rank 3) + 0.3562072 (rank 6) = 1.8562072
  // ideal (R = 4): 1 + 0.6309298 + 0.5 + 0.4306766 = 2.5616063
  // nDCG@10 = 1.8562072 / 2.5616063 = 0.7246263
  CHECK(ndcg_at(kRanking, kRelevant, 10) == doctest::Approx(0.7246263).epsilon(1e-6));
  // DCG@3 = 1 + 0.5 = 1.5; ideal@3 = 1 + 0.6309298 + 0.5 = 2.1309298; 1.5 / 2.1309298 = 0.7039181
  CHECK(ndcg_at(kRanking, kRelevant, 3) == doctest::Approx(0.7039181).epsilon(1e-6));
  // One relevant document at rank 2: 0.6309298 / 1 (the ideal has it at rank 1)
  CHECK(ndcg_at({5, 7}, {7}, 10) == doctest::Approx(0.6309298).epsilon(1e-6));
  // A perfect ranking scores 1, whatever k.
  CHECK(ndcg_at({40, 30, 20, 10}, kRelevant, 10) == doctest::Approx(1.0));
  CHECK(ndcg_at({40, 30, 20, 10}, kRelevant, 2) == doctest::Approx(1.0));
  CHECK(ndcg_at({11, 12}, kRelevant, 10) == 0.0);
}

TEST_CASE("a document listed twice counts once, at its first rank") {
  // Gains 1, 0, 1 over [10, 10, 20] with {10, 20} relevant:
  // AP = (1/1 + 2/3) / 2 = 0.8333333
  CHECK(average_precision({10, 10, 20}, {10, 20}) == doctest::Approx(5.0 / 6.0));
  // P@3 = 2/3
  CHECK(precision_at({10, 10, 20}, {10, 20}, 3) == doctest::Approx(2.0 / 3.0));
  // nDCG@10 = (1 + 0.5) / (1 + 0.6309298) = 0.9197208
  CHECK(ndcg_at({10, 10, 20}, {10, 20}, 10) == doctest::Approx(0.9197208).epsilon(1e-6));
}

TEST_CASE("evaluate: means over the judged queries with a relevant document") {
  std::map<int, Ranking> run{
      {1, kRanking},  // AP 0.5416667, P@10 0.3, nDCG@10 0.7246263 (above)
      {2, {5, 7}},    // AP 1/2 = 0.5, P@10 0.1, nDCG@10 0.6309298
      {99, {1, 2}},   // not judged: ignored
  };
  std::map<int, Relevant> judgments{
      {1, kRelevant},
      {2, {7}},
      {3, {1}},  // judged but absent from the run: 0 on every measure
      {4, {}},   // no relevant document: not averaged
  };
  RunScores s = evaluate(run, judgments, 10);
  CHECK(s.queries == 3);
  // MAP = (0.5416667 + 0.5 + 0) / 3 = 0.3472222
  CHECK(s.map == doctest::Approx(0.3472222).epsilon(1e-6));
  // P@10 = (0.3 + 0.1 + 0) / 3 = 0.1333333
  CHECK(s.precision == doctest::Approx(0.1333333).epsilon(1e-6));
  // nDCG@10 = (0.7246263 + 0.6309298 + 0) / 3 = 0.4518520
  CHECK(s.ndcg == doctest::Approx(0.4518520).epsilon(1e-6));
  CHECK(s.per_query.size() == 3);
  CHECK(s.per_query.at(3).average_precision == 0.0);
}

TEST_CASE("TIME judgments: positions 1-370 as they are, 378 and above shifted by two") {
  CHECK(judged_position_to_document(1, 423) == 1);
  CHECK(judged_position_to_document(370, 423) == 370);
  for (int p = 371; p <= 377; ++p) CHECK_FALSE(judged_position_to_document(p, 423).has_value());
  CHECK(judged_position_to_document(378, 423) == 376);
  CHECK(judged_position_to_document(425, 423) == 423);
  CHECK_FALSE(judged_position_to_document(426, 423).has_value());
  CHECK_FALSE(judged_position_to_document(0, 423).has_value());
}

TEST_CASE("TIME files: documents by position, queries by number, judgments mapped") {
  const char* all =
      "*TEXT 017 01/04/63 PAGE 020\n\nTHE ALLIES AFTER NASSAU\n\nIN DECEMBER 1960 .\n\n"
      "*TEXT 020 01/04/63 PAGE 021\n\nSECOND STORY\n\n*STOP\n";
  auto docs = parse_time_documents(all);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].number == 1);
  CHECK(docs[0].text_number == "017");
  CHECK(docs[0].date == "01/04/63");
  CHECK(docs[0].text == "THE ALLIES AFTER NASSAU IN DECEMBER 1960 .");
  CHECK(docs[1].number == 2);
  CHECK(docs[1].text == "SECOND STORY");

  auto queries = parse_time_queries("*FIND      1\n\n KENNEDY AND\n\nDIEM .\n\n*FIND      7\n\nNATO\n*STOP\n");
  REQUIRE(queries.size() == 2);
  CHECK(queries[0].number == 1);
  CHECK(queries[0].text == "KENNEDY AND DIEM .");
  CHECK(queries[1].number == 7);

  TimeCollection c;
  c.documents.resize(423);
  parse_time_judgments("1  268 380 425\n\n2  326 372\n", c);
  CHECK(c.relevant.at(1) == Relevant{268, 378, 423});
  CHECK(c.relevant.at(2) == Relevant{326});
  CHECK(c.judgments == 4);
  CHECK(c.dropped.size() == 1);  // 372 names no document
}

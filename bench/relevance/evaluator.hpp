#pragma once
// Ranking-quality measures for the relevance benchmark, written here rather
// than borrowed so that their conventions are plain to see:
//
// - A ranking is a list of document numbers, best first. A document listed
//   again after its first place counts as not relevant there (a correct
//   system never returns one twice; this keeps a buggy one from scoring a
//   relevant document twice).
// - Relevance is binary: a document is in the judged-relevant set or not.
//   Unjudged documents count as not relevant.
// - average precision: the mean, over ALL relevant documents of the query,
//   of the precision at the rank where each was retrieved; a relevant
//   document never retrieved contributes 0 (as in trec_eval).
// - precision@k: relevant documents among the first k, divided by k even
//   when fewer than k were retrieved (as in trec_eval).
// - nDCG@k: DCG@k = sum over ranks i = 1..k of rel_i / log2(i + 1) with
//   rel_i in {0, 1}, divided by the ideal DCG@k, that of a ranking putting
//   min(R, k) relevant documents first (R = number of relevant documents).
// - Averages (MAP, mean P@k, mean nDCG@k) are taken over the queries that
//   have at least one relevant document; such a query with no ranking at all
//   scores 0 on every measure.

#include <cstddef>
#include <map>
#include <set>
#include <vector>

namespace newsdex::bench {

using Ranking = std::vector<int>;   // document numbers, best first
using Relevant = std::set<int>;     // the judged-relevant document numbers of one query

double average_precision(const Ranking& ranking, const Relevant& relevant);
double precision_at(const Ranking& ranking, const Relevant& relevant, std::size_t k);
double ndcg_at(const Ranking& ranking, const Relevant& relevant, std::size_t k);

struct QueryScores {
  double average_precision = 0;
  double precision = 0;  // at k
  double ndcg = 0;       // at k
};

QueryScores score_query(const Ranking& ranking, const Relevant& relevant, std::size_t k);

struct RunScores {
  double map = 0;             // mean average precision
  double precision = 0;       // mean precision at k
  double ndcg = 0;            // mean nDCG at k
  std::size_t queries = 0;    // queries averaged over (those with a relevant document)
  std::map<int, QueryScores> per_query;
};

// Scores a run (query number -> ranking) against judgments (query number ->
// relevant documents). Rankings of queries without judgments are ignored.
RunScores evaluate(const std::map<int, Ranking>& run, const std::map<int, Relevant>& judgments,
                   std::size_t k = 10);

}  // namespace newsdex::bench

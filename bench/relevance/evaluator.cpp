#include "evaluator.hpp"

#include <algorithm>
#include <cmath>

namespace newsdex::bench {
namespace {

// 1 for each rank (0-based) holding a relevant document seen there for the
// first time, else 0; only the first `limit` ranks.
std::vector<int> gains(const Ranking& ranking, const Relevant& relevant, std::size_t limit) {
  std::vector<int> out;
  std::set<int> seen;
  const std::size_t n = std::min(limit, ranking.size());
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int doc = ranking[i];
    const bool first = seen.insert(doc).second;
    out.push_back(first && relevant.count(doc) ? 1 : 0);
  }
  return out;
}

double discount(std::size_t rank) {  // rank is 1-based
  return 1.0 / std::log2(static_cast<double>(rank) + 1.0);
}

}  // namespace

double average_precision(const Ranking& ranking, const Relevant& relevant) {
  if (relevant.empty()) return 0;
  const std::vector<int> g = gains(ranking, relevant, ranking.size());
  double sum = 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!g[i]) continue;
    ++found;
    sum += static_cast<double>(found) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(relevant.size());
}

double precision_at(const Ranking& ranking, const Relevant& relevant, std::size_t k) {
  if (k == 0) return 0;
  const std::vector<int> g = gains(ranking, relevant, k);
  const auto hits = std::count(g.begin(), g.end(), 1);
  return static_cast<double>(hits) / static_cast<double>(k);
}

double ndcg_at(const Ranking& ranking, const Relevant& relevant, std::size_t k) {
  if (k == 0 || relevant.empty()) return 0;
  const std::vector<int> g = gains(ranking, relevant, k);
  double dcg = 0;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i]) dcg += discount(i + 1);
  double ideal = 0;
  const std::size_t best = std::min(k, relevant.size());
  for (std::size_t i = 1; i <= best; ++i) ideal += discount(i);
  return dcg / ideal;
}

QueryScores score_query(const Ranking& ranking, const Relevant& relevant, std::size_t k) {
  return {average_precision(ranking, relevant), precision_at(ranking, relevant, k),
          ndcg_at(ranking, relevant, k)};
}

RunScores evaluate(const std::map<int, Ranking>& run, const std::map<int, Relevant>& judgments,
                   std::size_t k) {
  RunScores out;
  static const Ranking kNone;
  for (const auto& [query, relevant] : judgments) {
    if (relevant.empty()) continue;
    auto it = run.find(query);
    QueryScores s = score_query(it == run.end() ? kNone : it->second, relevant, k);
    out.map += s.average_precision;
    out.precision += s.precision;
    out.ndcg += s.ndcg;
    out.per_query[query] = s;
    ++out.queries;
  }
  if (out.queries) {
    const auto n = static_cast<double>(out.queries);
    out.map /= n;
    out.precision /= n;
    out.ndcg /= n;
  }
  return out;
}

}  // namespace newsdex::bench

#include "common/ranking.hpp"

#include <fmt/format.h>

#include "newsdex/error.hpp"

namespace newsdex {
namespace ranking {
namespace {

double in_range(const char* name, double value, double low, double high) {
  // !(a <= b) also refuses NaN.
  if (!(value >= low && value <= high))
    throw Error(Errc::invalid_argument,
                fmt::format("ranking: {} = {} is out of range; use {} to {}", name, value, low, high));
  return value;
}

}  // namespace

double default_model_param(RankingModel model) {
  switch (model) {
    case RankingModel::bm25_plus: return 1.0;      // delta, Lv & Zhai
    case RankingModel::lm_dirichlet:
    case RankingModel::lm_two_stage:
    case RankingModel::query_likelihood: return 2000;  // mu, Zhai & Lafferty
    case RankingModel::pl2:
    case RankingModel::pl2_plus:
    case RankingModel::inl2:
    case RankingModel::ifb2:
    case RankingModel::bb2: return 1.0;            // c, Amati's short-document value
    default: return 0;
  }
}

Settings resolve(const RankingOptions& o) {
  Settings s;
  if (o.model) {
    const auto m = static_cast<int>(*o.model);
    if (m < 0 || m > static_cast<int>(RankingModel::query_likelihood))
      throw Error(Errc::invalid_argument, fmt::format("ranking: model {} is unknown", m));
    s.model = *o.model;
  }
  s.model_param = default_model_param(s.model);
  if (o.model_param) {
    const double v = in_range("model_param", *o.model_param, 1e-9, 1e6);
    if (s.model_param > 0) s.model_param = v;  // models without one ignore it
  }
  if (o.k1) s.k1 = in_range("k1", *o.k1, 0, 1000);
  if (o.b) s.b = in_range("b", *o.b, 0, 1);
  if (o.min_normlen) s.min_normlen = in_range("min_normlen", *o.min_normlen, 0, 1);
  if (o.stopwords) s.stopwords = *o.stopwords;
  if (o.feedback) s.feedback = *o.feedback;
  if (o.feedback_docs) s.feedback_docs = *o.feedback_docs;
  if (o.feedback_terms) s.feedback_terms = *o.feedback_terms;
  if (o.feedback_min_docs) s.feedback_min_docs = *o.feedback_min_docs;
  if (o.feedback_weight) s.feedback_weight = in_range("feedback_weight", *o.feedback_weight, 1e-9, 1000);
  // No documents or no words to add is no feedback.
  if (s.feedback_docs == 0 || s.feedback_terms == 0) s.feedback = false;
  return s;
}

}  // namespace ranking

RankingOptions ranking_defaults() {
  const ranking::Settings s;
  RankingOptions o;
  o.model = s.model;
  if (s.model_param > 0) o.model_param = s.model_param;
  o.k1 = s.k1;
  o.b = s.b;
  o.min_normlen = s.min_normlen;
  o.stopwords = s.stopwords;
  o.feedback = s.feedback;
  o.feedback_docs = s.feedback_docs;
  o.feedback_terms = s.feedback_terms;
  o.feedback_weight = s.feedback_weight;
  o.feedback_min_docs = s.feedback_min_docs;
  return o;
}

}  // namespace newsdex

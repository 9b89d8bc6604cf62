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

Settings resolve(const RankingOptions& o) {
  Settings s;
  if (o.k1) s.k1 = in_range("k1", *o.k1, 0, 1000);
  if (o.b) s.b = in_range("b", *o.b, 0, 1);
  if (o.min_normlen) s.min_normlen = in_range("min_normlen", *o.min_normlen, 0, 1);
  if (o.stopwords) s.stopwords = *o.stopwords;
  if (o.feedback) s.feedback = *o.feedback;
  if (o.feedback_docs) s.feedback_docs = *o.feedback_docs;
  if (o.feedback_terms) s.feedback_terms = *o.feedback_terms;
  if (o.feedback_weight) s.feedback_weight = in_range("feedback_weight", *o.feedback_weight, 1e-9, 1000);
  // No documents or no words to add is no feedback.
  if (s.feedback_docs == 0 || s.feedback_terms == 0) s.feedback = false;
  return s;
}

}  // namespace ranking

RankingOptions ranking_defaults() {
  const ranking::Settings s;
  RankingOptions o;
  o.k1 = s.k1;
  o.b = s.b;
  o.min_normlen = s.min_normlen;
  o.stopwords = s.stopwords;
  o.feedback = s.feedback;
  o.feedback_docs = s.feedback_docs;
  o.feedback_terms = s.feedback_terms;
  o.feedback_weight = s.feedback_weight;
  return o;
}

}  // namespace newsdex

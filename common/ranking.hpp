#pragma once
// Ranking parameters: newsdex's defaults, in one place, and how a search's
// RankingOptions (include/newsdex/search.hpp) override them. Field weights
// are fixed when a document is indexed and live in schema.hpp (kTitle etc.);
// these are applied when a query runs. bench/relevance/README.md has the
// measurements behind each value.

#include "newsdex/search.hpp"

namespace newsdex::ranking {

// BM25 as in Robertson & Zaragoza, "The Probabilistic Relevance Framework"
// (2009): k1 = 1.2 and b = 0.75 are the textbook values, not fitted to any
// collection here. Xapian's own defaults (k1 1, b 0.5, min_normlen 0.5)
// scored 0.019 MAP lower on TIME; k1 in 0.9-2 with b in 0.5-0.9 score
// within 0.018 of these, most within 0.008 (bench/relevance --cv).
inline constexpr double kK1 = 1.2;
inline constexpr double kB = 0.75;
inline constexpr double kMinNormlen = 0.0;

// Common English function words (common/stopwords.cpp) are dropped from
// queries, except inside phrases and when a query has nothing else. Small on
// TIME (+0.004 MAP), but an OR query otherwise ranks by "the" and "of".
inline constexpr bool kStopwords = true;

// Pseudo-relevance feedback: the best kFeedbackDocs documents of a ranked
// text query are taken as relevant, Xapian's Bo1 expansion picks the
// kFeedbackTerms words that best set them apart, and those are added to the
// query at kFeedbackWeight of the user's words' weight (the best expansion
// word; the others in proportion to their Bo1 weight). Off by default: on
// TIME every setting tried scored at most +0.009 MAP and most lost (10
// documents, 20 words, weight 0.5: -0.088), and a search took 1.7-2 times
// as long. 3 documents and 10 words are Terrier's defaults for Bo1.
inline constexpr bool kFeedback = false;
inline constexpr unsigned kFeedbackDocs = 3;
inline constexpr unsigned kFeedbackTerms = 10;
inline constexpr double kFeedbackWeight = 0.2;
// An added word must be in this many of the feedback documents (1: any).
// Higher values curb drift (3 of 3: 0.706 MAP against 0.691 for 1) but
// still do not beat feedback off clearly, so the opt-in setting keeps 1.
inline constexpr unsigned kFeedbackMinDocs = 1;

// The scoring formula. BM25 stays: on TIME no other scheme scored clearly
// better (the DFR models IfB2 and InL2 tie it, DPH -0.014 MAP, a textbook
// Dirichlet query likelihood -0.021; bench/relevance/README.md, "Other
// models").
inline constexpr RankingModel kModel = RankingModel::bm25;

// A model's own parameter when RankingOptions::model_param is unset; 0 for
// models that have none. These are the literature's usual values.
double default_model_param(RankingModel model);

// Every parameter, resolved.
struct Settings {
  RankingModel model = kModel;
  double model_param = 0;  // resolve() sets the model's default
  double k1 = kK1;
  double b = kB;
  double min_normlen = kMinNormlen;
  bool stopwords = kStopwords;
  bool feedback = kFeedback;
  unsigned feedback_docs = kFeedbackDocs;
  unsigned feedback_terms = kFeedbackTerms;
  double feedback_weight = kFeedbackWeight;
  unsigned feedback_min_docs = kFeedbackMinDocs;
};

// The defaults with what `options` sets instead. Throws
// Error(invalid_argument) for a value outside its documented range.
Settings resolve(const RankingOptions& options);

}  // namespace newsdex::ranking

#include "searcher/feedback.hpp"

#include <vector>

#include "common/stopwords.hpp"

namespace newsdex {
namespace {

// Plain words only: field terms (capital prefix) would mostly add the
// feed's own name, and stopwords say nothing about the topic.
struct FeedbackWords : Xapian::ExpandDecider {
  bool operator()(const std::string& t) const override {
    return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z') && !is_stopword(t);
  }
};

}  // namespace

Xapian::Query feedback_query(const Xapian::Database& db, const Xapian::Query& first_pass,
                             const Xapian::Weight& weight, const ranking::Settings& settings) {
  Xapian::Enquire enquire(db);
  enquire.set_query(first_pass);
  enquire.set_weighting_scheme(weight);
  Xapian::MSet top = enquire.get_mset(0, settings.feedback_docs);
  if (top.empty()) return {};
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);

  // Bo1 (Amati's Bose-Einstein model, as in Terrier) has no parameter to
  // tune, unlike Xapian's default "trad" scheme.
  enquire.set_expansion_scheme("bo1");
  FeedbackWords words;
  Xapian::ESet eset = enquire.get_eset(settings.feedback_terms, rset, &words);
  if (eset.empty()) return {};
  const double best = eset.begin().get_weight();
  if (!(best > 0)) return {};
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it)
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       settings.feedback_weight * it.get_weight() / best);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace newsdex

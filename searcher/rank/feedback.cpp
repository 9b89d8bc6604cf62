#include "searcher/rank/feedback.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "common/stopwords.hpp"

namespace newsdex {
namespace {

// Plain words only: field terms (capital prefix) would mostly add the
// feed's own name, and stopwords say nothing about the topic.
// A word must also be in at least `min_docs` of the feedback documents: a
// word of one document alone says more about that document than about the
// topic they share.
struct FeedbackWords : Xapian::ExpandDecider {
  std::map<std::string, unsigned> docs_with;  // filled only when min_docs > 1
  unsigned min_docs = 1;
  bool operator()(const std::string& t) const override {
    if (t.empty() || (t[0] >= 'A' && t[0] <= 'Z') || is_stopword(t)) return false;
    if (min_docs <= 1) return true;
    auto it = docs_with.find(t);
    return it != docs_with.end() && it->second >= min_docs;
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
  words.min_docs = std::min(settings.feedback_min_docs, top.size());
  if (words.min_docs > 1)
    for (auto it = top.begin(); it != top.end(); ++it)
      for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t) ++words.docs_with[*t];
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

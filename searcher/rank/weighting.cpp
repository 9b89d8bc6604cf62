#include "searcher/rank/weighting.hpp"

#include "searcher/rank/query_likelihood.hpp"

namespace newsdex {

std::unique_ptr<Xapian::Weight> make_weight(const ranking::Settings& s) {
  using M = RankingModel;
  const double p = s.model_param;
  switch (s.model) {
    case M::bm25_plus:
      return std::make_unique<Xapian::BM25PlusWeight>(s.k1, 0, 1, s.b, s.min_normlen, p);
    case M::lm_dirichlet:
      // Xapian 1.4 reads Dirichlet's mu from the first smoothing parameter;
      // param_log 0 lets it pick its own offset that keeps weights positive.
      return std::make_unique<Xapian::LMWeight>(0.0, Xapian::Weight::DIRICHLET_SMOOTHING, p, 0.0);
    case M::lm_two_stage:
      return std::make_unique<Xapian::LMWeight>(0.0, Xapian::Weight::TWO_STAGE_SMOOTHING, 0.7, p);
    case M::dph: return std::make_unique<Xapian::DPHWeight>();
    case M::dlh: return std::make_unique<Xapian::DLHWeight>();
    case M::pl2: return std::make_unique<Xapian::PL2Weight>(p);
    case M::pl2_plus: return std::make_unique<Xapian::PL2PlusWeight>(p, 0.8);  // Xapian's delta
    case M::inl2: return std::make_unique<Xapian::InL2Weight>(p);
    case M::ifb2: return std::make_unique<Xapian::IfB2Weight>(p);
    case M::bb2: return std::make_unique<Xapian::BB2Weight>(p);
    case M::tfidf: return std::make_unique<Xapian::TfIdfWeight>("ntn");
    case M::tfidf_log: return std::make_unique<Xapian::TfIdfWeight>("ltn");
    case M::query_likelihood: return std::make_unique<QueryLikelihoodWeight>(p);
    case M::bm25: break;
  }
  return std::make_unique<Xapian::BM25Weight>(s.k1, 0, 1, s.b, s.min_normlen);
}

}  // namespace newsdex

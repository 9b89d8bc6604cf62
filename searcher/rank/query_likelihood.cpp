#include "searcher/rank/query_likelihood.hpp"

#include <algorithm>
#include <cmath>

namespace newsdex {

QueryLikelihoodWeight::QueryLikelihoodWeight(double mu) : mu_(mu) {
  need_stat(COLLECTION_FREQ);
  need_stat(TOTAL_LENGTH);
  need_stat(WQF);
  need_stat(WDF);
  need_stat(WDF_MAX);
  need_stat(DOC_LENGTH);
  need_stat(DOC_LENGTH_MIN);
  need_stat(DOC_LENGTH_MAX);
  need_stat(QUERY_LENGTH);
}

QueryLikelihoodWeight* QueryLikelihoodWeight::clone() const { return new QueryLikelihoodWeight(mu_); }

void QueryLikelihoodWeight::init(double factor) {
  factor_ = factor * get_wqf();
  const double total = static_cast<double>(get_total_length());
  // A word absent from the collection (cf 0) still gets a tiny probability,
  // so the log stays finite; it matches nothing anyway.
  const double p = total > 0 ? std::max<double>(get_collection_freq(), 0.5) / total : 1;
  mu_p_ = mu_ * p;
}

std::string QueryLikelihoodWeight::name() const { return "newsdex::QueryLikelihoodWeight"; }

std::string QueryLikelihoodWeight::serialise() const { return Xapian::sortable_serialise(mu_); }

QueryLikelihoodWeight* QueryLikelihoodWeight::unserialise(const std::string& s) const {
  return new QueryLikelihoodWeight(Xapian::sortable_unserialise(s));
}

double QueryLikelihoodWeight::get_sumpart(Xapian::termcount wdf, Xapian::termcount,
                                          Xapian::termcount) const {
  return factor_ * std::log1p(static_cast<double>(wdf) / mu_p_);
}

double QueryLikelihoodWeight::get_maxpart() const {
  return factor_ * std::log1p(static_cast<double>(get_wdf_upper_bound()) / mu_p_);
}

// |q| * log(mu / (|d| + mu)), plus |q| * log((longest + mu) / mu) so that the
// longest document gets 0 rather than a negative weight.
double QueryLikelihoodWeight::get_sumextra(Xapian::termcount doclen, Xapian::termcount) const {
  const double longest = std::max<double>(get_doclength_upper_bound(), doclen);
  return get_query_length() * std::log((longest + mu_) / (static_cast<double>(doclen) + mu_));
}

double QueryLikelihoodWeight::get_maxextra() const {
  return get_query_length() * std::log((static_cast<double>(get_doclength_upper_bound()) + mu_) /
                                       (static_cast<double>(get_doclength_lower_bound()) + mu_));
}

}  // namespace newsdex

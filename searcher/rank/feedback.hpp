#pragma once
// Pseudo-relevance feedback: words that the best-ranked documents of a query
// share, to rank its matches again with (see common/ranking.hpp).

#include <xapian.h>

#include "common/ranking.hpp"

namespace newsdex {

// The words to add to a query, each scaled to its weight. `first_pass` is
// the query as it will be ranked (the user's words with filters and bonus);
// its best `settings.feedback_docs` documents under `weight` are taken as
// relevant, and Xapian's Bo1 scheme picks the `settings.feedback_terms`
// words that most set them apart from the collection. Field terms,
// stopwords and the query's own words are never picked. The best word gets
// `settings.feedback_weight`, the others in proportion to their Bo1 weight.
// An empty Query when nothing matched.
Xapian::Query feedback_query(const Xapian::Database& db, const Xapian::Query& first_pass,
                             const Xapian::Weight& weight, const ranking::Settings& settings);

}  // namespace newsdex

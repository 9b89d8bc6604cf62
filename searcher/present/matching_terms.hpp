#pragma once
// Which of a query's terms each hit contains, for marking words.

#include <string>
#include <vector>

#include <xapian.h>

namespace newsdex {

// For each of `docids`, the terms of `query` it contains, in query order:
// what Enquire::get_matching_terms gives (wildcards' expansions are not
// among a query's terms, there as here). It reads each term's posting list
// once, skipping from hit to hit in docid order, instead of each hit's whole
// termlist, which cost a tenth of a search. Local databases only: a remote
// shard would send whole posting lists.
std::vector<std::vector<std::string>> matching_terms(const Xapian::Database& db, const Xapian::Query& query,
                                                     const std::vector<Xapian::docid>& docids);

}  // namespace newsdex

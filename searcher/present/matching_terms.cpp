#include "searcher/present/matching_terms.hpp"

#include <algorithm>
#include <numeric>

namespace newsdex {

std::vector<std::vector<std::string>> matching_terms(const Xapian::Database& db, const Xapian::Query& query,
                                                     const std::vector<Xapian::docid>& docids) {
  std::vector<std::vector<std::string>> out(docids.size());
  // Query order, each term once (get_terms_begin lists a term at each of its positions).
  std::vector<std::string> terms;
  for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
    if (!(*t).empty() && std::find(terms.begin(), terms.end(), *t) == terms.end()) terms.push_back(*t);
  std::vector<std::size_t> by_docid(docids.size());
  std::iota(by_docid.begin(), by_docid.end(), 0);
  std::sort(by_docid.begin(), by_docid.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
  for (const auto& term : terms) {
    Xapian::PostingIterator p = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    for (std::size_t i : by_docid) {
      if (p == end) break;
      p.skip_to(docids[i]);
      if (p != end && *p == docids[i]) out[i].push_back(term);
    }
  }
  return out;
}

}  // namespace newsdex

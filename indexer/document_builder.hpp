#pragma once
// An Item becomes a Xapian document here, following the schema table.

#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/item.hpp"

namespace newsdex {

struct BuiltDocument {
  std::string id;       // unique id (see unique_id.hpp)
  std::string id_term;  // the Q term naming it
  std::string content_hash;  // changes whenever anything stored or indexed changes
  Xapian::Document document;
};

// `terms` must be set up with the schema's stemmer; it is reused across
// calls to avoid re-allocating (TermGenerator keeps no per-document state
// once set_document is called).
BuiltDocument build_document(const Item& item, Xapian::TermGenerator& terms);

// The host of `url` and every parent domain of two labels or more
// ("news.bbc.co.uk" -> news.bbc.co.uk, bbc.co.uk, co.uk), so that
// site:bbc.co.uk matches every BBC host.
std::vector<std::string> site_terms_for(const std::string& url);

}  // namespace newsdex

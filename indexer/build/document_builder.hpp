#pragma once
// An Item becomes a Xapian document here, following the schema table.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/parse/item.hpp"

namespace newsdex {

struct BuiltDocument {
  std::string id;       // unique id (see unique_id.hpp)
  std::string id_term;  // the Q term naming it
  std::string content_hash;  // changes whenever anything stored or indexed changes, but first_seen
  std::string data;     // the stored JSON (schema::kDataVersion)
  std::string url;      // canonical
  std::string story;    // the item's, or its id for a story of one
  std::optional<std::int64_t> date;        // Document::date()
  std::optional<std::int64_t> first_seen;  // Document::first_seen
  std::optional<std::int64_t> sequence;    // schema::kSequenceSlot, set by the indexer
  Xapian::Document document;  // filled by index_document
};

// `terms` must be set up with the schema's stemmer; it is reused across
// calls to avoid re-allocating (TermGenerator keeps no per-document state
// once set_document is called).
BuiltDocument build_document(const Item& item, Xapian::TermGenerator& terms);

// build_document in two steps: what is stored and hashed (enough to tell an
// unchanged item, cheap), then the terms and values (most of the work), so
// that the second can run on another thread (a shard's writer).
BuiltDocument describe_document(const Item& item);
void index_document(const Item& item, BuiltDocument& built, Xapian::TermGenerator& terms);

// The host of `url` and every parent domain of two labels or more
// ("news.bbc.co.uk" -> news.bbc.co.uk, bbc.co.uk, co.uk), so that
// site:bbc.co.uk matches every BBC host.
std::vector<std::string> site_terms_for(const std::string& url);

}  // namespace newsdex

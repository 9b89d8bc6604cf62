#pragma once
// Which documents are the same item: the unique id and its Xapian term.

#include <string>
#include <string_view>

#include "common/terms.hpp"  // id_term, stable_hash: what callers pair with unique_id
#include "indexer/parse/item.hpp"

namespace newsdex {

// The item's identity, in order of preference: its guid / atom:id (a URL
// guid canonicalised like a link, so tracking parameters don't split an
// item in two), else its canonical link, else "hash:" + a hash of its
// content: for feed items the feed, title and date; for plain-text news the
// outlet, title and the start of the text, normalised (case, punctuation,
// quotes and spacing ignored), so the same article read from two digests or
// two files is one document.
std::string unique_id(const Item& item);

}  // namespace newsdex

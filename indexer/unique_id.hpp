#pragma once
// Which documents are the same item: the unique id and its Xapian term.

#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/item.hpp"

namespace newsdex {

// The item's identity, in order of preference: its guid / atom:id (a URL
// guid canonicalised like a link, so tracking parameters don't split an
// item in two), else its canonical link, else "hash:" + a hash of source,
// title and date (so an item with neither is still stable across runs).
std::string unique_id(const Item& item);

// The boolean term that names the document with this id. Xapian terms are
// limited to 245 bytes, so a long id is cut and completed with its hash.
std::string id_term(std::string_view id);

// 64-bit FNV-1a: stable across runs and platforms (std::hash is neither).
std::uint64_t stable_hash(std::string_view bytes) noexcept;

}  // namespace newsdex

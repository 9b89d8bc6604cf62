#pragma once
// Which documents are the same item: the unique id and its Xapian term.

#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/item.hpp"

namespace newsdex {

// The item's identity, in order of preference: its guid / atom:id (a URL
// guid canonicalised like a link, so tracking parameters don't split an
// item in two), else its canonical link, else "hash:" + a hash of its
// content: for feed items the feed, title and date; for plain-text news the
// outlet, title and the start of the text, normalised (case, punctuation,
// quotes and spacing ignored), so the same article read from two digests or
// two files is one document.
std::string unique_id(const Item& item);

// `prefix` + `value` as a Xapian term. Terms are limited to 245 bytes, so a
// long value is cut (on a character boundary) and completed with its hash.
std::string bounded_term(std::string_view prefix, std::string_view value);

// The boolean term that names the document with this id.
std::string id_term(std::string_view id);

// 64-bit FNV-1a: stable across runs and platforms (std::hash is neither).
std::uint64_t stable_hash(std::string_view bytes) noexcept;

}  // namespace newsdex

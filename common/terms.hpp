#pragma once
// Xapian terms built from arbitrary values (ids, story ids), and the stable
// hash that keeps them short: shared by the indexer, which writes them, and
// the searcher, which looks documents up by them.

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdex {

// `prefix` + `value` as a Xapian term. Terms are limited to 245 bytes, so a
// long value is cut (on a character boundary) and completed with its hash.
std::string bounded_term(std::string_view prefix, std::string_view value);

// The boolean term that names the document with this id.
std::string id_term(std::string_view id);

// The full hash a short id is a prefix of: stable_hash(id), mixed, as 16
// lower-case hex digits (kShortId's terms).
std::string id_hash(std::string_view id);

// The term every document read from `input` (a file's absolute path, a
// feed's URL) carries: schema::kInput.
std::string input_term(std::string_view input);

// 64-bit FNV-1a: stable across runs and platforms (std::hash is neither).
std::uint64_t stable_hash(std::string_view bytes) noexcept;

}  // namespace newsdex

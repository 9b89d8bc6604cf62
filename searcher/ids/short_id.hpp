#pragma once
// Short ids, like git's abbreviated hashes: a document's short id is the
// shortest prefix (at least kMinShortId hex digits) of id_hash(id) that no
// other document's hash starts with. Read from the kShortId terms, so they
// work over every database of a set, remote ones too.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsdex {

inline constexpr std::size_t kMinShortId = 6;

// The short id of the document with this full id; empty when the index has
// no hash term for it (a document written before short ids existed).
std::string short_id(const Xapian::Database& db, std::string_view id);

// True when `text` could be a short id: 4 to 16 hex digits.
bool looks_like_short_id(std::string_view text) noexcept;

// The full ids of the documents whose hash starts with `prefix` (hex, any
// case), at most `limit` of them.
std::vector<std::string> ids_with_hash_prefix(const Xapian::Database& db, std::string_view prefix,
                                              std::size_t limit = 10);

// The full id `key` names: itself when a document has it, else the one
// document whose short id it is. Throws Error(not_found) when there is none
// and Error(invalid_argument) listing the candidates when several match.
std::string resolve_id(const Xapian::Database& db, std::string_view key);

}  // namespace newsdex

#pragma once
// A user's query string to a Xapian query, with the schema's fields.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace newsdex {

// Limits that keep a hostile query bounded (README: Limits). Longer queries
// and queries of more distinct terms are refused with Error(query); a
// wildcard matches the most frequent words it expands to, at most
// kMaxWildcardTerms of them (Xapian's WILDCARD_LIMIT_MOST_FREQUENT).
inline constexpr std::size_t kMaxQueryBytes = 32 * 1024;
inline constexpr std::size_t kMaxQueryTerms = 1024;  // Lucene's default clause limit
inline constexpr unsigned kMaxWildcardTerms = 1000;

struct BuiltQuery {
  Xapian::Query query;
  // False when the query has nothing to rank by (empty, or only filters such
  // as source:, site:, date:): the caller then lists newest first.
  bool has_text_terms = false;
};

// Xapian's query language (AND OR NOT + - "phrase" NEAR prefix*) with the
// fields of common/schema.hpp, and date ranges date:A..B where A and B are
// YYYY, YYYY-MM or YYYY-MM-DD (either may be left out). `db` is used to
// expand wildcards. `stopper` (may be null) drops stopwords outside phrases,
// unless a query has nothing else. Throws Error(query) with the reason.
BuiltQuery build_query(std::string_view text, const Xapian::Database& db, bool match_all,
                       const Xapian::Stopper* stopper = nullptr);

// `text` with each word that is in no document replaced by the index's
// likeliest spelling of it (Xapian's spelling data: edit distance, then
// frequency); empty when there is nothing to correct. A word any document
// has is kept, however rare; so are operators, field names and filter
// values.
std::string spelling_correction(std::string_view text, const Xapian::Database& db, bool match_all);

// The documents published in [first, after), two midnights UTC, as a
// filter of the date terms the indexer gives each (date:YYYY-MM for whole
// months, date:YYYY-MM-DD for the other days): the same documents as a range
// over the published-time value, found from a few posting lists instead of
// the value of every candidate. Nullopt when it would take more than 64 terms.
std::optional<Xapian::Query> date_terms_query(std::int64_t first, std::int64_t after);

// True for a term that comes from searchable text (body or title) rather than
// a filter field.
bool is_text_term(std::string_view term) noexcept;

}  // namespace newsdex

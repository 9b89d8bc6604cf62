#pragma once
// The schema: every field's term prefix, value slot and weight, in one table.
// The indexer writes documents with it and the query parser reads queries with
// it, so the two cannot disagree. Prefixes follow Xapian's conventions
// (docs/termprefixes.rst): Q unique id, S title, A author, K category, H host,
// L language, X... newsdex's own.

#include <array>
#include <string_view>

#include <xapian.h>

namespace newsdex::schema {

enum class FieldKind {
  text,     // free text: stemmed words with positions, searchable as field:word
  boolean,  // exact filter terms: field:value
};

struct Field {
  std::string_view name;    // as a user types it before ':' ("" = not queryable)
  std::string_view prefix;  // Xapian term prefix
  FieldKind kind;
  // Free text: within-document frequency added per occurrence of a word,
  // both under the prefix and, when `in_body`, unprefixed. This is how the
  // title outweighs the body under BM25 (Xapian has no BM25F).
  unsigned weight;
  bool in_body;  // also indexed unprefixed, so a plain query finds it
};

inline constexpr Field kTitle{"title", "S", FieldKind::text, 3, true};
inline constexpr Field kBody{"", "", FieldKind::text, 1, true};
inline constexpr Field kAuthor{"author", "A", FieldKind::text, 1, true};
inline constexpr Field kSource{"source", "XSRC", FieldKind::text, 1, true};
inline constexpr Field kCategory{"category", "K", FieldKind::text, 1, true};
inline constexpr Field kSite{"site", "H", FieldKind::boolean, 0, false};
inline constexpr Field kLanguage{"lang", "L", FieldKind::boolean, 0, false};
inline constexpr Field kKind{"kind", "XKIND", FieldKind::boolean, 0, false};
// date:2025, date:2025-12, date:2025-12-01 as terms; date:A..B as a value range.
inline constexpr Field kDate{"date", "XD", FieldKind::boolean, 0, false};
inline constexpr Field kId{"id", "Q", FieldKind::boolean, 0, false};
inline constexpr Field kStory{"story", "XSTORY", FieldKind::boolean, 0, false};
// 16 hex digits of stable_hash(id): a hit's short id is its shortest unique
// prefix (like git's), found and resolved from these terms (short_id.hpp).
// Not a field of its own: id: accepts a short id.
inline constexpr Field kShortId{"", "XSID", FieldKind::boolean, 0, false};

// Every document has one term kInput.prefix + id_hash(input): the file, feed
// URL or "<stdin>" it was read from. Indexing a file again finds the file's
// documents by it, and folder:NAME expands, when the query is parsed, to the
// inputs of the feeds filed under NAME (kFeedListKey), so refiling a feed
// needs no reindexing.
inline constexpr Field kInput{"folder", "XIN", FieldKind::boolean, 0, false};

inline constexpr std::array kFields{kTitle, kBody, kAuthor, kSource, kCategory, kSite,
                                    kLanguage, kKind, kDate, kId, kStory, kShortId, kInput};

// Metadata keys: the feed list (JSON, written by indexer/update.cpp) and the
// folders indexed, for sync (indexer/folder_sync.cpp).
inline constexpr std::string_view kFeedListKey = "newsdex.feeds";
inline constexpr std::string_view kFolderListKey = "newsdex.folders";

// The queryable field a user writes as `name:`, or null.
constexpr const Field* field_named(std::string_view name) {
  if (name.empty()) return nullptr;
  for (const auto& f : kFields)
    if (f.name == name) return &f;
  return nullptr;
}

// The kinds a document can have (Document::kind), which kind: accepts.
inline constexpr std::array<std::string_view, 5> kKinds{"feed-item", "article", "digest-source",
                                                        "digest-summary", "teaser"};

// Value slots.
// sortable_serialise(UTC seconds) of Document::date(): published, else
// updated, else first seen. Date filters, sorting and expiry read it.
inline constexpr Xapian::valueno kPublishedSlot = 0;
inline constexpr Xapian::valueno kContentHashSlot = 1;  // detects changed items on re-index
inline constexpr Xapian::valueno kSourceSlot = 2;  // the source's name, for counting by source
inline constexpr Xapian::valueno kKindSlot = 3;    // the document's kind, for kind weights
inline constexpr Xapian::valueno kMonthSlot = 4;   // "YYYY-MM" of the date, for facets
inline constexpr Xapian::valueno kCategoriesSlot = 5;  // categories, one per line, for facets
inline constexpr Xapian::valueno kStorySlot = 6;  // the story id: results collapse on it
inline constexpr Xapian::valueno kFirstSeenSlot = 8;  // sortable_serialise(Document::first_seen)
// The order documents were first stored in (sortable_serialise of 1, 2, ...),
// kept when one is rewritten: "indexed before" for story decisions, which
// docids cannot tell across time partitions. Absent in older indexes.
inline constexpr Xapian::valueno kSequenceSlot = 9;

// ---- Near-duplicate detection (indexer/stories/near_duplicate.hpp) ----
// Each fingerprinted document has one boolean term per LSH band,
// kNearDuplicateBandPrefix + 16 hex digits, never queried by users: the
// indexer reads their posting lists to find a new document's candidates.
// The MinHash signature (240 bytes) is kept in kSignatureSlot to confirm them.
inline constexpr std::string_view kNearDuplicateBandPrefix = "XNDB";
inline constexpr Xapian::valueno kSignatureSlot = 7;

// Ranking bonus added to a document's BM25 score by its kind when a query has
// words to rank by. Teasers (a headline and a line about another story) get
// none, so full articles that match as well come first.
struct KindWeight {
  std::string_view kind;
  double bonus;
};
inline constexpr double kDefaultKindBonus = 1.0;
inline constexpr std::array kKindWeights{KindWeight{"teaser", 0.0}};


// Stemming for free text. Every word is indexed and searched as its stem
// (with positions, so phrases match stems too): "Chips", "chips" and "chip"
// are one term. Stemming only some words (Xapian's STEM_SOME skips
// capitalised ones) made "DeepSeek" and "deepseek" find different documents.
inline constexpr std::string_view kStemLanguage = "english";
inline constexpr auto kIndexStemming = Xapian::TermGenerator::STEM_ALL;
inline constexpr auto kQueryStemming = Xapian::QueryParser::STEM_ALL;

// Version of the record kept as each document's data (see stored_document):
// 2, a binary record; 1 (still read), JSON.
inline constexpr int kDataVersion = 2;

}  // namespace newsdex::schema

// ---------------------------------------------------------------------------
// Ranking at query time (BM25 parameters, stopwords, feedback) is set in
// common/ranking.hpp; the field weights above are what indexing fixes.
// ---------------------------------------------------------------------------

#pragma once
// Which documents are the same item: the unique id and its Xapian term.
//
// Two items become one document only when they are the same item. The rules
// (ARCHITECTURE.md, "Identity"), for the items of one feed:
//  1. A guid / atom:id as written (whitespace normalised; a URL guid
//     canonicalised like a link, except that its #fragment is kept: items
//     told apart only by fragment are different items).
//  2. No guid: the link, canonicalised the same way, when no other guid-less
//     item of the feed has it; when several share it (a site's news page),
//     the link plus a hash of the title, date and the words of the text.
//  3. Neither: "hash:" + a hash of title, description, content and date.
//  4. Two items that still share an id are one item only when their content
//     is the same too (a repeat: stored once, with a warning); otherwise
//     the later ones get the id plus a hash of their content, with a warning
//     naming the id.
// Plain-text news (articles, digests) keeps its own rule: the canonical link,
// else a hash of the outlet, title and the start of the text, normalised
// (case, punctuation, quotes and spacing ignored), so the same article read
// from two digests or two files is one document.

#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"
#include "common/terms.hpp"  // id_term, stable_hash: what callers pair with unique_id
#include "indexer/parse/item.hpp"

namespace newsdex {

// item.id when assign_ids (or an import) set it, else rules 1-3 for an item
// on its own.
std::string unique_id(const Item& item);

// Sets every item's id by rules 1-4. Returns the warnings: each exact
// repeat, each id shared by items that differ.
std::vector<Diagnostic> assign_ids(std::vector<Item>& items);

// The id the item had under identity rule 1 (before fragments were kept and
// shared links split): what the index looks for when the id is not found, so
// an index written by an older newsdex moves its documents to their new ids
// as their items are seen again, instead of adding them twice.
std::string legacy_unique_id(const Item& item);

// The other id rule 2 gives a guid-less item with a link, depending on
// whether other items of its feed share the link (the link alone, or the
// link and its key); empty when there is none. A document stored under it is
// this item's when the title matches: a feed whose shared link becomes
// unique, or the other way round, keeps its documents.
std::string other_link_id(const Item& item);

}  // namespace newsdex

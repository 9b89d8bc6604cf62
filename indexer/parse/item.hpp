#pragma once
// The record every parser produces: one news item, as plain UTF-8 text.
// Parsers fill it; document_builder turns it into a Xapian document.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.hpp"

#include "newsdex/document.hpp"  // Citation

namespace newsdex {

// The identity rule (unique_id.hpp) ids are made by now; 0 stands for any
// rule before (an index or export written by an older newsdex).
inline constexpr int kIdentityRule = 2;

struct Item {
  std::string guid;     // guid / atom:id / rdf:about as given; may be empty
  std::string id;       // the identity, once assign_ids (unique_id.hpp) has set it
  int identity_rule = kIdentityRule;  // the rule that made the id (an old export's: 0)
  std::string title;    // plain text
  std::string link;     // as given (absolute when the feed gave an absolute one)
  std::vector<std::string> authors;  // plain-text names, in the feed's order, no duplicates
  std::string summary;  // plain text: description / atom:summary
  std::string content;  // plain text: content:encoded / atom:content
  std::optional<std::int64_t> published;  // UTC seconds
  std::optional<std::int64_t> updated;
  std::optional<std::int64_t> first_seen;  // set by the indexer (Document::first_seen)
  std::vector<std::string> categories;  // plain text, in feed order, no duplicates
  std::string enclosure;  // enclosure / media:content URL
  std::string language;   // item's, else the feed's (e.g. "en", "en-us")
  std::string source;     // the outlet: the feed's title, or a named source
  // "feed-item", "article", "digest-source", "digest-summary" or "teaser".
  std::string kind = "feed-item";
  std::string story;      // shared by every document of one story (a digest); may be empty
  std::string place;      // a dateline's place ("HONG KONG"), when the text gives one
  std::size_t position = 0;  // 0-based order of the item within its input
  std::size_t line = 0;      // the line its element starts on, for a feed's items
  std::size_t source_count = 0;  // a teaser's "N Sources"
  std::vector<Citation> citations;  // a digest summary's sentences and what they cite
  std::string input;      // the file (or URL, or "<stdin>") it was read from; set by the indexer
};

// Appends `value` to a list of categories or authors unless it is empty or
// there already: lists keep the feed's order, without duplicates.
inline void add_unique(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

// Language tags are written with '-' (BCP 47); feeds often use '_'.
inline std::string language_tag(std::string tag) {
  std::replace(tag.begin(), tag.end(), '_', '-');
  return tag;
}

// Calls `f` on every text field of `item`, list entries included: for the
// parsers' last repairs of what they extracted.
template <typename F>
void for_each_text(Item& item, F&& f) {
  for (std::string* field : {&item.guid, &item.title, &item.link, &item.summary, &item.content, &item.enclosure,
                             &item.language, &item.source})
    f(*field);
  for (std::string& category : item.categories) f(category);
  for (std::string& name : item.authors) f(name);
}

// The authors as one string, as Document::author and identity hashes take it.
inline std::string join_authors(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out.append(out.empty() ? "" : ", ").append(n);
  return out;
}

}  // namespace newsdex

// parse_feed: RSS, RDF and Atom from any bytes, never throwing, with item text
// that is valid UTF-8; then the feed's identities (assign_ids): every item has
// one, and two items share one only when their content is the same.
#include <map>

#include "common/html_text.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/unique_id.hpp"
#include "tests/fuzz/item_checks.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  newsdex::ParsedFeed feed = newsdex::parse_feed(bytes);
  newsdex::fuzz::check(!feed.error || feed.items.empty(), "an unreadable feed yields no items");
  newsdex::fuzz::check_items(feed.items);
  newsdex::fuzz::check_text(feed.feed.title, "feed title is valid UTF-8 without NUL");
  const std::size_t items = feed.items.size();
  const auto warnings = newsdex::assign_ids(feed.items);
  newsdex::fuzz::check(feed.items.size() == items, "assign_ids keeps every item");
  std::map<std::string, const newsdex::Item*> by_id;
  for (const auto& item : feed.items) {
    newsdex::fuzz::check(!item.id.empty(), "every item has an id");
    auto [it, fresh] = by_id.emplace(item.id, &item);
    if (!fresh)
      newsdex::fuzz::check(newsdex::normalize_whitespace(it->second->title) == newsdex::normalize_whitespace(item.title) &&
                               newsdex::normalize_whitespace(it->second->summary) ==
                                   newsdex::normalize_whitespace(item.summary),
                           "items sharing an id are the same item");
  }
  newsdex::fuzz::check(by_id.size() == items || !warnings.empty(), "a repeat is reported");
}

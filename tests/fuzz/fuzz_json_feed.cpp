// parse_json_feed: JSON Feed from any bytes, never throwing, with item text
// that is valid UTF-8 without NUL; detection never reads past the bytes
// (the sanitizers' part); and the feed's identities (assign_ids) keep every
// item.
#include "indexer/parse/json_feed.hpp"
#include "indexer/parse/unique_id.hpp"
#include "tests/fuzz/item_checks.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  (void)newsdex::looks_like_json_feed(bytes);
  newsdex::ParsedFeed feed = newsdex::parse_json_feed(bytes);
  newsdex::fuzz::check(!feed.error || feed.items.empty(), "an unreadable feed yields no items");
  newsdex::fuzz::check_items(feed.items);
  newsdex::fuzz::check_text(feed.feed.title, "feed title is valid UTF-8 without NUL");
  const std::size_t items = feed.items.size();
  newsdex::assign_ids(feed.items);
  newsdex::fuzz::check(feed.items.size() == items, "assign_ids keeps every item");
  for (const auto& item : feed.items) newsdex::fuzz::check(!item.id.empty(), "every item has an id");
}

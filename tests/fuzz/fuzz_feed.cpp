// parse_feed: RSS, RDF and Atom from any bytes, never throwing, with item text
// that is valid UTF-8.
#include "indexer/parse/feed_parser.hpp"
#include "tests/fuzz/item_checks.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  const newsdex::ParsedFeed feed = newsdex::parse_feed(bytes);
  newsdex::fuzz::check(!feed.error || feed.items.empty(), "an unreadable feed yields no items");
  newsdex::fuzz::check_items(feed.items);
  newsdex::fuzz::check_text(feed.feed.title, "feed title is valid UTF-8 without NUL");
}

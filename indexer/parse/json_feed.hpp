#pragma once
// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) to Items,
// the same ParsedFeed parse_feed gives for RSS and Atom. A pure function of
// the bytes: no files, no index, no clock.

#include <cstddef>
#include <string_view>

#include "indexer/parse/feed_parser.hpp"

namespace newsdex {

// Objects and arrays nested deeper than this make the feed an error: a
// JSON Feed needs 4 levels (feed, items, item, authors/attachments), and
// hostile input must not cost unbounded memory or recursion.
inline constexpr std::size_t kMaxJsonDepth = 100;

// True when the bytes are a JSON object (after blanks and a UTF-8 BOM) with
// a "version" member starting "https://jsonfeed.org/version/" (or http://,
// slashes escaped as "\/" too, as PHP writes them). A scan, not a parse.
bool looks_like_json_feed(std::string_view bytes) noexcept;

// Parses a JSON Feed. Text comes out as plain text (content_html and
// summary through the HTML-to-text conversion); ids that are numbers are
// taken as their text; an item without its own authors or language has the
// feed's. Never throws for bad input: invalid JSON, a top level that is no
// object, or no "items" array sets `error` (with the line when known); an
// item that is no object, or has no id, url or content, is skipped with a
// warning naming its index.
ParsedFeed parse_json_feed(std::string_view bytes);

}  // namespace newsdex

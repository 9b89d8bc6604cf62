#pragma once
// RSS 0.9x/2.0, RSS 1.0 (RDF), RSS 1.1 and Atom (0.3 and 1.0 feeds, Entry
// Documents, a feed inside an XHTML page) to Items. A pure function of the
// bytes: no files, no index, no clock.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/parse/item.hpp"

namespace newsdex {

struct FeedInfo {
  std::string format;  // "rss" (0.9x/2.0), "rdf" (RSS 1.0) or "atom"
  std::string title;   // plain text
  std::string link;
  std::string language;
  std::vector<std::string> authors;  // an Atom feed's, which its entries without one inherit
};

struct ParsedFeed {
  FeedInfo feed;
  std::vector<Item> items;
  std::vector<Diagnostic> warnings;  // recovered problems ("bozo" in feedparser)
  std::optional<Diagnostic> error;   // set when the bytes are not a readable feed
};

// True when the first non-blank character (after any BOM, in any of the
// UTF-8/16/32 encodings) is '<'.
bool looks_like_xml(std::string_view bytes) noexcept;

// Parses a feed. Every text field comes out as plain text (HTML converted,
// entities decoded, whitespace normalised; an Atom text construct as its
// type= says). `http_charset` is a charset from a Content-Type header, when
// there was one. `url` is where the feed was read from (the fetched URL, or
// a Content-Location): links are made absolute against xml:base, else the
// channel's link, else `url`. Never throws for bad input: an unreadable feed
// sets `error`.
ParsedFeed parse_feed(std::string_view bytes, std::string_view http_charset = {},
                      std::string_view url = {});

}  // namespace newsdex

#pragma once
// A stored document: everything newsdex keeps of one news item.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsdex {

// One sentence of a digest's summary and the documents it cites.
struct Citation {
  std::string sentence;
  std::vector<std::string> source_ids;  // ids of the cited documents
};

struct Document {
  std::string id;       // unique id: guid / atom:id, canonical link, or a content hash
  std::string title;
  std::string url;      // canonical link (tracking parameters removed)
  std::string source;   // the feed's title or the outlet
  std::string author;                // the authors joined by ", " (what author: searches)
  std::vector<std::string> authors;  // each name apart, in the feed's order
  std::optional<std::int64_t> published;  // seconds since the epoch, UTC, as the item gave it
  std::optional<std::int64_t> updated;    // the same
  // When newsdex first stored the item: the feed's fetch time, or a file's
  // modification time. Kept when the item is indexed again or changes.
  std::optional<std::int64_t> first_seen;
  std::vector<std::string> categories;
  std::string summary;
  std::string content;
  std::string enclosure;  // enclosure / media URL
  std::string language;
  // "feed-item", "article", "digest-source", "digest-summary" or "teaser".
  std::string kind;
  std::string story;     // shared by the documents of one story; a lone document's is its id
  std::string place;     // a dateline's place, when the text gave one
  std::string input;     // the file, URL or "<stdin>" it was read from
  std::size_t position = 0;      // its order within that input
  std::size_t source_count = 0;  // a teaser's number of sources
  std::vector<Citation> citations;  // a digest summary's sentences and what they cite

  // The text snippets are cut from: the full content when there is one.
  const std::string& body() const { return content.empty() ? summary : content; }

  // The date filters, sorting and expiry use: published, else updated, else
  // first seen, so every document has one (but those of an index written
  // before first-seen was kept, until they change). date_source() names it.
  std::optional<std::int64_t> date() const {
    return published ? published : updated ? updated : first_seen;
  }
  const char* date_source() const {
    return published ? "published" : updated ? "updated" : first_seen ? "first-seen" : "";
  }
};

}  // namespace newsdex

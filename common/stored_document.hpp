#pragma once
// What a document stores for display: the fields a result line needs and the
// text snippets are cut from, kept in the Xapian document's data as JSON.
// The indexer encodes it; the searcher decodes it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsdex {

struct StoredDocument {
  std::string id;
  std::string title;
  std::string url;
  std::string source;
  std::string author;
  std::optional<std::int64_t> published;
  std::optional<std::int64_t> updated;
  std::vector<std::string> categories;
  std::string summary;
  std::string content;
  std::string enclosure;
  std::string language;
  std::string kind;

  // The text snippets are cut from: the full content when there is one.
  const std::string& body() const { return content.empty() ? summary : content; }
};

std::string encode(const StoredDocument& doc);
// Throws Error(corrupt) when `data` is not a stored document.
StoredDocument decode(const std::string& data);

}  // namespace newsdex

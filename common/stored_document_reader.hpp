#pragma once
// Reading a document's stored JSON (see stored_document.hpp) without a DOM:
// every hit decodes its document, and nlohmann's DOM (a map of nodes, each
// string scanned a byte at a time) cost as much as ranking the query.

#include <optional>
#include <string_view>

#include "newsdex/document.hpp"

namespace newsdex {

// The Document `data` holds, or nullopt when it is not a JSON object.
// Accepts exactly the JSON nlohmann does (RFC 8259, UTF-8 checked; unknown
// values nested deeper than 512 levels aside) and fills the Document as the
// nlohmann-based decoder did: a key read as its type or left empty, unknown
// keys skipped, the last of repeated keys kept.
std::optional<Document> read_stored_document(std::string_view data);

}  // namespace newsdex

#pragma once
// A Document is kept in its Xapian document's data as JSON: the indexer
// encodes it, the searcher decodes it. Unknown keys are ignored and missing
// ones left empty, so older and newer indexes stay readable.

#include <string>

#include "newsdex/document.hpp"

namespace newsdex {

std::string encode(const Document& doc);
// Throws Error(corrupt) when `data` is not a stored document.
Document decode(const std::string& data);

}  // namespace newsdex

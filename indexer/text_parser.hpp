#pragma once
// Plain-text news (an article copied from a page, a newsletter) to Items.
// A pure function of the bytes.

#include <string_view>
#include <vector>

#include "indexer/item.hpp"

namespace newsdex {

struct ParsedText {
  std::vector<Item> items;
  std::vector<Diagnostic> warnings;
};

// A plain article: the first non-blank line is the title, the following
// lines the body. Input may be UTF-8 (with or without BOM), or anything
// else, which is read as windows-1252 with a warning; CRLF and CR line ends
// are accepted. Empty input yields no item and a warning.
ParsedText parse_text_article(std::string_view bytes);

}  // namespace newsdex

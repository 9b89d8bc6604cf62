#pragma once
// HTML fragments (feed titles, summaries, content) to plain text.

#include <string>
#include <string_view>

namespace newsdex {

// Parses `html` with an HTML5 parser (gumbo) and returns its text: tags
// removed, entities decoded (named, decimal, hex), script/style/noscript/
// template contents dropped, block elements (p, div, br, li, h1-h6, tr, ...)
// separating words, all whitespace runs collapsed to one space, trimmed.
// Input without '<' or '&' skips the parser. Never throws for bad markup.
std::string html_to_text(std::string_view html);

// Collapses runs of Unicode/ASCII whitespace (including U+00A0 NBSP) to one
// ASCII space and trims both ends. C1 controls (U+0080-U+009F), which in news
// are mislabelled windows-1252 punctuation, become that punctuation.
std::string normalize_whitespace(std::string_view text);

}  // namespace newsdex

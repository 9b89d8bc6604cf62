#pragma once
// Properties every parsed item has, whatever the bytes were: its text is
// valid UTF-8 (the index and the JSON output depend on it) and has no NUL.

#include <string_view>
#include <vector>

#include "common/encoding.hpp"
#include "indexer/parse/item.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace newsdex::fuzz {

inline void check_text(std::string_view text, const char* what) {
  check(is_valid_utf8(text), what);
  check(text.find('\0') == std::string_view::npos, what);
}

inline void check_items(const std::vector<Item>& items) {
  for (const Item& item : items) {
    check_text(item.title, "item title is valid UTF-8 without NUL");
    check_text(item.summary, "item summary is valid UTF-8 without NUL");
    check_text(item.content, "item content is valid UTF-8 without NUL");
    for (const auto& name : item.authors) check_text(name, "item author is valid UTF-8 without NUL");
    check_text(item.source, "item source is valid UTF-8 without NUL");
    for (const auto& c : item.categories) check_text(c, "item category is valid UTF-8 without NUL");
  }
}

}  // namespace newsdex::fuzz

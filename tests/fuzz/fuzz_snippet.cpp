// Snippets: the first line holds the matched words, the rest is the text;
// marks are in order, inside the text, and on character boundaries.
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "common/schema.hpp"
#include "searcher/present/snippet.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace {

bool on_boundary(const std::string& text, std::size_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

void check_marks(const newsdex::Highlighted& h) {
  std::size_t last = 0;
  for (const auto& mark : h.marks) {
    newsdex::fuzz::check(last <= mark.begin && mark.begin < mark.end && mark.end <= h.text.size(),
                         "marks are ordered, non-empty and inside the text");
    newsdex::fuzz::check(on_boundary(h.text, mark.begin) && on_boundary(h.text, mark.end),
                         "marks start and end on character boundaries");
    last = mark.end;
  }
  newsdex::fuzz::check(newsdex::is_valid_utf8(h.text), "a snippet is valid UTF-8");
}

}  // namespace

NEWSDEX_FUZZ_TARGET(bytes) {
  const std::size_t newline = std::min(bytes.find('\n'), bytes.size());
  std::vector<std::string> terms;
  std::string_view words = bytes.substr(0, newline);
  while (!words.empty()) {
    const std::size_t space = std::min(words.find(' '), words.size());
    if (space > 0) terms.emplace_back(words.substr(0, space));
    words.remove_prefix(std::min(space + 1, words.size()));
  }
  const std::string text = newsdex::repair_utf8(bytes.substr(std::min(newline + 1, bytes.size()))).text;
  const newsdex::TermMatcher matcher(terms, Xapian::Stem(std::string(newsdex::schema::kStemLanguage)));
  check_marks(newsdex::make_snippet(text, matcher, 200));
  check_marks(newsdex::mark_all(text, matcher));
}

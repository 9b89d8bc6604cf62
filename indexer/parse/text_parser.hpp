#pragma once
// Plain-text news to Items: multi-source digests, scraped article pages and
// plain articles. Pure functions of the bytes and the options.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/parse/item.hpp"

namespace newsdex {

// Phrases that mark page chrome and newsletter/paywall boilerplate, read from
// a user-editable file (data/boilerplate.conf). See that file for its format.
class Boilerplate {
 public:
  Boilerplate();  // no phrases
  // Parses the file's text; unknown lines become `warnings`.
  static Boilerplate parse(std::string_view text, std::vector<Diagnostic>& warnings);
  // Adds another file's phrases to these (a user's own file after the shipped one).
  void merge(const Boilerplate& other);

  // Implementation-defined representation of the phrase lists (the text
  // parser's author owns it).
  struct Lists;
  const Lists& lists() const;

  Boilerplate(const Boilerplate&);
  Boilerplate& operator=(const Boilerplate&);
  Boilerplate(Boilerplate&&) noexcept;
  Boilerplate& operator=(Boilerplate&&) noexcept;
  ~Boilerplate();

 private:
  std::unique_ptr<Lists> lists_;
};

enum class TextKind {
  automatic,  // detected from the content
  digest,     // a multi-source digest
  article,    // an article: a scraped page (chrome removed) or a plain one
};

struct TextOptions {
  // Year-less dates ("April 26") take their year from this time (UTC seconds):
  // the indexer passes --date, else the file's modification time.
  std::int64_t reference_time = 0;
  // May be null: then no chrome/boilerplate is removed.
  const Boilerplate* boilerplate = nullptr;
};

struct ParsedText {
  std::vector<Item> items;
  std::vector<Diagnostic> warnings;
};

// Empty input yields no item and a warning. Input may be UTF-8 (with or
// without BOM) or anything else, which is read as windows-1252 with a warning;
// LF, CRLF and CR line ends are accepted.
ParsedText parse_text(std::string_view bytes, const TextOptions& options,
                      TextKind kind = TextKind::automatic);

}  // namespace newsdex

#pragma once
// One line of an export (newsdex/search.hpp: export_documents) read back: a
// pure function, so that import and the fuzz target read lines the same way.

#include <cstddef>
#include <string>
#include <string_view>

#include "indexer/parse/item.hpp"

namespace newsdex {

// The export format this version writes and reads; the header line names it.
// 2 added "first_seen"; 3 writes dates as RFC 3339 UTC strings, as search
// output does, instead of seconds since the epoch. Formats 1 and 2 are read
// too (format 1's documents are first seen when imported).
inline constexpr int kExportFormat = 3;
inline constexpr const char* kExportHeaderKey = "newsdex_export";
inline constexpr const char* kIdentityRuleKey = "identity_rule";

struct ExportLine {
  enum class Kind {
    blank,   // nothing on it: skipped
    header,  // the export header: `message` may hold a warning
    item,    // a document to store as `item`
    bad,     // not importable: `message` says why
  };
  Kind kind = Kind::blank;
  Item item;
  std::string message;
  int identity_rule = 0;  // a header's: the rule its ids were made by (0: not said, older)
};

// `number` is the 1-based line number (a byte-order mark is dropped from line
// 1, a trailing CR from every line); `may_be_header` is true only for the
// first non-blank line. Fields of the wrong type make the line bad (a silently
// emptied field would be a lossy restore); unknown fields are ignored, so that
// exports of a newer newsdex still import. Never throws for bad input.
ExportLine read_export_line(std::string_view line, std::size_t number, bool may_be_header);

}  // namespace newsdex

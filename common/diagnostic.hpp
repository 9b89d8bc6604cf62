#pragma once
// A problem found while reading a text (a feed, a configuration file),
// reported by the pure parsers; the caller adds the file's name.

#include <cstddef>
#include <string>

namespace newsdex {

// Where in an input something happened; line 0 means unknown.
struct Diagnostic {
  std::size_t line = 0;
  std::string message;
};

}  // namespace newsdex

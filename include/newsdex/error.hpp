#pragma once
// The one error type newsdex throws across its public API. Xapian, libcurl,
// tinyxml2 and system errors are caught inside the library and come out as a
// newsdex::Error whose message says what happened and, where it can, what to
// do next.

#include <stdexcept>
#include <string>
#include <string_view>

#include "newsdex/export.hpp"

namespace newsdex {

enum class Errc {
  invalid_argument,  // a bad option or value from the caller
  not_found,         // no index (or document) at the given place
  locked,            // another process holds the index's write lock
  io,                // reading or writing a file or stream failed
  parse,             // an input could not be read as any supported format
  query,             // the query string could not be parsed
  corrupt,           // the index is damaged or of an unknown format
  internal,          // a bug in newsdex; please report it
};

// Short lowercase name of a code, e.g. "locked".
NEWSDEX_EXPORT std::string_view to_string(Errc code) noexcept;

class NEWSDEX_EXPORT Error : public std::runtime_error {
 public:
  Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Errc code() const noexcept { return code_; }

 private:
  Errc code_;
};

}  // namespace newsdex

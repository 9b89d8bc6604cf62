#include "newsdex/error.hpp"

namespace newsdex {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_argument: return "invalid argument";
    case Errc::not_found: return "not found";
    case Errc::locked: return "locked";
    case Errc::io: return "i/o error";
    case Errc::parse: return "parse error";
    case Errc::query: return "query error";
    case Errc::corrupt: return "corrupt index";
    case Errc::internal: return "internal error";
  }
  return "unknown error";
}

}  // namespace newsdex

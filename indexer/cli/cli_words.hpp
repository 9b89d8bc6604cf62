#pragma once
// Wording the newsdex-index commands share.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "newsdex/newsdex.hpp"

namespace newsdex_cli {

// Exit codes, as cron and scripts expect them (sysexits.h for the lock).
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTempFail = 75;

// "1 item", "2 items".
inline std::string n_of(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// In the local time zone (TZ), with its offset, as newsdex-search shows dates.
inline std::string when(const std::optional<std::int64_t>& t) {
  return t ? newsdex::format_time(*t) : std::string("-");
}

}  // namespace newsdex_cli

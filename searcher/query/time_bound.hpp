#pragma once
// Calendar periods as users write them in date: ranges and --since/--until.

#include <cstdint>
#include <optional>
#include <string_view>

namespace newsdex {

// "2025", "2025-12" or "2025-12-01" as [first, after): its first second
// and the first second after it (UTC). Nullopt for anything else.
struct Period {
  std::int64_t first;
  std::int64_t after;
};
std::optional<Period> parse_period(std::string_view text);

}  // namespace newsdex

#pragma once
// Dates as feeds write them, parsed to seconds since the epoch (UTC).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

// Parses, with any time zone, into UTC seconds:
// - RFC 822 / 1123 / 2822: "Sun, 03 May 2026 23:00:10 +0000", day name
//   optional, 2- or 4-digit year, seconds optional, zones as numbers (+0530),
//   names (UT, GMT, Z, EST, EDT, CST, CDT, MST, MDT, PST, PDT) or military
//   letters; a missing zone is UTC.
// - RFC 3339 / ISO 8601 / W3C-DTF: "2025-12-01T08:00:00Z",
//   "2025-12-01T08:00:00.123+05:30", "2025-12-01 08:00", "2025-12-01",
//   "2025-12", "2025"; a missing zone is UTC.
// Returns nullopt for anything else or out-of-range fields.
std::optional<std::int64_t> parse_date(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

// "2025-12-01T08:00:00Z"
std::string format_iso8601_utc(std::int64_t seconds);

// Broken-down UTC date of `seconds`.
struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
};
CivilDate civil_from_seconds(std::int64_t seconds) noexcept;

}  // namespace newsdex

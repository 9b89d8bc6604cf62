#pragma once
// Dates as feeds write them, parsed to seconds since the epoch (UTC).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

// Parses, with any time zone, into UTC seconds:
// - RFC 822 / 1123 / 2822: "Sun, 03 May 2026 23:00:10 +0000", seconds
//   optional, the time too; a missing zone is UTC.
// - Month and day names, full or abbreviated, any case, with or without a
//   trailing dot or their accents, in English, French, German, Italian,
//   Spanish, Portuguese, Dutch, Hungarian and Greek: "lun., 3 févr. 2025
//   08:00:00 GMT", "Do, 03 Mär 2022 09:00:00 +0100", "Κυρ, 11 Ιούλ 2004".
//   A day name is optional and only skipped: a wrong one changes nothing.
// - What feeds get wrong, as feedparser reads it: no comma, 1-digit day or
//   hour, a 2-digit year (00-49 is 20xx, 50-99 19xx), "15. Nov" (German),
//   "3 de marzo de 2025", "13 Feb, 2012", month first ("May 3, 2026",
//   JavaScript's "Thu Aug 30 2012 17:26:16 GMT+0200 (CEST)", asctime's
//   "Sun Jan  4 16:29:06 PST 2004"), RFC 850's "06-Nov-94", AM/PM, a
//   trailing "(comment)", no-break spaces.
// - Zones: numbers ("+0530", "-800", "+05:30", "+5"), RFC 822's names and
//   military letters, feedparser's (AT, ET, CT, MT, PT, MET, MEST, ...),
//   common European and Asia-Pacific ones (CET, CEST, MEZ, MESZ, BST, JST,
//   AEST, ...), "GMT+1", "UTC-05:00", "Etc/GMT", and a name after a number
//   ("+0100 CET", the number wins).
// - RFC 3339 / ISO 8601 / W3C-DTF: "2025-12-01T08:00:00Z",
//   "2025-12-01T08:00:00.123+05:30", "2025-12-01 08:00", "2025-12-01",
//   "2025-12", "2025"; the basic "20250105T101455Z"; ordinal "2025-335";
//   Google's "2003-012-31"; Perforce's "2006/09/15"; Hungarian
//   "2004-július-13T9:15-05:00"; Korean "2004년 05월 28일 01:31:15" and
//   "2004-05-25 오후 11:23:17" (Korean time unless a zone is given); a
//   missing zone is UTC otherwise.
// Text is UTF-8. Returns nullopt for anything else, for out-of-range fields
// (no rolling "25:00" into the next day, as feedparser does) and outside the
// years 1 to 9999 in UTC.
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

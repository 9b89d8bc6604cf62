#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "common/dates.hpp"

using newsdex::parse_date;

namespace {

struct DateCase {
  std::string_view input;
  std::string_view expected_utc;  // format_iso8601_utc of the parsed instant
};

std::string parsed_as_iso(std::string_view input) {
  const auto seconds = parse_date(input);
  return seconds ? newsdex::format_iso8601_utc(*seconds) : std::string("nullopt");
}

}  // namespace

TEST_CASE("parse_date: RFC 822 / 1123 / 2822") {
  constexpr DateCase cases[] = {
      {"Sun, 03 May 2026 23:00:10 +0000", "2026-05-03T23:00:10Z"},
      // numeric zones
      {"Sun, 03 May 2026 23:00:10 -0500", "2026-05-04T04:00:10Z"},
      {"Sun, 03 May 2026 23:00:10 +0530", "2026-05-03T17:30:10Z"},
      {"Sun, 03 May 2026 23:00:10 +05:30", "2026-05-03T17:30:10Z"},
      {"Wed 24 May 2006 14:04:24 -800", "2006-05-24T22:04:24Z"},  // seen in real feeds
      {"Sun, 03 May 2026 23:00:10 -0000", "2026-05-03T23:00:10Z"},
      // named zones
      {"Sun, 03 May 2026 23:00:10 UT", "2026-05-03T23:00:10Z"},
      {"Sun, 03 May 2026 23:00:10 UTC", "2026-05-03T23:00:10Z"},
      {"Sun, 03 May 2026 23:00:10 GMT", "2026-05-03T23:00:10Z"},
      {"Sun, 03 May 2026 23:00:10 Z", "2026-05-03T23:00:10Z"},
      {"Sun, 03 May 2026 12:00:00 EST", "2026-05-03T17:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 EDT", "2026-05-03T16:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 CST", "2026-05-03T18:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 CDT", "2026-05-03T17:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 MST", "2026-05-03T19:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 MDT", "2026-05-03T18:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 PST", "2026-05-03T20:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 PDT", "2026-05-03T19:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 pdt", "2026-05-03T19:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 GMT+0200", "2026-05-03T10:00:00Z"},
      // military letters, with RFC 822's signs (A = -1, N = +1)
      {"Sun, 03 May 2026 12:00:00 A", "2026-05-03T13:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 M", "2026-05-04T00:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 N", "2026-05-03T11:00:00Z"},
      {"Sun, 03 May 2026 12:00:00 Y", "2026-05-03T00:00:00Z"},
      // missing zone is UTC; trailing comment allowed
      {"Sun, 03 May 2026 23:00:10", "2026-05-03T23:00:10Z"},
      {"Sun, 03 May 2026 23:00:10 +0000 (UTC)", "2026-05-03T23:00:10Z"},
      // no seconds, no time
      {"Sun, 03 May 2026 23:00 GMT", "2026-05-03T23:00:00Z"},
      {"Sun, 03 May 2026", "2026-05-03T00:00:00Z"},
      // 2-digit years pivot at 50
      {"Sun, 03 May 26 23:00:10 GMT", "2026-05-03T23:00:10Z"},
      {"Thu, 01 Jan 70 00:00:00 GMT", "1970-01-01T00:00:00Z"},
      {"Fri, 31 Dec 49 00:00:00 GMT", "2049-12-31T00:00:00Z"},
      {"Sat, 01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00Z"},
      // day name optional, comma optional, case and spacing liberal
      {"03 May 2026 23:00:10 GMT", "2026-05-03T23:00:10Z"},
      {"Sun 03 May 2026 23:00:10 GMT", "2026-05-03T23:00:10Z"},
      {"sun, 03 may 2026 23:00:10 gmt", "2026-05-03T23:00:10Z"},
      {"  Sun,   3   May   2026   9:05:07   GMT  ", "2026-05-03T09:05:07Z"},
      {"Sun,3 May 2026 09:05:07 GMT", "2026-05-03T09:05:07Z"},
      {"Sunday, 03 May 2026 23:00:10 GMT", "2026-05-03T23:00:10Z"},
      {"Thu, 03 Sept 2026 10:00:00 GMT", "2026-09-03T10:00:00Z"},
      {"Thu, 03 September 2026 10:00:00 GMT", "2026-09-03T10:00:00Z"},
      {"Thu, 03 Sep. 2026 10:00:00 GMT", "2026-09-03T10:00:00Z"},
      // RFC 850 and Reuters-21578 dashes, fractional seconds
      {"Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"},
      {"26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01Z"},
      // month first, and asctime
      {"May 3, 2026 10:00 GMT", "2026-05-03T10:00:00Z"},
      {"Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z"},
      {"Sun Jan 4 16:29:06 2004", "2004-01-04T16:29:06Z"},
      // leap day, leap second, end of day
      {"Tue, 29 Feb 2000 12:00:00 GMT", "2000-02-29T12:00:00Z"},
      {"Sat, 31 Dec 2016 23:59:60 GMT", "2016-12-31T23:59:59Z"},
      {"Sun, 03 May 2026 24:00:00 GMT", "2026-05-04T00:00:00Z"},
  };
  for (const DateCase& c : cases) {
    CAPTURE(c.input);
    CHECK(parsed_as_iso(c.input) == c.expected_utc);
  }
}

TEST_CASE("parse_date: ISO 8601 / RFC 3339 / W3C-DTF") {
  constexpr DateCase cases[] = {
      {"2025-12-01T08:00:00Z", "2025-12-01T08:00:00Z"},
      {"2025-12-01t08:00:00z", "2025-12-01T08:00:00Z"},
      {"2025-12-01T08:00:00+05:30", "2025-12-01T02:30:00Z"},
      {"2025-12-01T08:00:00-08:00", "2025-12-01T16:00:00Z"},
      {"2025-12-01T08:00:00+0100", "2025-12-01T07:00:00Z"},
      {"2025-12-01T08:00:00+01", "2025-12-01T07:00:00Z"},
      {"2025-12-01T08:00:00.123+05:30", "2025-12-01T02:30:00Z"},
      {"2025-12-01T08:00:00.999999Z", "2025-12-01T08:00:00Z"},
      {"2025-12-01T08:00:00,5Z", "2025-12-01T08:00:00Z"},
      {"2025-12-01T08:00:00", "2025-12-01T08:00:00Z"},
      {"2025-12-01T08:00", "2025-12-01T08:00:00Z"},
      {"2002-10-13T09:00+01:00", "2002-10-13T08:00:00Z"},
      {"2025-12-01 08:00", "2025-12-01T08:00:00Z"},
      {"2025-12-01 08:00:00 +0000", "2025-12-01T08:00:00Z"},
      {"2025-12-01 08:00:00 GMT", "2025-12-01T08:00:00Z"},
      {"2025-12-01", "2025-12-01T00:00:00Z"},
      {"2025-12", "2025-12-01T00:00:00Z"},
      {"2025", "2025-01-01T00:00:00Z"},
      {" 2025-12-01T08:00:00Z\n", "2025-12-01T08:00:00Z"},
      {"2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00Z"},
      {"2025-12-01T24:00:00Z", "2025-12-02T00:00:00Z"},
      {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
  };
  for (const DateCase& c : cases) {
    CAPTURE(c.input);
    CHECK(parsed_as_iso(c.input) == c.expected_utc);
  }
}

// Found by the dates fuzz target: year 0 (and instants before year 1 or after
// 9999 in UTC) read as dates that print as no date reads back.
TEST_CASE("parse_date: only years 1 to 9999 (UTC)") {
  CHECK_FALSE(newsdex::parse_date("0000-00-00"));
  CHECK_FALSE(newsdex::parse_date("0000-01-01T08:00+10:00"));
  CHECK_FALSE(newsdex::parse_date("0001-01-01T08:00+10:00"));  // 0000-12-31 in UTC
  CHECK_FALSE(newsdex::parse_date("9999-12-31T23:00-02:00"));  // year 10000 in UTC
  for (std::string_view edge : {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
    CAPTURE(edge);
    const auto t = newsdex::parse_date(edge);
    REQUIRE(t);
    CHECK(newsdex::format_iso8601_utc(*t) == edge);
  }
}

TEST_CASE("parse_date: absolute values") {
  struct Case {
    std::string_view input;
    std::int64_t seconds;
  };
  constexpr Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"2025-12-01T08:00:00Z", 1764576000},
      {"Sun, 03 May 2026 23:00:10 +0000", 1777849210},
      {"1969-12-31T23:59:59Z", -1},
      {"1900-01-01", -2208988800},
      {"2000-02-29T12:00:00Z", 951825600},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(parse_date(c.input) == std::optional<std::int64_t>(c.seconds));
  }
}

TEST_CASE("parse_date: invalid input gives nullopt") {
  constexpr std::string_view cases[] = {
      "",
      "   ",
      "yesterday",
      "2025-13-01",
      "2025-00-10",
      "2025-02-30",
      "2025-12-01T",
      "2025-12-01Z",
      "2025-12-01T25:00:00Z",
      "2025-12-01T24:00:01Z",
      "2025-12-01T08:60:00Z",
      "2025-12-01T08:00:61Z",
      "2025-12-01T08:00:00+2500",
      "2025-12-01T08:00:00 garbage",
      "2025-12-01T08:00:00Zjunk",
      "2025-12-01junk",
      "20255-12-01",
      "Feb 30",
      "30 Feb 2025",
      "29 Feb 2025",
      "32 Jan 2025",
      "0 Jan 2025",
      "Sun, 03 Foo 2026 23:00:10 GMT",
      "Sun, 03 May 2026 23:00:10 XYZ",
      "Sun, 03 May 2026 23:00:10 J",
      "Sun, 03 May 2026 23:00:10 GMT and more",
      "Sun, 03 May 2026 23:0",
      "Sun, 03 May 226 23:00:10 GMT",
      "Someday, 03 May 2026",
      "03 May",
      "12:00:00",
      "2025/12/01",
  };
  for (std::string_view input : cases) {
    CAPTURE(input);
    CHECK_FALSE(parse_date(input).has_value());
  }
}

TEST_CASE("days_from_civil") {
  CHECK(newsdex::days_from_civil(1970, 1, 1) == 0);
  CHECK(newsdex::days_from_civil(1970, 1, 2) == 1);
  CHECK(newsdex::days_from_civil(1969, 12, 31) == -1);
  CHECK(newsdex::days_from_civil(2000, 3, 1) == 11017);
  CHECK(newsdex::days_from_civil(1600, 3, 1) == -135080);
  CHECK(newsdex::days_from_civil(1, 1, 1) == -719162);
}

TEST_CASE("format_iso8601_utc") {
  struct Case {
    std::int64_t seconds;
    std::string_view expected;
  };
  constexpr Case cases[] = {
      {0, "1970-01-01T00:00:00Z"},
      {1764576000, "2025-12-01T08:00:00Z"},
      {-1, "1969-12-31T23:59:59Z"},
      {-86400, "1969-12-31T00:00:00Z"},
      {-86401, "1969-12-30T23:59:59Z"},
      {-2208988800, "1900-01-01T00:00:00Z"},
      {-62135596800, "0001-01-01T00:00:00Z"},
      {-62135596801, "0000-12-31T23:59:59Z"},
      {-62167219201, "-0001-12-31T23:59:59Z"},
      {253402300799, "9999-12-31T23:59:59Z"},
      {951825600, "2000-02-29T12:00:00Z"},
      // the whole int64 range formats without overflow
      {std::numeric_limits<std::int64_t>::max(), "292277026596-12-04T15:30:07Z"},
      {std::numeric_limits<std::int64_t>::min(), "-292277022657-01-27T08:29:52Z"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.seconds);
    CHECK(newsdex::format_iso8601_utc(c.seconds) == c.expected);
  }
}

TEST_CASE("format_iso8601_utc round-trips through parse_date") {
  // Every 3 days and 7 hours from 1800 to 2200, plus the edges of 1970.
  for (std::int64_t s = -5364662400; s < 7258118400; s += 3 * 86400 + 7 * 3600 + 13) {
    const std::string text = newsdex::format_iso8601_utc(s);
    const auto back = parse_date(text);
    if (!back || *back != s) {
      CAPTURE(s);
      CAPTURE(text);
      FAIL("round trip failed");
    }
  }
  for (std::int64_t s : {-86401LL, -86400LL, -1LL, 0LL, 1LL, 86399LL, 86400LL}) {
    CAPTURE(s);
    CHECK(parse_date(newsdex::format_iso8601_utc(s)) == std::optional<std::int64_t>(s));
  }
}

TEST_CASE("civil_from_seconds") {
  struct Case {
    std::int64_t seconds;
    std::int64_t year;
    unsigned month;
    unsigned day;
  };
  constexpr Case cases[] = {
      {0, 1970, 1, 1},
      {86399, 1970, 1, 1},
      {-1, 1969, 12, 31},
      {-86400, 1969, 12, 31},
      {-86401, 1969, 12, 30},
      {951825600, 2000, 2, 29},
      {1764576000, 2025, 12, 1},
      {-2208988800, 1900, 1, 1},
      {-62135596800, 1, 1, 1},
      {253402300799, 9999, 12, 31},
  };
  for (const Case& c : cases) {
    CAPTURE(c.seconds);
    const newsdex::CivilDate d = newsdex::civil_from_seconds(c.seconds);
    CHECK(d.year == c.year);
    CHECK(d.month == c.month);
    CHECK(d.day == c.day);
  }
  // civil_from_seconds inverts days_from_civil over four centuries, daily.
  for (std::int64_t days = -73000; days < 73000; ++days) {
    const newsdex::CivilDate d = newsdex::civil_from_seconds(days * 86400 + 43200);
    if (newsdex::days_from_civil(d.year, d.month, d.day) != days) {
      CAPTURE(days);
      FAIL("civil_from_seconds and days_from_civil disagree");
    }
  }
}

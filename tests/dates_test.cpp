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
      "2025/12",       // slashes only in a full date (Perforce's "2025/12/01")
      "12/01/2025",    // day-month or month-day: not a guess we make
      "2025/12-01",
      "15.11.2022",
  };
  for (std::string_view input : cases) {
    CAPTURE(input);
    CHECK_FALSE(parse_date(input).has_value());
  }
}

namespace {

struct SecondsCase {
  std::string_view what;  // the language or the broken form
  std::string_view input;
  std::int64_t seconds;   // calendar.timegm of the fields minus the offset
};

}  // namespace

TEST_CASE("parse_date: month and day names in other languages") {
  constexpr SecondsCase cases[] = {
      {"French", "mer, 16 nov 2022 00:38:15 +0100", 1668555495},
      {"French", "lun., 3 févr. 2025 08:00:00 GMT", 1738569600},
      {"French", "lun., 3 fevr. 2025 08:00:00 GMT", 1738569600},
      {"French", "mercredi 16 novembre 2022 00:38:15 +0100", 1668555495},
      {"French", "sam., 16 août 2025 10:00:00 +0200", 1755331200},
      {"French", "jeu., 25 déc. 2025 07:30:00 +0100", 1766644200},
      {"French", "JEU., 25 DÉC. 2025 07:30:00 +0100", 1766644200},
      {"French", "dim., 1 juin 2025 12:00:00 +0200", 1748772000},
      {"French", "mar., 1 juil. 2025 12:00:00 +0200", 1751364000},
      {"German", "Di, 15 Nov 2022 10:00:00 +0100", 1668502800},
      {"German", "Do, 03 Mär 2022 09:00:00 +0100", 1646294400},
      {"German", "Do, 03 MÄR 2022 09:00:00 +0100", 1646294400},
      {"German", "Do, 03 Mrz 2022 09:00:00 +0100", 1646294400},
      {"German", "Montag, 3. März 2025 08:00:00 MEZ", 1740985200},
      {"German", "Mi, 01 Okt 2025 08:00:00 MESZ", 1759298400},
      {"German", "Fr, 24 Dez 2021 18:00:00 +0100", 1640365200},
      {"German", "Mo, 5 Mai 2025 07:15:00 +0200", 1746422100},
      {"Italian", "gio, 12 giu 2025 14:00:00 +0200", 1749729600},
      {"Italian", "mar, 14 gen 2025 09:00:00 +0100", 1736841600},
      {"Italian", "lunedì 3 febbraio 2025 08:00:00 +0100", 1738566000},
      {"Italian", "ven, 01 ago 2025 10:00:00 +0200", 1754035200},
      {"Italian", "dom, 5 ott 2025 10:00:00 +0200", 1759651200},
      {"Italian", "sab, 20 dic 2025 10:00:00 +0100", 1766221200},
      {"Spanish", "Sáb, 01 Mar 2025 12:00:00 -0300", 1740841200},
      {"Spanish", "mié, 15 ene 2025 10:00:00 +0100", 1736931600},
      {"Spanish", "miércoles, 15 de enero de 2025 10:00:00 +0100", 1736931600},
      {"Spanish", "vie, 12 dic 2025 10:00:00 -0500", 1765551600},
      {"Spanish", "jue, 4 sept 2025 10:00:00 +0200", 1756972800},
      {"Portuguese", "Sab, 01 Mar 2025 12:00:00 -0300", 1740841200},
      {"Portuguese", "seg, 03 fev 2025 08:00:00 -0300", 1738580400},
      {"Portuguese", "sexta-feira, 10 out 2025 09:00:00 -0300", 1760097600},
      {"Portuguese", "qua, 3 de março de 2025 10:00:00 BRT", 1741006800},
      {"Portuguese", "ter, 23 dez 2025 10:00:00 +0000", 1766484000},
      {"Dutch", "ma, 7 okt 2024 10:00:00 +0200", 1728288000},
      {"Dutch", "wo, 12 mrt 2025 10:00:00 +0100", 1741770000},
      {"Dutch", "donderdag 1 mei 2025 12:00:00 +0200", 1746093600},
      {"Dutch", "za, 3 mei 2025 12:00:00 +0200", 1746266400},
      {"English", "Monday, 03 March 2025 08:00:00 GMT", 1740988800},
      {"Hungarian", "2004-július-13T9:15-05:00", 1089728100},
      {"Greek", "Κυρ, 11 Ιούλ 2004 12:00:00 EST", 1089565200},
      {"Greek", "Τρι, 11 ιουλ 2004 12:00:00 EST", 1089565200},
      {"Korean", "2004년 05월 28일  01:31:15", 1085675475},
      {"Korean", "2004-05-25 오후 11:23:17", 1085494997},
      {"Korean", "2004-05-25 오전 11:23:17", 1085451797},
  };
  for (const SecondsCase& c : cases) {
    CAPTURE(c.what);
    CAPTURE(c.input);
    CHECK(parse_date(c.input) == std::optional<std::int64_t>(c.seconds));
  }
}

// Every month of every language, full and abbreviated: "15 <name> 2025"
// falls in month i + 1.
TEST_CASE("parse_date: all month names") {
  struct Months {
    std::string_view language;
    std::string_view names[12];
  };
  constexpr Months languages[] = {
      {"English", {"January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"}},
      {"English", {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                   "Dec"}},
      {"French", {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                  "septembre", "octobre", "novembre", "décembre"}},
      {"French", {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                  "oct.", "nov.", "déc."}},
      {"French", {"JANV", "FEV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOUT", "SEPT", "OCT",
                  "NOV", "DEC"}},
      {"German", {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                  "September", "Oktober", "November", "Dezember"}},
      {"German", {"Jan.", "Feb.", "Mär.", "Apr.", "Mai", "Jun.", "Jul.", "Aug.", "Sep.", "Okt.",
                  "Nov.", "Dez."}},
      {"German", {"Jänner", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sept", "Okt",
                  "Nov", "Dez"}},
      {"Italian", {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                   "agosto", "settembre", "ottobre", "novembre", "dicembre"}},
      {"Italian", {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov",
                   "dic"}},
      {"Spanish", {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                   "septiembre", "octubre", "noviembre", "diciembre"}},
      {"Spanish", {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov",
                   "dic"}},
      {"Portuguese", {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
                      "agosto", "setembro", "outubro", "novembro", "dezembro"}},
      {"Portuguese", {"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out",
                      "nov", "dez"}},
      {"Dutch", {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                 "september", "oktober", "november", "december"}},
      {"Dutch", {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                 "dec"}},
      {"Hungarian", {"január", "február", "március", "április", "május", "június", "július",
                     "augusztus", "szeptember", "október", "november", "december"}},
      {"Greek", {"Ιαν", "Φεβ", "Μάρ", "Απρ", "Μάι", "Ιούν", "Ιούλ", "Αύγ", "Σεπ", "Οκτ", "Νοέ",
                 "Δεκ"}},
  };
  for (const Months& language : languages) {
    for (unsigned i = 0; i < 12; ++i) {
      const std::string input = "15 " + std::string(language.names[i]) + " 2025";
      CAPTURE(language.language);
      CAPTURE(input);
      const auto t = parse_date(input);
      REQUIRE(t);
      const newsdex::CivilDate d = newsdex::civil_from_seconds(*t);
      CHECK(d.year == 2025);
      CHECK(d.month == i + 1);
      CHECK(d.day == 15);
    }
  }
}

// A day name, right, wrong or in any language, never changes the date.
TEST_CASE("parse_date: day names are skipped, never checked") {
  constexpr std::int64_t expected = 1777849210;  // Sun, 03 May 2026 23:00:10 +0000
  constexpr std::string_view day_names[] = {
      "",          "Sun, ",          "Sunday, ", "Fri, ",   "FRIDAY ", "Thurs, ", "dim., ",
      "jeudi ",    "So, ",           "Di. ",     "Mittwoch, ", "Sonnabend, ", "dom, ",
      "venerdì, ", "mié., ",         "Sábado, ", "sáb, ",   "segunda-feira, ", "qui, ",
      "zo, ",      "woensdag, ",     "Κυρ, ",    "Τετ, ",   "mar, ",
  };
  for (std::string_view day : day_names) {
    const std::string input = std::string(day) + "03 May 2026 23:00:10 +0000";
    CAPTURE(input);
    CHECK(parse_date(input) == std::optional<std::int64_t>(expected));
  }
}

TEST_CASE("parse_date: broken forms feedparser reads") {
  constexpr SecondsCase cases[] = {
      {"MET", "Thu, 30 Apr 2015 08:57:00 MET", 1430380620},
      {"MEST", "Thu, 30 Apr 2015 08:57:00 MEST", 1430377020},
      {"ancient year", "Thu, 01 Jan 0100 00:00:01 +0100", -59011462799},
      {"2-digit year", "Thu, 01 Jan 04 19:48:21 GMT", 1072986501},
      {"1-digit day", "Thu,  5 Apr 2012 10:00:00 GMT", 1333620000},
      {"1-digit hour, no comma", "Thu 5 Apr 2012 9:05:00 GMT", 1333616700},
      {"Etc/GMT", "Wed, 19 Aug 2009 18:28:00 Etc/GMT", 1250706480},
      {"GMT-hh:mm", "Wed, 19 Feb 2012 22:40:00 GMT-01:01", 1329694860},
      {"GMT+h", "Sun, 03 May 2026 23:00:10 GMT+1", 1777845610},
      {"UTC-hh:mm", "Sun, 03 May 2026 23:00:10 UTC-05:00", 1777867210},
      {"comma after month", "Mon, 13 Feb, 2012 06:28:00 UTC", 1329114480},
      {"comma after year", "Mon, 13 Feb 2012, 06:28:00 UTC", 1329114480},
      {"AT", "Mon, 26 January 2004 16:31:00 AT", 1075149060},
      {"ET", "Mon, 26 January 2004 16:31:00 ET", 1075152660},
      {"CT", "Mon, 26 January 2004 16:31:00 CT", 1075156260},
      {"MT", "Mon, 26 January 2004 16:31:00 MT", 1075159860},
      {"PT", "Mon, 26 January 2004 16:31:00 PT", 1075163460},
      {"CEST", "Sun, 03 May 2026 23:00:10 CEST", 1777842010},
      {"number then name", "Sun, 03 May 2026 23:00:10 +0200 CEST", 1777842010},
      {"trailing (PST)", "Sun, 03 May 2026 23:00:10 -0800 (PST)", 1777878010},
      {"swapped month, day", "Thu Aug 30 2012 17:26:16 +0200", 1346340376},
      {"JavaScript", "Thu Aug 30 2012 17:26:16 GMT+0200 (CEST)", 1346340376},
      {"asctime with zone", "Sun Jul 15 01:16:00 +0000 2012", 1342314960},
      {"Perforce", "Fri, 2006/09/15 08:19:53 EDT", 1158322793},
      {"slashes", "2025/12/01", 1764547200},
      {"Google's extra zero", "2003-012-31T10:14:55+00:00", 1072865695},
      {"ordinal day", "2003-335", 1070236800},
      {"ordinal day, leap", "2004-366T12:00Z", 1104494400},
      {"basic format", "20040105", 1073260800},
      {"basic with time", "20040105T101455Z", 1073297695},
      {"basic, zone", "20040105T1014+0100", 1073294040},
      {"MS SQL with zone", "2004-07-08 23:56:58 -00:20", 1089332218},
      {"MS SQL fraction", "2004-07-08 23:56:58.0", 1089331018},
      {"fraction", "2003-12-31T10:14:55.1234Z", 1072865695},
      {"leap-year rollover", "2004-02-28T18:14:55-08:00", 1078020895},
      {"non-leap rollover", "2003-02-28T18:14:55-08:00", 1046484895},
      {"century rollover", "2000-02-28T18:14:55-08:00", 951790495},
      {"ISO, 1-digit hour", "2004-07-13T9:15:00Z", 1089710100},
      {"ISO, zone name", "2004-07-13T09:15:00 EST", 1089728100},
      {"PM", "Sun, 03 May 2026 10:00 PM GMT", 1777845600},
      {"12 PM", "Sun, 03 May 2026 12:30 pm GMT", 1777811400},
      {"a.m.", "May 3, 2026 12:15 a.m. EST", 1777785300},
      {"ISO with AM", "2026-05-03 09:15 AM", 1777799700},
      {"no-break spaces", "\u00a0Sun,\u00a003\u00a0May 2026 23:00:10 GMT\u00a0", 1777849210},
      {"Mar as a month", "Mar 3, 2026", 1772496000},
      {"Mar as a month, no comma", "Mar 10 2026 10:00", 1773136800},
  };
  for (const SecondsCase& c : cases) {
    CAPTURE(c.what);
    CAPTURE(c.input);
    CHECK(parse_date(c.input) == std::optional<std::int64_t>(c.seconds));
  }
}

// What the new forms must still refuse: feedparser's own invalid cases, its
// rollovers of out-of-range fields, and near misses of every form above.
TEST_CASE("parse_date: near misses of the other languages and broken forms") {
  constexpr std::string_view cases[] = {
      "Sun, 16 Dec 2012 1:2:3:4 GMT",
      "Sun, 16 zzz 2012 11:47:32 GMT",
      "Sun, Dec x 2012 11:47:32 GMT",
      "Sun, 16 Dec zz 11:47:32 GMT",
      "Sun, 16 Dec 2012 11:47:32 +zz:00",
      "Sun, 16 Dec 2012 11:47:32 +00:zz",
      "Sun, 99 Jun 2009 12:00:00 GMT",
      "2003-12-31T25:14:55Z",  // feedparser rolls these over
      "2003-12-31T10:61:55Z",
      "2003-12-31T10:14:61Z",
      "lun., 30 févr. 2025 08:00:00 GMT",
      "Do, 03 Mxr 2022 09:00:00 +0100",
      "Do, 03 M\xC3 2022 09:00:00 +0100",  // a broken UTF-8 letter
      "Κυρ, 11 Ξξξ 2004 12:00:00 EST",
      "3 de de 2025",
      "de 3 marzo 2025",
      "mar",
      "segunda-feira",
      "Mar 32, 2026",
      "Fri, 2006",  // a day name needs a day
      "Fri, 2006-09",
      "Sun, 03 May 2026 13:00 PM GMT",
      "Sun, 03 May 2026 00:30 AM GMT",
      "Sun, 03 May 2026 10:00 p.m GMT",
      "Wed, 19 Aug 2009 18:28:00 Etc/GMT+5",  // the tz database's sign is the opposite
      "Wed, 19 Aug 2009 18:28:00 Etc/EST",
      "Sun, 03 May 2026 23:00:10 IST",  // India, Ireland or Israel
      "Sun, 03 May 2026 23:00:10 +0000 XYZ",
      "Sun, 03 May 2026 23:00:10 GMT +0100",
      "03 May 2026,",
      "2003-366",
      "2003-000",
      "2003/335",
      "2003-123-01",
      "2004-xyz-13",
      "20041305",
      "20040132",
      "20040105T2500Z",
      "20040105T10145Z",
      "20040105 1014",
      "2004년 13월 01일",
      "2004년 05월 28일 25:00:00",
      "2004년 05월",
      "2004-05-25 오후 13:23:17",
      "2004-05-25 오후 11:23:17 garbage",
      "\u00a0",
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

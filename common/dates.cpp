// Hand-written date parsing: no locale, no strptime/timegm, no global state.
#include "common/dates.hpp"

#include <array>
#include <cstdio>

namespace newsdex {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

// Value of a run of at most a few decimal digits.
std::int64_t decimal_value(std::string_view digits) noexcept {
  std::int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_leap(std::int64_t year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

unsigned days_in_month(std::int64_t year, unsigned month) noexcept {
  constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

// A forward-only cursor over the date text. Failed reads consume nothing.
class Scanner {
 public:
  explicit Scanner(std::string_view text) noexcept : text_(text) {}

  bool done() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return done() ? '\0' : text_[pos_]; }

  bool accept(char c) noexcept {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool accept_ci(char c) noexcept {
    if (done() || to_lower(text_[pos_]) != to_lower(c)) return false;
    ++pos_;
    return true;
  }

  std::size_t skip_spaces() noexcept {
    const std::size_t start = pos_;
    while (!done() && is_space(text_[pos_])) ++pos_;
    return pos_ - start;
  }

  std::string_view word() noexcept {
    const std::size_t start = pos_;
    while (!done() && is_alpha(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::string_view digit_run() noexcept {
    const std::size_t start = pos_;
    while (!done() && is_digit(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  // A number of `min`..`max` digits; a longer run is a failure, not a prefix,
  // so "20255-01-01" and "032 Jan" are rejected.
  std::optional<std::int64_t> number(std::size_t min, std::size_t max) noexcept {
    const std::size_t start = pos_;
    const std::string_view run = digit_run();
    if (run.size() < min || run.size() > max) {
      pos_ = start;
      return std::nullopt;
    }
    return decimal_value(run);
  }

  // Moves past everything before the next `c` (or to the end).
  void skip_to(char c) noexcept {
    while (!done() && text_[pos_] != c) ++pos_;
  }

  std::size_t position() const noexcept { return pos_; }
  void rewind(std::size_t pos) noexcept { pos_ = pos; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

struct Fields {
  std::int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  bool fraction_nonzero = false;
  std::int64_t offset = 0;  // seconds east of UTC
};

std::optional<std::int64_t> to_epoch(const Fields& f) noexcept {
  if (f.month < 1 || f.month > 12) return std::nullopt;
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) return std::nullopt;
  if (f.minute > 59 || f.second > 60) return std::nullopt;
  // 24:00:00 is the end of the day (ISO 8601); any later instant is not.
  if (f.hour > 24) return std::nullopt;
  if (f.hour == 24 && (f.minute != 0 || f.second != 0 || f.fraction_nonzero)) {
    return std::nullopt;
  }
  // POSIX time has no leap seconds: keep :60 inside its own minute.
  const unsigned second = f.second == 60 ? 59 : f.second;
  const std::int64_t days = days_from_civil(f.year, f.month, f.day);
  const std::int64_t t = days * kSecondsPerDay + f.hour * 3600 + f.minute * 60 + second - f.offset;
  // Years 1 to 9999 in UTC, the dates ISO 8601 writes with four digits: a
  // "0000-00-00" placeholder is no date, and every date read prints as one
  // that reads back (found by the dates fuzz target).
  static constexpr std::int64_t kFirst = -62135596800;  // 0001-01-01T00:00:00Z
  static constexpr std::int64_t kAfter = 253402300800;  // 10000-01-01T00:00:00Z
  if (t < kFirst || t >= kAfter) return std::nullopt;
  return t;
}

unsigned month_from_name(std::string_view name) noexcept {
  struct Entry {
    std::string_view name;
    unsigned month;
  };
  constexpr std::array<Entry, 24> kMonths{{
      {"jan", 1},      {"january", 1}, {"feb", 2},       {"february", 2}, {"mar", 3},
      {"march", 3},    {"apr", 4},     {"april", 4},     {"may", 5},      {"jun", 6},
      {"june", 6},     {"jul", 7},     {"july", 7},      {"aug", 8},      {"august", 8},
      {"sep", 9},      {"sept", 9},    {"september", 9}, {"oct", 10},     {"october", 10},
      {"nov", 11},     {"november", 11}, {"dec", 12},    {"december", 12},
  }};
  for (const Entry& e : kMonths) {
    if (iequals(name, e.name)) return e.month;
  }
  return 0;
}

bool is_day_name(std::string_view name) noexcept {
  constexpr std::string_view kDays[] = {
      "mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu",
      "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"};
  for (std::string_view d : kDays) {
    if (iequals(name, d)) return true;
  }
  return false;
}

// "+0530", "-800" (feeds drop the leading zero), "+05:30", "+05", "-5".
std::optional<std::int64_t> parse_numeric_offset(Scanner& s) noexcept {
  const std::size_t start = s.position();
  const char sign_char = s.peek();
  if (!s.accept('+') && !s.accept('-')) return std::nullopt;
  const std::string_view run = s.digit_run();
  std::int64_t hours = 0;
  std::int64_t minutes = 0;
  if (run.size() == 1 || run.size() == 2) {
    hours = decimal_value(run);
    if (s.accept(':')) {
      const auto mm = s.number(2, 2);
      if (!mm) {
        s.rewind(start);
        return std::nullopt;
      }
      minutes = *mm;
    }
  } else if (run.size() == 3 || run.size() == 4) {
    hours = decimal_value(run.substr(0, run.size() - 2));
    minutes = decimal_value(run.substr(run.size() - 2));
  } else {
    s.rewind(start);
    return std::nullopt;
  }
  if (hours > 23 || minutes > 59) {
    s.rewind(start);
    return std::nullopt;
  }
  const std::int64_t offset = hours * 3600 + minutes * 60;
  return sign_char == '-' ? -offset : offset;
}

// RFC 822 single-letter zones, with the signs as RFC 822 wrote them
// (A = -1 ... M = -12, N = +1 ... Y = +12), as feedparser does.
std::optional<std::int64_t> military_offset(char letter) noexcept {
  const char c = to_lower(letter);
  if (c == 'z') return 0;
  if (c >= 'a' && c <= 'i') return -(c - 'a' + 1) * 3600;
  if (c >= 'k' && c <= 'm') return -(c - 'k' + 10) * 3600;
  if (c >= 'n' && c <= 'y') return (c - 'n' + 1) * 3600;
  return std::nullopt;  // 'j' is not a zone
}

std::optional<std::int64_t> named_offset(std::string_view name) noexcept {
  struct Entry {
    std::string_view name;
    int hours;
  };
  constexpr std::array<Entry, 11> kZones{{
      {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"est", -5}, {"edt", -4}, {"cst", -6},
      {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
  }};
  for (const Entry& e : kZones) {
    if (iequals(name, e.name)) return std::int64_t{e.hours} * 3600;
  }
  if (name.size() == 1) return military_offset(name[0]);
  return std::nullopt;
}

// A zone: numeric offset, a name, or a name followed by an offset ("GMT+8").
std::optional<std::int64_t> parse_zone(Scanner& s) noexcept {
  if (s.peek() == '+' || s.peek() == '-') return parse_numeric_offset(s);
  const std::size_t start = s.position();
  const std::string_view name = s.word();
  auto offset = named_offset(name);
  if (!offset) {
    s.rewind(start);
    return std::nullopt;
  }
  const bool universal = iequals(name, "gmt") || iequals(name, "ut") || iequals(name, "utc");
  if (universal && (s.peek() == '+' || s.peek() == '-')) {
    const auto extra = parse_numeric_offset(s);
    if (!extra) {
      s.rewind(start);
      return std::nullopt;
    }
    *offset += *extra;
  }
  return offset;
}

// "H:MM", "HH:MM:SS", "HH:MM:SS.fff" (or ",fff").
bool parse_time(Scanner& s, Fields& f) noexcept {
  const auto hour = s.number(1, 2);
  if (!hour || !s.accept(':')) return false;
  const auto minute = s.number(2, 2);
  if (!minute) return false;
  f.hour = static_cast<unsigned>(*hour);
  f.minute = static_cast<unsigned>(*minute);
  if (!s.accept(':')) return true;
  const auto second = s.number(2, 2);
  if (!second) return false;
  f.second = static_cast<unsigned>(*second);
  if (s.accept('.') || s.accept(',')) {
    const std::string_view fraction = s.digit_run();
    if (fraction.empty()) return false;
    f.fraction_nonzero = fraction.find_first_not_of('0') != std::string_view::npos;
  }
  return true;
}

// Skips an RFC 2822 trailing comment such as "(UTC)" or "(Pacific Standard Time)".
void skip_comment(Scanner& s) noexcept {
  const std::size_t start = s.position();
  if (!s.accept('(')) return;
  s.skip_to(')');
  if (!s.accept(')')) s.rewind(start);
}

// Optional zone, optional comment, then nothing but whitespace.
bool parse_zone_and_end(Scanner& s, Fields& f) noexcept {
  s.skip_spaces();
  if (s.done()) return true;
  if (s.peek() != '(') {
    const auto offset = parse_zone(s);
    if (!offset) return false;
    f.offset = *offset;
    s.skip_spaces();
  }
  skip_comment(s);
  s.skip_spaces();
  return s.done();
}

std::int64_t expand_year(std::int64_t year, std::size_t digits) noexcept {
  if (digits != 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

std::optional<std::int64_t> parse_year(Scanner& s) noexcept {
  const std::size_t start = s.position();
  const auto year = s.number(2, 4);
  if (!year) return std::nullopt;
  const std::size_t digits = s.position() - start;
  if (digits == 3) {
    s.rewind(start);
    return std::nullopt;
  }
  return expand_year(*year, digits);
}

// After the date: nothing, or whitespace, a time and an optional zone.
bool parse_rfc_tail(Scanner& s, Fields& f) noexcept {
  if (s.skip_spaces() == 0 && !s.done()) return false;
  if (s.done()) return true;
  if (!parse_time(s, f)) return false;
  return parse_zone_and_end(s, f);
}

// "03 May 2026 ...", "3-May-26 ...", "26-FEB-1987 15:01:01.79".
bool parse_day_first(Scanner& s, Fields& f) noexcept {
  const auto day = s.number(1, 2);
  if (!day) return false;
  f.day = static_cast<unsigned>(*day);
  const bool dashed = s.accept('-');
  if (!dashed && s.skip_spaces() == 0) return false;
  f.month = month_from_name(s.word());
  if (f.month == 0) return false;
  s.accept('.');
  if (dashed ? !s.accept('-') : s.skip_spaces() == 0) return false;
  const auto year = parse_year(s);
  if (!year) return false;
  f.year = *year;
  return parse_rfc_tail(s, f);
}

// "May 3, 2026 10:00 GMT" and asctime's "Jan  4 16:29:06 PST 2004".
bool parse_month_first(Scanner& s, Fields& f) noexcept {
  s.accept('.');
  if (s.skip_spaces() == 0) return false;
  const auto day = s.number(1, 2);
  if (!day) return false;
  f.day = static_cast<unsigned>(*day);
  s.accept(',');
  if (s.skip_spaces() == 0) return false;

  const std::size_t before_time = s.position();
  if (parse_time(s, f)) {
    // asctime: the year comes last, after an optional zone.
    if (s.skip_spaces() == 0) return false;
    if (!is_digit(s.peek())) {
      const auto offset = parse_zone(s);
      if (!offset) return false;
      f.offset = *offset;
      if (s.skip_spaces() == 0) return false;
    }
    const auto year = s.number(4, 4);
    if (!year) return false;
    f.year = *year;
    s.skip_spaces();
    return s.done();
  }
  s.rewind(before_time);
  const auto year = parse_year(s);
  if (!year) return false;
  f.year = *year;
  return parse_rfc_tail(s, f);
}

// RFC 822 family: optional day name and comma, then day-first or month-first.
bool parse_rfc822(Scanner& s, Fields& f) noexcept {
  const std::size_t start = s.position();
  std::string_view w = s.word();
  if (!w.empty() && is_day_name(w)) {
    s.accept('.');
    s.accept(',');
    s.skip_spaces();
    w = s.word();
  }
  if (w.empty()) return parse_day_first(s, f);
  f.month = month_from_name(w);
  if (f.month == 0) {
    s.rewind(start);
    return false;
  }
  return parse_month_first(s, f);
}

// ISO 8601 / RFC 3339 / W3C-DTF: "YYYY", "YYYY-MM", "YYYY-MM-DD",
// then "T" or spaces, "hh:mm[:ss[.fff]]" and an optional zone.
bool parse_iso8601(Scanner& s, Fields& f) noexcept {
  const auto year = s.number(4, 4);
  if (!year) return false;
  f.year = *year;
  if (s.done()) return true;
  if (!s.accept('-')) return false;
  const auto month = s.number(1, 2);
  if (!month) return false;
  f.month = static_cast<unsigned>(*month);
  if (s.done()) return true;
  if (!s.accept('-')) return false;
  const auto day = s.number(1, 2);
  if (!day) return false;
  f.day = static_cast<unsigned>(*day);
  if (s.done()) return true;
  if (s.skip_spaces() == 0 && !s.accept_ci('T')) return false;
  if (!parse_time(s, f)) return false;
  return parse_zone_and_end(s, f);
}

bool looks_like_iso(std::string_view text) noexcept {
  if (text.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!is_digit(text[i])) return false;
  }
  return text.size() == 4 || text[4] == '-';
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Howard Hinnant's civil_from_days: eras of 400 years starting in March.
Civil civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t doe = days - era * 146097;                             // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                             // [0, 11]
  const auto day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;

  Scanner scanner(text);
  Fields fields;
  const bool ok = looks_like_iso(text) ? parse_iso8601(scanner, fields)
                                       : parse_rfc822(scanner, fields);
  if (!ok) return std::nullopt;
  return to_epoch(fields);
}

// Howard Hinnant's days_from_civil. Exact for any year whose day count fits
// comfortably in 64 bits (|year| well below 10^15).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t yoe = year - era * 400;                                   // [0, 399]
  const std::int64_t m = month;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_seconds(std::int64_t seconds) noexcept {
  const Civil c = civil_from_days(floor_div(seconds, kSecondsPerDay));
  return {c.year, c.month, c.day};
}

std::string format_iso8601_utc(std::int64_t seconds) {
  // The remainder, not seconds - days * 86400, which overflows near INT64_MIN.
  std::int64_t in_day = seconds % kSecondsPerDay;
  if (in_day < 0) in_day += kSecondsPerDay;
  const Civil c = civil_from_days(floor_div(seconds, kSecondsPerDay));
  // Years before 1 CE get a sign, as ISO 8601 expanded years do.
  const bool negative = c.year < 0;
  const auto abs_year = static_cast<unsigned long long>(negative ? -c.year : c.year);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s%04llu-%02u-%02uT%02d:%02d:%02dZ",
                negative ? "-" : "", abs_year, c.month, c.day,
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return buffer;
}

}  // namespace newsdex

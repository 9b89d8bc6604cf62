#include "searcher/query/time_bound.hpp"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "common/dates.hpp"
#include "newsdex/error.hpp"
#include "newsdex/search.hpp"

namespace newsdex {
namespace {

// "90m", "24h", "7d", "2w" as seconds.
std::optional<std::int64_t> parse_span(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  std::int64_t unit;
  switch (text.back()) {
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: return std::nullopt;
  }
  std::int64_t n = 0;
  auto digits = text.substr(0, text.size() - 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n < 0 || n > 1'000'000)
    return std::nullopt;
  return n * unit;
}

}  // namespace

std::optional<Period> parse_period(std::string_view text) {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  auto start = parse_date(text);
  if (!start) return std::nullopt;
  CivilDate d = civil_from_seconds(*start);
  std::int64_t after;
  if (text.size() == 4)
    after = days_from_civil(d.year + 1, 1, 1) * 86400;
  else if (text.size() == 7)
    after = d.month == 12 ? days_from_civil(d.year + 1, 1, 1) * 86400
                          : days_from_civil(d.year, d.month + 1, 1) * 86400;
  else
    after = *start + 86400;
  return Period{*start, after};
}

std::int64_t parse_time_bound(std::string_view text, std::int64_t now, bool upper) {
  if (auto span = parse_span(text)) return now - *span;
  if (auto period = parse_period(text)) return upper ? period->after - 1 : period->first;
  if (auto t = parse_date(text)) return *t;
  throw Error(Errc::invalid_argument,
              fmt::format("'{}' is not a time: give a date (2025-12-01), a date and time "
                          "(2025-12-01T08:00:00Z) or a span back from now (90m, 24h, 7d, 2w)",
                          text));
}

std::string format_utc(std::int64_t seconds) { return format_iso8601_utc(seconds); }

std::string format_time(std::int64_t seconds, bool utc) {
  if (utc) return format_utc(seconds);
  const auto t = static_cast<std::time_t>(seconds);
  std::tm local{};
  if (!localtime_r(&t, &local)) return format_utc(seconds);
  char buf[40];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &local) == 0) return format_utc(seconds);
  // +0100 -> +01:00, as RFC 3339 writes it.
  const std::string_view out(buf);
  if (out.size() < 5) return std::string(out);
  if (out.ends_with("+0000")) return fmt::format("{}Z", out.substr(0, out.size() - 5));
  return fmt::format("{}:{}", out.substr(0, out.size() - 2), out.substr(out.size() - 2));
}

}  // namespace newsdex

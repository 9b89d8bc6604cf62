// parse_date: any text, every format the feeds use; a date it reads prints
// as ISO 8601 and reads back as the same instant.
#include <string>

#include "common/dates.hpp"
#include "tests/fuzz/fuzz_target.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  const auto seconds = newsdex::parse_date(bytes);
  if (!seconds) return;
  const std::string iso = newsdex::format_iso8601_utc(*seconds);
  newsdex::fuzz::check(newsdex::parse_date(iso) == seconds, "a parsed date round-trips through ISO 8601");
}

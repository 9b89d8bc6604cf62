#pragma once
// What newsdex-search knows of where its output goes: colour, width, time
// zone, and the pager `show` writes through.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex::cli {

struct Style {
  bool color = false;
  std::size_t width = 0;  // wrap text at this many columns; 0: do not wrap
  bool utc = false;       // dates in UTC, not the local time zone
  // ANSI sequences, empty without colour.
  const char* bold() const { return color ? "\033[1m" : ""; }
  const char* dim() const { return color ? "\033[2m" : ""; }
  const char* reset() const { return color ? "\033[0m" : ""; }
};

// --color auto|always|never: auto colours a terminal only, and not when
// NO_COLOR is set or TERM is dumb.
bool use_color(std::string_view mode);

// Columns to wrap at: `asked` (--width) when given, else the terminal's
// width, else $COLUMNS, else 0 (piped: no wrapping).
std::size_t output_width(std::optional<std::size_t> asked);

// `text` wrapped at `width` columns (0: not wrapped), each line after a
// newline or a break starting with `indent`; the first line does not (the
// caller printed it). ANSI sequences take no columns; each UTF-8 character
// one. Words longer than a line are not cut.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent);

// ISO date and time as the style shows it; "-" for none.
std::string shown_time(const std::optional<std::int64_t>& t, const Style& style);
// The date part only (YYYY-MM-DD), or dashes.
std::string shown_date(const std::optional<std::int64_t>& t, const Style& style);

// Writes `text` to standard output, through $PAGER (default `less -R`,
// with LESS=FRX unless LESS is set, as git does) when `page` and standard
// output is a terminal.
void page_or_print(const std::string& text, bool page);

}  // namespace newsdex::cli

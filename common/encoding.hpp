#pragma once
// Character sets: everything inside newsdex is UTF-8; this is where other
// encodings are turned into it (glibc's iconv does the conversion).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

struct Transcoded {
  std::string text;                   // valid UTF-8
  std::size_t invalid_sequences = 0;  // bytes/sequences replaced by U+FFFD
};

// Converts `bytes` in `charset` (any name iconv knows, case-insensitive, e.g.
// "ISO-8859-1", "windows-1251", "KOI8-R", "UTF-16LE") to UTF-8. A sequence
// that is invalid in that charset becomes U+FFFD and is counted; it never
// stops the conversion. Returns nullopt when the charset is unknown.
std::optional<Transcoded> transcode_to_utf8(std::string_view bytes, std::string_view charset);

bool is_valid_utf8(std::string_view text) noexcept;

// Copies `text`, replacing each invalid UTF-8 sequence with U+FFFD.
Transcoded repair_utf8(std::string_view text);

// NUL and the other C0 controls but tab, LF and CR are no text (XML forbids
// them; in a text file they are a binary's bytes or a broken scrape): removed
// in place, form feed and vertical tab becoming a space.
struct RemovedControls {
  std::size_t count = 0;
  std::size_t first_line = 0;  // 1-based line (LF-counted) of the first; 0 when none
};
RemovedControls remove_control_chars(std::string& text);

// The warning for what remove_control_chars removed ("3 control characters
// (NUL and the like) removed"); empty when nothing was.
std::string removed_controls_message(const RemovedControls& removed);

// A byte-order mark at the start of `bytes`: the charset it announces
// ("UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE") and its length.
struct Bom {
  std::string_view charset;
  std::size_t length = 0;
};
std::optional<Bom> detect_bom(std::string_view bytes) noexcept;

}  // namespace newsdex

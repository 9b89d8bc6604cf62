#include "common/encoding.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>

using namespace std::string_view_literals;  // "..."sv keeps embedded NULs

namespace newsdex {
namespace {

TEST_CASE("detect_bom recognises every byte-order mark") {
  struct Case {
    std::string_view bytes;
    std::string_view charset;  // empty: no BOM
    std::size_t length;
  };
  const Case cases[] = {
      {"\xEF\xBB\xBF<a/>"sv, "UTF-8", 3},
      {"\xFF\xFE<\0"sv, "UTF-16LE", 2},
      {"\xFE\xFF\0<"sv, "UTF-16BE", 2},
      {"\xFF\xFE\0\0<\0\0\0"sv, "UTF-32LE", 4},  // not UTF-16LE followed by U+0000
      {"\0\0\xFE\xFF\0\0\0<"sv, "UTF-32BE", 4},
      {"<a/>"sv, "", 0},
      {""sv, "", 0},
      {"\xEF\xBB"sv, "", 0},  // truncated UTF-8 BOM
      {"\xFE"sv, "", 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.charset);
    const auto bom = detect_bom(c.bytes);
    if (c.charset.empty()) {
      CHECK_FALSE(bom.has_value());
    } else {
      REQUIRE(bom.has_value());
      CHECK(bom->charset == c.charset);
      CHECK(bom->length == c.length);
    }
  }
}

TEST_CASE("transcode_to_utf8 converts single- and multi-byte charsets") {
  struct Case {
    std::string_view charset;
    std::string_view bytes;
    std::string_view utf8;
  };
  const Case cases[] = {
      {"ISO-8859-1", "caf\xE9", "caf\u00E9"},
      // HTML5: iso-8859-1 and us-ascii labels are read as windows-1252.
      {"iso-8859-1", "\x93quoted\x94", "\u201Cquoted\u201D"},
      {"latin1", "\x80", "\u20AC"},
      {"US-ASCII", "\x85", "\u2026"},
      {"windows-1252", "\x80 5 \x93x\x94 \x96", "\u20AC 5 \u201Cx\u201D \u2013"},
      {"CP1252", "\x99", "\u2122"},
      // Bytes windows-1252 leaves undefined keep their C1 code points, as browsers do.
      {"windows-1252", "\x81\x8D\x8F\x90\x9D", "\u0081\u008D\u008F\u0090\u009D"},
      {"windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", "\u041F\u0440\u0438\u0432\u0435\u0442"},
      {"WINDOWS-1251", "\xC0\xE1\xE2", "\u0410\u0431\u0432"},
      {"KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4", "\u041F\u0440\u0438\u0432\u0435\u0442"},
      {"koi8-r", "\xE1\xC2\xD7", "\u0410\u0431\u0432"},
      {"x-mac-roman", "\x8E", "\u00E9"},
      {"x-mac-cyrillic", "\x8F", "\u041F"},
      {"x-koi8-u", "\xA4", "\u0454"},  // private "x-" prefix on a name iconv knows
      {"ISO-8859-7", "\xE1\xE2\xE3", "\u03B1\u03B2\u03B3"},
      {"gb2312", "\xC4\xE3\xBA\xC3", "\u4F60\u597D"},
      {"Shift_JIS", "\x82\xA0", "\u3042"},
      {"EUC-JP", "\xA4\xA2", "\u3042"},
      {"euc-kr", "\xC7\xD1", "\uD55C"},
      {"big5", "\xA4\xA4", "\u4E2D"},
      {"ISO-2022-JP", "\x1B$B$\"\x1B(B!", "\u3042!"},  // stateful: escape sequences
      {"UTF-8", "caf\xC3\xA9", "caf\u00E9"},
      {"utf8", "\xE2\x82\xAC", "\u20AC"},
      {"  \"UTF-8\" ", "x", "x"},  // quoted as in a Content-Type parameter
      {"UTF-16LE", "h\0\xE9\0"sv, "h\u00E9"},
      {"UTF-16BE", "\0h\0\xE9"sv, "h\u00E9"},
      {"UTF-16LE", "=\xD8\0\xDE"sv, "\U0001F600"},  // surrogate pair
      {"UTF-16", "\xFF\xFEh\0i\0"sv, "hi"},          // BOM decides, and is consumed
      {"UTF-16", "\xFE\xFF\0h\0i"sv, "hi"},
      {"UTF-16", "\0h\0i"sv, "hi"},                  // no BOM: zero high byte means BE
      {"UTF-32LE", "h\0\0\0\0\xF6\x01\0"sv, "h\U0001F600"},
      {"UTF-32BE", "\0\0\0h\0\x01\xF6\0"sv, "h\U0001F600"},
      {"windows-1252", "", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.charset);
    CAPTURE(c.utf8);
    const auto result = transcode_to_utf8(c.bytes, c.charset);
    REQUIRE(result.has_value());
    CHECK(result->text == c.utf8);
    CHECK(result->invalid_sequences == 0);
  }
}

TEST_CASE("transcode_to_utf8 replaces invalid sequences and carries on") {
  struct Case {
    std::string_view charset;
    std::string_view bytes;
    std::string_view utf8;
    std::size_t invalid;
  };
  const Case cases[] = {
      {"UTF-8", "a\xFF" "b", "a\uFFFD" "b", 1},
      {"UTF-8", "caf\xE9 ok", "caf\uFFFD ok", 1},  // latin-1 byte in declared UTF-8
      {"UTF-16LE", "\0\xD8" "a\0"sv, "\uFFFD" "a", 1},  // lone high surrogate
      {"UTF-16LE", "a\0b"sv, "a\uFFFD", 1},             // odd trailing byte
      {"UTF-16BE", "\xDC\0\0a"sv, "\uFFFD" "a", 1},     // lone low surrogate
      {"UTF-32LE", "\0\0\x11\0" "a\0\0\0"sv, "\uFFFD" "a", 1},  // above U+10FFFF
      {"Shift_JIS", "a\x82", "a\uFFFD", 1},             // truncated double-byte
      {"EUC-JP", "\xA4\xA2\xFF\xA4\xA2", "\u3042\uFFFD\u3042", 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.charset);
    CAPTURE(c.utf8);
    const auto result = transcode_to_utf8(c.bytes, c.charset);
    REQUIRE(result.has_value());
    CHECK(result->text == c.utf8);
    CHECK(result->invalid_sequences == c.invalid);
    CHECK(is_valid_utf8(result->text));
  }
}

TEST_CASE("transcode_to_utf8 rejects unknown charsets") {
  for (const std::string_view charset : {"bogus", "", "   ", "utf-9", "ISO-8859-1//TRANSLIT", "UTF-8//IGNORE",
                                         "windows-1252,koi8-r", "x-no-such-thing"}) {
    CAPTURE(charset);
    CHECK_FALSE(transcode_to_utf8("abc", charset).has_value());
  }
}

TEST_CASE("is_valid_utf8 enforces the strict UTF-8 grammar") {
  struct Case {
    std::string_view text;
    bool valid;
    const char* why;
  };
  const Case cases[] = {
      {"", true, "empty"},
      {"plain ascii text that is longer than eight bytes", true, "ascii"},
      {"\0"sv, true, "NUL is a character"},
      {"\xC2\x80", true, "smallest two-byte"},
      {"\xE0\xA0\x80", true, "smallest three-byte"},
      {"\xED\x9F\xBF", true, "U+D7FF"},
      {"\xEE\x80\x80", true, "U+E000"},
      {"\xEF\xBF\xBF", true, "U+FFFF"},
      {"\xF0\x90\x80\x80", true, "smallest four-byte"},
      {"\xF4\x8F\xBF\xBF", true, "U+10FFFF"},
      {"\xC0\x80", false, "overlong NUL"},
      {"\xC1\xBF", false, "overlong two-byte"},
      {"\xE0\x80\xAF", false, "overlong three-byte"},
      {"\xF0\x80\x80\xAF", false, "overlong four-byte"},
      {"\xED\xA0\x80", false, "high surrogate"},
      {"\xED\xBF\xBF", false, "low surrogate"},
      {"\xF4\x90\x80\x80", false, "above U+10FFFF"},
      {"\xF5\x80\x80\x80", false, "lead byte F5"},
      {"\xFF", false, "FF"},
      {"\x80", false, "lone continuation"},
      {"abcdefgh\xE2\x82", false, "truncated after an ASCII block"},
      {"\xE2\x82\x41", false, "continuation missing"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.why);
    CHECK(is_valid_utf8(c.text) == c.valid);
  }
}

TEST_CASE("repair_utf8 replaces each maximal invalid subpart with one U+FFFD") {
  struct Case {
    std::string_view in;
    std::string_view out;
    std::size_t invalid;
  };
  const Case cases[] = {
      {"fine \xC3\xA9", "fine \xC3\xA9", 0},
      {"a\xC0\x80" "b", "a\uFFFD\uFFFD" "b", 2},
      {"\xE2\x82" "A", "\uFFFD" "A", 1},          // one replacement for a cut-short sequence
      {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD", 3},   // surrogates are never a valid prefix
      {"x\xF0\x9F\x98", "x\uFFFD", 1},             // truncated at the end
      {"\x80\x80", "\uFFFD\uFFFD", 2},
      {"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD", 4},
  };
  for (const Case& c : cases) {
    CAPTURE(c.out);
    const Transcoded r = repair_utf8(c.in);
    CHECK(r.text == c.out);
    CHECK(r.invalid_sequences == c.invalid);
    CHECK(is_valid_utf8(r.text));
  }
}

TEST_CASE("transcoding arbitrary bytes always yields valid UTF-8") {
  std::string bytes;
  unsigned state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(state >> 16));
  }
  for (const std::string_view charset :
       {"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "Shift_JIS", "EUC-KR", "GB2312", "ISO-2022-JP", "KOI8-R"}) {
    CAPTURE(charset);
    const auto r = transcode_to_utf8(bytes, charset);
    REQUIRE(r.has_value());
    CHECK(is_valid_utf8(r->text));
  }
}

}  // namespace
}  // namespace newsdex

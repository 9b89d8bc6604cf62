#include "common/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace newsdex {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// ---------------------------------------------------------------------------
// UTF-8 validation

struct Utf8Step {
  std::size_t length;  // bytes of the sequence, or of its maximal invalid prefix
  bool valid;
};

// Reads one sequence at p. An invalid one reports its "maximal subpart" (the
// longest prefix that could still have become valid), so that, as in the
// WHATWG decoder, one U+FFFD replaces it and the next byte is looked at anew.
Utf8Step utf8_step(const unsigned char* p, std::size_t avail) noexcept {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return {1, true};
  std::size_t trailing = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    trailing = 1;
  } else if (b0 == 0xE0) {
    trailing = 2, lo = 0xA0;  // below would be overlong
  } else if (b0 == 0xED) {
    trailing = 2, hi = 0x9F;  // above would be a surrogate
  } else if (b0 >= 0xE1 && b0 <= 0xEF) {
    trailing = 2;
  } else if (b0 == 0xF0) {
    trailing = 3, lo = 0x90;  // below would be overlong
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    trailing = 3;
  } else if (b0 == 0xF4) {
    trailing = 3, hi = 0x8F;  // above would exceed U+10FFFF
  } else {
    return {1, false};  // 80-C1 (continuation or overlong lead), F5-FF
  }
  for (std::size_t k = 1; k <= trailing; ++k) {
    if (k >= avail) return {k, false};
    const unsigned char b = p[k];
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return {k, false};
  }
  return {trailing + 1, true};
}

// Length of the leading run of ASCII bytes, eight at a time where possible.
std::size_t ascii_prefix(const unsigned char* p, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

// ---------------------------------------------------------------------------
// Charset labels

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_label_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == ':' || c == '+' || c == '(' || c == ')';
}

// Lower-cased label without surrounding whitespace or quotes; empty when it
// holds characters no charset name has (which also keeps iconv suffixes such
// as "//IGNORE" from reaching iconv_open).
std::string clean_label(std::string_view label) {
  constexpr std::string_view kStrip = " \t\r\n\"'";
  const auto first = label.find_first_not_of(kStrip);
  if (first == std::string_view::npos) return {};
  label = label.substr(first, label.find_last_not_of(kStrip) - first + 1);
  if (label.size() > 64) return {};
  std::string out;
  out.reserve(label.size());
  for (const char c : label) {
    const char lower = ascii_lower(c);
    if (!is_label_char(lower)) return {};
    out.push_back(lower);
  }
  return out;
}

enum class Family { Iconv, Utf8, Utf16, Utf32 };

struct Plan {
  Family family = Family::Iconv;
  std::string iconv_name;         // for Family::Iconv
  bool c1_passthrough = false;    // bytes 0x80-0x9F iconv rejects map to U+0080-U+009F
};

struct Alias {
  std::string_view label;
  std::string_view target;
};

// Labels feeds use that glibc does not know, or knows as something narrower
// than what browsers decode (the WHATWG Encoding Standard's choices).
constexpr std::array kAliases = {
    // utf-8
    Alias{"utf8", "UTF-8"}, Alias{"unicode-1-1-utf-8", "UTF-8"}, Alias{"unicode11utf8", "UTF-8"},
    Alias{"unicode20utf8", "UTF-8"}, Alias{"x-unicode20utf8", "UTF-8"},
    // windows-1252 (HTML5: latin1 and ascii labels mean windows-1252)
    Alias{"windows-1252", "CP1252"}, Alias{"cp1252", "CP1252"}, Alias{"x-cp1252", "CP1252"},
    Alias{"win-1252", "CP1252"}, Alias{"iso-8859-1", "CP1252"}, Alias{"iso8859-1", "CP1252"},
    Alias{"iso88591", "CP1252"}, Alias{"iso_8859-1", "CP1252"}, Alias{"iso_8859-1:1987", "CP1252"},
    Alias{"iso-ir-100", "CP1252"}, Alias{"csisolatin1", "CP1252"}, Alias{"latin1", "CP1252"},
    Alias{"latin-1", "CP1252"}, Alias{"l1", "CP1252"}, Alias{"cp819", "CP1252"},
    Alias{"ibm819", "CP1252"}, Alias{"us-ascii", "CP1252"}, Alias{"ascii", "CP1252"},
    Alias{"ansi_x3.4-1968", "CP1252"}, Alias{"iso646-us", "CP1252"},
    // windows-1254 (HTML5: latin5 labels)
    Alias{"iso-8859-9", "CP1254"}, Alias{"iso8859-9", "CP1254"}, Alias{"iso88599", "CP1254"},
    Alias{"iso_8859-9", "CP1254"}, Alias{"iso_8859-9:1989", "CP1254"}, Alias{"iso-ir-148", "CP1254"},
    Alias{"csisolatin5", "CP1254"}, Alias{"latin5", "CP1254"}, Alias{"l5", "CP1254"},
    Alias{"windows-1254", "CP1254"}, Alias{"x-cp1254", "CP1254"},
    // windows-874
    Alias{"tis-620", "CP874"}, Alias{"iso-8859-11", "CP874"}, Alias{"iso8859-11", "CP874"},
    Alias{"iso885911", "CP874"}, Alias{"dos-874", "CP874"}, Alias{"windows-874", "CP874"},
    // Mac
    Alias{"x-mac-roman", "MACINTOSH"}, Alias{"mac-roman", "MACINTOSH"}, Alias{"macroman", "MACINTOSH"},
    Alias{"csmacintosh", "MACINTOSH"}, Alias{"x-mac-cyrillic", "MAC-CYRILLIC"},
    Alias{"x-mac-ukrainian", "MAC-CYRILLIC"},
    // Cyrillic
    Alias{"koi", "KOI8-R"}, Alias{"koi8", "KOI8-R"}, Alias{"koi8r", "KOI8-R"}, Alias{"koi8_r", "KOI8-R"},
    Alias{"koi8u", "KOI8-U"}, Alias{"win-1251", "CP1251"}, Alias{"x-cp1251", "CP1251"},
    Alias{"iso-8859-8-i", "ISO-8859-8"}, Alias{"csiso88598i", "ISO-8859-8"},
    // Chinese, Japanese, Korean: decode with the supersets browsers use
    Alias{"gb2312", "GB18030"}, Alias{"gb_2312", "GB18030"}, Alias{"gb_2312-80", "GB18030"},
    Alias{"csgb2312", "GB18030"}, Alias{"chinese", "GB18030"}, Alias{"iso-ir-58", "GB18030"},
    Alias{"csiso58gb231280", "GB18030"}, Alias{"gbk", "GB18030"}, Alias{"x-gbk", "GB18030"},
    Alias{"cp936", "GB18030"}, Alias{"ms936", "GB18030"}, Alias{"windows-936", "GB18030"},
    Alias{"big5", "BIG5-HKSCS"}, Alias{"cn-big5", "BIG5-HKSCS"}, Alias{"csbig5", "BIG5-HKSCS"},
    Alias{"x-x-big5", "BIG5-HKSCS"}, Alias{"shift_jis", "CP932"}, Alias{"shift-jis", "CP932"},
    Alias{"sjis", "CP932"}, Alias{"x-sjis", "CP932"}, Alias{"ms_kanji", "CP932"},
    Alias{"csshiftjis", "CP932"}, Alias{"ms932", "CP932"}, Alias{"windows-31j", "CP932"},
    Alias{"x-euc-jp", "EUC-JP"}, Alias{"cseucpkdfmtjapanese", "EUC-JP"}, Alias{"euc-kr", "CP949"},
    Alias{"euckr", "CP949"}, Alias{"cseuckr", "CP949"}, Alias{"ks_c_5601-1987", "CP949"},
    Alias{"ks_c_5601-1989", "CP949"}, Alias{"ksc5601", "CP949"}, Alias{"ksc_5601", "CP949"},
    Alias{"csksc56011987", "CP949"}, Alias{"iso-ir-149", "CP949"}, Alias{"korean", "CP949"},
    Alias{"windows-949", "CP949"},
    // Unicode labels whose byte order the bytes decide
    Alias{"utf-16", "UTF-16"}, Alias{"utf16", "UTF-16"}, Alias{"unicode", "UTF-16"},
    Alias{"ucs-2", "UTF-16"}, Alias{"iso-10646-ucs-2", "UTF-16"}, Alias{"csunicode", "UTF-16"},
    Alias{"utf-32", "UTF-32"}, Alias{"utf32", "UTF-32"}, Alias{"ucs-4", "UTF-32"},
    Alias{"utf-16le", "UTF-16LE"}, Alias{"utf16le", "UTF-16LE"}, Alias{"utf-16be", "UTF-16BE"},
    Alias{"utf16be", "UTF-16BE"}, Alias{"utf-32le", "UTF-32LE"}, Alias{"utf32le", "UTF-32LE"},
    Alias{"utf-32be", "UTF-32BE"}, Alias{"utf32be", "UTF-32BE"},
};

std::string_view resolve_alias(std::string_view label) noexcept {
  for (const Alias& alias : kAliases) {
    if (alias.label == label) return alias.target;
  }
  return {};
}

// RAII for an iconv descriptor.
class Iconv {
 public:
  explicit Iconv(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const noexcept { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const noexcept { return cd_; }

 private:
  iconv_t cd_;
};

bool iconv_knows(const std::string& name) { return Iconv(name).ok(); }

std::optional<Plan> plan_for(std::string_view charset) {
  const std::string label = clean_label(charset);
  if (label.empty()) return std::nullopt;
  std::string target{resolve_alias(label)};
  if (target.empty()) target = label;
  Plan plan;
  if (target == "UTF-8" || target == "utf-8") {
    plan.family = Family::Utf8;
    return plan;
  }
  if (target == "UTF-16") {
    plan.family = Family::Utf16;
    return plan;
  }
  if (target == "UTF-32") {
    plan.family = Family::Utf32;
    return plan;
  }
  plan.c1_passthrough = target == "CP1252";
  if (iconv_knows(target)) {
    plan.iconv_name = std::move(target);
    return plan;
  }
  // "x-" is a common private prefix on names iconv knows without it.
  if (target.starts_with("x-") && iconv_knows(target.substr(2))) {
    plan.iconv_name = target.substr(2);
    return plan;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Conversion

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Byte order for a UTF-16/32 label that does not name one: a BOM decides (and
// is consumed, as iconv would), else a zero high byte in the first unit, else
// little-endian as browsers assume.
std::string choose_byte_order(std::string_view& bytes, std::size_t unit) {
  const std::string_view base = unit == 2 ? "UTF-16" : "UTF-32";
  if (const auto bom = detect_bom(bytes); bom && bom->charset.starts_with(base)) {
    bytes.remove_prefix(bom->length);
    return std::string{bom->charset};
  }
  const bool big_endian = bytes.size() >= unit && bytes[0] == '\0' && bytes[unit - 1] != '\0';
  return std::string{base} + (big_endian ? "BE" : "LE");
}

std::size_t unit_size(std::string_view iconv_name) noexcept {
  std::string name;
  for (const char c : iconv_name) name.push_back(ascii_lower(c));
  if (name.starts_with("utf-16") || name.starts_with("ucs-2")) return 2;
  if (name.starts_with("utf-32") || name.starts_with("ucs-4")) return 4;
  return 1;
}

// One conversion through iconv, replacing what the source charset rejects.
class Converter {
 public:
  Converter(std::string_view bytes, std::size_t unit, bool c1_passthrough)
      // glibc's iconv takes char** but does not write through the input pointer.
      : in_(const_cast<char*>(bytes.data())), in_left_(bytes.size()), unit_(unit), c1_passthrough_(c1_passthrough) {
    out_.resize(bytes.size() + bytes.size() / 2 + 16);
  }

  Transcoded run(iconv_t cd) {
    bool flushed = false;
    while (!flushed) {
      if (out_.size() - used_ < 16) grow();
      char* out_ptr = out_.data() + used_;
      std::size_t out_left = out_.size() - used_;
      // Null input at the end resets shift state (ISO-2022-JP and friends).
      const bool at_end = in_left_ == 0;
      const std::size_t rc = at_end ? iconv(cd, nullptr, nullptr, &out_ptr, &out_left)
                                    : iconv(cd, &in_, &in_left_, &out_ptr, &out_left);
      used_ = out_.size() - out_left;
      if (rc != static_cast<std::size_t>(-1)) {
        flushed = at_end;
      } else if (errno == E2BIG) {
        grow();
      } else if ((errno == EILSEQ || errno == EINVAL) && in_left_ > 0) {
        skip_invalid();
      } else {
        break;  // nothing sensible left to do; keep what was converted
      }
    }
    out_.resize(used_);
    return {std::move(out_), invalid_};
  }

 private:
  void grow() { out_.resize(out_.size() * 2 + 16); }

  // Replaces the rejected unit at the input position and steps over it.
  void skip_invalid() {
    const auto byte = static_cast<unsigned char>(*in_);
    out_.resize(used_);
    if (c1_passthrough_ && unit_ == 1 && byte >= 0x80 && byte <= 0x9F) {
      append_utf8(out_, byte);  // WHATWG windows-1252 keeps the C1 control
    } else {
      out_ += kReplacement;
      ++invalid_;
    }
    used_ = out_.size();
    const std::size_t skip = std::min(unit_, in_left_);
    in_ += skip;
    in_left_ -= skip;
  }

  char* in_;
  std::size_t in_left_;
  std::size_t unit_;
  bool c1_passthrough_;
  std::string out_;
  std::size_t used_ = 0;
  std::size_t invalid_ = 0;
};

Transcoded run_iconv(std::string_view bytes, const std::string& from, bool c1_passthrough) {
  const Iconv cd(from);
  if (!cd.ok()) {  // planning just opened it; only resource exhaustion gets here
    return bytes.empty() ? Transcoded{} : Transcoded{std::string{kReplacement}, 1};
  }
  Transcoded result = Converter(bytes, unit_size(from), c1_passthrough).run(cd.get());
  // iconv's output should be valid UTF-8; make sure the contract holds anyway.
  if (!is_valid_utf8(result.text)) {
    Transcoded repaired = repair_utf8(result.text);
    repaired.invalid_sequences += result.invalid_sequences;
    return repaired;
  }
  return result;
}

}  // namespace

std::optional<Transcoded> transcode_to_utf8(std::string_view bytes, std::string_view charset) {
  const std::optional<Plan> plan = plan_for(charset);
  if (!plan) return std::nullopt;
  switch (plan->family) {
    case Family::Utf8:
      return repair_utf8(bytes);
    case Family::Utf16: {
      std::string from = choose_byte_order(bytes, 2);
      return run_iconv(bytes, from, false);
    }
    case Family::Utf32: {
      std::string from = choose_byte_order(bytes, 4);
      return run_iconv(bytes, from, false);
    }
    case Family::Iconv:
      break;
  }
  return run_iconv(bytes, plan->iconv_name, plan->c1_passthrough);
}

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    i += ascii_prefix(p + i, n - i);
    if (i == n) break;
    const Utf8Step step = utf8_step(p + i, n - i);
    if (!step.valid) return false;
    i += step.length;
  }
  return true;
}

Transcoded repair_utf8(std::string_view text) {
  Transcoded result;
  result.text.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t run_start = 0;  // start of the valid bytes not yet copied
  std::size_t i = 0;
  while (i < n) {
    i += ascii_prefix(p + i, n - i);
    if (i == n) break;
    const Utf8Step step = utf8_step(p + i, n - i);
    if (!step.valid) {
      result.text.append(text.substr(run_start, i - run_start));
      result.text += kReplacement;
      ++result.invalid_sequences;
      run_start = i + step.length;
    }
    i += step.length;
  }
  result.text.append(text.substr(run_start));
  return result;
}

std::optional<Bom> detect_bom(std::string_view bytes) noexcept {
  // UTF-32LE's BOM begins with UTF-16LE's, so the longer ones are tried first.
  constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kBoms = {{
      {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
      {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
      {"\xEF\xBB\xBF", "UTF-8"},
      {"\xFE\xFF", "UTF-16BE"},
      {"\xFF\xFE", "UTF-16LE"},
  }};
  for (const auto& [mark, charset] : kBoms) {
    if (bytes.starts_with(mark)) return Bom{charset, mark.size()};
  }
  return std::nullopt;
}

RemovedControls remove_control_chars(std::string& text) {
  RemovedControls removed;
  std::size_t line = 1, out = 0;
  for (const char c : text) {
    if (c == '\n') ++line;
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
      text[out++] = c;
    } else if (c == '\f' || c == '\v') {
      text[out++] = ' ';
    } else if (removed.count++ == 0) {
      removed.first_line = line;
    }
  }
  text.resize(out);
  return removed;
}

std::string removed_controls_message(const RemovedControls& removed) {
  if (removed.count == 0) return {};
  return std::to_string(removed.count) + (removed.count == 1 ? " control character" : " control characters") +
         " (NUL and the like) removed";
}

}  // namespace newsdex

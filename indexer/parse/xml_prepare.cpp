#include "indexer/parse/xml_prepare.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/encoding.hpp"

namespace newsdex {
namespace {

// Beyond this many entity warnings the rest are summarised in one sentence,
// so a feed with thousands of &nbsp; does not carry thousands of strings.
constexpr std::size_t kMaxEntityWarnings = 100;

bool is_xml_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// A label from the document, fit to be quoted in a warning.
std::string printable(std::string_view label) {
  std::string out;
  for (const char c : label.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  if (label.size() > 40) out += "...";
  return out;
}

// A charset label without surrounding whitespace or quotes (Content-Type
// parameters may be quoted).
std::string_view trim_label(std::string_view s) noexcept {
  const auto junk = [](char c) { return is_xml_space(c) || c == '"' || c == '\''; };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  return s;
}

// ---------------------------------------------------------------------------
// The XML declaration

struct XmlDecl {
  std::size_t begin = 0;  // offset of "<?xml"
  std::size_t end = 0;    // offset just past "?>"
  std::string_view version;
  std::string_view encoding;
  std::string_view standalone;
};

// Finds "<?xml ...?>" after optional leading whitespace and reads its
// pseudo-attributes. Only the text up to "?>" is looked at, so an encoding
// named later in the document is never mistaken for the declaration's.
std::optional<XmlDecl> find_xml_decl(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_xml_space(text[i])) ++i;
  if (text.substr(i, 5) != "<?xml") return std::nullopt;
  if (i + 5 >= text.size() || !(is_xml_space(text[i + 5]) || text[i + 5] == '?')) return std::nullopt;
  const std::size_t close = text.find("?>", i + 5);
  if (close == std::string_view::npos) return std::nullopt;

  XmlDecl decl;
  decl.begin = i;
  decl.end = close + 2;
  const std::string_view body = text.substr(i + 5, close - (i + 5));
  std::size_t p = 0;
  while (p < body.size()) {
    while (p < body.size() && is_xml_space(body[p])) ++p;
    const std::size_t name_start = p;
    while (p < body.size() && body[p] != '=' && !is_xml_space(body[p])) ++p;
    const std::string_view name = body.substr(name_start, p - name_start);
    while (p < body.size() && is_xml_space(body[p])) ++p;
    if (p >= body.size() || body[p] != '=') break;
    ++p;
    while (p < body.size() && is_xml_space(body[p])) ++p;
    if (p >= body.size() || (body[p] != '"' && body[p] != '\'')) break;
    const char quote = body[p++];
    const std::size_t value_end = body.find(quote, p);
    if (value_end == std::string_view::npos) break;
    const std::string_view value = body.substr(p, value_end - p);
    p = value_end + 1;
    if (name == "version") decl.version = value;
    else if (name == "encoding") decl.encoding = value;
    else if (name == "standalone") decl.standalone = value;
  }
  return decl;
}

// Written afresh rather than patched, so the result is well-formed whatever
// order or spacing the original used.
std::string rewritten_decl(const XmlDecl& decl) {
  const bool plain_version = !decl.version.empty() && decl.version.size() <= 8 &&
                             decl.version.find_first_not_of("0123456789.") == std::string_view::npos;
  std::string out = "<?xml version=\"";
  out += plain_version ? decl.version : "1.0";
  out += "\" encoding=\"UTF-8\"";
  if (decl.standalone == "yes" || decl.standalone == "no") {
    out += " standalone=\"";
    out += decl.standalone;
    out += '"';
  }
  out += "?>";
  return out;
}

// ---------------------------------------------------------------------------
// Step 1: bytes to UTF-8

// UTF-16/32 without a BOM, recognised by where the zero bytes of a leading
// '<' (or whitespace) fall, as XML 1.0 Appendix F describes for "<?xml".
std::string_view sniff_wide_charset(std::string_view bytes) noexcept {
  if (bytes.size() < 4) return {};
  const auto starts_markup = [](char c) { return c == '<' || is_xml_space(c); };
  const char b0 = bytes[0], b1 = bytes[1], b2 = bytes[2], b3 = bytes[3];
  if (b0 == 0 && b1 == 0 && b2 == 0 && starts_markup(b3)) return "UTF-32BE";
  if (starts_markup(b0) && b1 == 0 && b2 == 0 && b3 == 0) return "UTF-32LE";
  if (b0 == 0 && starts_markup(b1) && b2 == 0 && b3 != 0) return "UTF-16BE";
  if (starts_markup(b0) && b1 == 0 && b2 != 0 && b3 == 0) return "UTF-16LE";
  return {};
}

std::string lower_label(std::string_view label) {
  std::string lower;
  for (const char c : label) lower.push_back(ascii_lower(c));
  return lower;
}

bool names_utf8(std::string_view label) {
  const std::string lower = lower_label(label);
  return lower == "utf-8" || lower == "utf8";
}

bool names_wide_charset(std::string_view label) {
  const std::string lower = lower_label(label);
  constexpr std::array<std::string_view, 8> kPrefixes = {"utf-16", "utf16", "utf-32", "utf32",
                                                         "ucs-2",  "ucs2",  "ucs-4",  "ucs4"};
  return lower == "unicode" || lower == "csunicode" || lower == "iso-10646-ucs-2" ||
         std::any_of(kPrefixes.begin(), kPrefixes.end(), [&](std::string_view p) { return lower.starts_with(p); });
}

// The decoded document: a view of the input when it already was valid UTF-8
// (no copy of a multi-megabyte feed), else the converted text.
struct Decoded {
  std::string owned;
  std::string_view borrowed;
  bool is_owned = false;

  std::string_view text() const noexcept { return is_owned ? std::string_view{owned} : borrowed; }
};

void take(Decoded& decoded, Transcoded&& transcoded) {
  decoded.owned = std::move(transcoded.text);
  decoded.is_owned = true;
}

void warn_invalid(PreparedXml& out, std::size_t count, std::string_view charset) {
  if (count == 0) return;
  out.warnings.push_back(std::to_string(count) + (count == 1 ? " invalid byte sequence" : " invalid byte sequences") +
                         " in " + printable(charset) + " replaced with U+FFFD");
}

// Reads bytes in a charset that is known to exist.
void decode_as(std::string_view bytes, std::string_view charset, Decoded& decoded, PreparedXml& out) {
  std::optional<Transcoded> t = transcode_to_utf8(bytes, charset);
  out.charset = std::string{charset};
  if (!t) {  // only when iconv itself fails to open; the contract still wants text
    t = repair_utf8(bytes);
  }
  warn_invalid(out, t->invalid_sequences, charset);
  take(decoded, std::move(*t));
}

// No usable declaration: UTF-8 when the bytes are valid UTF-8, else
// windows-1252, which maps every byte and is what such feeds usually are.
void decode_undeclared(std::string_view bytes, Decoded& decoded, PreparedXml& out) {
  if (is_valid_utf8(bytes)) {
    out.charset = "UTF-8";
    decoded.borrowed = bytes;
    return;
  }
  out.warnings.push_back("bytes are not valid UTF-8 and no usable charset was declared; read as windows-1252");
  decode_as(bytes, "windows-1252", decoded, out);
}

// Tries the declared charsets in order of authority; each unknown one is
// reported and the next is tried.
void decode_declared(std::string_view bytes, std::string_view http_charset, Decoded& decoded, PreparedXml& out) {
  std::array<std::string_view, 2> declared = {trim_label(http_charset), {}};
  if (const auto decl = find_xml_decl(bytes)) declared[1] = trim_label(decl->encoding);
  // The HTTP charset outranks the document's (RFC 7303), but servers often
  // send a default that is wrong: when the document says UTF-8 and its bytes
  // are UTF-8 beyond ASCII, which text in another charset almost never is,
  // the document is right.
  if (!declared[0].empty() && !names_utf8(declared[0]) && names_utf8(declared[1]) &&
      std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) &&
      is_valid_utf8(bytes)) {
    out.warnings.push_back("the HTTP charset \"" + printable(declared[0]) +
                           "\" does not match the bytes, which are UTF-8 as the document declares; read as UTF-8");
    declared[0] = {};
  }
  for (const std::string_view label : declared) {
    if (label.empty()) continue;
    if (names_wide_charset(label)) {
      // Neither a BOM nor the byte pattern says UTF-16/32, so the label is wrong.
      out.warnings.push_back("charset \"" + printable(label) + "\" does not match the bytes; ignored");
      continue;
    }
    std::optional<Transcoded> t = transcode_to_utf8(bytes, label);
    if (!t) {
      out.warnings.push_back("unknown charset \"" + printable(label) + "\" ignored");
      continue;
    }
    out.charset = std::string{label};
    warn_invalid(out, t->invalid_sequences, label);
    take(decoded, std::move(*t));
    return;
  }
  decode_undeclared(bytes, decoded, out);
}

void decode(std::string_view bytes, std::string_view http_charset, Decoded& decoded, PreparedXml& out) {
  if (const auto bom = detect_bom(bytes)) {
    const std::string_view rest = bytes.substr(bom->length);
    if (bom->charset == "UTF-8" && is_valid_utf8(rest)) {
      out.charset = "UTF-8";
      decoded.borrowed = rest;
      return;
    }
    decode_as(rest, bom->charset, decoded, out);
  } else if (const std::string_view wide = sniff_wide_charset(bytes); !wide.empty()) {
    decode_as(bytes, wide, decoded, out);
  } else {
    decode_declared(bytes, http_charset, decoded, out);
  }
}

// ---------------------------------------------------------------------------
// Step 4: entities

bool in_ranges(char32_t cp, std::initializer_list<std::pair<char32_t, char32_t>> ranges) noexcept {
  return std::any_of(ranges.begin(), ranges.end(), [cp](auto r) { return cp >= r.first && cp <= r.second; });
}

bool is_name_start(char32_t cp) noexcept {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || cp == ':';
  return in_ranges(cp, {{0xC0, 0xD6},
                        {0xD8, 0xF6},
                        {0xF8, 0x2FF},
                        {0x370, 0x37D},
                        {0x37F, 0x1FFF},
                        {0x200C, 0x200D},
                        {0x2070, 0x218F},
                        {0x2C00, 0x2FEF},
                        {0x3001, 0xD7FF},
                        {0xF900, 0xFDCF},
                        {0xFDF0, 0xFFFD},
                        {0x10000, 0xEFFFF}});
}

bool is_name_char(char32_t cp) noexcept {
  if (is_name_start(cp)) return true;
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || cp == '-' || cp == '.';
  return cp == 0xB7 || in_ranges(cp, {{0x300, 0x36F}, {0x203F, 0x2040}});
}

// Decodes the code point at s[i] (the text is valid UTF-8) and its length.
std::pair<char32_t, std::size_t> decode_utf8_at(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const std::size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (i + len > s.size()) return {0xFFFD, 1};
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, len};
}

// Length of an XML Name at s[i] (0 if none starts there).
std::size_t name_length(std::string_view s, std::size_t i) noexcept {
  std::size_t p = i;
  while (p < s.size()) {
    const auto [cp, len] = decode_utf8_at(s, p);
    if (!(p == i ? is_name_start(cp) : is_name_char(cp))) break;
    p += len;
  }
  return p - i;
}

bool is_xml_char(std::uint32_t cp) noexcept {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

int digit_value(char c, bool hex) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of a well-formed character reference at s[i] ("&#123;", "&#x1F;"),
// 0 if there is none. One naming a character XML forbids (such as &#0;) is
// not a reference XML accepts, so it counts as none.
std::size_t char_ref_length(std::string_view s, std::size_t i) noexcept {
  std::size_t p = i + 2;  // past "&#"
  const bool hex = p < s.size() && s[p] == 'x';
  if (hex) ++p;
  const std::size_t digits_start = p;
  std::uint32_t value = 0;
  for (int d; p < s.size() && (d = digit_value(s[p], hex)) >= 0; ++p) {
    value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    if (value > 0x10FFFF) return 0;
  }
  if (p == digits_start || p >= s.size() || s[p] != ';') return 0;
  return is_xml_char(value) ? p + 1 - i : 0;
}

constexpr std::array<std::string_view, 5> kPredefined = {"amp", "lt", "gt", "quot", "apos"};

// The single pass of step 4: copies text, escaping '&' that XML would reject
// and skipping over the constructs whose content is left alone.
class EntityFixer {
 public:
  EntityFixer(std::string& out, std::vector<std::string>& warnings) : out_(out), warnings_(warnings) {}

  void run(std::string_view s) {
    std::size_t i = 0;
    std::size_t copied = 0;  // s[copied, i) is still to be appended
    const auto flush = [&](std::size_t upto) {
      out_.append(s.substr(copied, upto - copied));
      copied = upto;
    };
    while (i < s.size()) {
      const char c = s[i];
      if (c == '<') {
        const std::size_t end = skip_untouched(s, i);
        i = end > i ? end : i + 1;
      } else if (c == '&') {
        const std::size_t len = reference_length(s, i);
        if (len > 0) {
          i += len;
          continue;
        }
        flush(i);
        fix_ampersand(s, i);
        copied = ++i;  // the '&' itself was written as "&amp;"
      } else {
        ++i;
      }
    }
    flush(s.size());
    summarise();
  }

 private:
  // End of a comment, CDATA section, processing instruction or DOCTYPE
  // starting at s[i], or i when none starts there. Unterminated ones run to
  // the end: their content is still not ours to change.
  static std::size_t skip_untouched(std::string_view s, std::size_t i) noexcept {
    const std::string_view rest = s.substr(i);
    const auto until = [&](std::string_view open, std::string_view close) {
      const std::size_t pos = s.find(close, i + open.size());
      return pos == std::string_view::npos ? s.size() : pos + close.size();
    };
    if (rest.starts_with("<!--")) return until("<!--", "-->");
    if (rest.starts_with("<![CDATA[")) return until("<![CDATA[", "]]>");
    if (rest.starts_with("<?")) return until("<?", "?>");
    if (rest.starts_with("<!DOCTYPE")) return skip_doctype(s, i + 9);
    return i;
  }

  // From inside "<!DOCTYPE" to just past its closing '>', stepping over quoted
  // literals and an internal subset with its own comments and PIs.
  static std::size_t skip_doctype(std::string_view s, std::size_t i) noexcept {
    const auto skip_past = [&](std::size_t from, std::string_view close) {
      const std::size_t pos = s.find(close, from);
      return pos == std::string_view::npos ? s.size() : pos + close.size();
    };
    bool in_subset = false;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"' || c == '\'') {
        i = skip_past(i + 1, std::string_view(&s[i], 1));
      } else if (in_subset && s.substr(i).starts_with("<!--")) {
        i = skip_past(i + 4, "-->");
      } else if (in_subset && s.substr(i).starts_with("<?")) {
        i = skip_past(i + 2, "?>");
      } else if (c == '[' && !in_subset) {
        in_subset = true, ++i;
      } else if (c == ']' && in_subset) {
        in_subset = false, ++i;
      } else if (c == '>' && !in_subset) {
        return i + 1;
      } else {
        ++i;
      }
    }
    return s.size();
  }

  // The name of an entity reference "&name;" at s[i], empty if there is none.
  static std::string_view entity_name(std::string_view s, std::size_t i) noexcept {
    const std::size_t len = name_length(s, i + 1);
    if (len == 0 || i + 1 + len >= s.size() || s[i + 1 + len] != ';') return {};
    return s.substr(i + 1, len);
  }

  // Length of an acceptable reference at s[i] (a predefined entity or a
  // character reference), 0 when the '&' must be fixed.
  static std::size_t reference_length(std::string_view s, std::size_t i) noexcept {
    if (i + 1 < s.size() && s[i + 1] == '#') return char_ref_length(s, i);
    const std::string_view name = entity_name(s, i);
    const bool predefined = std::find(kPredefined.begin(), kPredefined.end(), name) != kPredefined.end();
    return predefined ? name.size() + 2 : 0;
  }

  // Writes "&amp;" for the '&' at s[i]; what follows it is kept as it was.
  void fix_ampersand(std::string_view s, std::size_t i) {
    out_ += "&amp;";
    const std::string_view name = entity_name(s, i);
    if (name.empty()) {
      warn("bare '&' escaped as &amp;");
    } else {
      warn("undefined entity &" + shortened(name) + ";");
    }
  }

  // At most about 40 bytes of a name, cut on a character boundary.
  static std::string shortened(std::string_view name) {
    if (name.size() <= 40) return std::string{name};
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    return std::string{name.substr(0, cut)} + "...";
  }

  void warn(const std::string& what) {
    if (++fixes_ > kMaxEntityWarnings) return;
    warnings_.push_back("line " + std::to_string(current_line()) + ": " + what);
  }

  // Counted lazily, so clean documents never pay for it.
  std::size_t current_line() {
    line_ += static_cast<std::size_t>(std::count(out_.begin() + static_cast<std::ptrdiff_t>(counted_), out_.end(), '\n'));
    counted_ = out_.size();
    return line_;
  }

  void summarise() {
    if (fixes_ <= kMaxEntityWarnings) return;
    warnings_.push_back(std::to_string(fixes_ - kMaxEntityWarnings) + " more '&' fixes not listed");
  }

  std::string& out_;
  std::vector<std::string>& warnings_;
  std::size_t line_ = 1;
  std::size_t counted_ = 0;
  std::size_t fixes_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------
// Step 5: what tinyxml2 alone would refuse in otherwise readable feeds

// Processing instructions in the prolog (<?xml-stylesheet ...?>): tinyxml2
// takes any "<?" for a misplaced declaration. They are presentation only.
void drop_prolog_instructions(std::string& xml, std::size_t from) {
  std::size_t i = from;
  while (i < xml.size()) {
    while (i < xml.size() && is_xml_space(xml[i])) ++i;
    std::string_view rest(xml.data() + i, xml.size() - i);
    if (rest.starts_with("<?")) {
      auto end = xml.find("?>", i);
      if (end == std::string::npos) return;
      xml.erase(i, end + 2 - i);  // valid XML: no warning
    } else if (rest.starts_with("<!--")) {
      auto end = xml.find("-->", i);
      if (end == std::string::npos) return;
      i = end + 3;
    } else if (rest.starts_with("<!") && !rest.starts_with("<![")) {
      auto end = xml.find('>', i);
      if (end == std::string::npos || xml.find('[', i) < end) return;  // a DOCTYPE subset: leave it
      i = end + 1;
    } else {
      return;
    }
  }
}

// A feed cut off inside its last tag ("...</channel></rss") is otherwise
// complete; closing the tag recovers all of it.
void close_cut_off_tag(std::string& xml, std::vector<std::string>& warnings) {
  auto end = xml.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return;
  auto open = xml.rfind('<', end);
  auto close = xml.rfind('>', end);
  if (open == std::string::npos || (close != std::string::npos && close > open)) return;
  std::string_view tag(xml.data() + open, end + 1 - open);
  if (tag.size() < 2 || tag.find_first_of("\"'=") != std::string_view::npos) return;
  xml.resize(end + 1);
  xml += '>';
  warnings.push_back("the last tag was cut off; closed it");
}

PreparedXml prepare_xml(std::string_view bytes, std::string_view http_charset) {
  PreparedXml result;
  Decoded decoded;
  decode(bytes, http_charset, decoded, result);

  std::string_view text = decoded.text();
  // XML allows no C0 control but tab and the line ends, and a NUL would end
  // the parser's input early: removed, said once (a copy only when needed).
  std::string without_controls;
  if (std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
      })) {
    without_controls.assign(text);
    const RemovedControls removed = remove_control_chars(without_controls);
    result.warnings.push_back("line " + std::to_string(removed.first_line) + ": " +
                              removed_controls_message(removed));
    text = without_controls;
  }
  // A BOM that survived decoding (say, a second one) is not content either.
  while (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  result.xml.reserve(text.size() + text.size() / 64 + 64);
  if (const auto decl = find_xml_decl(text)) {
    if (decl->begin > 0) result.warnings.push_back("whitespace before the XML declaration removed");
    result.xml += rewritten_decl(*decl);
    text.remove_prefix(decl->end);
  }
  const std::size_t body = result.xml.size();
  EntityFixer(result.xml, result.warnings).run(text);
  drop_prolog_instructions(result.xml, body);
  close_cut_off_tag(result.xml, result.warnings);
  return result;
}

}  // namespace newsdex

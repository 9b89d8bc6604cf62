#include "common/stored_document_reader.hpp"

#include <algorithm>
#include <array>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace newsdex {
namespace {

// A number's kind as nlohmann tells them apart: integers that fit in int64
// (negative) or uint64 (not), anything else floating point.
struct Number {
  enum Kind { negative, unsigned_int, floating } kind = floating;
  std::uint64_t magnitude = 0;
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : s_(text) {}

  // False on malformed JSON.
  bool read_document(Document& d) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a byte order mark, as nlohmann skips it
    space();
    if (!take('{')) return false;
    space();
    if (take('}')) return finished();
    std::string key;
    for (;;) {
      space();
      if (!string(&key)) return false;
      space();
      if (!take(':')) return false;
      space();
      if (!field(d, key)) return false;
      space();
      if (take(',')) continue;
      if (take('}')) return finished();
      return false;
    }
  }

 private:
  static constexpr int kMaxDepth = 512;
  // The bytes that end a plain run of a string.
  static constexpr std::array<bool, 256> kStops = [] {
    std::array<bool, 256> stops{};
    for (unsigned c = 0; c < 256; ++c) stops[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
    return stops;
  }();

  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  bool take(char c) {
    if (peek() != c || at_end()) return false;
    ++i_;
    return true;
  }
  void space() {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool finished() {
    space();
    return at_end();
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  // One value of the document's object, by its key.
  bool field(Document& d, const std::string& key) {
    if (key == "id") return string_field(d.id);
    if (key == "title") return string_field(d.title);
    if (key == "url") return string_field(d.url);
    if (key == "source") return string_field(d.source);
    if (key == "author") return string_field(d.author);
    if (key == "published") return time_field(d.published);
    if (key == "updated") return time_field(d.updated);
    if (key == "categories") return strings_field(d.categories);
    if (key == "summary") return string_field(d.summary);
    if (key == "content") return string_field(d.content);
    if (key == "enclosure") return string_field(d.enclosure);
    if (key == "lang") return string_field(d.language);
    if (key == "kind") return string_field(d.kind);
    if (key == "story") return string_field(d.story);
    if (key == "place") return string_field(d.place);
    if (key == "input") return string_field(d.input);
    if (key == "position") return count_field(d.position);
    if (key == "source_count") return count_field(d.source_count);
    if (key == "citations") return citations_field(d.citations);
    return skip_value(0);
  }

  bool string_field(std::string& out) {
    out.clear();
    if (peek() == '"') return string(&out);
    return skip_value(0);
  }

  bool time_field(std::optional<std::int64_t>& out) {
    out.reset();
    if (peek() != '-' && !(peek() >= '0' && peek() <= '9')) return skip_value(0);
    Number n;
    if (!number(n)) return false;
    if (n.kind == Number::negative) out = static_cast<std::int64_t>(0 - n.magnitude);
    if (n.kind == Number::unsigned_int) out = static_cast<std::int64_t>(n.magnitude);
    return true;
  }

  bool count_field(std::size_t& out) {
    out = 0;
    if (peek() != '-' && !(peek() >= '0' && peek() <= '9')) return skip_value(0);
    Number n;
    if (!number(n)) return false;
    if (n.kind == Number::unsigned_int) out = static_cast<std::size_t>(n.magnitude);
    return true;
  }

  // An array's string elements (others skipped); anything but an array: none.
  bool strings_field(std::vector<std::string>& out) {
    out.clear();
    if (peek() != '[') return skip_value(0);
    ++i_;
    space();
    if (take(']')) return true;
    for (;;) {
      space();
      if (peek() == '"') {
        out.emplace_back();
        if (!string(&out.back())) return false;
      } else if (!skip_value(1)) {
        return false;
      }
      space();
      if (take(',')) continue;
      return take(']');
    }
  }

  // [{"sentence": S, "sources": [...]}, ...]: an element without a string
  // sentence is left out.
  bool citations_field(std::vector<Citation>& out) {
    out.clear();
    if (peek() != '[') return skip_value(0);
    ++i_;
    space();
    if (take(']')) return true;
    for (;;) {
      space();
      if (peek() == '{') {
        std::optional<Citation> c;
        if (!citation(c)) return false;
        if (c) out.push_back(std::move(*c));
      } else if (!skip_value(1)) {
        return false;
      }
      space();
      if (take(',')) continue;
      return take(']');
    }
  }

  bool citation(std::optional<Citation>& out) {
    ++i_;  // '{'
    std::optional<std::string> sentence;
    std::vector<std::string> sources;
    std::string key;
    space();
    if (!take('}')) {
      for (;;) {
        space();
        if (!string(&key)) return false;
        space();
        if (!take(':')) return false;
        space();
        if (key == "sentence") {
          sentence.reset();
          if (peek() == '"') {
            sentence.emplace();
            if (!string(&*sentence)) return false;
          } else if (!skip_value(2)) {
            return false;
          }
        } else if (key == "sources") {
          if (!strings_field(sources)) return false;
        } else if (!skip_value(2)) {
          return false;
        }
        space();
        if (take(',')) continue;
        if (take('}')) break;
        return false;
      }
    }
    if (sentence) out = Citation{std::move(*sentence), std::move(sources)};
    return true;
  }

  // Any value, checked and passed over.
  bool skip_value(int depth) {
    if (depth > kMaxDepth) return false;
    switch (peek()) {
      case '"': return string(nullptr);
      case '{': {
        ++i_;
        space();
        if (take('}')) return true;
        for (;;) {
          space();
          if (!string(nullptr)) return false;
          space();
          if (!take(':')) return false;
          space();
          if (!skip_value(depth + 1)) return false;
          space();
          if (take(',')) continue;
          return take('}');
        }
      }
      case '[': {
        ++i_;
        space();
        if (take(']')) return true;
        for (;;) {
          space();
          if (!skip_value(depth + 1)) return false;
          space();
          if (take(',')) continue;
          return take(']');
        }
      }
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: {
        Number n;
        return number(n);
      }
    }
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number(Number& n) {
    auto digit = [&] { return !at_end() && s_[i_] >= '0' && s_[i_] <= '9'; };
    const std::size_t start = i_;
    const bool minus = take('-');
    if (!digit()) return false;
    bool overflow = false;
    if (s_[i_] == '0') {
      ++i_;
    } else {
      while (digit()) {
        const auto v = static_cast<std::uint64_t>(s_[i_++] - '0');
        if (n.magnitude > (UINT64_MAX - v) / 10) overflow = true;
        n.magnitude = n.magnitude * 10 + v;
      }
    }
    bool fraction = false;
    if (take('.')) {
      if (!digit()) return false;
      while (digit()) ++i_;
      fraction = true;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (!take('+')) take('-');
      if (!digit()) return false;
      while (digit()) ++i_;
      fraction = true;
    }
    if (!fraction && !overflow && !minus) n.kind = Number::unsigned_int;
    // INT64_MIN's magnitude is 2^63.
    else if (!fraction && !overflow && n.magnitude <= (std::uint64_t{1} << 63)) n.kind = Number::negative;
    else return finite(s_.substr(start, i_ - start));
    return true;
  }

  // nlohmann refuses a floating-point number that overflows a double; it
  // reads it with strtod, the decimal point swapped for the locale's.
  static bool finite(std::string_view lexeme) {
    std::string text(lexeme);
    const char point = *std::localeconv()->decimal_point;
    std::replace(text.begin(), text.end(), '.', point);
    return std::isfinite(std::strtod(text.c_str(), nullptr));
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(unsigned& out) {
    if (s_.size() - i_ < 4) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = hex(s_[i_++]);
      if (h < 0) return false;
      out = out * 16 + static_cast<unsigned>(h);
    }
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The length of the well-formed UTF-8 sequence at i_ (RFC 3629: no
  // overlong forms, surrogates or code points past U+10FFFF), or 0.
  std::size_t utf8_length() const {
    auto byte = [&](std::size_t k) { return i_ + k < s_.size() ? static_cast<unsigned char>(s_[i_ + k]) : 0u; };
    auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
    const unsigned b0 = byte(0);
    if (in(b0, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
    if (in(b0, 0xE0, 0xEF)) {
      const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
      return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in(b0, 0xF0, 0xF4)) {
      const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
      return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
  }

  // A string at i_ into `out` (or only checked, when null).
  bool string(std::string* out) {
    if (!take('"')) return false;
    if (out) out->clear();
    for (;;) {
      // The plain run up to the next quote, escape, control or non-ASCII byte.
      const std::size_t run = i_;
      while (i_ < s_.size() && !kStops[static_cast<unsigned char>(s_[i_])]) ++i_;
      if (out) out->append(s_, run, i_ - run);
      if (at_end()) return false;
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;  // control characters must be escaped
      if (c >= 0x80) {
        const std::size_t n = utf8_length();
        if (n == 0) return false;
        if (out) out->append(s_, i_, n);
        i_ += n;
        continue;
      }
      ++i_;  // '\\'
      if (at_end()) return false;
      const char e = s_[i_++];
      char plain = 0;
      switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (out) append_utf8(*out, cp);
          continue;
        }
        default: return false;
      }
      if (out) *out += plain;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<Document> read_stored_document(std::string_view data) {
  Document d;
  JsonReader reader(data);
  if (!reader.read_document(d)) return std::nullopt;
  return d;
}

}  // namespace newsdex

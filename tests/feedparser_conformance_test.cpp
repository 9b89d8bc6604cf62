// Conformance of parse_feed against the Python feedparser test suite
// (../shared/data/feedparser-tests, kurtmckee/feedparser @ a22c552).
//
// Every test file opens with an XML comment holding `Expect:`, a Python
// expression over feedparser's result (`not bozo and feed['title'] == 'x'`);
// the JSON Feed cases (json/*.json, read by parse_json_feed) hold it in a
// "__TEST__" member. A small evaluator for that Python subset runs it over our ParsedFeed, with
// feedparser's keys mapped onto our model:
//   bozo                           error || a warning (but not "the feed has
//                                  no items": an empty feed is valid)
//   feed title / link / language   FeedInfo
//   entries[i] title, link, id (guid), author, summary (description),
//     content[0]['value'], published / updated and their *_parsed tuples,
//     tags[j]['term'] (category), enclosures[0]['href'], language    Item
//   X_detail['value']              the same as X
// Comparison rules:
// - Text: feedparser keeps (sanitised) HTML, we keep plain text, so
//   feedparser's side of ==, != and `in` goes through html_to_text and ours is
//   compared as it is (converting ours too would turn a correct plain
//   "<blink>" into nothing). feedparser keeps text/plain values (Atom
//   type="text") unescaped, and those cannot be told from HTML by looking:
//   when ours equals feedparser's string itself but not its text, the
//   comparison is "not modelled" rather than a pass or a failure.
// - Dates: an expected string goes through parse_date, a struct_time tuple's
//   first six fields are read as UTC; then the seconds are compared.
// - URLs and ids compare exactly. parse_feed is given the case's URL on
//   feedparser's test server (or its Content-Location header) and resolves
//   relative links against it, as feedparser does.
// - Languages compare case-insensitively, as BCP 47 tags do. A file whose
//   `Header:` sets Content-Language makes a language mismatch "not
//   modelled": parse_feed is given only the Content-Type's charset (passed
//   as http_charset), not the other headers.
// - feedparser's derived keys are mimicked: `updated` falls back to
//   `published`, and `summary` to the content (feedparser copies content into
//   a missing summary).
// Anything touching a key we do not model (generator, image, itunes_*, links,
// *_detail['language'], encoding, version, headers, ...) makes that part "not
// modelled": counted per reason, neither pass nor fail. A top-level `and` is
// split into conjuncts judged alone, so `not bozo` is still checked when the
// rest is about something we do not model; a case fails when any of its
// modelled conjuncts fails.
//
// tests/conformance_exclusions.txt names the folders we skip and the cases
// that are known to fail, each with a reason. A listed case that no longer
// fails fails the suite, so the list can only stay honest and shrink.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/dates.hpp"
#include "common/html_text.hpp"
#include "common/url.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/json_feed.hpp"
#include "tests/test_data.hpp"

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Small text helpers

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
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

// UTF-8 code points, for Python's len() and ord(); a stray byte counts as one.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

// ---------------------------------------------------------------------------
// A test file's leading comment

// The UTF-16/32 encoding tests carry their comment in that encoding.
struct WideEncoding {
  std::size_t unit;  // 2 or 4 bytes
  bool big_endian;
  std::size_t bom;   // bytes to skip
};

std::optional<WideEncoding> wide_encoding(std::string_view b) {
  const auto starts = [&](std::string_view p) { return b.substr(0, p.size()) == p; };
  using namespace std::string_view_literals;
  if (starts("\x00\x00\xFE\xFF"sv)) return WideEncoding{4, true, 4};
  if (starts("\xFF\xFE\x00\x00"sv)) return WideEncoding{4, false, 4};
  if (starts("\x00\x00\x00<"sv)) return WideEncoding{4, true, 0};
  if (starts("<\x00\x00\x00"sv)) return WideEncoding{4, false, 0};
  if (starts("\xFE\xFF"sv)) return WideEncoding{2, true, 2};
  if (starts("\xFF\xFE"sv)) return WideEncoding{2, false, 2};
  if (starts("\x00<"sv)) return WideEncoding{2, true, 0};
  if (starts("<\x00"sv)) return WideEncoding{2, false, 0};
  return std::nullopt;
}

std::string widen_to_utf8(std::string_view b, WideEncoding w) {
  const auto unit_at = [&](std::size_t i) {
    char32_t v = 0;
    for (std::size_t k = 0; k < w.unit; ++k) {
      v = (v << 8) | static_cast<unsigned char>(b[i + (w.big_endian ? k : w.unit - 1 - k)]);
    }
    return v;
  };
  std::string out;
  for (std::size_t i = w.bom; i + w.unit <= b.size(); i += w.unit) {
    char32_t cp = unit_at(i);
    if (w.unit == 2 && cp >= 0xD800 && cp < 0xDC00 && i + 4 <= b.size()) {
      const char32_t low = unit_at(i + 2);
      if (low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    append_utf8(out, cp);
  }
  return out;
}

struct CaseHeader {
  std::string description;
  std::string expect;
  std::vector<std::pair<std::string, std::string>> http;  // lower-case name, value
};

std::optional<CaseHeader> read_case_header(std::string_view bytes) {
  const auto wide = wide_encoding(bytes);
  const std::string text = wide ? widen_to_utf8(bytes.substr(0, 4096), *wide) : std::string(bytes);
  const auto open = text.find("<!--");
  const auto close = text.find("-->", open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  CaseHeader h;
  std::istringstream lines(text.substr(open + 4, close - open - 4));
  for (std::string raw; std::getline(lines, raw);) {
    const std::string_view line = trim(raw);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (key == "Description") h.description = value;
    if (key == "Expect") h.expect = value;
    if (key == "Header") {
      const auto c = value.find(':');
      if (c != std::string_view::npos) {
        h.http.emplace_back(lower(trim(value.substr(0, c))), std::string(trim(value.substr(c + 1))));
      }
    }
  }
  if (h.expect.empty()) return std::nullopt;
  return h;
}

// A JSON case (json/*.json) holds its header in a "__TEST__" member, on one
// line: "Description: ... Expect: ... -->". Read by a scan (the string has
// no escapes but \" and \\), so this suite needs no JSON library.
std::optional<CaseHeader> read_json_case_header(std::string_view bytes) {
  auto at = bytes.find("\"__TEST__\"");
  if (at == std::string_view::npos || (at = bytes.find('"', bytes.find(':', at))) == std::string_view::npos)
    return std::nullopt;
  std::string text;
  for (++at; at < bytes.size() && bytes[at] != '"'; ++at) {
    if (bytes[at] == '\\' && at + 1 < bytes.size()) ++at;
    text += bytes[at];
  }
  const auto expect = text.find("Expect:");
  if (expect == std::string::npos) return std::nullopt;
  const std::string_view all(text);
  std::string_view description = trim(all.substr(0, expect));
  if (description.starts_with("Description:")) description = trim(description.substr(12));
  CaseHeader h;
  h.description = description;
  h.expect = trim(all.substr(expect + 7, all.find("-->", expect) - expect - 7));
  if (h.expect.empty()) return std::nullopt;
  return h;
}

bool has_http_header(const CaseHeader& h, std::string_view name) {
  return std::any_of(h.http.begin(), h.http.end(), [&](const auto& kv) { return kv.first == name; });
}

// Where feedparser's test server serves the case (http://127.0.0.1:8097/
// tests/...), or the Content-Location it sends, resolved against that: the
// base of the feed's relative links.
std::string document_url(const CaseHeader& h, const std::string& rel) {
  const std::string request = "http://127.0.0.1:8097/tests/" + rel;
  for (const auto& [name, value] : h.http) {
    if (name != "content-location") continue;
    // A javascript: or other non-web location is no base (feedparser agrees).
    const std::string location = newsdex::resolve_url(request, value);
    return newsdex::is_http_url(location) ? location : request;
  }
  return request;
}

// The charset parameter of a Content-Type header, as a server would send it:
// `charset=x`, `charset = "x"`, `charset='x'`. Malformed ones are ignored.
std::string http_charset(const CaseHeader& h) {
  for (const auto& [name, value] : h.http) {
    if (name != "content-type") continue;
    std::istringstream params(value);
    std::string param;
    std::getline(params, param, ';');  // the media type
    while (std::getline(params, param, ';')) {
      std::string_view p = trim(param);
      if (lower(p.substr(0, 7)) != "charset") continue;
      p = trim(p.substr(7));
      if (p.empty() || p.front() != '=') continue;
      p = trim(p.substr(1));
      if (p.size() >= 2 && (p.front() == '"' || p.front() == '\'') && p.back() == p.front()) {
        p = p.substr(1, p.size() - 2);
      }
      return std::string(p);
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// Values of the Python subset

enum class Role { Plain, Text, Url, Lang };  // how a string from our model compares

struct Obj {  // a FeedParserDict or list that maps onto our model
  enum class Kind { Feed, Entries, Entry, Tags, Tag, Enclosures, Enclosure, Contents, Content, Detail };
  Kind kind = Kind::Feed;
  std::int64_t entry = 0;    // for entry-level objects
  std::string missing;       // why it does not exist (an index past the end); reported at a modelled leaf
  bool feed_level = false;   // Detail of a feed field
  std::size_t index = 0;     // tag / enclosure / content index
  std::string field;         // Detail: "title" or "summary"
};

struct Value {
  enum class Kind { None, Bool, Int, Float, Str, Seq, Dict, Time, Object, Unmodelled, Error };
  Kind kind = Kind::None;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;  // Str; the reason (Unmodelled) or message (Error)
  Role role = Role::Plain;
  std::optional<std::int64_t> time;
  std::vector<Value> items;  // Seq; Dict as key, value, key, value, ...
  Obj obj;
};

Value make_bool(bool b) {
  Value v;
  v.kind = Value::Kind::Bool;
  v.boolean = b;
  return v;
}

Value make_int(std::int64_t i) {
  Value v;
  v.kind = Value::Kind::Int;
  v.integer = i;
  return v;
}

Value make_float(double d) {
  Value v;
  v.kind = Value::Kind::Float;
  v.real = d;
  return v;
}

Value make_str(std::string s, Role role = Role::Plain) {
  Value v;
  v.kind = Value::Kind::Str;
  v.text = std::move(s);
  v.role = role;
  return v;
}

Value make_seq(std::vector<Value> items) {
  Value v;
  v.kind = Value::Kind::Seq;
  v.items = std::move(items);
  return v;
}

Value make_time(std::optional<std::int64_t> t) {
  Value v;
  v.kind = Value::Kind::Time;
  v.time = t;
  return v;
}

Value make_obj(Obj o) {
  Value v;
  v.kind = Value::Kind::Object;
  v.obj = std::move(o);
  return v;
}

Value make_error(std::string message) {
  Value v;
  v.kind = Value::Kind::Error;
  v.text = std::move(message);
  return v;
}

bool is_poison(const Value& v) {
  return v.kind == Value::Kind::Unmodelled || v.kind == Value::Kind::Error;
}

bool is_number(const Value& v) {
  return v.kind == Value::Kind::Int || v.kind == Value::Kind::Float || v.kind == Value::Kind::Bool;
}

double as_number(const Value& v) {
  if (v.kind == Value::Kind::Float) return v.real;
  if (v.kind == Value::Kind::Bool) return v.boolean ? 1 : 0;
  return static_cast<double>(v.integer);
}

std::string display(const Value& v) {
  switch (v.kind) {
    case Value::Kind::None: return "None";
    case Value::Kind::Bool: return v.boolean ? "True" : "False";
    case Value::Kind::Int: return std::to_string(v.integer);
    case Value::Kind::Float: return std::to_string(v.real);
    case Value::Kind::Str: return "'" + v.text + "'";
    case Value::Kind::Time: return v.time ? newsdex::format_iso8601_utc(*v.time) : "(no date)";
    case Value::Kind::Object: return "<mapping>";
    case Value::Kind::Unmodelled: return "<not modelled: " + v.text + ">";
    case Value::Kind::Error: return "<error: " + v.text + ">";
    case Value::Kind::Seq:
    case Value::Kind::Dict: {
      std::string out = v.kind == Value::Kind::Seq ? "(" : "{";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        out += (i ? ", " : "") + display(v.items[i]);
      }
      return out + (v.kind == Value::Kind::Seq ? ")" : "}");
    }
  }
  return "?";
}

// Python truthiness.
bool truthy(const Value& v) {
  switch (v.kind) {
    case Value::Kind::None: return false;
    case Value::Kind::Bool: return v.boolean;
    case Value::Kind::Int: return v.integer != 0;
    case Value::Kind::Float: return v.real != 0;
    case Value::Kind::Str: return !v.text.empty();
    case Value::Kind::Seq:
    case Value::Kind::Dict: return !v.items.empty();
    case Value::Kind::Time: return v.time.has_value();
    default: return true;
  }
}

// ---------------------------------------------------------------------------
// Tokens

struct Token {
  enum class Kind { Name, Str, Int, Float, Op, End };
  Kind kind = Kind::End;
  std::string text;  // name or operator; decoded value of a string
  std::int64_t integer = 0;
  double real = 0;
  std::size_t begin = 0, end = 0;  // span in the source
};

std::uint32_t read_hex(std::string_view s, std::size_t pos, std::size_t digits) {
  if (pos + digits > s.size()) throw std::runtime_error("short \\x/\\u escape");
  return static_cast<std::uint32_t>(std::stoul(std::string(s.substr(pos, digits)), nullptr, 16));
}

// Python escapes. In bytes literals \x is a byte and \u is not an escape.
std::string decode_escapes(std::string_view body, bool bytes) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case '\\': case '\'': case '"': out += e; break;
      case 'x':
        if (bytes) out += static_cast<char>(read_hex(body, i + 1, 2));
        else append_utf8(out, read_hex(body, i + 1, 2));
        i += 2;
        break;
      case 'u': case 'U': {
        const std::size_t digits = e == 'u' ? 4 : 8;
        if (bytes) {
          out += '\\';
          out += e;
          break;
        }
        append_utf8(out, read_hex(body, i + 1, digits));
        i += digits;
        break;
      }
      default: out += '\\'; out += e;  // Python keeps unknown escapes as written
    }
  }
  return out;
}

// A string literal at src[pos] (after any prefix); returns its end.
std::size_t scan_string(std::string_view src, std::size_t pos, bool raw, bool bytes, Token& tok) {
  const char quote = src[pos];
  const bool triple = src.substr(pos, 3) == std::string(3, quote);
  const std::size_t open = triple ? 3 : 1;
  const std::string closing(open, quote);
  std::size_t i = pos + open;
  while (i < src.size() && src.substr(i, open) != closing) i += src[i] == '\\' ? 2 : 1;
  if (i >= src.size()) throw std::runtime_error("unterminated string");
  const std::string_view body = src.substr(pos + open, i - pos - open);
  tok.kind = Token::Kind::Str;
  tok.text = raw ? std::string(body) : decode_escapes(body, bytes);
  return i + open;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Token> tokenize(std::string_view src) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (true) {
    while (i < src.size() && std::isspace(static_cast<unsigned char>(src[i]))) ++i;
    Token tok;
    tok.begin = i;
    if (i == src.size()) {
      tok.end = i;
      out.push_back(tok);
      return out;
    }
    const char c = src[i];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < src.size() && is_name_char(src[j])) ++j;
      const std::string word(src.substr(i, j - i));
      const bool prefix = word.size() <= 2 && word.find_first_not_of("uUbBrR") == std::string::npos;
      if (prefix && j < src.size() && (src[j] == '\'' || src[j] == '"')) {
        const std::string p = lower(word);
        i = scan_string(src, j, p.find('r') != std::string::npos, p.find('b') != std::string::npos, tok);
      } else {
        tok.kind = Token::Kind::Name;
        tok.text = word;
        i = j;
      }
    } else if (c == '\'' || c == '"') {
      i = scan_string(src, i, false, false, tok);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < src.size() && std::isdigit(static_cast<unsigned char>(src[j]))) ++j;
      const bool fraction = j + 1 < src.size() && src[j] == '.' && std::isdigit(static_cast<unsigned char>(src[j + 1]));
      if (fraction) {
        ++j;
        while (j < src.size() && std::isdigit(static_cast<unsigned char>(src[j]))) ++j;
        tok.kind = Token::Kind::Float;
        tok.real = std::stod(std::string(src.substr(i, j - i)));
      } else {
        tok.kind = Token::Kind::Int;
        tok.integer = std::stoll(std::string(src.substr(i, j - i)));
      }
      i = j;
    } else {
      static constexpr std::string_view two[] = {"==", "!=", "<=", ">="};
      const bool pair = std::find(std::begin(two), std::end(two), src.substr(i, 2)) != std::end(two);
      if (!pair && std::string_view("()[]{},:.<>-+").find(c) == std::string_view::npos) {
        throw std::runtime_error(std::string("unexpected character '") + c + "'");
      }
      tok.kind = Token::Kind::Op;
      tok.text = std::string(src.substr(i, pair ? 2 : 1));
      i += tok.text.size();
    }
    tok.end = i;
    out.push_back(std::move(tok));
  }
}

// ---------------------------------------------------------------------------
// Syntax tree and parser (recursive descent, Python's precedence)

struct Node {
  enum class Kind { Const, Name, Subscript, Attr, Call, Not, And, Or, Compare, Tuple, List, Dict, Neg };
  Kind kind = Kind::Const;
  Value constant;
  std::string name;               // Name; the attribute of Attr
  std::vector<std::string> ops;   // Compare: one per adjacent pair
  std::vector<Node> kids;
  std::size_t begin = 0, end = 0;  // span in the source, for messages
};

class Parser {
 public:
  explicit Parser(std::string_view src) : tokens_(tokenize(src)) {}

  Node parse() {
    Node n = or_expr();
    if (peek().kind != Token::Kind::End) throw std::runtime_error("unexpected '" + peek().text + "'");
    return n;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool at_op(std::string_view op, std::size_t ahead = 0) const {
    return peek(ahead).kind == Token::Kind::Op && peek(ahead).text == op;
  }
  bool at_word(std::string_view w, std::size_t ahead = 0) const {
    return peek(ahead).kind == Token::Kind::Name && peek(ahead).text == w;
  }
  std::size_t last_end() const { return pos_ ? tokens_[pos_ - 1].end : 0; }
  void expect_op(std::string_view op) {
    if (!at_op(op)) throw std::runtime_error("expected '" + std::string(op) + "'");
    ++pos_;
  }

  Node make(Node::Kind kind, std::size_t begin, std::vector<Node> kids = {}) const {
    Node n;
    n.kind = kind;
    n.begin = begin;
    n.end = last_end();
    n.kids = std::move(kids);
    return n;
  }

  Node bool_chain(Node::Kind kind, std::string_view word, Node (Parser::*next)()) {
    const std::size_t begin = peek().begin;
    std::vector<Node> kids{(this->*next)()};
    while (at_word(word)) {
      ++pos_;
      kids.push_back((this->*next)());
    }
    return kids.size() == 1 ? std::move(kids.front()) : make(kind, begin, std::move(kids));
  }

  Node or_expr() { return bool_chain(Node::Kind::Or, "or", &Parser::and_expr); }
  Node and_expr() { return bool_chain(Node::Kind::And, "and", &Parser::not_expr); }

  Node not_expr() {
    if (!at_word("not")) return comparison();
    const std::size_t begin = peek().begin;
    ++pos_;
    Node operand = not_expr();
    return make(Node::Kind::Not, begin, {std::move(operand)});
  }

  std::string comparison_op() {
    for (std::string_view op : {"==", "!=", "<=", ">=", "<", ">"}) {
      if (at_op(op)) {
        ++pos_;
        return std::string(op);
      }
    }
    for (std::string_view op : {"not in", "is not", "in", "is"}) {  // longest first
      const std::size_t space = op.find(' ');
      const bool two_words = space != std::string_view::npos;
      if (!at_word(op.substr(0, space)) || (two_words && !at_word(op.substr(space + 1), 1))) continue;
      pos_ += two_words ? 2 : 1;
      return std::string(op);
    }
    return {};
  }

  Node comparison() {
    const std::size_t begin = peek().begin;
    std::vector<Node> operands{unary()};
    std::vector<std::string> ops;
    for (std::string op = comparison_op(); !op.empty(); op = comparison_op()) {
      ops.push_back(op);
      operands.push_back(unary());
    }
    if (ops.empty()) return std::move(operands.front());
    Node n = make(Node::Kind::Compare, begin, std::move(operands));
    n.ops = std::move(ops);
    return n;
  }

  Node unary() {
    if (!at_op("-") && !at_op("+")) return postfix();
    const std::size_t begin = peek().begin;
    const bool negate = at_op("-");
    ++pos_;
    Node operand = unary();
    return negate ? make(Node::Kind::Neg, begin, {std::move(operand)}) : operand;
  }

  Node postfix() {
    const std::size_t begin = peek().begin;
    Node n = atom();
    while (true) {
      if (at_op("[")) {
        ++pos_;
        Node index = or_expr();
        expect_op("]");
        n = make(Node::Kind::Subscript, begin, {std::move(n), std::move(index)});
      } else if (at_op(".") && peek(1).kind == Token::Kind::Name) {
        const std::string attr = peek(1).text;
        pos_ += 2;
        n = make(Node::Kind::Attr, begin, {std::move(n)});
        n.name = attr;
      } else if (at_op("(")) {
        ++pos_;
        std::vector<Node> kids{std::move(n)};
        for (auto& arg : items_until(")")) kids.push_back(std::move(arg));
        n = make(Node::Kind::Call, begin, std::move(kids));
      } else {
        return n;
      }
    }
  }

  // Comma-separated expressions up to `close` (consumed); a trailing comma is allowed.
  std::vector<Node> items_until(std::string_view close, bool* saw_comma = nullptr) {
    std::vector<Node> items;
    while (!at_op(close)) {
      items.push_back(or_expr());
      if (!at_op(",")) break;
      ++pos_;
      if (saw_comma) *saw_comma = true;
    }
    expect_op(close);
    return items;
  }

  Node atom() {
    const Token& t = peek();
    const std::size_t begin = t.begin;
    if (t.kind == Token::Kind::Str) {
      std::string text;
      while (peek().kind == Token::Kind::Str) text += tokens_[pos_++].text;  // 'a' 'b' == 'ab'
      Node n = make(Node::Kind::Const, begin);
      n.constant = make_str(std::move(text));
      return n;
    }
    if (t.kind == Token::Kind::Int || t.kind == Token::Kind::Float) {
      ++pos_;
      Node n = make(Node::Kind::Const, begin);
      n.constant = t.kind == Token::Kind::Int ? make_int(t.integer) : make_float(t.real);
      return n;
    }
    if (t.kind == Token::Kind::Name) return name_atom();
    if (at_op("(")) {
      ++pos_;
      bool comma = false;
      std::vector<Node> items = items_until(")", &comma);
      if (items.size() == 1 && !comma) return std::move(items.front());
      return make(Node::Kind::Tuple, begin, std::move(items));
    }
    if (at_op("[")) {
      ++pos_;
      return make(Node::Kind::List, begin, items_until("]"));
    }
    if (at_op("{")) return dict_atom();
    throw std::runtime_error("unexpected '" + t.text + "'");
  }

  Node name_atom() {
    const Token& t = tokens_[pos_++];
    static constexpr std::string_view keywords[] = {"and", "or", "not", "in", "is"};
    if (std::find(std::begin(keywords), std::end(keywords), t.text) != std::end(keywords)) {
      throw std::runtime_error("unexpected '" + t.text + "'");
    }
    Node n = make(Node::Kind::Const, t.begin);
    if (t.text == "True" || t.text == "False") {
      n.constant = make_bool(t.text == "True");
    } else if (t.text != "None") {
      n.kind = Node::Kind::Name;
      n.name = t.text;
    }
    return n;
  }

  Node dict_atom() {
    const std::size_t begin = peek().begin;
    expect_op("{");
    std::vector<Node> kids;
    while (!at_op("}")) {
      kids.push_back(or_expr());
      expect_op(":");
      kids.push_back(or_expr());
      if (!at_op(",")) break;
      ++pos_;
    }
    expect_op("}");
    return make(Node::Kind::Dict, begin, std::move(kids));
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------
// Evaluation over our model

struct CaseInput {
  const newsdex::ParsedFeed& parsed;
  bool content_language_header = false;  // feedparser reads it; parse_feed cannot
};

// What one conjunct touched: the fields (for the per-field table), our
// values (for failure messages) and the keys we do not model.
struct Trace {
  std::vector<std::string> fields;
  std::vector<std::string> observed;
  std::vector<std::string> unmodelled;
};

// Seconds of a struct_time tuple's first six fields, read as UTC.
std::optional<std::int64_t> tuple_seconds(const Value& t) {
  if (t.kind != Value::Kind::Seq || t.items.size() < 6) return std::nullopt;
  std::int64_t f[6];
  for (std::size_t i = 0; i < 6; ++i) {
    if (t.items[i].kind != Value::Kind::Int) return std::nullopt;
    f[i] = t.items[i].integer;
  }
  if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31) return std::nullopt;
  const auto days = newsdex::days_from_civil(f[0], static_cast<unsigned>(f[1]), static_cast<unsigned>(f[2]));
  return days * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
}

// parse_feed warns about a feed without items so the CLI can say so, but an
// empty channel is valid RSS and Atom, and feedparser does not flag it.
constexpr std::string_view kNoItemsWarning = "the feed has no items";

// Why feedparser would set bozo: our error or first warning; empty if none.
std::string bozo_reason(const newsdex::ParsedFeed& parsed) {
  if (parsed.error) return parsed.error->message;
  for (const auto& w : parsed.warnings) {
    if (w.message != kNoItemsWarning) return w.message;
  }
  return {};
}

class Evaluator {
 public:
  Evaluator(const CaseInput& in, Trace& trace) : in_(in), trace_(trace) {}

  Value eval(const Node& n) {
    switch (n.kind) {
      case Node::Kind::Const: return n.constant;
      case Node::Kind::Name: return name(n.name);
      case Node::Kind::Subscript: return subscript(eval(n.kids[0]), eval(n.kids[1]));
      case Node::Kind::Attr: return attribute(eval(n.kids[0]), n.name);
      case Node::Kind::Call: return call(n);
      case Node::Kind::Not: {
        const Value v = eval(n.kids[0]);
        return is_poison(v) ? v : make_bool(!truthy(v));
      }
      case Node::Kind::And:
      case Node::Kind::Or: return boolean_op(n);
      case Node::Kind::Compare: return comparison(n);
      case Node::Kind::Tuple:
      case Node::Kind::List: {
        std::vector<Value> items;
        for (const Node& k : n.kids) items.push_back(eval(k));
        return make_seq(std::move(items));
      }
      case Node::Kind::Dict: {
        Value d = make_seq({});
        d.kind = Value::Kind::Dict;
        for (const Node& k : n.kids) d.items.push_back(eval(k));
        return d;
      }
      case Node::Kind::Neg: {
        Value v = eval(n.kids[0]);
        if (v.kind == Value::Kind::Int) return make_int(-v.integer);
        if (v.kind == Value::Kind::Float) return make_float(-v.real);
        return is_poison(v) ? v : make_error("unary minus on " + display(v));
      }
    }
    return make_error("unknown node");
  }

 private:
  Value unmodelled(std::string reason) {
    trace_.unmodelled.push_back(reason);
    Value v;
    v.kind = Value::Kind::Unmodelled;
    v.text = std::move(reason);
    return v;
  }

  // A modelled value, recorded for the report.
  Value observe(std::string field, const std::string& label, Value v) {
    trace_.fields.push_back(std::move(field));
    trace_.observed.push_back(label + " = " + display(v));
    return v;
  }

  Value name(const std::string& n) {
    if (n == "bozo") {
      const std::string why = bozo_reason(in_.parsed);
      trace_.fields.push_back("bozo");
      trace_.observed.push_back("bozo = " + (why.empty() ? std::string("False") : "True (" + why + ")"));
      return make_bool(!why.empty());
    }
    if (n == "feed" || n == "channel") return make_obj(Obj{});
    if (n == "entries" || n == "items") {
      Obj o;
      o.kind = Obj::Kind::Entries;
      return make_obj(o);
    }
    return unmodelled("name '" + n + "'");
  }

  // ----- subscripts: feedparser's keys onto FeedInfo and Item

  static std::optional<std::int64_t> python_index(const Value& key, std::size_t size) {
    if (key.kind != Value::Kind::Int) return std::nullopt;
    const std::int64_t i = key.integer < 0 ? key.integer + static_cast<std::int64_t>(size) : key.integer;
    return i;
  }

  Value subscript(const Value& container, const Value& key) {
    if (is_poison(container)) return container;
    if (is_poison(key)) return key;
    if (container.kind == Value::Kind::Seq) {
      const auto i = python_index(key, container.items.size());
      if (!i || *i < 0 || *i >= static_cast<std::int64_t>(container.items.size())) {
        return make_error("index " + display(key) + " out of range");
      }
      return container.items[static_cast<std::size_t>(*i)];
    }
    if (container.kind != Value::Kind::Object) return make_error("cannot subscript " + display(container));
    const Obj& o = container.obj;
    if (o.kind == Obj::Kind::Entries) return entry_at(key);
    if (key.kind == Value::Kind::Int) return list_item(o, key);
    if (key.kind != Value::Kind::Str) return make_error("bad key " + display(key));
    switch (o.kind) {
      case Obj::Kind::Feed: return feed_key(key.text);
      case Obj::Kind::Entry: return entry_key(o, key.text);
      case Obj::Kind::Tag: return tag_key(o, key.text);
      case Obj::Kind::Enclosure: return enclosure_key(o, key.text);
      case Obj::Kind::Content: return content_key(o, key.text);
      case Obj::Kind::Detail: return detail_key(o, key.text);
      default: return make_error("a list takes integer indices, not " + display(key));
    }
  }

  Value attribute(const Value& object, const std::string& attr) {
    if (is_poison(object)) return object;
    if (object.kind != Value::Kind::Object) return make_error("no attribute ." + attr);
    return subscript(object, make_str(attr));  // FeedParserDict: d.key is d['key']
  }

  const newsdex::Item* item(const Obj& o) const {
    if (!o.missing.empty()) return nullptr;
    return &in_.parsed.items[static_cast<std::size_t>(o.entry)];
  }

  std::string entry_label(const Obj& o) const { return "entries[" + std::to_string(o.entry) + "]"; }

  // A modelled key of an object that does not exist: an error, but one that
  // still counts against the field.
  Value absent(std::string field, const Obj& o) {
    trace_.fields.push_back(std::move(field));
    return make_error(o.missing);
  }

  Value entry_at(const Value& key) {
    const std::size_t n = in_.parsed.items.size();
    const auto i = python_index(key, n);
    if (!i) return make_error("entries index " + display(key));
    Obj o;
    o.kind = Obj::Kind::Entry;
    o.entry = key.integer;
    if (*i < 0 || *i >= static_cast<std::int64_t>(n)) {
      o.missing = "entries[" + std::to_string(key.integer) + "] does not exist: we have " + std::to_string(n) + " items";
    } else {
      o.entry = *i;
    }
    return make_obj(o);
  }

  Value feed_key(const std::string& key) {
    const newsdex::FeedInfo& f = in_.parsed.feed;
    if (key == "title") return observe("feed.title", "feed.title", make_str(f.title, Role::Text));
    if (key == "link") return observe("feed.link", "feed.link", make_str(f.link, Role::Url));
    if (key == "language") return observe("feed.language", "feed.language", make_str(f.language, Role::Lang));
    if (key == "title_detail") {
      Obj o;
      o.kind = Obj::Kind::Detail;
      o.feed_level = true;
      o.field = "title";
      return make_obj(o);
    }
    return unmodelled("feed['" + key + "']");
  }

  // feedparser copies an entry's content into a missing summary.
  static std::string summary_of(const newsdex::Item& it) { return it.summary.empty() ? it.content : it.summary; }

  // feedparser's `updated` falls back to `published`.
  static std::optional<std::int64_t> updated_of(const newsdex::Item& it) {
    return it.updated ? it.updated : it.published;
  }

  // The field of our model that feedparser's entry key maps to; empty when none.
  static std::string entry_field(std::string_view k) {
    if (k == "title" || k == "title_detail") return "entry.title";
    if (k == "summary" || k == "description" || k == "summary_detail" || k == "description_detail") {
      return "entry.summary";
    }
    if (k == "content") return "entry.content";
    if (k == "link") return "entry.link";
    if (k == "id" || k == "guid") return "entry.id";
    if (k == "author") return "entry.author";
    if (k == "published" || k == "issued" || k == "published_parsed" || k == "issued_parsed") {
      return "entry.published";
    }
    if (k == "updated" || k == "modified" || k == "date" || k == "updated_parsed" || k == "modified_parsed" ||
        k == "date_parsed") {
      return "entry.updated";
    }
    if (k == "tags" || k == "category") return "entry.tags";
    if (k == "enclosures") return "entry.enclosure";
    if (k == "language") return "entry.language";
    return {};
  }

  Value entry_key(const Obj& e, const std::string& key) {
    const std::string field = entry_field(key);
    if (field.empty()) return unmodelled("entries[i]['" + key + "']");
    const newsdex::Item* it = item(e);
    const std::string label = entry_label(e) + "." + key;
    Obj sub = e;  // inherits `missing`
    if (key.ends_with("_detail")) {
      sub.kind = Obj::Kind::Detail;
      sub.field = key.starts_with("title") ? "title" : "summary";
      return make_obj(sub);
    }
    if (key == "tags" || key == "enclosures" || key == "content") {
      sub.kind = key == "tags" ? Obj::Kind::Tags : key == "enclosures" ? Obj::Kind::Enclosures : Obj::Kind::Contents;
      if (!it) {
        trace_.fields.push_back(field);
        return make_obj(sub);
      }
      std::vector<Value> terms;
      for (const auto& c : it->categories) terms.push_back(make_str(c));
      observe(field, label, key == "tags" ? make_seq(std::move(terms))
                                          : make_str(key == "enclosures" ? it->enclosure : it->content));
      return make_obj(sub);
    }
    if (!it) return absent(field, e);
    if (field == "entry.title") return observe(field, label, make_str(it->title, Role::Text));
    if (field == "entry.summary") return observe(field, label, make_str(summary_of(*it), Role::Text));
    if (field == "entry.link") return observe(field, label, make_str(it->link, Role::Url));
    if (field == "entry.id") return observe(field, label, make_str(it->guid, Role::Url));
    if (field == "entry.author") return observe(field, label, make_str(newsdex::join_authors(it->authors), Role::Text));
    if (field == "entry.language") return observe(field, label, make_str(it->language, Role::Lang));
    if (field == "entry.published") return observe(field, label, make_time(it->published));
    if (field == "entry.updated") return observe(field, label, make_time(updated_of(*it)));
    // category: the first tag's term
    return observe(field, label, it->categories.empty() ? make_error("no categories")
                                                        : make_str(it->categories.front(), Role::Text));
  }

  std::size_t list_size(const Obj& o) const {
    const newsdex::Item* it = item(o);
    if (o.kind == Obj::Kind::Entries) return in_.parsed.items.size();
    if (!it) return 0;
    if (o.kind == Obj::Kind::Tags) return it->categories.size();
    if (o.kind == Obj::Kind::Enclosures) return it->enclosure.empty() ? 0 : 1;
    if (o.kind == Obj::Kind::Contents) return it->content.empty() ? 0 : 1;
    return 0;
  }

  Value list_item(const Obj& list, const Value& key) {
    const bool is_list = list.kind == Obj::Kind::Tags || list.kind == Obj::Kind::Enclosures ||
                         list.kind == Obj::Kind::Contents;
    if (!is_list) return make_error("a mapping takes string keys, not " + display(key));
    const std::size_t n = list_size(list);
    const std::int64_t i = *python_index(key, n);
    if (list.kind == Obj::Kind::Enclosures && i > 0) return unmodelled("entries[i]['enclosures'][j>0]");
    Obj o = list;
    o.index = static_cast<std::size_t>(std::max<std::int64_t>(i, 0));
    o.kind = list.kind == Obj::Kind::Tags ? Obj::Kind::Tag
             : list.kind == Obj::Kind::Enclosures ? Obj::Kind::Enclosure : Obj::Kind::Content;
    if (o.missing.empty() && (i < 0 || i >= static_cast<std::int64_t>(n))) {
      o.missing = "index " + display(key) + " out of range: we have " + std::to_string(n);
    }
    return make_obj(o);
  }

  Value tag_key(const Obj& tag, const std::string& key) {
    if (key != "term") return unmodelled("entries[i]['tags'][j]['" + key + "']");
    if (!tag.missing.empty()) return absent("entry.tags", tag);
    const std::string label = entry_label(tag) + ".tags[" + std::to_string(tag.index) + "].term";
    return observe("entry.tags", label, make_str(item(tag)->categories[tag.index], Role::Text));
  }

  Value enclosure_key(const Obj& enc, const std::string& key) {
    if (key != "href" && key != "url") return unmodelled("entries[i]['enclosures'][j]['" + key + "']");
    if (!enc.missing.empty()) return absent("entry.enclosure", enc);
    const std::string label = entry_label(enc) + ".enclosures[0]." + key;
    return observe("entry.enclosure", label, make_str(item(enc)->enclosure, Role::Url));
  }

  Value content_key(const Obj& c, const std::string& key) {
    if (key != "value") return unmodelled("entries[i]['content'][j]['" + key + "']");
    if (!c.missing.empty()) return absent("entry.content", c);
    const std::string label = entry_label(c) + ".content[0].value";
    return observe("entry.content", label, make_str(item(c)->content, Role::Text));
  }

  Value detail_key(const Obj& d, const std::string& key) {
    const std::string owner = d.feed_level ? "feed" : "entries[i]";
    if (key != "value") return unmodelled(owner + "['" + d.field + "_detail']['" + key + "']");
    if (d.feed_level) {
      return observe("feed.title", "feed.title_detail.value", make_str(in_.parsed.feed.title, Role::Text));
    }
    const std::string field = d.field == "title" ? "entry.title" : "entry.summary";
    const newsdex::Item* it = item(d);
    if (!it) return absent(field, d);
    const std::string label = entry_label(d) + "." + d.field + "_detail.value";
    return observe(field, label, make_str(d.field == "title" ? it->title : summary_of(*it), Role::Text));
  }

  // ----- calls: len(), ord(), d.has_key(), d.get()

  Value call(const Node& n) {
    std::vector<Value> args;
    for (std::size_t i = 1; i < n.kids.size(); ++i) args.push_back(eval(n.kids[i]));
    for (const Value& a : args) {
      if (a.kind == Value::Kind::Unmodelled) return a;
    }
    const Node& callee = n.kids[0];
    if (callee.kind == Node::Kind::Name && (callee.name == "len" || callee.name == "ord")) {
      if (args.size() != 1) return make_error(callee.name + "() takes one argument");
      if (is_poison(args[0])) return args[0];
      return callee.name == "len" ? length(args[0]) : ordinal(args[0]);
    }
    if (callee.kind == Node::Kind::Attr && (callee.name == "has_key" || callee.name == "get")) {
      const Value object = eval(callee.kids[0]);
      if (is_poison(object) || args.empty()) return is_poison(object) ? object : make_error("missing key");
      const Value present = contains(object, args[0]);
      if (callee.name == "has_key" || is_poison(present)) return present;
      if (truthy(present)) return subscript(object, args[0]);
      return args.size() > 1 ? args[1] : Value{};
    }
    const Value f = eval(callee);
    return f.kind == Value::Kind::Unmodelled ? f : unmodelled("call of " + display(f));
  }

  Value length(const Value& v) {
    if (v.kind == Value::Kind::Str) return make_int(static_cast<std::int64_t>(code_points(v.text).size()));
    if (v.kind == Value::Kind::Seq || v.kind == Value::Kind::Dict) {
      return make_int(static_cast<std::int64_t>(v.kind == Value::Kind::Seq ? v.items.size() : v.items.size() / 2));
    }
    if (v.kind == Value::Kind::Object) {
      const Obj::Kind k = v.obj.kind;
      if (k == Obj::Kind::Entries || k == Obj::Kind::Tags || k == Obj::Kind::Enclosures || k == Obj::Kind::Contents) {
        if (k == Obj::Kind::Enclosures) return unmodelled("len(entries[i]['enclosures'])");
        return make_int(static_cast<std::int64_t>(list_size(v.obj)));
      }
      return unmodelled("len() of a mapping");
    }
    return make_error("len() of " + display(v));
  }

  static Value ordinal(const Value& v) {
    const auto cps = v.kind == Value::Kind::Str ? code_points(v.text) : std::vector<char32_t>{};
    if (cps.size() != 1) return make_error("ord() expected one character, got " + display(v));
    return make_int(cps.front());
  }

  // ----- and / or / comparisons

  Value boolean_op(const Node& n) {
    const bool is_and = n.kind == Node::Kind::And;
    Value result;
    bool decided = false;
    for (const Node& k : n.kids) {
      Value v = eval(k);  // evaluated even after the result is known, so the trace sees every key
      if (decided) continue;
      result = v;
      decided = is_poison(v) || truthy(v) != is_and;
    }
    return result;
  }

  Value comparison(const Node& n) {
    std::vector<Value> operands;
    for (const Node& k : n.kids) operands.push_back(eval(k));
    Value result = make_bool(true);
    for (std::size_t i = 0; i < n.ops.size(); ++i) {  // a == b == c is a == b and b == c
      const Value r = compare(n.ops[i], operands[i], operands[i + 1]);
      if (is_poison(r) || !truthy(r)) return r;
      result = r;
    }
    return result;
  }

  Value compare(const std::string& op, const Value& a, const Value& b) {
    for (const Value* v : {&a, &b}) {
      if (v->kind == Value::Kind::Unmodelled) return *v;
    }
    if (op == "in" || op == "not in") {
      const Value r = contains(b, a);
      return is_poison(r) || op == "in" ? r : make_bool(!r.boolean);
    }
    for (const Value* v : {&a, &b}) {
      if (v->kind == Value::Kind::Error) return *v;
    }
    if (op == "==" || op == "!=") {
      const Value r = equals(a, b);
      return is_poison(r) || op == "==" ? r : make_bool(!r.boolean);
    }
    if (op == "is" || op == "is not") {
      const bool same = a.kind == b.kind && (a.kind == Value::Kind::None ||
                                             (a.kind == Value::Kind::Bool && a.boolean == b.boolean));
      return make_bool(same == (op == "is"));
    }
    if (!is_number(a) || !is_number(b)) return make_error("ordering of " + display(a) + " and " + display(b));
    const double x = as_number(a), y = as_number(b);
    return make_bool(op == "<" ? x < y : op == ">" ? x > y : op == "<=" ? x <= y : x >= y);
  }

  Value equals(const Value& a, const Value& b) {
    if (a.kind == Value::Kind::Time || b.kind == Value::Kind::Time) {
      return a.kind == Value::Kind::Time ? time_equals(a, b) : time_equals(b, a);
    }
    if (a.kind == Value::Kind::Str && b.kind == Value::Kind::Str) return string_equals(a, b);
    if (is_number(a) && is_number(b)) return make_bool(as_number(a) == as_number(b));
    if ((a.kind == Value::Kind::Seq && b.kind == Value::Kind::Seq) ||
        (a.kind == Value::Kind::Dict && b.kind == Value::Kind::Dict)) {
      if (a.items.size() != b.items.size()) return make_bool(false);
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        const Value r = equals(a.items[i], b.items[i]);
        if (is_poison(r) || !r.boolean) return r;
      }
      return make_bool(true);
    }
    if (a.kind == Value::Kind::Object || b.kind == Value::Kind::Object) {
      return unmodelled("comparison of a whole mapping");
    }
    return make_bool(a.kind == b.kind && a.kind == Value::Kind::None);
  }

  Value time_equals(const Value& ours, const Value& expected) {
    std::optional<std::int64_t> want;
    if (expected.kind == Value::Kind::Str) {
      want = newsdex::parse_date(expected.text);
      if (!want) return make_error("parse_date cannot read the expected date " + display(expected));
    } else {
      want = tuple_seconds(expected);
      if (!want) return make_error("not a date: " + display(expected));
    }
    return make_bool(ours.time == want);
  }

  Value string_equals(const Value& a, const Value& b) {
    const Role role = a.role != Role::Plain ? a.role : b.role;
    if (role == Role::Text) {
      if (a.role == b.role) return make_bool(a.text == b.text);  // two of our own values
      const Value& theirs = a.role == Role::Text ? b : a;
      const Value& ours = a.role == Role::Text ? a : b;
      if (ours.text == newsdex::html_to_text(theirs.text)) return make_bool(true);
      // feedparser leaves text/plain values unescaped; a raw "<b>" then reads
      // as markup, so an exact match can be either right or a missed tag.
      if (ours.text == newsdex::normalize_whitespace(theirs.text)) {
        return unmodelled("feedparser value may be plain text with markup-like characters");
      }
      return make_bool(false);
    }
    if (role == Role::Lang) {
      if (lower(a.text) == lower(b.text)) return make_bool(true);
      if (in_.content_language_header) return unmodelled("HTTP Content-Language header");
      return make_bool(false);
    }
    return make_bool(a.text == b.text);
  }

  // Python's `needle in haystack`; on a mapping it asks whether a key is there.
  Value contains(const Value& haystack, const Value& needle) {
    if (is_poison(haystack)) return haystack;
    if (is_poison(needle)) return needle;
    if (haystack.kind == Value::Kind::Str && needle.kind == Value::Kind::Str) {
      // feedparser's side is HTML when the other one is our plain text
      const bool text = haystack.role == Role::Text || needle.role == Role::Text;
      const auto as_text = [&](const Value& v) { return text && v.role == Role::Plain ? newsdex::html_to_text(v.text) : v.text; };
      const std::string h = as_text(haystack);
      const std::string n = as_text(needle);
      return make_bool(h.find(n) != std::string::npos);
    }
    if (haystack.kind == Value::Kind::Seq || haystack.kind == Value::Kind::Dict) {
      const std::size_t step = haystack.kind == Value::Kind::Dict ? 2 : 1;
      for (std::size_t i = 0; i < haystack.items.size(); i += step) {
        const Value r = equals(haystack.items[i], needle);
        if (is_poison(r) || r.boolean) return r;
      }
      return make_bool(false);
    }
    if (haystack.kind == Value::Kind::Object && needle.kind == Value::Kind::Str) {
      const Value v = subscript(haystack, needle);
      if (v.kind == Value::Kind::Unmodelled) return v;
      if (v.kind == Value::Kind::Error) return make_bool(false);
      if (v.kind == Value::Kind::Object) return make_bool(v.obj.kind == Obj::Kind::Detail || list_size(v.obj) > 0);
      return make_bool(truthy(v));  // we store an absent field as empty
    }
    return make_error(display(needle) + " in " + display(haystack));
  }

  const CaseInput& in_;
  Trace& trace_;
};

// ---------------------------------------------------------------------------
// Judging an Expect expression

enum class Verdict { Pass, Fail, NotModelled };

struct ConjunctResult {
  Verdict verdict = Verdict::Pass;
  std::string field;     // the modelled field it is about
  std::string reason;    // why not modelled
  std::string text;      // the conjunct's source
  std::string observed;  // our values, for failure messages
  std::string error;
};

// The field a conjunct is about: the first one it touched other than bozo.
std::string main_field(const Trace& t) {
  for (const auto& f : t.fields) {
    if (f != "bozo") return f;
  }
  return t.fields.empty() ? "parses (no crash)" : "bozo";
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
  return out;
}

std::vector<ConjunctResult> evaluate_expect(std::string_view expect, const CaseInput& in) {
  const Node root = Parser(expect).parse();
  std::vector<const Node*> conjuncts;
  if (root.kind == Node::Kind::And) {
    for (const Node& k : root.kids) conjuncts.push_back(&k);
  } else {
    conjuncts.push_back(&root);
  }
  std::vector<ConjunctResult> out;
  for (const Node* c : conjuncts) {
    Trace trace;
    const Value v = Evaluator(in, trace).eval(*c);
    ConjunctResult r;
    r.text = std::string(expect.substr(c->begin, c->end - c->begin));
    r.field = main_field(trace);
    r.observed = join(trace.observed, "; ");
    if (!trace.unmodelled.empty()) {
      r.verdict = Verdict::NotModelled;
      r.reason = trace.unmodelled.front();
    } else if (v.kind == Value::Kind::Error) {
      r.verdict = Verdict::Fail;
      r.error = v.text;
    } else {
      r.verdict = truthy(v) ? Verdict::Pass : Verdict::Fail;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// ---------------------------------------------------------------------------
// The checked-in list of skipped folders and known failures

struct Exclusions {
  std::vector<std::pair<std::string, std::string>> skipped;  // folder ("json/"), reason
  std::map<std::string, std::string> known;                  // file or folder/, reason
  std::vector<std::string> malformed;
};

// Lines: `skip <folder>/ <reason>` or `known <file or folder/> <reason>`;
// '#' starts a comment line. A known folder covers every case under it.
Exclusions read_exclusions(const fs::path& file) {
  Exclusions ex;
  std::ifstream in(file);
  if (!in) {
    ex.malformed.push_back("cannot read " + file.string());
    return ex;
  }
  for (std::string raw; std::getline(in, raw);) {
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::istringstream words{std::string(line)};
    std::string kind, path, reason;
    words >> kind >> path;
    std::getline(words, reason);
    reason = std::string(trim(reason));
    if (reason.empty() || (kind != "skip" && kind != "known") || (kind == "skip" && !path.ends_with("/"))) {
      ex.malformed.push_back(std::string(line));
    } else if (kind == "skip") {
      ex.skipped.emplace_back(path, reason);
    } else {
      ex.known[path] = reason;
    }
  }
  return ex;
}

// The `known` line covering a case, if any.
const std::pair<const std::string, std::string>* find_known(const Exclusions& ex, const std::string& rel) {
  for (const auto& entry : ex.known) {
    const bool folder = entry.first.ends_with("/");
    if (folder ? rel.starts_with(entry.first) : rel == entry.first) return &entry;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Running the cases and reporting

struct CaseResult {
  std::string path;  // relative to feedparser-tests/tests
  std::string expect;
  std::vector<ConjunctResult> parts;
  std::string problem;  // no readable header, expression not understood, parse_feed threw
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

CaseResult run_case(const fs::path& file, std::string rel) {
  CaseResult r;
  r.path = std::move(rel);
  const std::string bytes = read_file(file);
  const bool json = r.path.starts_with("json/");
  const auto header = json ? read_json_case_header(bytes) : read_case_header(bytes);
  if (!header) {
    r.problem = "no Expect: in the leading comment";
    return r;
  }
  r.expect = header->expect;
  newsdex::ParsedFeed parsed;
  try {
    parsed = json ? newsdex::parse_json_feed(bytes) :
        newsdex::parse_feed(bytes, http_charset(*header), document_url(*header, r.path));
  } catch (const std::exception& e) {
    r.problem = std::string("parse_feed threw: ") + e.what();  // it promises not to
    return r;
  }
  try {
    r.parts = evaluate_expect(header->expect, CaseInput{parsed, has_http_header(*header, "content-language")});
  } catch (const std::exception& e) {
    r.problem = std::string("the evaluator cannot read this Expect: ") + e.what();
  }
  return r;
}

bool case_failed(const CaseResult& r) {
  return !r.problem.empty() || std::any_of(r.parts.begin(), r.parts.end(), [](const ConjunctResult& c) {
           return c.verdict == Verdict::Fail;
         });
}

bool case_passed(const CaseResult& r) {
  return !case_failed(r) && std::any_of(r.parts.begin(), r.parts.end(), [](const ConjunctResult& c) {
           return c.verdict == Verdict::Pass;
         });
}

std::string failure_message(const CaseResult& r) {
  std::string msg = r.path + "\n  expect: " + r.expect;
  if (!r.problem.empty()) return msg + "\n  " + r.problem;
  for (const auto& c : r.parts) {
    if (c.verdict != Verdict::Fail) continue;
    msg += "\n  failed: " + c.text;
    if (!c.error.empty()) msg += "\n    error: " + c.error;
    msg += "\n    ours:  " + (c.observed.empty() ? std::string("-") : c.observed);
  }
  return msg;
}

struct FieldTally {
  int pass = 0, fail = 0, known = 0;
};

struct Report {
  std::map<std::string, FieldTally> fields;
  std::map<std::string, int> not_modelled;  // reason -> conjuncts
  int cases = 0, passed = 0, failed = 0, known = 0, unmodelled = 0;
};

void tally(Report& rep, const CaseResult& r, bool listed) {
  ++rep.cases;
  const bool failed = case_failed(r);
  if (failed) ++(listed ? rep.known : rep.failed);
  else if (case_passed(r)) ++rep.passed;
  else ++rep.unmodelled;
  if (!r.problem.empty()) {
    ++(listed ? rep.fields["(whole case)"].known : rep.fields["(whole case)"].fail);
  }
  for (const auto& c : r.parts) {
    if (c.verdict == Verdict::NotModelled) ++rep.not_modelled[c.reason];
    else if (c.verdict == Verdict::Pass) ++rep.fields[c.field].pass;
    else ++(listed ? rep.fields[c.field].known : rep.fields[c.field].fail);
  }
}

void print_report(const Report& rep, std::ostream& out) {
  out << "\nfeedparser conformance: " << rep.cases << " cases; " << rep.passed << " pass, " << rep.failed
      << " fail, " << rep.known << " known failures, " << rep.unmodelled << " wholly not modelled\n\n";
  out << std::left << std::setw(22) << "field" << std::right << std::setw(12) << "pass/total" << std::setw(8)
      << "fail" << std::setw(8) << "known" << "\n";
  for (const auto& [field, t] : rep.fields) {
    const int total = t.pass + t.fail + t.known;
    out << std::left << std::setw(22) << field << std::right << std::setw(12)
        << (std::to_string(t.pass) + "/" + std::to_string(total)) << std::setw(8) << t.fail << std::setw(8)
        << t.known << "\n";
  }
  std::vector<std::pair<std::string, int>> reasons(rep.not_modelled.begin(), rep.not_modelled.end());
  std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  int total = 0;
  for (const auto& r : reasons) total += r.second;
  out << "\nnot modelled: " << total << " conjuncts\n";
  for (const auto& [reason, n] : reasons) out << std::right << std::setw(6) << n << "  " << reason << "\n";
}

std::vector<std::string> case_files(const fs::path& root, const Exclusions& ex) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".xml" && ext != ".json")) continue;
    const std::string rel = entry.path().lexically_relative(root).generic_string();
    const bool skipped = std::any_of(ex.skipped.begin(), ex.skipped.end(),
                                     [&](const auto& s) { return rel.starts_with(s.first); });
    if (!skipped) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Builds a feed by hand for the evaluator's own tests.
newsdex::ParsedFeed sample_feed() {
  newsdex::ParsedFeed f;
  f.feed.title = "Example feed";
  f.feed.link = "http://example.com/";
  f.feed.language = "en-us";
  newsdex::Item it;
  it.title = "caf\xC3\xA9 & co";
  it.link = "relative/uri";
  it.guid = "http://example.com/1";
  it.summary = "a < b, it's";
  it.published = newsdex::parse_date("Thu, 01 Jan 2004 19:48:21 GMT");
  it.categories = {"Technology", "Gadgets"};
  it.enclosure = "http://example.com/a.mp3";
  f.items.push_back(it);
  return f;
}

std::vector<Verdict> verdicts(std::string_view expect, const newsdex::ParsedFeed& f) {
  const CaseInput in{f, false};
  std::vector<Verdict> out;
  for (const auto& c : evaluate_expect(expect, in)) out.push_back(c.verdict);
  return out;
}

}  // namespace

TEST_CASE("conformance evaluator: literals, operators and our model") {
  const newsdex::ParsedFeed f = sample_feed();
  using V = std::vector<Verdict>;
  const V pass{Verdict::Pass}, fail{Verdict::Fail}, unmodelled{Verdict::NotModelled};

  CHECK(verdicts("not bozo and feed['title'] == u'Example feed'", f) == V{Verdict::Pass, Verdict::Pass});
  CHECK(verdicts("feed.title == \"Example \\x66eed\"", f) == pass);
  CHECK(verdicts("entries[0]['title'] == u'caf\\xe9 &amp; co'", f) == pass);
  CHECK(verdicts("entries[0]['title_detail']['value'] == 'caf\\u00e9 &amp; co'", f) == pass);
  CHECK(verdicts("entries[0]['description'] == '<p>a &lt; b, it&apos;s</p>'", f) == pass);
  CHECK(verdicts("entries[0]['summary'] != 'other'", f) == pass);
  CHECK(verdicts("'b, it' in entries[0]['summary']", f) == pass);
  CHECK(verdicts("entries[0]['published'] == 'Thu, 01 Jan 2004 19:48:21 GMT'", f) == pass);
  CHECK(verdicts("entries[0]['updated_parsed'] == (2004, 1, 1, 19, 48, 21, 3, 1, 0)", f) == pass);
  CHECK(verdicts("entries[0]['published_parsed'] == (2004, 1, 1, 19, 48, 22, 3, 1, 0)", f) == fail);
  CHECK(verdicts("entries[0]['tags'][1]['term'] == 'Gadgets' and len(entries[0].tags) == 2", f) ==
        V{Verdict::Pass, Verdict::Pass});
  CHECK(verdicts("entries[0]['category'] == 'Technology'", f) == pass);
  CHECK(verdicts("entries[0]['enclosures'][0]['href'] == 'http://example.com/a.mp3'", f) == pass);
  CHECK(verdicts("feed['language'] == 'en-US' and not feed.has_key('language') == False", f) ==
        V{Verdict::Pass, Verdict::Pass});
  CHECK(verdicts("entries[0]['id'] == entries[-1]['guid'] == 'http://example.com/1'", f) == pass);
  CHECK(verdicts("entries[1]['title'] == 'x'", f) == fail);
  CHECK(verdicts("bozo", f) == fail);
  CHECK(verdicts("1", f) == pass);

  // Keys and names we do not model.
  CHECK(verdicts("not bozo and feed['generator_detail']['url'] == 'x'", f) ==
        V{Verdict::Pass, Verdict::NotModelled});
  CHECK(verdicts("not bozo and encoding == 'utf-8'", f) == V{Verdict::Pass, Verdict::NotModelled});
  CHECK(verdicts("not 'etag' in locals()", f) == unmodelled);
  CHECK(verdicts("'itunes_keywords' not in feed", f) == unmodelled);
  CHECK(verdicts("entries[0]['where']['coordinates'] == (-156.2342, 42.3453, 45.0)", f) == unmodelled);
  CHECK(verdicts("isinstance(bozo_exception, feedparser.CharacterEncodingOverride)", f) == unmodelled);
  CHECK(verdicts("entries[0]['title_detail']['language'] == None", f) == unmodelled);
  // Links are compared exactly: the parser resolves relative ones itself.
  CHECK(verdicts("entries[0]['link'] == 'http://example.com/relative/uri'", f) == fail);
  CHECK(verdicts("entries[0]['link'] == 'relative/other'", f) == fail);
  CHECK(verdicts("entries[0]['link'] == 'http://example.com/other/uri'", f) == fail);
  // A failure in one branch of `or` does not hide that the other passed.
  CHECK(verdicts("feed['title'] == 'x' or feed['title'] == 'Example feed'", f) == pass);
}

TEST_CASE("conformance evaluator: headers of test files") {
  using namespace std::string_view_literals;
  const auto h = read_case_header(
      "<!--\nHeader:   Content-type: text/xml; charset = \"us-ascii\"\nDescription: x\n"
      "Expect:   not bozo\n-->\n<rss/>"sv);
  REQUIRE(h.has_value());
  CHECK(h->expect == "not bozo");
  CHECK(http_charset(*h) == "us-ascii");
  const auto bogus = read_case_header("<!--\nHeader: Content-type: text/xml; charset:iso-8859-1\nExpect: 1\n-->"sv);
  REQUIRE(bogus.has_value());
  CHECK(http_charset(*bogus).empty());
  // "<!--\nExpect: 1\n-->" in UTF-16LE with a BOM
  std::string wide = "\xFF\xFE";
  for (char c : std::string_view("<!--\nExpect: 1\n-->")) wide += std::string{c, '\0'};
  const auto w = read_case_header(wide);
  REQUIRE(w.has_value());
  CHECK(w->expect == "1");
}

TEST_CASE("parse_feed conforms to the feedparser test suite") {
  // ctest's conformance entry is skipped (--needs) when the suite is absent.
  const fs::path root = test_data::require("feedparser-tests") / "tests";
  const fs::path exclusions_path = fs::path(__FILE__).parent_path() / "conformance_exclusions.txt";
  const Exclusions ex = read_exclusions(exclusions_path);
  for (const auto& line : ex.malformed) FAIL_CHECK("malformed line in conformance_exclusions.txt: " << line);

  Report rep;
  std::map<std::string, int> known_used;  // known line -> cases it covered
  for (const std::string& rel : case_files(root, ex)) {
    const CaseResult r = run_case(root / rel, rel);
    const auto* listed = find_known(ex, rel);
    tally(rep, r, listed != nullptr);
    if (listed) ++known_used[listed->first];
    if (case_failed(r) && listed) {
      std::cout << "known failure: " << rel << " (" << listed->second << ")\n";
    } else if (case_failed(r)) {
      FAIL_CHECK(failure_message(r));
    } else if (listed) {
      FAIL_CHECK("listed in conformance_exclusions.txt but does not fail any more; remove it: " << rel);
    }
  }
  for (const auto& [path, reason] : ex.known) {
    if (known_used.count(path) == 0) {
      FAIL_CHECK("conformance_exclusions.txt lists a case that was not run: " << path);
    }
  }
  print_report(rep, std::cout);
  CHECK(rep.failed == 0);
}

#include "indexer/text_parser.hpp"

#include <fmt/format.h>

#include "common/encoding.hpp"
#include "common/html_text.hpp"

namespace newsdex {
namespace {

// Reads the bytes as UTF-8, falling back to windows-1252 (a superset of
// Latin-1 that browsers use for it) when they are not valid UTF-8.
std::string to_utf8(std::string_view bytes, std::vector<Diagnostic>& warnings) {
  if (auto bom = detect_bom(bytes)) {
    if (bom->charset == "UTF-8") return repair_utf8(bytes.substr(bom->length)).text;
    if (auto t = transcode_to_utf8(bytes.substr(bom->length), bom->charset)) return t->text;
  }
  if (is_valid_utf8(bytes)) return std::string(bytes);
  warnings.push_back({0, "not valid UTF-8; read as windows-1252 (Latin-1)"});
  if (auto t = transcode_to_utf8(bytes, "windows-1252")) return t->text;
  return repair_utf8(bytes).text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      lines.push_back(std::move(line));
      line.clear();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      line += c;
    }
  }
  lines.push_back(std::move(line));
  return lines;
}

}  // namespace

struct Boilerplate::Lists {};
Boilerplate Boilerplate::parse(std::string_view, std::vector<Diagnostic>&) { return {}; }
void Boilerplate::merge(const Boilerplate&) {}
const Boilerplate::Lists& Boilerplate::lists() const { return *lists_; }
Boilerplate::Boilerplate(const Boilerplate&) {}
Boilerplate& Boilerplate::operator=(const Boilerplate&) { return *this; }
Boilerplate::Boilerplate(Boilerplate&&) noexcept = default;
Boilerplate& Boilerplate::operator=(Boilerplate&&) noexcept = default;
Boilerplate::~Boilerplate() = default;

ParsedText parse_text(std::string_view bytes, const TextOptions&, TextKind) {
  ParsedText out;
  std::string text = to_utf8(bytes, out.warnings);
  Item item;
  item.kind = "article";
  std::string body;
  for (auto& raw : lines_of(text)) {
    std::string line = normalize_whitespace(raw);
    if (line.empty()) continue;
    if (item.title.empty()) {
      item.title = std::move(line);
    } else {
      if (!body.empty()) body += '\n';
      body += line;
    }
  }
  if (item.title.empty()) {
    out.warnings.push_back({0, "empty: no text to index"});
    return out;
  }
  item.content = std::move(body);
  out.items.push_back(std::move(item));
  return out;
}

}  // namespace newsdex

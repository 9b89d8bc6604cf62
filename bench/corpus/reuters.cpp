#include "reuters.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace newsdex::bench {
namespace {

// The text between <tag ...> and </tag> in `element`, or nothing.
std::optional<std::string_view> inner(std::string_view element, std::string_view tag) {
  const std::string open = "<" + std::string(tag);
  std::size_t start = element.find(open);
  while (start != std::string_view::npos) {
    char next = start + open.size() < element.size() ? element[start + open.size()] : '\0';
    if (next == '>' || next == ' ') break;  // not a longer tag name sharing the prefix
    start = element.find(open, start + 1);
  }
  if (start == std::string_view::npos) return std::nullopt;
  std::size_t content = element.find('>', start);
  if (content == std::string_view::npos) return std::nullopt;
  ++content;
  std::size_t end = element.find("</" + std::string(tag) + ">", content);
  if (end == std::string_view::npos) return std::nullopt;
  return element.substr(content, end - content);
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Entities decoded, control characters other than newline dropped, stray
// Latin-1 bytes made UTF-8, outer whitespace trimmed.
std::string clean(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '&') {
      std::size_t semi = raw.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8) {
        std::string_view name = raw.substr(i + 1, semi - i - 1);
        unsigned cp = 0;
        bool known = true;
        if (name == "lt") cp = '<';
        else if (name == "gt") cp = '>';
        else if (name == "amp") cp = '&';
        else if (name == "quot") cp = '"';
        else if (name.size() > 1 && name[0] == '#' &&
                 std::all_of(name.begin() + 1, name.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); }))
          cp = static_cast<unsigned>(std::stoul(std::string(name.substr(1))));
        else known = false;
        if (known) {
          if (cp >= 0x20 || cp == '\n') append_utf8(out, cp);
          i = semi;
          continue;
        }
      }
      out.push_back('&');
    } else if (c >= 0x80) {
      append_utf8(out, c);  // Latin-1
    } else if (c >= 0x20 || c == '\n') {
      out.push_back(static_cast<char>(c));
    }
  }
  std::size_t first = out.find_first_not_of(" \n\t");
  if (first == std::string::npos) return {};
  std::size_t last = out.find_last_not_of(" \n\t");
  return out.substr(first, last - first + 1);
}

std::vector<std::string> d_values(std::optional<std::string_view> list) {
  std::vector<std::string> out;
  if (!list) return out;
  std::string_view rest = *list;
  while (auto d = inner(rest, "D")) {
    out.push_back(clean(*d));
    rest = rest.substr(static_cast<std::size_t>(d->data() + d->size() - rest.data()) + 4);
  }
  return out;
}

std::optional<int> attribute_int(std::string_view open_tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  std::size_t at = open_tag.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  at += key.size();
  std::size_t end = open_tag.find('"', at);
  if (end == std::string_view::npos || end == at) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < end; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(open_tag[i]))) return std::nullopt;
    value = value * 10 + (open_tag[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> parse_reuters_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                              "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  std::size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return std::nullopt;
  text.remove_prefix(first);
  // D-MON-YYYY HH:MM:SS(.ff)
  std::size_t dash1 = text.find('-'), dash2 = text.find('-', dash1 + 1), space = text.find(' ');
  if (dash1 == std::string_view::npos || dash2 == std::string_view::npos || space == std::string_view::npos ||
      dash2 - dash1 != 4 || space < dash2)
    return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<int> {
    if (s.empty() || s.size() > 4) return std::nullopt;
    int v = 0;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  std::string month(text.substr(dash1 + 1, 3));
  std::transform(month.begin(), month.end(), month.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  auto m = std::find(kMonths.begin(), kMonths.end(), month);
  auto day = number(text.substr(0, dash1));
  auto year = number(text.substr(dash2 + 1, space - dash2 - 1));
  std::string_view clock = text.substr(space + 1);
  if (m == kMonths.end() || !day || !year || *day < 1 || *day > 31 || clock.size() < 8 || clock[2] != ':' ||
      clock[5] != ':')
    return std::nullopt;
  auto h = number(clock.substr(0, 2)), mi = number(clock.substr(3, 2)), s = number(clock.substr(6, 2));
  if (!h || !mi || !s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  const auto month_number = static_cast<unsigned>(m - kMonths.begin() + 1);
  return days_from_civil(*year, month_number, static_cast<unsigned>(*day)) * 86400 + *h * 3600 + *mi * 60 + *s;
}

std::vector<ReutersArticle> parse_reuters_sgml(std::string_view sgml) {
  std::vector<ReutersArticle> out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t start = sgml.find("<REUTERS", pos);
    if (start == std::string_view::npos) break;
    std::size_t end = sgml.find("</REUTERS>", start);
    if (end == std::string_view::npos) break;
    std::string_view element = sgml.substr(start, end - start);
    pos = end + 10;
    std::string_view open_tag = element.substr(0, element.find('>'));
    auto id = attribute_int(open_tag, "NEWID");
    if (!id) continue;
    ReutersArticle a;
    a.id = *id;
    if (auto date = inner(element, "DATE")) a.date = parse_reuters_date(clean(*date));
    a.topics = d_values(inner(element, "TOPICS"));
    a.places = d_values(inner(element, "PLACES"));
    if (auto text = inner(element, "TEXT")) {
      if (auto title = inner(*text, "TITLE")) a.title = clean(*title);
      if (auto dateline = inner(*text, "DATELINE")) a.dateline = clean(*dateline);
      if (auto body = inner(*text, "BODY")) {
        a.body = clean(*body);
      } else if (text->find("<TITLE>") == std::string_view::npos) {
        a.body = clean(*text);  // TYPE="UNPROC": unmarked text
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<ReutersArticle> read_reuters(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("reut2-", 0) == 0 && e.path().extension() == ".sgm") files.push_back(e.path());
  }
  if (files.empty()) throw std::runtime_error(dir.string() + ": no reut2-*.sgm files");
  std::sort(files.begin(), files.end());
  std::vector<ReutersArticle> all;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot read it");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto articles = parse_reuters_sgml(bytes.str());
    all.insert(all.end(), std::make_move_iterator(articles.begin()), std::make_move_iterator(articles.end()));
  }
  return all;
}

}  // namespace newsdex::bench

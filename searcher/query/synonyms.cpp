#include "searcher/query/synonyms.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace newsdex {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t end = i;
    while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
    if (end > i) words.push_back(s.substr(i, end - i));
    i = end;
  }
  return words;
}

std::string without_dots(std::string_view word) {
  std::string out;
  for (char c : word)
    if (c != '.') out.push_back(c);
  return out;
}

// A member's word as matched: "=US" for a word in capitals (matched as
// typed), else the lowercased word.
std::string member_key(std::string_view word) {
  std::string w = without_dots(word);
  bool capitals = std::any_of(w.begin(), w.end(), is_upper) && !std::any_of(w.begin(), w.end(), is_lower);
  if (capitals) return "=" + w;
  std::transform(w.begin(), w.end(), w.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return w;
}

bool key_matches(const std::string& key, const std::string& word) {
  if (key.starts_with('=')) return std::string_view(key).substr(1) == word;
  if (key.size() != word.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i)
    if (key[i] != std::tolower(static_cast<unsigned char>(word[i]))) return false;
  return true;
}

// One whitespace-separated piece of a query.
struct Token {
  std::string_view text;
  std::string_view open;   // leading '(' run
  std::string_view core;   // the word itself
  std::string_view close;  // trailing ')' and punctuation
  std::string word;        // core without dots, for matching
  bool matchable = false;
};

bool is_operator(std::string_view t) {
  return t == "AND" || t == "OR" || t == "NOT" || t == "XOR" || t.starts_with("NEAR") ||
         t.starts_with("ADJ");
}

std::vector<Token> tokenize(std::string_view query) {
  std::vector<Token> tokens;
  bool in_quotes = false;
  for (std::string_view text : split_words(query)) {
    Token t;
    t.text = text;
    auto quotes = std::count(text.begin(), text.end(), '"');
    bool quoted = in_quotes || quotes > 0;
    if (quotes % 2 == 1) in_quotes = !in_quotes;
    std::size_t b = 0, e = text.size();
    while (b < e && text[b] == '(') ++b;
    while (e > b && std::string_view("),;!?").find(text[e - 1]) != std::string_view::npos) --e;
    t.open = text.substr(0, b);
    t.core = text.substr(b, e - b);
    t.close = text.substr(e);
    t.word = without_dots(t.core);
    t.matchable = !quoted && !t.word.empty() && !is_operator(text) &&
                  t.core.find_first_of(":*+-") != 0 && t.core.find(':') == std::string_view::npos &&
                  t.core.find('*') == std::string_view::npos;
    tokens.push_back(std::move(t));
  }
  // NEAR and ADJ take plain terms: a bracketed group beside them is an error.
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].text.starts_with("NEAR") && !tokens[i].text.starts_with("ADJ")) continue;
    if (i > 0) tokens[i - 1].matchable = false;
    if (i + 1 < tokens.size()) tokens[i + 1].matchable = false;
  }
  return tokens;
}

std::string as_query_text(std::string_view text) {
  return text.find(' ') == std::string_view::npos ? std::string(text) : fmt::format("\"{}\"", text);
}

}  // namespace

SynonymTable SynonymTable::parse(std::string_view text, std::vector<Diagnostic>& diagnostics) {
  SynonymTable table;
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::vector<Member> group;
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t comma = line.find(',', start);
      if (comma == std::string_view::npos) comma = line.size();
      std::vector<std::string_view> words = split_words(line.substr(start, comma - start));
      if (!words.empty()) {
        Member m;
        for (auto w : words) {
          m.text.append(m.text.empty() ? "" : " ").append(w);
          m.keys.push_back(member_key(w));
        }
        bool seen = std::any_of(group.begin(), group.end(),
                                [&](const Member& g) { return g.keys == m.keys; });
        if (!seen) group.push_back(std::move(m));
      }
      start = comma + 1;
    }
    if (group.size() < 2) {
      diagnostics.push_back({line_no, "a synonym group needs two or more members separated by "
                                      "commas, as in \"AI, artificial intelligence\"; line ignored"});
      continue;
    }
    table.groups_.push_back(std::move(group));
  }
  return table;
}

void SynonymTable::merge(SynonymTable other) {
  for (auto& g : other.groups_) groups_.push_back(std::move(g));
}

std::string SynonymTable::expand(std::string_view query) const {
  std::vector<Token> tokens = tokenize(query);
  std::string out;
  auto emit = [&out](std::string_view piece) { out.append(out.empty() ? "" : " ").append(piece); };
  std::size_t i = 0;
  while (i < tokens.size()) {
    // The longest member that starts here; only its first word may open a
    // bracket and only its last may close one.
    const std::vector<Member>* best_group = nullptr;
    const Member* best = nullptr;
    for (const auto& group : groups_) {
      for (const auto& m : group) {
        std::size_t n = m.keys.size();
        if (i + n > tokens.size() || (best && n <= best->keys.size())) continue;
        bool ok = true;
        for (std::size_t k = 0; k < n && ok; ++k) {
          const Token& t = tokens[i + k];
          ok = t.matchable && key_matches(m.keys[k], t.word) && (k == 0 || t.open.empty()) &&
               (k + 1 == n || t.close.empty());
        }
        if (ok) {
          best_group = &group;
          best = &m;
        }
      }
    }
    if (!best) {
      emit(tokens[i++].text);
      continue;
    }
    std::size_t n = best->keys.size();
    std::string typed;
    for (std::size_t k = 0; k < n; ++k) typed.append(k ? " " : "").append(tokens[i + k].core);
    std::string group_text = "(" + as_query_text(typed);
    for (const auto& m : *best_group)
      if (&m != best) group_text.append(" OR ").append(as_query_text(m.text));
    group_text.append(")");
    emit(fmt::format("{}{}{}", tokens[i].open, group_text, tokens[i + n - 1].close));
    i += n;
  }
  return out;
}

}  // namespace newsdex

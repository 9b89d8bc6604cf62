#include "derive.hpp"

#include <algorithm>
#include <utility>

namespace newsdex::bench {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

void push_trimmed(std::string_view s, std::vector<std::string>& out) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (!s.empty()) out.emplace_back(s);
}

}  // namespace

std::vector<std::string> split_sentences(std::string_view body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    const bool mark_end = (c == '.' || c == '?' || c == '!') && i + 1 < body.size() && is_space(body[i + 1]);
    if (mark_end || c == '\n') {
      push_trimmed(body.substr(start, i + 1 - start), out);
      start = i + 1;
    }
  }
  push_trimmed(body.substr(start), out);
  return out;
}

ReutersArticle derive_article(const std::vector<ReutersArticle>& base, std::size_t n, std::uint64_t seed) {
  const std::size_t b = base.size();
  ReutersArticle a = base[n % b];
  const std::size_t copy = n / b;
  if (copy == 0) return a;
  a.id = static_cast<int>(n + 1);
  if (a.date) *a.date += static_cast<std::int64_t>(copy) * 17 * 86400;
  std::uint64_t state = mix64(seed ^ mix64(n));
  auto next = [&state] { return state = mix64(state); };
  // Keep about half of the original's sentences (at least one) and add more
  // sentences of other articles than were kept, so a copy shares under half
  // of its text with its original and far less with the other copies: an
  // unrelated article as far as near-duplicate detection can tell, with the
  // vocabulary and lengths of real news.
  std::vector<std::string> sentences;
  const auto own = split_sentences(a.body);
  for (const auto& s : own)
    if (next() % 2 == 0) sentences.push_back(s);
  if (sentences.empty() && !own.empty()) sentences.push_back(own[next() % own.size()]);
  const std::size_t kept = sentences.size();
  const std::size_t foreign = std::max(own.size() - kept, kept + 1);
  // Bounded: some base bodies are empty.
  for (std::size_t tries = 0; sentences.size() < kept + foreign && tries < 16 * (kept + foreign); ++tries) {
    const auto other = split_sentences(base[next() % b].body);
    if (!other.empty()) sentences.push_back(other[next() % other.size()]);
  }
  for (std::size_t i = sentences.size(); i > 1; --i) std::swap(sentences[i - 1], sentences[next() % i]);
  a.body.clear();
  for (const auto& s : sentences) {
    if (!a.body.empty()) a.body += ' ';
    a.body += s;
  }
  return a;
}

}  // namespace newsdex::bench

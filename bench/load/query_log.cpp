#include "query_log.hpp"

#include <array>
#include <cctype>
#include <cstdio>

#include "derive.hpp"

namespace newsdex::bench {

namespace {

constexpr std::array<const char*, 24> kStop = {"the", "and", "for", "from", "with", "its", "has", "had",
                                               "was", "are", "not", "but", "will", "says", "said", "say",
                                               "over", "into", "may", "new", "sees", "set", "two", "see"};

std::string month(int m, const char* sep) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "1987%s%02d", sep, m);
  return buf;
}

std::string join(const std::vector<std::string>& words, const std::string& before, const std::string& after) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += before + w + after;
  }
  return out;
}

}  // namespace

std::vector<std::string> title_words(const std::string& title) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    bool stop = word.size() < 3;
    for (const char* s : kStop) stop = stop || word == s;
    if (!stop) out.push_back(word);
    word.clear();
  };
  for (char c : title) {
    if (std::isalpha(static_cast<unsigned char>(c)))
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else
      flush();
  }
  flush();
  return out;
}

std::vector<LogQuery> make_query_log(const std::vector<std::string>& titles, std::size_t count,
                                     std::uint64_t seed) {
  std::vector<std::vector<std::string>> usable;
  for (const auto& t : titles)
    if (auto w = title_words(t); !w.empty()) usable.push_back(std::move(w));
  std::vector<LogQuery> log;
  if (usable.empty()) return log;
  std::uint64_t state = mix64(seed);
  auto next = [&state] { return state = mix64(state); };
  while (log.size() < count) {
    const auto& words = usable[next() % usable.size()];
    const std::size_t slot = log.size() % 20;
    LogQuery q;
    q.kind = slot < 12   ? LogQuery::Kind::words
             : slot < 15 ? LogQuery::Kind::phrase
             : slot < 18 ? LogQuery::Kind::title
                         : LogQuery::Kind::dated;
    if (q.kind == LogQuery::Kind::phrase && words.size() < 2) q.kind = LogQuery::Kind::words;
    const std::size_t want = q.kind == LogQuery::Kind::phrase  ? 2
                             : q.kind == LogQuery::Kind::title ? 1 + next() % 2
                                                               : 1 + next() % 3;
    const std::size_t n = std::min(want, words.size());
    const std::size_t start = next() % (words.size() - n + 1);
    q.words.assign(words.begin() + static_cast<std::ptrdiff_t>(start),
                   words.begin() + static_cast<std::ptrdiff_t>(start + n));
    if (q.kind == LogQuery::Kind::dated) {
      q.from_month = 3 + static_cast<int>(next() % 7);  // March..September 1987
      q.to_month = q.from_month + static_cast<int>(next() % 2);
    }
    log.push_back(std::move(q));
  }
  return log;
}

std::string to_newsdex(const LogQuery& q) {
  switch (q.kind) {
    case LogQuery::Kind::phrase: return "\"" + join(q.words, "", "") + "\"";
    case LogQuery::Kind::title: return join(q.words, "title:", "");
    case LogQuery::Kind::dated:
      return join(q.words, "", "") + " date:" + month(q.from_month, "-") + ".." + month(q.to_month, "-");
    case LogQuery::Kind::words: break;
  }
  return join(q.words, "", "");
}

std::string to_xapian(const LogQuery& q) {
  if (q.kind != LogQuery::Kind::dated) return to_newsdex(q);
  return join(q.words, "", "") + " date:" + month(q.from_month, "") + "01.." + month(q.to_month, "") + "31";
}

std::string to_fts5(const LogQuery& q) {
  switch (q.kind) {
    case LogQuery::Kind::phrase: return "\"" + join(q.words, "", "") + "\"";
    case LogQuery::Kind::title: return "title : (" + join(q.words, "\"", "\"") + ")";
    case LogQuery::Kind::dated:
    case LogQuery::Kind::words: break;
  }
  return join(q.words, "\"", "\"");
}

std::optional<std::pair<std::string, std::string>> fts5_date_range(const LogQuery& q) {
  if (q.kind != LogQuery::Kind::dated) return std::nullopt;
  return std::pair{month(q.from_month, "-") + "-01", month(q.to_month, "-") + "-32"};
}

}  // namespace newsdex::bench

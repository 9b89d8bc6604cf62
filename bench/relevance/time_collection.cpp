#include "time_collection.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsdex::bench {
namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    begin = end + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Appends a line to a text being joined with single spaces.
void append_line(std::string& text, std::string_view line) {
  line = trim(line);
  if (line.empty()) return;
  if (!text.empty()) text += ' ';
  text.append(line);
}

std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::optional<int> judged_position_to_document(int position, int documents) {
  if (position < 1) return std::nullopt;
  if (position <= 370) return position <= documents ? std::optional<int>(position) : std::nullopt;
  if (position < 378) return std::nullopt;
  const int document = position - 2;
  if (document > documents) return std::nullopt;
  return document;
}

std::vector<TimeDocument> parse_time_documents(std::string_view all) {
  std::vector<TimeDocument> docs;
  bool inside = false;
  for (std::string_view line : lines_of(all)) {
    if (line.starts_with("*TEXT")) {
      const auto words = words_of(line);  // *TEXT 017 01/04/63 PAGE 020
      TimeDocument d;
      d.number = static_cast<int>(docs.size()) + 1;
      if (words.size() > 1) d.text_number = words[1];
      if (words.size() > 2) d.date = words[2];
      docs.push_back(std::move(d));
      inside = true;
    } else if (line.starts_with("*STOP")) {
      inside = false;
    } else if (inside) {
      append_line(docs.back().text, line);
    }
  }
  return docs;
}

std::vector<TimeQuery> parse_time_queries(std::string_view que) {
  std::vector<TimeQuery> queries;
  bool inside = false;
  for (std::string_view line : lines_of(que)) {
    if (line.starts_with("*FIND")) {
      const auto words = words_of(line);
      TimeQuery q;
      q.number = words.size() > 1 ? std::stoi(words[1]) : static_cast<int>(queries.size()) + 1;
      queries.push_back(std::move(q));
      inside = true;
    } else if (line.starts_with("*STOP")) {
      inside = false;
    } else if (inside) {
      append_line(queries.back().text, line);
    }
  }
  return queries;
}

void parse_time_judgments(std::string_view rel, TimeCollection& into) {
  const int documents = static_cast<int>(into.documents.size());
  for (std::string_view line : lines_of(rel)) {
    const auto words = words_of(line);
    if (words.empty()) continue;
    const int query = std::stoi(words[0]);
    auto& relevant = into.relevant[query];
    for (std::size_t i = 1; i < words.size(); ++i) {
      const int position = std::stoi(words[i]);
      if (auto doc = judged_position_to_document(position, documents)) {
        if (relevant.insert(*doc).second) ++into.judgments;
      } else {
        into.dropped.push_back("query " + words[0] + ": position " + words[i] +
                               " names no document of TIME.ALL");
      }
    }
  }
}

std::optional<TimeCollection> load_time_collection(const std::string& dir, std::string& missing) {
  const fs::path base(dir);
  std::optional<std::string> all, que, rel;
  for (auto [file, into] : {std::pair{"TIME.ALL", &all}, {"TIME.QUE", &que}, {"TIME.REL", &rel}}) {
    *into = read_whole(base / file);
    if (!*into) {
      missing = (base / file).string();
      return std::nullopt;
    }
  }

  TimeCollection c;
  c.documents = parse_time_documents(*all);
  c.queries = parse_time_queries(*que);
  parse_time_judgments(*rel, c);
  if (auto stp = read_whole(base / "TIME.STP")) {
    for (std::string_view line : lines_of(*stp)) {
      std::string w(trim(line));
      std::transform(w.begin(), w.end(), w.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (!w.empty()) c.stopwords.insert(w);
    }
  }
  return c;
}

}  // namespace newsdex::bench

// newsdex_clustering: what near-duplicate detection costs at index time, and
// what it finds. Through the public API only.
//
// Reuters-21578 (default): every article is imported (Index::import_documents,
// one JSON line each, no story given, so detection decides) into a fresh
// index with detection on, then off, alternating which goes first, for
// several rounds; prints each mode's median wall time (import + commit), the
// on/off ratio, and the stories found.
//
// --rssowl: indexes the three dated rssowl snapshots (add_paths) with
// detection on and off and prints documents, stories, the largest stories,
// and how many items were merged by their id vs by near-duplicate detection.
//
//   newsdex_clustering [--reuters DIR] [--rounds N] [--limit N]
//   newsdex_clustering --rssowl [DIR]

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdex/newsdex.hpp"
#include "reuters.hpp"
#include "reuters_json.hpp"
#include "support.hpp"

#ifndef NEWSDEX_SHARED_DATA_DIR
#define NEWSDEX_SHARED_DATA_DIR "../shared/data"
#endif

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using newsdex::bench::TempDir;
using newsdex::bench::median;

// The articles as an export would hold them, minus "story".
std::string as_json_lines(const std::vector<newsdex::bench::ReutersArticle>& articles) {
  std::string out;
  for (const auto& a : articles) out += newsdex::bench::reuters_json_line(a);
  return out;
}

struct Story {
  std::vector<json> members;
};

std::map<std::string, Story> stories_of(const fs::path& db) {
  std::stringstream out;
  newsdex::export_documents(db.string(), out);
  std::map<std::string, Story> stories;
  std::string line;
  while (std::getline(out, line)) {
    json j = json::parse(line);
    if (j.contains("id")) stories[j["story"].get<std::string>()].members.push_back(std::move(j));
  }
  return stories;
}

void print_stories(const std::map<std::string, Story>& stories, std::size_t documents, std::size_t largest) {
  std::vector<const Story*> multi;
  std::size_t in_multi = 0;
  for (const auto& [id, s] : stories)
    if (s.members.size() > 1) {
      multi.push_back(&s);
      in_multi += s.members.size();
    }
  std::stable_sort(multi.begin(), multi.end(),
                   [](const Story* a, const Story* b) { return a->members.size() > b->members.size(); });
  std::cout << "  documents " << documents << ", stories " << stories.size() << ", stories of several "
            << multi.size() << " (holding " << in_multi << " documents)\n";
  for (std::size_t i = 0; i < std::min(largest, multi.size()); ++i) {
    const auto& m = multi[i]->members;
    std::cout << "  " << m.size() << " documents:";
    for (std::size_t k = 0; k < std::min<std::size_t>(m.size(), 3); ++k)
      std::cout << (k ? " | " : " ") << m[k]["source"].get<std::string>() << ": "
                << m[k]["title"].get<std::string>().substr(0, 60);
    std::cout << "\n";
  }
}

int run_reuters(const fs::path& dir, int rounds, std::size_t limit) {
  if (!fs::is_directory(dir)) {
    std::cout << "skipped: " << dir.string() << " not found\n";
    return 0;
  }
  auto articles = newsdex::bench::read_reuters(dir);
  if (limit && articles.size() > limit) articles.resize(limit);
  const std::string lines = as_json_lines(articles);
  std::cout << "Reuters-21578: " << articles.size() << " articles, " << lines.size() / (1 << 20)
            << " MB of JSON lines; " << rounds << " rounds, detection on and off alternating\n";
  std::map<bool, std::vector<double>> seconds;
  std::map<std::string, Story> found;
  std::size_t documents = 0;
  for (int round = 0; round < rounds; ++round) {
    for (int k = 0; k < 2; ++k) {
      const bool on = (round % 2 == 0) == (k == 0);
      TempDir tmp;
      newsdex::IndexOptions options;
      options.path = (tmp.path / "db").string();
      options.near_duplicates.enabled = on;
      std::istringstream in(lines);
      newsdex::IndexReport report;
      auto started = std::chrono::steady_clock::now();
      {
        auto index = newsdex::Index::open(options);
        index.import_documents(in, "reuters", report);
        index.commit();
      }
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      seconds[on].push_back(s);
      std::cout << "  round " << round + 1 << " detection " << (on ? "on " : "off") << ": " << s << " s ("
                << report.added << " added, " << report.errors.size() << " errors)\n";
      if (on && round == rounds - 1) {  // the stories of the last run with detection
        found = stories_of(tmp.path / "db");
        documents = report.added;
      }
    }
  }
  const double on = median(seconds[true]), off = median(seconds[false]);
  std::cout << "median detection on  " << on << " s (" << on / static_cast<double>(articles.size()) * 1e6
            << " us/article)\n"
            << "median detection off " << off << " s (" << off / static_cast<double>(articles.size()) * 1e6
            << " us/article)\n"
            << "ratio on/off " << on / off << "\n"
            << "stories with detection on:\n";
  print_stories(found, documents, 10);
  return 0;
}

int run_rssowl(const fs::path& root) {
  std::vector<std::string> inputs;
  for (const char* s : {"corpus_10-03-07", "corpus_10-06-07", "corpus_10-09-07"}) {
    if (!fs::is_directory(root / s)) {
      std::cout << "skipped: " << (root / s).string() << " not found\n";
      return 0;
    }
    inputs.push_back((root / s).string());
  }
  for (bool on : {true, false}) {
    TempDir tmp;
    newsdex::IndexOptions options;
    options.path = (tmp.path / "db").string();
    options.near_duplicates.enabled = on;
    newsdex::IndexReport report;
    {
      auto index = newsdex::Index::open(options);
      index.add_paths(inputs, report);
      index.commit();
    }
    std::size_t items = 0;
    for (const auto& in : report.inputs) items += in.items;
    auto stories = stories_of(tmp.path / "db");
    std::size_t documents = 0;
    for (const auto& [id, s] : stories) documents += s.members.size();
    std::cout << "rssowl, 3 snapshots, detection " << (on ? "on" : "off") << ": " << report.inputs_read
              << " inputs, " << items << " items read\n"
              << "  merged by id (the same item again): " << items - documents << "\n"
              << "  merged by near-duplicate detection: " << documents - stories.size() << "\n";
    print_stories(stories, documents, on ? 10 : 0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = NEWSDEX_SHARED_DATA_DIR;
  fs::path reuters = shared / "reuters21578", rssowl = shared / "rssowl-feeds";
  bool rssowl_mode = false;
  int rounds = 5;
  std::size_t limit = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--limit" && i + 1 < argc) {
      limit = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--reuters" && i + 1 < argc) {
      reuters = argv[++i];
    } else if (a == "--rssowl") {
      rssowl_mode = true;
      if (i + 1 < argc && argv[i + 1][0] != '-') rssowl = argv[++i];
    } else {
      std::cerr << "usage: newsdex_clustering [--reuters DIR] [--rounds N] [--limit N] | --rssowl [DIR]\n";
      return 2;
    }
  }
  try {
    return rssowl_mode ? run_rssowl(rssowl) : run_reuters(reuters, rounds, limit);
  } catch (const std::exception& e) {
    std::cerr << "newsdex_clustering: " << e.what() << "\n";
    return 1;
  }
}

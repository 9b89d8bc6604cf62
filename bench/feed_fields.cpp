// newsdex_feed_fields: what newsdex's feed parser makes of each feed file, as
// JSON lines, for bench/field_accuracy.py to compare with Python feedparser.
// For each file it runs newsdex::parse_feed and then newsdex::assign_ids (as
// the indexer does) and prints
//   one line per item:  {"file", "position", "id", "guid", "title", "link",
//                        "published", "updated", "author", "summary",
//                        "content", "categories"}   (dates: UTC seconds or null)
//   then one line for the file: {"file", "feed": true, "format", "feed_link",
//                        "items", "distinct_ids", "error", "warnings"}
// "distinct_ids" is the number of documents newsdex would store for the file.
// It reads internal headers, so it links the static library.
//
//   newsdex_feed_fields FILE|DIR...            (a DIR: its *.xml files, sorted)
//   newsdex_feed_fields --time RUNS FILE|DIR...
//     reads every file into memory, then parses them all (parse_feed +
//     assign_ids) RUNS times and prints {"files", "items", "seconds": [...],
//     "median": s}: the per-run wall time, no output per item.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/unique_id.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> expand(const std::vector<std::string>& args) {
  std::vector<fs::path> out;
  for (const auto& a : args) {
    if (fs::is_directory(a)) {
      std::vector<fs::path> in_dir;
      for (const auto& e : fs::directory_iterator(a))
        if (e.is_regular_file() && e.path().extension() == ".xml") in_dir.push_back(e.path());
      std::sort(in_dir.begin(), in_dir.end());
      out.insert(out.end(), in_dir.begin(), in_dir.end());
    } else {
      out.emplace_back(a);
    }
  }
  return out;
}

json date(const std::optional<std::int64_t>& t) { return t ? json(*t) : json(nullptr); }

// Invalid UTF-8 must not stop the dump: replace it, as the comparison would.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

int main(int argc, char** argv) {
  int runs = 0;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--time" && i + 1 < argc) {
      runs = std::stoi(argv[++i]);
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: newsdex_feed_fields [--time RUNS] FILE|DIR...\n";
      return 0;
    } else {
      args.push_back(a);
    }
  }
  const std::vector<fs::path> files = expand(args);
  if (files.empty()) {
    std::cerr << "newsdex_feed_fields: no feed files given\n";
    return 2;
  }

  if (runs > 0) {
    std::vector<std::string> bytes;
    bytes.reserve(files.size());
    for (const auto& f : files) bytes.push_back(read(f));
    std::vector<double> seconds;
    std::size_t items = 0;
    for (int r = 0; r < runs; ++r) {
      items = 0;
      const auto t0 = std::chrono::steady_clock::now();
      for (const auto& b : bytes) {
        newsdex::ParsedFeed parsed = newsdex::parse_feed(b);
        newsdex::assign_ids(parsed.items);
        items += parsed.items.size();
      }
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::cout << dump({{"files", files.size()},
                       {"items", items},
                       {"seconds", seconds},
                       {"median", newsdex::bench::median(seconds)}})
              << "\n";
    return 0;
  }

  for (const auto& f : files) {
    const std::string name = f.string();
    newsdex::ParsedFeed parsed = newsdex::parse_feed(read(f));
    newsdex::assign_ids(parsed.items);
    std::set<std::string> ids;
    for (std::size_t pos = 0; pos < parsed.items.size(); ++pos) {
      const newsdex::Item& it = parsed.items[pos];
      ids.insert(it.id);
      std::cout << dump({{"file", name},
                         {"position", pos},  // in document order
                         {"id", it.id},
                         {"guid", it.guid},
                         {"title", it.title},
                         {"link", it.link},
                         {"published", date(it.published)},
                         {"updated", date(it.updated)},
                         {"author", newsdex::join_authors(it.authors)},
                         {"summary", it.summary},
                         {"content", it.content},
                         {"categories", it.categories}})
                << "\n";
    }
    std::cout << dump({{"file", name},
                       {"feed", true},
                       {"format", parsed.feed.format},
                       {"feed_link", parsed.feed.link},
                       {"items", parsed.items.size()},
                       {"distinct_ids", ids.size()},
                       {"error", parsed.error ? json(parsed.error->message) : json(nullptr)},
                       {"warnings", parsed.warnings.size()}})
              << "\n";
  }
  return 0;
}

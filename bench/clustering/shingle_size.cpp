// newsdex_shingle_size: how the shingle size changes what near-duplicate
// detection would call similar, on the rssowl snapshots (every item of the
// three captures, one per unique id, each input's common shingles removed as
// the indexer does). For each size it counts the pairs of different items at
// or above several exact Jaccard similarities, split by how alike their
// titles are: a pair with the same title is nearly always one article
// copied (wanted), a pair whose titles share under half their words nearly
// always two articles (unwanted). It reads internal headers, so it links the
// static library.
//
//   newsdex_shingle_size [RSSOWL_DIR] [--show K J]   (--show: list the pairs of
//   different titles at shingle size K and similarity >= J)

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "indexer/parse/feed_parser.hpp"
#include "indexer/stories/near_duplicate.hpp"
#include "indexer/stories/story_lookup.hpp"
#include "indexer/parse/unique_id.hpp"

#ifndef NEWSDEX_RSSOWL_DIR
#define NEWSDEX_RSSOWL_DIR "../shared/data/rssowl-feeds"
#endif

namespace fs = std::filesystem;
namespace nd = newsdex::near_duplicate;

namespace {

struct Entry {
  std::string title;               // normalised words joined
  std::set<std::string> title_words;
  std::vector<std::string> words;  // of the whole text
  std::size_t input = 0;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double title_overlap(const Entry& a, const Entry& b) {
  std::size_t common = 0;
  for (const auto& w : a.title_words) common += b.title_words.count(w);
  std::size_t all = a.title_words.size() + b.title_words.size() - common;
  return all ? static_cast<double>(common) / static_cast<double>(all) : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = NEWSDEX_RSSOWL_DIR;
  std::size_t show_k = 0;
  double show_j = 1.1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--show" && i + 2 < argc) {
      show_k = std::stoul(argv[i + 1]);
      show_j = std::stod(argv[i + 2]);
      i += 2;
    } else {
      root = a;
    }
  }
  std::vector<fs::path> snapshots = {root / "corpus_10-03-07", root / "corpus_10-06-07", root / "corpus_10-09-07"};
  for (const auto& s : snapshots)
    if (!fs::is_directory(s)) {
      fmt::print("skipped: {} not found\n", s.string());
      return 0;
    }
  std::vector<Entry> entries;
  std::vector<std::vector<std::size_t>> inputs;  // entry indexes per input
  std::set<std::string> seen;
  for (const auto& snapshot : snapshots) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(snapshot))
      if (e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      auto feed = newsdex::parse_feed(read(file));
      if (feed.error) continue;
      inputs.emplace_back();
      for (const auto& item : feed.items) {
        Entry e;
        e.words = nd::words(newsdex::fingerprint_text(item));
        for (const auto& w : nd::words(item.title)) {
          e.title += w + " ";
          e.title_words.insert(w);
        }
        e.input = inputs.size() - 1;
        inputs.back().push_back(entries.size());
        entries.push_back(std::move(e));
        if (!seen.insert(newsdex::unique_id(item)).second) inputs.back().pop_back(), entries.pop_back();
      }
    }
  }
  fmt::print("{} distinct items (by id) from {} inputs\n\n", entries.size(), inputs.size());
  const std::vector<double> levels = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
  fmt::print("{:>5} {:>9} {:>14}", "words", "too short", "title");
  for (double t : levels) fmt::print(" {:>7}", fmt::format("J>={:.1f}", t));
  fmt::print("\n");
  for (std::size_t k = 2; k <= 5; ++k) {
    // Shingle sets, less each input's common shingles.
    std::vector<std::vector<std::uint64_t>> sets(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) sets[i] = nd::shingles(entries[i].words, k);
    std::vector<std::vector<std::uint64_t>> common(inputs.size());
    for (std::size_t in = 0; in < inputs.size(); ++in) {
      std::vector<std::vector<std::uint64_t>> per_item;
      for (std::size_t i : inputs[in]) per_item.push_back(sets[i]);
      common[in] = nd::common_shingles(per_item);
    }
    std::size_t too_short = 0;
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> postings;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      std::vector<std::uint64_t> kept;
      const auto& c = common[entries[i].input];
      std::set_difference(sets[i].begin(), sets[i].end(), c.begin(), c.end(), std::back_inserter(kept));
      sets[i] = std::move(kept);
      if (sets[i].size() < nd::kMinShingles) {
        ++too_short;
        sets[i].clear();
        continue;
      }
      for (auto s : sets[i]) postings[s].push_back(i);
    }
    // Pairs sharing a shingle held by few items (a pair of any real
    // similarity shares many, so some rare one); then exact Jaccard.
    std::set<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto& [s, list] : postings)
      if (list.size() <= 40)
        for (std::size_t a = 0; a < list.size(); ++a)
          for (std::size_t b = a + 1; b < list.size(); ++b) pairs.insert({list[a], list[b]});
    // rows: same title / similar title / different title
    std::map<int, std::vector<std::size_t>> counts;
    for (int row = 0; row < 3; ++row) counts[row].assign(levels.size(), 0);
    for (auto [a, b] : pairs) {
      double j = nd::jaccard(sets[a], sets[b]);
      double t = title_overlap(entries[a], entries[b]);
      int row = entries[a].title == entries[b].title ? 0 : t >= 0.5 ? 1 : 2;
      if (row == 2 && k == show_k && j >= show_j)
        fmt::print("  {:.2f}  {} | {}\n", j, entries[a].title, entries[b].title);
      for (std::size_t l = 0; l < levels.size(); ++l) counts[row][l] += j >= levels[l];
    }
    const char* names[] = {"same", "similar", "different"};
    for (int row = 0; row < 3; ++row) {
      fmt::print("{:>5} {:>9} {:>14}", row == 0 ? fmt::format("{}", k) : "",
                 row == 0 ? fmt::format("{}", too_short) : "", names[row]);
      for (auto c : counts[row]) fmt::print(" {:>7}", c);
      fmt::print("\n");
    }
  }
  return 0;
}

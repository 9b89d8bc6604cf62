// search_feed: the newsdex library in one small program.
//
//   search_feed QUERY [FILE]
//
// Indexes FILE (an RSS/Atom feed or plain-text news; without it, a small
// built-in feed) into a fresh index in a temporary folder, runs QUERY and
// prints each hit's title and snippet with the matched words in [brackets].
// Build it with CMake (examples/CMakeLists.txt) or with
//   c++ -std=c++20 search_feed.cpp $(pkg-config --cflags --libs newsdex)

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <newsdex/newsdex.hpp>

namespace fs = std::filesystem;

namespace {

const char* kBuiltInFeed = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><guid>1</guid><title>Huawei unveils new AI chips</title>
<description>The Ascend chips are meant to rival Nvidia's best.</description></item>
<item><guid>2</guid><title>Rare earth exports tighten</title>
<description>New controls affect the makers of chips and magnets.</description></item>
</channel></rss>)";

// The text with each marked range (byte offsets) wrapped in [brackets].
std::string bracketed(const newsdex::Highlighted& h) {
  std::string out;
  std::size_t at = 0;
  for (const newsdex::Span& mark : h.marks) {
    out += h.text.substr(at, mark.begin - at) + "[" +
           h.text.substr(mark.begin, mark.end - mark.begin) + "]";
    at = mark.end;
  }
  return out + h.text.substr(at);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string query = argc > 1 ? argv[1] : "chips";
  std::string folder = (fs::temp_directory_path() / "search_feed-XXXXXX").string();
  if (!::mkdtemp(folder.data())) {  // POSIX: a new, private folder
    std::perror("mkdtemp");
    return 1;
  }
  const std::string db = folder + "/index";
  int status = 0;
  try {
    {
      // One writer per index; committing makes the documents visible to searchers.
      newsdex::IndexOptions options;
      options.path = db;
      auto index = newsdex::Index::open(options);
      newsdex::IndexReport report;
      if (argc > 2)
        index.add_path(argv[2], report);
      else
        index.add_bytes(kBuiltInFeed, "built-in feed", report);
      index.commit();
      // Bad input is reported, not thrown: show what could not be read.
      for (const newsdex::Problem& p : report.errors) std::cerr << p.where << ": " << p.message << "\n";
      std::cout << report.added << " documents indexed\n";
    }
    auto searcher = newsdex::Searcher::open(db);
    newsdex::SearchResults results = searcher.search(query);
    std::cout << results.total << " matches for \"" << query << "\"\n";
    for (const newsdex::Hit& hit : results.hits)
      std::cout << hit.rank << ". " << hit.title << "\n   " << bracketed(hit.snippet) << "\n";
  } catch (const newsdex::Error& e) {  // the library's only exception type
    std::cerr << "search_feed: " << e.what() << " (" << newsdex::to_string(e.code()) << ")\n";
    status = 1;
  }
  fs::remove_all(folder);
  return status;
}

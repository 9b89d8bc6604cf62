#pragma once
// Where the suites find their data. Every core suite runs on what the project
// writes itself (tests/fixtures/, data/). Third-party data sets (the
// feedparser suite, the rssowl feed captures) live outside the repository,
// under NEWSDEX_TEST_DATA; only the ctest entries that need them read them,
// and those are skipped when the folder is missing (tests/doctest_main.cpp,
// --needs).

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace test_data {

namespace fs = std::filesystem;

// NEWSDEX_TEST_DATA when set (CI points it at an empty folder to prove the
// suites skip), else the folder ctest was configured with
// (NEWSDEX_TEST_DATA_DEFAULT: ../shared/data beside the clone).
inline fs::path root() {
  for (const char* name : {"NEWSDEX_TEST_DATA", "NEWSDEX_TEST_DATA_DEFAULT"})
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return v;
  return {};
}

// A data set under root(), which must be there: the ctest entry that runs a
// case needing it skips before any case runs when it is not.
inline fs::path require(std::string_view name) {
  const fs::path p = root() / name;
  if (!fs::is_directory(p))
    throw std::runtime_error(p.string() + " not found: run through ctest, which skips the suites "
                             "that need third-party data when it is missing (README: Test data)");
  return p;
}

// Which corpus a corpus-dependent case runs on: the fixtures, or with
// NEWSDEX_CORPUS=rssowl (set by ctest's *_rssowl entries) the 217 real
// feeds of ../shared/data/rssowl-feeds and their three dated captures.
inline bool rssowl() {
  const char* v = std::getenv("NEWSDEX_CORPUS");
  return v != nullptr && std::string_view(v) == "rssowl";
}

// The project's own fixtures: tests/fixtures beside this header.
inline fs::path fixtures() { return fs::path(__FILE__).parent_path() / "fixtures"; }

// Three dated captures of the same feeds (items repeated, changed, moved to
// a new URL, republished by another feed; a feed that appears later): the
// fixtures' own (tests/fixtures/http/2007-03, -06, -09), or with
// rssowl() rssowl's of March, June and September 2007.
inline std::vector<fs::path> snapshots() {
  if (rssowl()) {
    const fs::path feeds = require("rssowl-feeds");
    return {feeds / "corpus_10-03-07", feeds / "corpus_10-06-07", feeds / "corpus_10-09-07"};
  }
  const fs::path http = fixtures() / "http";
  return {http / "2007-03", http / "2007-06", http / "2007-09"};
}

}  // namespace test_data

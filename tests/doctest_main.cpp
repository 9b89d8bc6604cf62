// doctest's runner, plus one option of ours: --needs=NAME (repeatable) says
// the cases selected need the data set NAME under NEWSDEX_TEST_DATA. When
// one is missing the run does nothing, says which, and exits 77, which ctest
// reports as skipped (SKIP_RETURN_CODE): a skip is never a pass.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstring>
#include <iostream>
#include <vector>

#include "test_data.hpp"

namespace {
constexpr int kSkipped = 77;
constexpr std::string_view kNeeds = "--needs=";
}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!arg.starts_with(kNeeds)) {
      rest.push_back(argv[i]);
      continue;
    }
    const auto folder = test_data::root() / arg.substr(kNeeds.size());
    if (!std::filesystem::is_directory(folder)) {
      std::cout << "skipped: " << folder.string()
                << " not found (set NEWSDEX_TEST_DATA to the folder that holds it; README: Test data)\n";
      return kSkipped;
    }
  }
  doctest::Context context(static_cast<int>(rest.size()), rest.data());
  return context.run();
}

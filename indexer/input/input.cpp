#include "indexer/input/input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "newsdex/error.hpp"

namespace newsdex {

namespace fs = std::filesystem;

// Configuration ships beside the sample news in data/ (the phrase file, the
// systemd units); a folder walk must not index it as articles.
bool is_configuration(const fs::path& path) {
  auto ext = path.extension();
  return ext == ".conf" || ext == ".service" || ext == ".timer";
}

std::vector<fs::path> files_under(const fs::path& dir, std::vector<Problem>& problems) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    problems.push_back({dir.string(), fmt::format("cannot list: {}", ec.message())});
    return out;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      problems.push_back({dir.string(), fmt::format("cannot list: {}", ec.message())});
      break;
    }
    const auto& entry = *it;
    if (entry.path().filename().string().starts_with(".")) {
      if (entry.is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file() && !is_configuration(entry.path())) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace newsdex

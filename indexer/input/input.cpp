#include "indexer/input/input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fnmatch.h>

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

namespace {

bool matches_any(const std::vector<std::string>& globs, const std::string& inside, const std::string& name) {
  for (const auto& g : globs)
    if (::fnmatch(g.c_str(), inside.c_str(), 0) == 0 || ::fnmatch(g.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

bool admitted(const FolderRules& rules, const fs::path& dir, const fs::path& file) {
  const std::string inside = file.lexically_relative(dir).string(), name = file.filename().string();
  if (!rules.include.empty() && !matches_any(rules.include, inside, name)) return false;
  return !matches_any(rules.exclude, inside, name);
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::string not_news_by_name(const fs::path& file) {
  static constexpr std::string_view kArchives[] = {".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst",
                                                   ".7z", ".rar", ".tar", ".jar", ".deb"};
  static constexpr std::string_view kMedia[] = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg",
                                                ".ico", ".bmp", ".tif", ".tiff", ".mp3", ".mp4",
                                                ".ogg", ".wav", ".webm", ".mov", ".pdf", ".doc",
                                                ".docx", ".xls", ".xlsx", ".odt", ".ppt", ".pptx",
                                                ".woff", ".woff2", ".ttf", ".otf"};
  static constexpr std::string_view kProjectFiles[] = {"readme", "license", "licence", "copying",
                                                       "changelog", "changes", "authors",
                                                       "contributing", "notice", "makefile",
                                                       "cmakelists"};
  const std::string ext = lower(file.extension().string());
  for (auto a : kArchives)
    if (ext == a) return "an archive";
  for (auto m : kMedia)
    if (ext == m) return "not text (" + ext.substr(1) + ")";
  const std::string stem = lower(file.stem().string());
  for (auto p : kProjectFiles)
    if (stem == p || lower(file.filename().string()) == p) return "a project file, not news";
  return {};
}

std::vector<fs::path> files_under(const fs::path& dir, std::vector<Problem>& problems,
                                  const FolderRules& rules) {
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
    if (entry.is_regular_file() && !is_configuration(entry.path()) && admitted(rules, dir, entry.path()))
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace newsdex

#pragma once
// Finding and reading inputs: files, directory trees, standard input.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "common/read_file.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

// Which files of a folder to read: shell globs matched against the path
// inside the folder and against the file name (IndexOptions::include/exclude).
struct FolderRules {
  std::vector<std::string> include;  // empty: every file
  std::vector<std::string> exclude;
};

// Regular files under `dir`, recursively, sorted by path, that `rules`
// admit; hidden files and folders (".name") and configuration files
// (*.conf, *.service, *.timer) are skipped. Unreadable folders become problems.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               std::vector<Problem>& problems,
                                               const FolderRules& rules = {});

// Why a file met in a folder walk is no news, from its name alone (an
// archive, an image, a README): a few words, or empty when it may be news.
std::string not_news_by_name(const std::filesystem::path& file);

}  // namespace newsdex

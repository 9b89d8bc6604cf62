#pragma once
// Finding and reading inputs: files, directory trees, standard input.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "common/read_file.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

// Regular files under `dir`, recursively, sorted by path; hidden files and
// folders (".name") and configuration files (*.conf, *.service, *.timer)
// are skipped. Unreadable folders become problems.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               std::vector<Problem>& problems);

}  // namespace newsdex

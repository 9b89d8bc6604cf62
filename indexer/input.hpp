#pragma once
// Finding and reading inputs: files, directory trees, standard input.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "newsdex/index.hpp"

namespace newsdex {

// Larger inputs are refused rather than read into memory.
inline constexpr std::size_t kMaxInputBytes = std::size_t{256} << 20;

// Reads a whole file. Throws Error(io) with the reason; the caller names the file.
std::string read_file(const std::filesystem::path& path);

// Reads a stream to its end (at most kMaxInputBytes). Throws Error(io).
std::string read_stream(std::istream& in);

// Regular files under `dir`, recursively, sorted by path; hidden files and
// folders (".name") and configuration files (*.conf, *.service, *.timer)
// are skipped. Unreadable folders become problems.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               std::vector<Problem>& problems);

}  // namespace newsdex

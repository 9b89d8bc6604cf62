#pragma once
// Reading a whole input into memory, with a size limit.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>

namespace newsdex {

// Larger inputs are refused rather than read into memory.
inline constexpr std::size_t kMaxInputBytes = std::size_t{256} << 20;

// Reads a whole file. Throws Error(io) with the reason; the caller names the file.
std::string read_file(const std::filesystem::path& path);

// Reads a stream to its end (at most kMaxInputBytes). Throws Error(io).
std::string read_stream(std::istream& in);

}  // namespace newsdex

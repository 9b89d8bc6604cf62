#pragma once
// The bytes an index takes on disk.

#include <cstdint>
#include <filesystem>

namespace newsdex {

// The total size of the regular files directly in `folder` (a Xapian index
// keeps its tables there, with no subfolders); 0 when it cannot be read.
std::uint64_t folder_size(const std::filesystem::path& folder);

}  // namespace newsdex

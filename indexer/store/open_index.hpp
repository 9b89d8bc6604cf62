#pragma once
// Opening an index folder for writing: its lock, and whether it is sharded.
// Used by Index (index.cpp), the sharded store and compaction.

#include <cstddef>
#include <optional>

#include <xapian.h>

#include "common/index_layout.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

// Opens (creating when missing) the index at options.path, waiting up to
// options.lock_wait for its write lock. Throws Error: invalid_argument,
// locked, corrupt, io.
Xapian::WritableDatabase open_writable(const IndexOptions& options);

// How a new index is split when IndexOptions::partition is empty.
inline constexpr const char* kDefaultPartition = "none";

// How the index at options.path is laid out: nullopt for one database in
// the folder (an existing one, or a new one with partition "none" and no
// shards); else sharded or partitioned, with the parts its stub lists (none
// for a new index). Throws Error(invalid_argument) when options ask for
// another layout than the index has, Error(not_found) for a missing index
// when options.create is false.
std::optional<IndexLayout> layout_for(const IndexOptions& options);

}  // namespace newsdex

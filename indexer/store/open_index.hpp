#pragma once
// Opening an index folder for writing: its lock, and whether it is sharded.
// Used by Index (index.cpp), the sharded store and compaction.

#include <cstddef>

#include <xapian.h>

#include "newsdex/index.hpp"

namespace newsdex {

// Opens (creating when missing) the index at options.path, waiting up to
// options.lock_wait for its write lock. Throws Error: invalid_argument,
// locked, corrupt, io.
Xapian::WritableDatabase open_writable(const IndexOptions& options);

// How the index at options.path is laid out: 0 for one database in the
// folder (an existing unsharded index, or a new one without options.shards
// above 1), else its number of shards (from its stub file, or
// options.shards for a new one). Throws Error(invalid_argument) when
// options.shards asks for another count than the index has.
std::size_t shard_count_for(const IndexOptions& options);

}  // namespace newsdex

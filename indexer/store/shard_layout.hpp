#pragma once
// A sharded index on disk: the index folder holds shard0/ ... shardN-1/, each
// a Xapian glass database, and a Xapian stub file XAPIANDB listing them
// ("auto shard0" lines), so that Xapian (and newsdex-search --db FOLDER)
// opens the folder as one database. A document's shard follows from its id
// alone, so indexing it again always finds it in the same shard.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace newsdex {

std::filesystem::path shard_folder(const std::filesystem::path& index, std::size_t shard);

// The number of shards listed by the folder's stub file; nullopt when it has
// none or is partitioned by time. Throws Error(invalid_argument) for a stub
// newsdex did not write (common/index_layout.hpp).
std::optional<std::size_t> read_shard_count(const std::filesystem::path& index);

// read_shard_count, but nullopt for a stub newsdex did not write too.
std::optional<std::size_t> newsdex_shard_count(const std::filesystem::path& index);

// Writes the stub listing `count` shards (to a temporary file renamed into
// place, so a crash leaves no half stub). Throws Error(io).
void write_shard_stub(const std::filesystem::path& index, std::size_t count);

// The shard of a document id: stable across runs, versions and machines.
std::size_t shard_of(std::string_view id, std::size_t count);

// Docids of a combined Database of `count` shards and of one shard.
inline Xapian::docid combined_docid(Xapian::docid local, std::size_t shard, std::size_t count) {
  return (local - 1) * static_cast<Xapian::docid>(count) + static_cast<Xapian::docid>(shard) + 1;
}
inline std::size_t shard_of_docid(Xapian::docid combined, std::size_t count) {
  return (combined - 1) % count;
}
inline Xapian::docid local_docid(Xapian::docid combined, std::size_t count) {
  return (combined - 1) / static_cast<Xapian::docid>(count) + 1;
}

}  // namespace newsdex

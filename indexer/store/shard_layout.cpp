#include "indexer/store/shard_layout.hpp"


#include <fmt/format.h>

#include "common/index_layout.hpp"
#include "common/terms.hpp"
#include "newsdex/error.hpp"

namespace newsdex {

namespace fs = std::filesystem;

fs::path shard_folder(const fs::path& index, std::size_t shard) {
  return index / fmt::format("shard{}", shard);
}

std::optional<std::size_t> read_shard_count(const fs::path& index) {
  const std::optional<IndexLayout> layout = read_layout(index);
  if (!layout || layout->kind != IndexLayout::Kind::sharded) return std::nullopt;
  return layout->shards;
}

std::optional<std::size_t> newsdex_shard_count(const fs::path& index) {
  try {
    return read_shard_count(index);
  } catch (const Error&) {
    return std::nullopt;
  }
}

void write_shard_stub(const fs::path& index, std::size_t count) {
  std::vector<std::string> parts;
  for (std::size_t s = 0; s < count; ++s) parts.push_back(fmt::format("shard{}", s));
  write_stub(index, parts);
}

std::size_t shard_of(std::string_view id, std::size_t count) {
  if (count <= 1) return 0;
  // FNV-1a's low bits follow the last bytes closely; a final mix (splitmix64's)
  // spreads ids that differ only in a prefix evenly too. Never change this:
  // existing indexes depend on it.
  std::uint64_t h = stable_hash(id);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return static_cast<std::size_t>(h % count);
}

}  // namespace newsdex

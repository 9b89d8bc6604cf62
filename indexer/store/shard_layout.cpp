#include "indexer/store/shard_layout.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/terms.hpp"
#include "newsdex/error.hpp"

namespace newsdex {

namespace fs = std::filesystem;

fs::path shard_folder(const fs::path& index, std::size_t shard) {
  return index / fmt::format("shard{}", shard);
}

std::optional<std::size_t> read_shard_count(const fs::path& index) {
  const fs::path stub = index / kShardStubName;
  std::error_code ec;
  if (!fs::is_regular_file(stub, ec)) return std::nullopt;
  std::ifstream in(stub);
  if (!in) throw Error(Errc::io, fmt::format("{}: cannot read it", stub.string()));
  std::size_t count = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line != fmt::format("auto shard{}", count))
      throw Error(Errc::invalid_argument,
                  fmt::format("{}: this stub file was not written by newsdex-index --shards "
                              "(expected \"auto shard{}\", found \"{}\"); index into a new folder, "
                              "or search it with newsdex-search --db",
                              stub.string(), count, line));
    ++count;
  }
  if (count == 0)
    throw Error(Errc::invalid_argument, fmt::format("{}: lists no shards", stub.string()));
  return count;
}

std::optional<std::size_t> newsdex_shard_count(const fs::path& index) {
  try {
    return read_shard_count(index);
  } catch (const Error&) {
    return std::nullopt;
  }
}

void write_shard_stub(const fs::path& index, std::size_t count) {
  const fs::path stub = index / kShardStubName;
  fs::path partial = stub;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    for (std::size_t s = 0; s < count; ++s) out << "auto shard" << s << '\n';
    out.close();
    if (!out) throw Error(Errc::io, fmt::format("{}: cannot write it", partial.string()));
  }
  std::error_code ec;
  fs::rename(partial, stub, ec);
  if (ec) throw Error(Errc::io, fmt::format("{}: cannot write it: {}", stub.string(), ec.message()));
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

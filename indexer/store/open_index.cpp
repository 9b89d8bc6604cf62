#include "indexer/store/open_index.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "indexer/store/shard_layout.hpp"
#include "newsdex/error.hpp"

namespace newsdex {

namespace fs = std::filesystem;

Xapian::WritableDatabase open_writable(const IndexOptions& options) {
  if (options.path.empty())
    throw Error(Errc::invalid_argument, "no index path given (use --db DIR or set NEWSDEX_DB)");
  std::error_code ec;
  if (fs::is_directory(options.path, ec) && !fs::is_empty(options.path, ec) &&
      !fs::exists(fs::path(options.path) / "iamglass", ec))
    throw Error(Errc::invalid_argument,
                fmt::format("{}: this folder holds other files and no index; give an empty or "
                            "new folder with --db",
                            options.path));
  fs::create_directories(options.path, ec);
  if (ec)
    throw Error(Errc::io, fmt::format("{}: cannot create the index folder: {}", options.path,
                                      ec.message()));
  // Xapian reports a lock file it cannot create as a lock held by another
  // writer: a read-only folder or file system would be misread as "busy".
  if (::access(options.path.c_str(), W_OK) != 0)
    throw Error(Errc::io, fmt::format("{}: the index folder is not writable ({}); the index is "
                                      "unchanged. Run as its owner or fix its permissions",
                                      options.path, std::strerror(errno)));
  auto deadline = std::chrono::steady_clock::now() + options.lock_wait;
  for (;;) {
    try {
      return Xapian::WritableDatabase(options.path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      if (std::chrono::steady_clock::now() >= deadline)
        throw Error(Errc::locked,
                    fmt::format("{}: another newsdex-index is writing to this index; wait for it "
                                "to finish, or pass --wait SECONDS",
                                options.path));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw Error(Errc::corrupt, fmt::format("{}: not a usable index: {}", options.path,
                                             e.get_msg()));
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("{}: {}", options.path, e.get_description()));
    }
  }
}

std::size_t shard_count_for(const IndexOptions& options) {
  if (options.path.empty()) return 0;  // open_writable says what is missing
  const fs::path index(options.path);
  std::error_code ec;
  if (!options.create && !read_shard_count(index) && !fs::exists(index / "iamglass", ec))
    throw Error(Errc::not_found,
                fmt::format("no index at '{}': index something first (`newsdex-index --db {} "
                            "FOLDER`, or `newsdex-index --db {} feeds add URL`)",
                            options.path, options.path, options.path));
  if (auto count = read_shard_count(index)) {
    if (options.shards != 0 && options.shards != *count)
      throw Error(Errc::invalid_argument,
                  fmt::format("{}: this index has {} shards, not {}; a document's shard follows "
                              "from its id, so the count cannot change. Leave out --shards, index "
                              "into a new folder with --shards {}, or merge it into one unsharded "
                              "index with `newsdex-index compact --db {} --output NEW`",
                              options.path, *count, options.shards, options.shards, options.path));
    return *count;
  }
  if (fs::exists(index / "iamglass", ec)) {
    if (options.shards > 1)
      throw Error(Errc::invalid_argument,
                  fmt::format("{}: this index is not sharded (one database), so it cannot have {} "
                              "shards; leave out --shards, or index into a new folder with "
                              "--shards {}",
                              options.path, options.shards, options.shards));
    return 0;
  }
  if (options.shards <= 1) return 0;
  // A new index; or shard folders a run stopped in before writing the stub.
  if (fs::is_directory(index, ec))
    for (const auto& entry : fs::directory_iterator(index, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("shard", 0) == 0 && entry.is_directory(ec)) continue;
      throw Error(Errc::invalid_argument,
                  fmt::format("{}: this folder holds other files and no index; give an empty or "
                              "new folder with --db",
                              options.path));
    }
  return options.shards;
}

}  // namespace newsdex

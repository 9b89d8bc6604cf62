#include "indexer/store/open_index.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "common/index_layout.hpp"
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

namespace {

// What a run that stopped before writing the stub may leave in a new folder.
bool left_by_newsdex(const std::string& name) {
  return name.starts_with("shard") || name == kMetaPart || name == kUndatedPart ||
         part_span(name).has_value() || name == std::string(kStubName) + ".partial";
}

}  // namespace

std::optional<IndexLayout> layout_for(const IndexOptions& options) {
  if (options.path.empty()) return std::nullopt;  // open_writable says what is missing
  const fs::path index(options.path);
  const std::string& asked = options.partition;
  if (!asked.empty() && asked != "none" && asked != "month" && asked != "year")
    throw Error(Errc::invalid_argument,
                fmt::format("--partition {}: give month, year or none", asked));
  std::error_code ec;
  const bool single = fs::exists(index / "iamglass", ec);
  std::optional<IndexLayout> layout = read_layout(index);
  if (!options.create && !layout && !single)
    throw Error(Errc::not_found,
                fmt::format("no index at '{}': index something first (`newsdex-index --db {} "
                            "FOLDER`, or `newsdex-index --db {} feeds add URL`)",
                            options.path, options.path, options.path));
  const auto migrate = [&](std::string_view has) {
    return Error(Errc::invalid_argument,
                 fmt::format("{}: this index is {}, not {}; its layout is fixed when it is "
                             "created. Leave the layout options out, or convert it: `newsdex-index "
                             "export --db {}` and import that into a new index of the layout wanted "
                             "(see the README, \"Partitions\")",
                             options.path, has, asked.empty() ? "as asked" : asked, options.path));
  };
  if (layout && layout->kind == IndexLayout::Kind::sharded) {
    if (options.shards != 0 && options.shards != layout->shards)
      throw Error(Errc::invalid_argument,
                  fmt::format("{}: this index has {} shards, not {}; a document's shard follows "
                              "from its id, so the count cannot change. Leave out --shards, index "
                              "into a new folder with --shards {}, or merge it into one unsharded "
                              "index with `newsdex-index compact --db {} --output NEW`",
                              options.path, layout->shards, options.shards, options.shards, options.path));
    if (!asked.empty() && asked != "none") throw migrate(fmt::format("in {} shards, not by time", layout->shards));
    return layout;
  }
  if (layout) {  // partitioned
    if (!asked.empty() && asked != unit_name(layout->unit))
      throw migrate(fmt::format("partitioned by {}", unit_name(layout->unit)));
    if (options.shards != 0 && options.shards != layout->shards)
      throw migrate(fmt::format("partitioned in {} shard(s) per period", layout->shards));
    return layout;
  }
  if (single) {
    if (options.shards > 1)
      throw Error(Errc::invalid_argument,
                  fmt::format("{}: this index is not sharded (one database), so it cannot have {} "
                              "shards; leave out --shards, or index into a new folder with "
                              "--shards {}",
                              options.path, options.shards, options.shards));
    if (!asked.empty() && asked != "none") throw migrate("one database, not partitioned");
    return std::nullopt;
  }
  // A new index; or the folders a run stopped in before writing the stub.
  if (fs::is_directory(index, ec))
    for (const auto& entry : fs::directory_iterator(index, ec))
      if (!left_by_newsdex(entry.path().filename().string()))
        throw Error(Errc::invalid_argument,
                    fmt::format("{}: this folder holds other files and no index; give an empty or "
                                "new folder with --db",
                                options.path));
  const std::string unit = asked.empty() ? std::string(kDefaultPartition) : asked;
  IndexLayout fresh;
  if (unit == "none") {
    if (options.shards <= 1) return std::nullopt;
    fresh.kind = IndexLayout::Kind::sharded;
    fresh.shards = options.shards;
    return fresh;
  }
  fresh.kind = IndexLayout::Kind::partitioned;
  fresh.unit = unit == "year" ? PeriodUnit::year : PeriodUnit::month;
  fresh.shards = std::max<std::size_t>(1, options.shards);
  return fresh;
}

}  // namespace newsdex

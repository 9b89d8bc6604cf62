// compact_index and merge_indexes: Xapian's compactor, written to a folder
// beside the target and moved into place with one rename.

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <xapian.h>

#include "common/folder_size.hpp"
#include "common/index_layout.hpp"
#include "indexer/store/open_index.hpp"
#include "indexer/store/shard_layout.hpp"
#include "newsdex/index.hpp"

namespace newsdex {
namespace {

namespace fs = std::filesystem;

// Full blocks (as xapian-compact does by default): an index that is mostly
// read, and added to in batches, gains more from size than it loses when
// the next batch splits blocks again.
constexpr unsigned kCompactFlags = Xapian::Compactor::FULL;

// "dir/" and "dir" name the same folder; the sibling must be beside "dir".
fs::path normal(const std::string& path) {
  fs::path p = fs::absolute(fs::path(path)).lexically_normal();
  return p.has_filename() ? p : p.parent_path();
}

bool is_index_folder(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p / "iamglass", ec);
}

// A folder beside `target` for the compactor's output, emptied of anything a
// crashed run left there.
fs::path scratch_beside(const fs::path& target) {
  fs::path scratch = target;
  scratch += ".compacting";
  std::error_code ec;
  fs::remove_all(scratch, ec);
  if (ec)
    throw Error(Errc::io, fmt::format("{}: cannot remove what an earlier compaction left: {}; "
                                      "remove it by hand",
                                      scratch.string(), ec.message()));
  return scratch;
}

void compact_into(Xapian::Database db, const fs::path& out, unsigned flags) {
  try {
    db.compact(out.string(), flags);
  } catch (const Xapian::Error& e) {
    std::error_code ec;
    fs::remove_all(out, ec);
    throw Error(Errc::io, fmt::format("{}: compaction failed: {} (is there room on the disk for "
                                      "a second copy of the index?)",
                                      out.string(), e.get_description()));
  }
}

// Compacts one database folder whose write lock `lock` holds.
void compact_locked(const fs::path& target, Xapian::WritableDatabase& lock, CompactReport& report) {
  std::error_code ec;
  report.bytes_before += folder_size(target);
  report.documents += lock.get_doccount();
  const fs::path scratch = scratch_beside(target);
  compact_into(lock, scratch, kCompactFlags | Xapian::DBCOMPACT_NO_RENUMBER);

  // One atomic exchange of the two folders: a reader opening `target`
  // finds the old index or the new one, and a crash before this line leaves
  // the old one in place (its scratch copy is removed by the next run).
  if (::renameat2(AT_FDCWD, scratch.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    const int err = errno;
    fs::remove_all(scratch, ec);
    throw Error(Errc::io, fmt::format("{}: cannot swap the compact copy in ({}); the index is "
                                      "unchanged. On a file system without atomic exchange, use "
                                      "`newsdex-index compact --db {} --output NEW` and move NEW "
                                      "in place yourself while no one writes",
                                      target.string(), std::strerror(err), target.string()));
  }
  fs::remove_all(scratch, ec);  // now the old index; searchers that had it open keep their files
  report.bytes_after += folder_size(target);
}

}  // namespace

CompactReport compact_index(const std::string& path, std::chrono::milliseconds lock_wait) {
  const fs::path target = normal(path);
  IndexOptions options;
  options.path = target.string();
  options.lock_wait = lock_wait;
  CompactReport report;
  // A folder of shards or time partitions: each database in place. Every
  // lock is taken first (in stub order; a partitioned index's meta, its
  // lock, first) and held to the end; each database is swapped in on its
  // own, and compaction keeps docids, so a reader meanwhile sees every
  // document whichever are done. A past period that no longer receives news
  // stays compact: writers open a part only to write to it.
  std::optional<IndexLayout> layout;
  try {
    layout = read_layout(target);
  } catch (const Error&) {
  }
  if (layout) {
    std::vector<Xapian::WritableDatabase> locks;
    for (const auto& part : layout->parts) {
      options.path = (target / part).string();
      if (!is_index_folder(target / part))
        throw Error(Errc::not_found, fmt::format("{}: the database its XAPIANDB stub lists is missing",
                                                 options.path));
      locks.push_back(open_writable(options));
    }
    for (std::size_t p = 0; p < locks.size(); ++p) compact_locked(target / layout->parts[p], locks[p], report);
    return report;
  }
  std::error_code ec;
  if (fs::exists(target / "XAPIANDB", ec))  // a stub file newsdex did not write
    throw Error(Errc::invalid_argument,
                fmt::format("{}: holds several databases listed in its XAPIANDB stub file; "
                            "compact each of them with --db, or merge them all into one with "
                            "`--db {} --output NEW`",
                            target.string(), target.string()));
  if (!is_index_folder(target))
    throw Error(Errc::not_found, fmt::format("{}: no index here to compact (give the index "
                                             "folder with --db)",
                                             target.string()));
  // Held to the end: no writer can commit between the copy and the swap.
  Xapian::WritableDatabase lock = open_writable(options);
  compact_locked(target, lock, report);
  return report;
}

CompactReport merge_indexes(const std::vector<std::string>& sources, const std::string& output) {
  if (sources.empty())
    throw Error(Errc::invalid_argument, "no indexes to merge: give each with --db");
  if (output.empty())
    throw Error(Errc::invalid_argument, "no folder for the merged index: give one with --output");
  const fs::path target = normal(output);
  std::error_code ec;
  if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
    throw Error(Errc::invalid_argument,
                fmt::format("{}: already exists; --output must be a new or empty folder",
                            target.string()));

  CompactReport report;
  Xapian::Database all;
  for (const auto& source : sources) {
    try {
      all.add_database(Xapian::Database(source));
    } catch (const Xapian::DatabaseNotFoundError&) {
      throw Error(Errc::not_found, fmt::format("{}: no index here to merge", source));
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("{}: cannot open it: {}", source, e.get_description()));
    }
    // A stub file's databases are not counted: only index folders given here.
    if (is_index_folder(normal(source))) report.bytes_before += folder_size(normal(source));
    else if (fs::is_directory(normal(source), ec) && fs::exists(normal(source) / kStubName, ec))
      report.bytes_before += folder_size(normal(source));  // newsdex's shards or parts: all inside
  }
  report.documents = all.get_doccount();

  const fs::path scratch = scratch_beside(target);
  compact_into(all, scratch, kCompactFlags | Xapian::DBCOMPACT_MULTIPASS);
  fs::remove(target, ec);  // the empty folder, if one was given
  fs::rename(scratch, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove_all(scratch, ec);
    throw Error(Errc::io, fmt::format("{}: cannot move the merged index in place: {}",
                                      target.string(), why));
  }
  report.bytes_after = folder_size(target);
  return report;
}

}  // namespace newsdex

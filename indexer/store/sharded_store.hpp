#pragma once
// Writing an index of several databases (common/index_layout.hpp): shards
// (a document's database from its id) or time partitions (from its date, and
// its id when the periods are sharded too), each database written by a
// writer thread of its own (shard_writer.hpp). Partitions are created when a
// document first needs one and opened for writing only when written to: a
// past month that gets no news is never locked or touched.
//
// The calling thread decides each item (unchanged, updated or added; its
// story) through view(): the databases' last committed state, read through
// one read-only handle over all of them, plus an overlay of what it has sent
// since. Every commit() is a barrier: every open writer commits, then the
// snapshot is reopened and the overlay emptied. A crash loses at most what
// was sent since the last barrier, and the id lookup spans every database,
// so running the same inputs again writes it without duplicates. A new
// document goes to the part of its date; a stored one is replaced where it
// is even when its date moved (its docid orders story decisions), so
// readers prune and expire by each part's actual date bounds (Xapian's
// value bounds), which its name only usually matches.
//
// Docids are those of the combined database: part p's k-th document is
// (k-1)*P + p + 1 for P parts in stub order. Adding a part renumbers them,
// so it is a barrier too. Across parts, docid order is not the order of
// indexing, so "the earliest indexed wins" ties between parts go to the
// lower combined docid instead.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/index_layout.hpp"
#include "indexer/build/document_builder.hpp"
#include "indexer/parse/item.hpp"
#include "indexer/stories/index_view.hpp"
#include "indexer/stories/near_duplicate.hpp"
#include "indexer/store/shard_writer.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

class ShardedStore {
 public:
  // Opens the index at options.path laid out as `layout` (kind sharded or
  // partitioned; its parts, or none for a new index), creating what is
  // missing (the stub last), waiting up to options.lock_wait for write
  // locks. Sharded: every shard is opened for writing; partitioned: the meta
  // database, which also serves as the index's write lock.
  // Throws Error: locked, corrupt, io.
  ShardedStore(const IndexOptions& options, IndexLayout layout);
  ~ShardedStore();  // writers finish and close (Xapian commits on close)

  const IndexView& view() const { return view_; }
  std::size_t pending() const { return pending_; }
  const IndexLayout& layout() const { return layout_; }

  // Sends one document to its part's writer, which generates its terms
  // (index_document), adds the fingerprint and the title's spelling and
  // adds it, or replaces `existing` (its combined docid as view() gave it).
  void store(Item item, BuiltDocument built, const near_duplicate::Fingerprint& fingerprint,
             std::optional<Xapian::docid> existing);

  // The barrier: every open writer commits. The metadata's database (shard
  // 0, or meta) commits after the others when metadata was written, so a
  // committed fetch state never names documents that were lost.
  // Throws Error(io) naming the database that failed.
  void commit();

  // Metadata lives in the first database, where Database::get_metadata on
  // the combined database reads it. Reads see uncommitted writes.
  std::string get_metadata(const std::string& key);
  void set_metadata(const std::string& key, const std::string& value);

  // Deletes documents dated at or before `cutoff` (UTC seconds) and commits:
  // a partition wholly before it is dropped as a whole (its folder removed
  // once it is out of the stub), the rest one by one. Returns how many.
  std::size_t expire(std::int64_t cutoff);

  // Deletes these documents (combined docids, as view() gives them after a
  // commit) and commits.
  void remove(const std::vector<Xapian::docid>& docids);

 private:
  struct Part {
    std::string name;
    std::unique_ptr<ShardWriter> writer;  // null until written to
    Xapian::docid last_docid = 0;         // including what was sent
  };

  std::filesystem::path folder(const Part& part) const;
  ShardWriter& writer(std::size_t part);
  // The part a document belongs in, created (a barrier) when new.
  std::size_t route(const BuiltDocument& built);
  std::size_t index_of(const std::string& name) const;
  void reopen_snapshot();
  void drop(std::size_t part);

  IndexOptions options_;
  IndexLayout layout_;
  std::vector<Part> parts_;
  Xapian::Database snapshot_;
  Overlay overlay_;
  SnapshotView view_{snapshot_, overlay_};
  std::size_t pending_ = 0;
  bool metadata_written_ = false;
};

}  // namespace newsdex

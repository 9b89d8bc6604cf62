#pragma once
// Writing a folder of shards (shard_layout.hpp) with one writer thread per
// shard (shard_writer.hpp). The calling thread decides each item (unchanged,
// updated or added; its story) through view(): the shards' last committed
// state, read through its own read-only handle, plus an overlay of what it
// has sent since. Every commit() is a barrier: every writer commits, then the
// snapshot is reopened and the overlay emptied. A crash loses at most what
// was sent since the last barrier, and ids always route to the same shard, so
// running the same inputs again writes it without duplicates.
//
// Docids are those of the combined database: shard s's k-th document is
// (k-1)*N + s + 1. A new document's docid is known before its writer adds
// it (its shard's last docid + 1). Across shards, docid order is not the
// order of indexing, so "the earliest indexed wins" ties between shards go
// to the lower combined docid instead.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/build/document_builder.hpp"
#include "indexer/stories/index_view.hpp"
#include "indexer/parse/item.hpp"
#include "indexer/stories/near_duplicate.hpp"
#include "indexer/store/shard_writer.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

class ShardedStore {
 public:
  // Opens the `count` shards under options.path, creating missing ones (and
  // the stub, last), waiting up to options.lock_wait for each write lock.
  // Throws Error: locked, corrupt, io.
  ShardedStore(const IndexOptions& options, std::size_t count);
  ~ShardedStore();  // writers finish and close (Xapian commits on close)

  std::size_t count() const { return writers_.size(); }
  const IndexView& view() const { return view_; }
  std::size_t pending() const { return pending_; }

  // Sends one document to its shard's writer, which generates its terms
  // (index_document), adds the fingerprint and the title's spelling and
  // adds it, or replaces `existing` (its combined docid).
  void store(Item item, BuiltDocument built, const near_duplicate::Fingerprint& fingerprint,
             std::optional<Xapian::docid> existing);

  // The barrier: every shard commits. Shard 0 (which keeps the feed list
  // and fetch state) commits after the others when metadata was written,
  // so a committed fetch state never names documents that were lost.
  // Throws Error(io) naming the shard that failed.
  void commit();

  // Metadata lives in shard 0, where Database::get_metadata on the combined
  // database reads it. Reads see uncommitted writes.
  std::string get_metadata(const std::string& key);
  void set_metadata(const std::string& key, const std::string& value);

  // Deletes documents published at or before `cutoff` (UTC seconds) from
  // every shard and commits. Returns how many.
  std::size_t expire(std::int64_t cutoff);

  // Deletes these documents (combined docids, as view() gives them after a
  // commit) and commits.
  void remove(const std::vector<Xapian::docid>& docids);

 private:
  std::string path_;
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  std::vector<Xapian::docid> last_docid_;  // per shard, including what was sent
  Xapian::Database snapshot_;
  Overlay overlay_;
  SnapshotView view_{snapshot_, overlay_};
  std::size_t pending_ = 0;
  bool metadata_written_ = false;
};

}  // namespace newsdex

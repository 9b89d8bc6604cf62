#pragma once
// Index's private state, shared by the files that implement Index
// (index.cpp: reading inputs; update.cpp: fetching the feed list).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/index_view.hpp"
#include "indexer/item.hpp"
#include "indexer/sharded_store.hpp"
#include "indexer/text_parser.hpp"
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

// Hidden: the class Index is exported, and its nested Impl would be too.
struct NEWSDEX_NO_EXPORT Index::Impl {
  IndexOptions options;
  // Unsharded: db, written by this thread. Sharded: shards, and db is unused.
  Xapian::WritableDatabase db;
  std::unique_ptr<ShardedStore> shards;
  DatabaseView db_view{db};
  Xapian::TermGenerator terms;
  Xapian::TermGenerator spelling;  // adds titles' words to the spelling data
  Boilerplate boilerplate;
  std::vector<Problem> setup_warnings;  // from reading the phrase files; reported once
  std::size_t pending = 0;              // documents written since the last commit
  std::unique_ptr<Fetcher> own_fetcher;  // made on first use when options.fetcher is null

  explicit Impl(const IndexOptions& options);

  void load_boilerplate();
  Fetcher& fetcher();
  // Commits the documents and metadata written so far. Throws Error(io).
  void commit();
  // What decisions read: db, or the shards' snapshot and overlay.
  const IndexView& view() const { return shards ? shards->view() : db_view; }
  // Metadata (the feed list, fetch state): db's, or shard 0's. Throws Error(io).
  std::string get_metadata(const std::string& key);
  void set_metadata(const std::string& key, const std::string& value);
  // Deletes documents published at or before `cutoff`; returns how many.
  std::size_t expire(std::int64_t cutoff);
  // Adds, replaces or skips one item, by its unique id, choosing its story
  // (story_lookup.hpp); commits every batch_size documents.
  // `common_shingles`: shingles common to the item's input, left out of its
  // near-duplicate fingerprint (near_duplicate::common_shingles).
  void store(const Item& item, IndexReport& report, const std::vector<std::uint64_t>& common_shingles = {});
  // Parses one input and stores its items. `file_time` dates year-less
  // plain text; `http_charset` is a Content-Type charset for feeds.
  void add_bytes(std::string_view bytes, const std::string& name, IndexReport& report,
                 InputFormat format, std::int64_t file_time, std::string_view http_charset = {});
};

}  // namespace newsdex

#pragma once
// Index's private state, shared by the files that implement Index
// (index.cpp: reading inputs; update.cpp: fetching the feed list).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/stories/index_view.hpp"
#include "indexer/parse/item.hpp"
#include "indexer/store/sharded_store.hpp"
#include "indexer/parse/text_parser.hpp"
#include "indexer/store/open_index.hpp"
#include "newsdex/index.hpp"

namespace newsdex {


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
  // Parses one input and stores its items. `name` is what messages call it
  // (a path as given), `origin` what each document keeps as its input (an
  // absolute path, a URL, "<stdin>"). `file_time` dates year-less plain
  // text; `http_charset` is a Content-Type charset for feeds.
  void add_bytes(std::string_view bytes, const std::string& name, const std::string& origin, IndexReport& report,
                 InputFormat format, std::int64_t file_time, std::string_view http_charset = {});
};

}  // namespace newsdex

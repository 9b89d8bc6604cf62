#pragma once
// Index's private state, shared by the files that implement Index
// (index.cpp: reading inputs; update.cpp: fetching the feed list).

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/stories/index_view.hpp"
#include "indexer/input/input.hpp"
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
  // Id terms stored by the current add_paths (or sync) call: a document read
  // from another file of the run is not stale for the file it came from.
  std::set<std::string> written_ids;
  std::int64_t last_sequence = -1;  // the last kSequenceSlot given; -1: not read yet

  // The next document's sequence (schema::kSequenceSlot).
  std::int64_t next_sequence() {
    if (last_sequence < 0) last_sequence = view().last_sequence();
    return ++last_sequence;
  }

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
  // The documents indexing `term`: everything written so far (sharded:
  // what the last commit holds). Throws Error(io).
  std::vector<Xapian::docid> documents_with(const std::string& term);
  // Deletes these documents. Throws Error(io).
  void remove(const std::vector<Xapian::docid>& docids);
  // Deletes the documents read from `input` whose id terms are not `kept`:
  // what an edited file no longer holds. Returns how many.
  std::size_t remove_stale(const std::string& input, const std::vector<std::string>& kept);
  // Adds, replaces or skips one item, by its unique id, choosing its story
  // (story_lookup.hpp); commits every batch_size documents.
  // `common_shingles`: shingles common to the item's input, left out of its
  // near-duplicate fingerprint (near_duplicate::common_shingles).
  // Returns the item's id term.
  std::string store(const Item& item, IndexReport& report, const std::vector<std::uint64_t>& common_shingles = {});
  // Parses one input and stores its items. `name` is what messages call it
  // (a path as given), `origin` what each document keeps as its input (an
  // absolute path, a URL, "<stdin>"). `file_time` dates year-less plain
  // text; `http_charset` is a Content-Type charset for feeds.
  // A file's documents that the file no longer holds are deleted (an edit
  // replaces, never duplicates); a feed's are kept, since feeds drop old
  // items as a matter of course.
  void add_bytes(std::string_view bytes, const std::string& name, const std::string& origin, IndexReport& report,
                 InputFormat format, std::int64_t file_time, std::string_view http_charset = {});
  // After a walk of `folder` read `files` (absolute paths): deletes the
  // documents of files read from it before that it did not read now (gone,
  // excluded, no longer news) and remembers the folder and `files` for sync.
  void finish_walk(const std::string& folder, const FolderRules& rules,
                   const std::vector<std::string>& files, IndexReport& report);
};

}  // namespace newsdex

#pragma once
// Index's private state, shared by the files that implement Index
// (index.cpp: reading inputs; update.cpp: fetching the feed list).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/item.hpp"
#include "indexer/text_parser.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

// Opens (creating when missing) the index at options.path, waiting up to
// options.lock_wait for its write lock. Throws Error: invalid_argument,
// locked, corrupt, io.
Xapian::WritableDatabase open_writable(const IndexOptions& options);

// Hidden: the class Index is exported, and its nested Impl would be too.
struct NEWSDEX_NO_EXPORT Index::Impl {
  IndexOptions options;
  Xapian::WritableDatabase db;
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

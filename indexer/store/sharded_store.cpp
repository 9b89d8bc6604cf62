#include "indexer/store/sharded_store.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "common/schema.hpp"
#include "indexer/store/open_index.hpp"
#include "indexer/store/shard_layout.hpp"
#include "indexer/stories/story_lookup.hpp"

namespace newsdex {
namespace {

namespace fs = std::filesystem;

// Documents waiting in one writer's queue, at most: enough to keep it busy
// while the caller parses, few enough to keep memory flat.
constexpr std::size_t kQueueCapacity = 128;

}  // namespace

ShardedStore::ShardedStore(const IndexOptions& options, std::size_t count) : path_(options.path) {
  const fs::path index(options.path);
  std::vector<Xapian::WritableDatabase> shards;
  for (std::size_t s = 0; s < count; ++s) {
    IndexOptions shard = options;
    shard.path = shard_folder(index, s).string();
    shards.push_back(open_writable(shard));  // locks in shard order: no two writers deadlock
    last_docid_.push_back(shards.back().get_lastdocid());
  }
  if (!read_shard_count(index)) write_shard_stub(index, count);
  try {
    for (std::size_t s = 0; s < count; ++s) snapshot_.add_database(Xapian::Database(shard_folder(index, s).string()));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: cannot read the shards: {}", path_, e.get_description()));
  }
  for (std::size_t s = 0; s < count; ++s)
    writers_.push_back(std::make_unique<ShardWriter>(std::move(shards[s]), shard_folder(index, s).string(),
                                                     kQueueCapacity));
}

ShardedStore::~ShardedStore() = default;

void ShardedStore::store(Item item, BuiltDocument built, const near_duplicate::Fingerprint& fingerprint,
                         std::optional<Xapian::docid> existing) {
  const std::size_t n = count();
  const std::size_t shard = shard_of(built.id, n);
  if (existing && shard_of_docid(*existing, n) != shard) {
    // Moved to a new id (find_under_old_id) that belongs in another shard:
    // deleted from the old one, added to its own.
    overlay_.remove(*existing);
    writers_[shard_of_docid(*existing, n)]->push(
        [local = local_docid(*existing, n)](ShardContext& ctx) { ctx.db.delete_document(local); });
    existing.reset();
  }
  Xapian::docid docid = existing ? *existing : combined_docid(last_docid_[shard] + 1, shard, n);
  std::vector<std::string> bands;
  for (const auto& key : fingerprint.band_keys)
    bands.push_back(std::string(schema::kNearDuplicateBandPrefix) + key);
  overlay_.put(built.id_term, docid,
               DocFacts{built.story, built.content_hash,
                        fingerprint.empty() ? std::string() : near_duplicate::encode(fingerprint.signature),
                        built.first_seen},
               bands);
  writers_[shard]->push([item = std::move(item), built = std::move(built), fingerprint,
                         replace = existing.has_value(), local = local_docid(docid, n)](ShardContext& ctx) mutable {
    index_document(item, built, ctx.terms);
    add_fingerprint(built.document, fingerprint);
    if (replace)  // by docid: a moved document's id term is not yet the new one
      ctx.db.replace_document(local, built.document);
    else
      ctx.db.add_document(built.document);
    Xapian::Document scratch;  // only the spelling data is kept
    ctx.spelling.set_document(scratch);
    ctx.spelling.index_text(item.title);
  });
  if (!existing) ++last_docid_[shard];
  ++pending_;
}

void ShardedStore::commit() {
  const bool ordered = metadata_written_;
  for (std::size_t s = ordered ? 1 : 0; s < count(); ++s) writers_[s]->commit();
  for (std::size_t s = ordered ? 1 : 0; s < count(); ++s) writers_[s]->wait();
  if (ordered) {
    writers_[0]->commit();
    writers_[0]->wait();
  }
  metadata_written_ = false;
  pending_ = 0;
  try {
    snapshot_.reopen();
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: cannot read the shards: {}", path_, e.get_description()));
  }
  overlay_.clear();
}

std::string ShardedStore::get_metadata(const std::string& key) {
  std::string value;
  writers_[0]->push([&](ShardContext& ctx) { value = ctx.db.get_metadata(key); });
  writers_[0]->wait();
  return value;
}

void ShardedStore::set_metadata(const std::string& key, const std::string& value) {
  writers_[0]->push([key, value](ShardContext& ctx) { ctx.db.set_metadata(key, value); });
  metadata_written_ = true;
}

std::size_t ShardedStore::expire(std::int64_t cutoff) {
  commit();  // the snapshot then holds everything written
  std::vector<Xapian::docid> old;
  try {
    old = published_by(snapshot_, cutoff);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the shards failed: {}", path_, e.get_description()));
  }
  remove(old);
  return old.size();
}

void ShardedStore::remove(const std::vector<Xapian::docid>& docids) {
  const std::size_t n = count();
  for (Xapian::docid docid : docids)
    writers_[shard_of_docid(docid, n)]->push(
        [local = local_docid(docid, n)](ShardContext& ctx) { ctx.db.delete_document(local); });
  commit();
}

}  // namespace newsdex

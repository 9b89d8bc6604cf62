#include "indexer/store/sharded_store.hpp"

#include <algorithm>
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

bool is_database(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p / "iamglass", ec);
}

// Part folders on disk that the stub does not list: a run stopped between
// creating a part and listing it (it holds no committed documents then, but
// listing it is harmless and keeps the folder from being orphaned).
std::vector<std::string> unlisted_parts(const fs::path& index, const std::vector<std::string>& listed) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(index, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == kMetaPart || !entry.is_directory(ec)) continue;
    std::vector<std::string> candidates;
    if (is_database(entry.path())) candidates.push_back(name);
    for (const auto& sub : fs::directory_iterator(entry.path(), ec))
      if (sub.is_directory(ec) && is_database(sub.path()))
        candidates.push_back(name + "/" + sub.path().filename().string());
    for (auto& c : candidates)
      if ((part_span(c) || c.starts_with(kUndatedPart)) &&
          std::find(listed.begin(), listed.end(), c) == listed.end())
        found.push_back(std::move(c));
  }
  return found;
}

}  // namespace

ShardedStore::ShardedStore(const IndexOptions& options, IndexLayout layout)
    : options_(options), layout_(std::move(layout)) {
  const fs::path index(options.path);
  const bool partitioned = layout_.kind == IndexLayout::Kind::partitioned;
  const bool listed = !layout_.parts.empty();
  if (!listed) {
    if (partitioned) layout_.parts = {kMetaPart};
    else
      for (std::size_t s = 0; s < layout_.shards; ++s) layout_.parts.push_back(fmt::format("shard{}", s));
  }
  bool stub_stale = !listed;
  if (partitioned && listed)
    for (auto& name : unlisted_parts(index, layout_.parts)) {
      layout_.parts.push_back(std::move(name));
      stub_stale = true;
    }
  std::sort(layout_.parts.begin(), layout_.parts.end(),
            [](const std::string& a, const std::string& b) { return part_before(a, b); });
  for (const auto& name : layout_.parts) parts_.push_back(Part{name, nullptr, 0});
  // Sharded: every shard, in order (no two writers deadlock). Partitioned:
  // meta only, held for the store's life: it is the index's lock, taken
  // before any part, so two writers never interleave their stub changes.
  for (std::size_t p = 0; p < (partitioned ? 1 : parts_.size()); ++p) writer(p);
  for (std::size_t p = 0; p < parts_.size(); ++p)
    if (!is_database(folder(parts_[p])))
      throw Error(Errc::not_found, fmt::format("{}: the database its {} stub lists is missing; restore "
                                               "it, or remove its line from the stub to drop it",
                                               folder(parts_[p]).string(), kStubName));
  if (stub_stale) write_stub(index, layout_.parts);
  reopen_snapshot();
}

ShardedStore::~ShardedStore() = default;

fs::path ShardedStore::folder(const Part& part) const { return fs::path(options_.path) / part.name; }

ShardWriter& ShardedStore::writer(std::size_t p) {
  Part& part = parts_[p];
  if (!part.writer) {
    IndexOptions o = options_;
    o.path = folder(part).string();
    Xapian::WritableDatabase db = open_writable(o);
    part.last_docid = db.get_lastdocid();
    part.writer = std::make_unique<ShardWriter>(std::move(db), o.path, kQueueCapacity);
  }
  return *part.writer;
}

std::size_t ShardedStore::index_of(const std::string& name) const {
  for (std::size_t p = 0; p < parts_.size(); ++p)
    if (parts_[p].name == name) return p;
  return parts_.size();
}

void ShardedStore::reopen_snapshot() {
  try {
    Xapian::Database all;
    for (const auto& part : parts_) all.add_database(Xapian::Database(folder(part).string()));
    snapshot_ = all;
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: cannot read its databases: {}", options_.path, e.get_description()));
  }
}

std::size_t ShardedStore::route(const BuiltDocument& built) {
  if (layout_.kind == IndexLayout::Kind::sharded) return shard_of(built.id, parts_.size());
  const std::string name = part_name(period_part(built.date, layout_.unit), shard_of(built.id, layout_.shards),
                                     layout_.shards);
  if (std::size_t p = index_of(name); p < parts_.size()) return p;
  // A new part renumbers the combined docids: everything sent so far is
  // committed first, and the part is listed before anything is added to it.
  commit();
  auto at = std::find_if(parts_.begin(), parts_.end(), [&](const Part& q) { return part_before(name, q.name); });
  const std::size_t p = static_cast<std::size_t>(at - parts_.begin());
  parts_.insert(at, Part{name, nullptr, 0});
  writer(p);  // creates its database
  layout_.parts.clear();
  for (const auto& part : parts_) layout_.parts.push_back(part.name);
  write_stub(options_.path, layout_.parts);
  reopen_snapshot();
  return p;
}

void ShardedStore::store(Item item, BuiltDocument built, const near_duplicate::Fingerprint& fingerprint,
                         std::optional<Xapian::docid> existing) {
  // Where the existing document is, by name: routing may add a part.
  std::string old_part;
  Xapian::docid old_local = 0;
  if (existing) {
    old_part = parts_[shard_of_docid(*existing, parts_.size())].name;
    old_local = local_docid(*existing, parts_.size());
  }
  // A stored document stays in its part, whatever its date says now: its
  // docid is what story decisions order by ("indexed before"), and readers
  // prune and expire by each part's actual date bounds, not its name. Only
  // shards move a document, when its id changed.
  const bool stays = old_local != 0 && layout_.kind == IndexLayout::Kind::partitioned;
  const std::size_t part = stays ? index_of(old_part) : route(built);
  const std::size_t n = parts_.size();
  bool replace = false;
  Xapian::docid docid = 0;
  if (old_local != 0) {
    const std::size_t from = index_of(old_part);
    docid = combined_docid(old_local, from, n);
    replace = from == part;
    if (!replace) {
      // Its id moved it to another shard (find_under_old_id): deleted from
      // the old one, added to its own.
      overlay_.remove(docid);
      writer(from).push([old_local](ShardContext& ctx) { ctx.db.delete_document(old_local); });
    }
  }
  ShardWriter& target = writer(part);
  if (!replace) docid = combined_docid(parts_[part].last_docid + 1, part, n);
  std::vector<std::string> bands;
  for (const auto& key : fingerprint.band_keys)
    bands.push_back(std::string(schema::kNearDuplicateBandPrefix) + key);
  overlay_.put(built.id_term, docid,
               DocFacts{built.story, built.content_hash,
                        fingerprint.empty() ? std::string() : near_duplicate::encode(fingerprint.signature),
                        built.first_seen, built.sequence},
               bands);
  target.push([item = std::move(item), built = std::move(built), fingerprint,
               replace, local = local_docid(docid, n)](ShardContext& ctx) mutable {
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
  if (!replace) ++parts_[part].last_docid;
  ++pending_;
}

void ShardedStore::commit() {
  const bool ordered = metadata_written_;
  for (std::size_t p = ordered ? 1 : 0; p < parts_.size(); ++p)
    if (parts_[p].writer) parts_[p].writer->commit();
  for (std::size_t p = ordered ? 1 : 0; p < parts_.size(); ++p)
    if (parts_[p].writer) parts_[p].writer->wait();
  if (ordered) {
    writer(0).commit();
    writer(0).wait();
  }
  metadata_written_ = false;
  pending_ = 0;
  try {
    snapshot_.reopen();
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: cannot read its databases: {}", options_.path, e.get_description()));
  }
  overlay_.clear();
}

std::string ShardedStore::get_metadata(const std::string& key) {
  std::string value;
  writer(0).push([&](ShardContext& ctx) { value = ctx.db.get_metadata(key); });
  writer(0).wait();
  return value;
}

void ShardedStore::set_metadata(const std::string& key, const std::string& value) {
  writer(0).push([key, value](ShardContext& ctx) { ctx.db.set_metadata(key, value); });
  metadata_written_ = true;
}

std::size_t ShardedStore::expire(std::int64_t cutoff) {
  commit();  // the snapshot then holds everything written
  std::size_t dropped = 0;
  std::vector<fs::path> gone;
  try {
    // Every document dated at or before the cutoff: the whole part goes.
    // (By its dates, not its name: an updated document keeps its part.)
    for (std::size_t p = parts_.size(); p-- > 1;) {
      if (!part_span(parts_[p].name)) continue;  // undated: document by document
      Xapian::Database part(folder(parts_[p]).string());
      const std::string newest = part.get_value_upper_bound(schema::kPublishedSlot);
      if (part.get_doccount() == 0 || newest.empty() ||
          Xapian::sortable_unserialise(newest) > static_cast<double>(cutoff))
        continue;
      dropped += part.get_doccount();
      gone.push_back(folder(parts_[p]));
      parts_.erase(parts_.begin() + static_cast<std::ptrdiff_t>(p));  // its writer closes
    }
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading its databases failed: {}", options_.path, e.get_description()));
  }
  if (!gone.empty()) {
    layout_.parts.clear();
    for (const auto& part : parts_) layout_.parts.push_back(part.name);
    write_stub(options_.path, layout_.parts);  // readers reopening see the parts gone at once
    reopen_snapshot();
    for (const auto& f : gone) {
      std::error_code ec;
      fs::remove_all(f, ec);  // searchers that have it open keep their files until they reopen
      if (f.parent_path() != fs::path(options_.path) && fs::is_empty(f.parent_path(), ec))
        fs::remove(f.parent_path(), ec);
    }
  }
  std::vector<Xapian::docid> old;
  try {
    old = published_by(snapshot_, cutoff);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading its databases failed: {}", options_.path, e.get_description()));
  }
  remove(old);
  return dropped + old.size();
}

void ShardedStore::remove(const std::vector<Xapian::docid>& docids) {
  const std::size_t n = parts_.size();
  for (Xapian::docid docid : docids)
    writer(shard_of_docid(docid, n)).push(
        [local = local_docid(docid, n)](ShardContext& ctx) { ctx.db.delete_document(local); });
  commit();
}

}  // namespace newsdex

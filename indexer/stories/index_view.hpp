#pragma once
// What the indexer reads while deciding an item's fate (unchanged, updated or
// added, and its story): ids, band-term posting lists and a few values.
//
// Unsharded, that is the WritableDatabase itself, which sees its own
// uncommitted changes (DatabaseView). Sharded, the writer threads own the
// shards' WritableDatabases and nobody else may read them, so the
// coordinating thread reads a read-only Database over the shards' last
// committed state plus an overlay of what it has sent to the writers since
// (SnapshotView). Docids are those of the combined view: in a database of N
// shards, shard s's docid k is (k-1)*N + s + 1.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

namespace newsdex {

// The values a story decision needs of one document.
struct DocFacts {
  std::string story;
  std::string content_hash;
  std::string signature;  // encoded MinHash signature, or empty
  std::optional<std::int64_t> first_seen;  // kept when the document is rewritten
  std::optional<std::int64_t> sequence;    // schema::kSequenceSlot: the order of first storing
};

// The earlier of two stored documents: by sequence when both have one,
// else by docid (an index written before sequences, or one database).
inline bool stored_before(const DocFacts& a, Xapian::docid a_docid, const DocFacts& b, Xapian::docid b_docid) {
  if (a.sequence && b.sequence) return *a.sequence < *b.sequence;
  return a_docid < b_docid;
}

// A document's first-seen time from its kFirstSeenSlot value ("" = none).
std::optional<std::int64_t> first_seen_of(const std::string& slot_value);

class IndexView {
 public:
  virtual ~IndexView() = default;
  // The document with this id term, if any.
  virtual std::optional<Xapian::docid> find(const std::string& id_term) const = 0;
  // The first `limit` documents indexing `term`, ascending, only those below
  // `before` when it is not 0.
  virtual std::vector<Xapian::docid> postings(const std::string& term, std::size_t limit,
                                              Xapian::docid before) const = 0;
  virtual DocFacts facts(Xapian::docid docid) const = 0;
  // The stored title of a committed document, not replaced since, whose id
  // an older identity rule made; nullopt otherwise. (Only moving documents
  // to their new ids needs it: find_under_old_id.)
  virtual std::optional<std::string> old_rule_title(Xapian::docid docid) const = 0;
  // The same for a document of any rule.
  virtual std::optional<std::string> current_title(Xapian::docid docid) const = 0;
  // The highest sequence committed (0 for none): new documents count on from it.
  virtual std::int64_t last_sequence() const = 0;
};

// The documents of `db` published at or before `cutoff` (UTC seconds): what
// expiry deletes. Throws Xapian::Error.
std::vector<Xapian::docid> published_by(const Xapian::Database& db, std::int64_t cutoff);

// One database read directly (uncommitted changes included when writable).
class DatabaseView final : public IndexView {
 public:
  explicit DatabaseView(const Xapian::Database& db) : db_(db) {}
  std::optional<Xapian::docid> find(const std::string& id_term) const override;
  std::vector<Xapian::docid> postings(const std::string& term, std::size_t limit,
                                      Xapian::docid before) const override;
  DocFacts facts(Xapian::docid docid) const override;
  std::optional<std::string> old_rule_title(Xapian::docid docid) const override;
  std::optional<std::string> current_title(Xapian::docid docid) const override;
  std::int64_t last_sequence() const override;

 private:
  const Xapian::Database& db_;
};

// What has been sent to the shard writers and not yet committed.
class Overlay {
 public:
  // A document added or replaced (under `docid`, its combined docid) with
  // these facts and band terms. A replaced document's committed band terms
  // are hidden from then on.
  void put(const std::string& id_term, Xapian::docid docid, DocFacts facts,
           const std::vector<std::string>& band_terms);
  // A committed document deleted: hidden from then on.
  void remove(Xapian::docid docid);
  void clear();
  bool empty() const { return by_id_.empty() && shadowed_.empty(); }

 private:
  friend class SnapshotView;
  std::map<std::string, Xapian::docid> by_id_;
  std::map<Xapian::docid, DocFacts> facts_;
  std::map<std::string, std::set<Xapian::docid>> bands_;
  std::set<Xapian::docid> shadowed_;  // committed versions no longer current
};

// The committed snapshot of every shard seen through the overlay.
class SnapshotView final : public IndexView {
 public:
  SnapshotView(const Xapian::Database& snapshot, const Overlay& overlay)
      : db_(snapshot), overlay_(overlay) {}
  std::optional<Xapian::docid> find(const std::string& id_term) const override;
  std::vector<Xapian::docid> postings(const std::string& term, std::size_t limit,
                                      Xapian::docid before) const override;
  DocFacts facts(Xapian::docid docid) const override;
  std::optional<std::string> old_rule_title(Xapian::docid docid) const override;
  std::optional<std::string> current_title(Xapian::docid docid) const override;
  std::int64_t last_sequence() const override;

 private:
  const Xapian::Database& db_;
  const Overlay& overlay_;
};

}  // namespace newsdex

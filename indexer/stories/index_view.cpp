#include "indexer/stories/index_view.hpp"

#include <algorithm>

#include "common/schema.hpp"
#include "common/stored_document.hpp"
#include "indexer/parse/item.hpp"  // kIdentityRule
#include "newsdex/error.hpp"

namespace newsdex {

std::optional<Xapian::docid> DatabaseView::find(const std::string& id_term) const {
  auto it = db_.postlist_begin(id_term);
  if (it == db_.postlist_end(id_term)) return std::nullopt;
  return *it;
}

std::vector<Xapian::docid> DatabaseView::postings(const std::string& term, std::size_t limit,
                                                  Xapian::docid before) const {
  std::vector<Xapian::docid> out;
  for (auto it = db_.postlist_begin(term), end = db_.postlist_end(term);
       it != end && out.size() < limit && (before == 0 || *it < before); ++it)
    out.push_back(*it);
  return out;
}

std::optional<std::int64_t> first_seen_of(const std::string& slot_value) {
  if (slot_value.empty()) return std::nullopt;
  return static_cast<std::int64_t>(Xapian::sortable_unserialise(slot_value));
}

DocFacts DatabaseView::facts(Xapian::docid docid) const {
  Xapian::Document doc = db_.get_document(docid, Xapian::DOC_ASSUME_VALID);
  return {doc.get_value(schema::kStorySlot), doc.get_value(schema::kContentHashSlot),
          doc.get_value(schema::kSignatureSlot), first_seen_of(doc.get_value(schema::kFirstSeenSlot)),
          first_seen_of(doc.get_value(schema::kSequenceSlot))};
}

namespace {

std::int64_t highest_sequence(const Xapian::Database& db) {
  const std::string high = db.get_value_upper_bound(schema::kSequenceSlot);
  return high.empty() ? 0 : static_cast<std::int64_t>(Xapian::sortable_unserialise(high));
}

std::optional<std::string> title_of(const Xapian::Database& db, Xapian::docid docid, bool old_rule_only) {
  try {
    const std::string data = db.get_document(docid).get_data();
    if (old_rule_only && identity_rule_of(data) >= kIdentityRule) return std::nullopt;
    return decode(data).title;
  } catch (const Error&) {
    return std::nullopt;  // a record it cannot read is no document to move
  } catch (const Xapian::DocNotFoundError&) {
    return std::nullopt;
  }
}

}  // namespace

std::int64_t DatabaseView::last_sequence() const { return highest_sequence(db_); }
std::int64_t SnapshotView::last_sequence() const { return highest_sequence(db_); }

std::optional<std::string> DatabaseView::old_rule_title(Xapian::docid docid) const {
  return title_of(db_, docid, true);
}

std::optional<std::string> DatabaseView::current_title(Xapian::docid docid) const {
  return title_of(db_, docid, false);
}

void Overlay::put(const std::string& id_term, Xapian::docid docid, DocFacts facts,
                  const std::vector<std::string>& band_terms) {
  auto [it, added] = by_id_.emplace(id_term, docid);
  if (!added) {
    // Written again within the batch: its earlier bands are stale too, and
    // when it moved to another database (its date or id did), so is the
    // docid it had.
    for (auto& [term, docids] : bands_) docids.erase(it->second);
    if (it->second != docid) facts_.erase(it->second);
    it->second = docid;
  }
  shadowed_.insert(docid);  // whatever is committed under docid is the old version
  facts_[docid] = std::move(facts);
  for (const auto& term : band_terms) bands_[term].insert(docid);
}

void Overlay::remove(Xapian::docid docid) {
  for (auto& [term, docids] : bands_) docids.erase(docid);
  facts_.erase(docid);
  shadowed_.insert(docid);
}

void Overlay::clear() {
  by_id_.clear();
  facts_.clear();
  bands_.clear();
  shadowed_.clear();
}

std::optional<Xapian::docid> SnapshotView::find(const std::string& id_term) const {
  if (auto it = overlay_.by_id_.find(id_term); it != overlay_.by_id_.end()) return it->second;
  return DatabaseView(db_).find(id_term);
}

std::optional<std::string> SnapshotView::old_rule_title(Xapian::docid docid) const {
  if (overlay_.shadowed_.count(docid)) return std::nullopt;
  return DatabaseView(db_).old_rule_title(docid);
}

std::optional<std::string> SnapshotView::current_title(Xapian::docid docid) const {
  if (overlay_.shadowed_.count(docid)) return std::nullopt;
  return DatabaseView(db_).current_title(docid);
}

std::vector<Xapian::docid> SnapshotView::postings(const std::string& term, std::size_t limit,
                                                  Xapian::docid before) const {
  // Committed postings whose document was not replaced since, merged with the
  // overlay's, then cut as DatabaseView would: the lowest `limit` below `before`.
  std::vector<Xapian::docid> out;
  for (auto it = db_.postlist_begin(term), end = db_.postlist_end(term);
       it != end && out.size() < limit && (before == 0 || *it < before); ++it)
    if (!overlay_.shadowed_.count(*it)) out.push_back(*it);
  if (auto b = overlay_.bands_.find(term); b != overlay_.bands_.end()) {
    for (Xapian::docid d : b->second)
      if (before == 0 || d < before) out.push_back(d);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.size() > limit) out.resize(limit);
  }
  return out;
}

DocFacts SnapshotView::facts(Xapian::docid docid) const {
  if (auto it = overlay_.facts_.find(docid); it != overlay_.facts_.end()) return it->second;
  return DatabaseView(db_).facts(docid);
}

std::vector<Xapian::docid> published_by(const Xapian::Database& db, std::int64_t cutoff) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kPublishedSlot,
                                  Xapian::sortable_serialise(static_cast<double>(cutoff))));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet found = enquire.get_mset(0, db.get_doccount());
  return {found.begin(), found.end()};
}

}  // namespace newsdex

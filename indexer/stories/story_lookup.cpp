#include "indexer/stories/story_lookup.hpp"

#include <algorithm>
#include <map>

#include "common/schema.hpp"
#include "indexer/parse/unique_id.hpp"

namespace newsdex {

std::string fingerprint_text(const Item& item) {
  std::string text = item.title;
  for (const std::string* part : {&item.summary, &item.content}) {
    if (part->empty()) continue;
    text.append("\n").append(*part);
  }
  return text;
}

void add_fingerprint(Xapian::Document& doc, const near_duplicate::Fingerprint& fp) {
  if (fp.empty()) return;
  for (const auto& key : fp.band_keys)
    doc.add_boolean_term(std::string(schema::kNearDuplicateBandPrefix) + key);
  doc.add_value(schema::kSignatureSlot, near_duplicate::encode(fp.signature));
}

std::optional<StoryMatch> best_match(const IndexView& db, const near_duplicate::Fingerprint& fp,
                                     double threshold, Xapian::docid before) {
  if (fp.empty()) return std::nullopt;
  // Sequences order documents across time partitions; without them (an
  // older index) docids do, and the posting lists can be cut at `before`.
  std::optional<DocFacts> limit;
  if (before) limit = db.facts(before);
  const Xapian::docid cut = limit && limit->sequence ? 0 : before;
  std::vector<Xapian::docid> candidates;
  for (const auto& key : fp.band_keys) {
    auto found = db.postings(std::string(schema::kNearDuplicateBandPrefix) + key,
                             kMaxCandidatesPerBand, cut);
    candidates.insert(candidates.end(), found.begin(), found.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::optional<StoryMatch> best;
  for (Xapian::docid candidate : candidates) {  // ascending: ties keep the earliest
    DocFacts facts = db.facts(candidate);
    if (limit && !stored_before(facts, candidate, *limit, before)) continue;
    auto signature = near_duplicate::decode(facts.signature);
    if (!signature) continue;
    double similarity = near_duplicate::estimated_similarity(fp.signature, *signature);
    if (similarity < threshold || (best && similarity <= best->similarity)) continue;
    best = StoryMatch{std::move(facts.story), similarity, candidate};
  }
  if (best && best->story.empty()) return std::nullopt;  // not written by this indexer
  return best;
}

std::optional<Xapian::docid> find_document(const IndexView& db, const std::string& id_term) {
  return db.find(id_term);
}

std::optional<Xapian::docid> find_under_old_id(const IndexView& db, const Item& item,
                                               const std::string& id) {
  if (const std::string other = other_link_id(item); !other.empty())
    if (const auto docid = db.find(id_term(other)))
      if (const auto title = db.current_title(*docid); title && *title == item.title) return docid;
  const std::string old = legacy_unique_id(item);
  if (old == id) return std::nullopt;
  const std::optional<Xapian::docid> docid = db.find(id_term(old));
  if (!docid) return std::nullopt;
  const std::optional<std::string> title = db.old_rule_title(*docid);
  if (!title || *title != item.title) return std::nullopt;
  return docid;
}

StoryChooser::StoryChooser(const IndexView& db, const Item& item,
                           const NearDuplicateOptions& options,
                           const std::vector<std::uint64_t>& boilerplate)
    : options_(options), item_(item), boilerplate_(boilerplate) {
  if (!options.enabled) return;
  if (!item.story.empty()) return;  // a digest's (decided for the group) or an import's
  chosen_ = item;
  if (auto existing = find_document(db, id_term(unique_id(item)))) {
    // Tried first so that an unchanged document compares equal and is skipped.
    chosen_->story = db.facts(*existing).story;
  } else if (auto match = best_match(db, fingerprint(), options.threshold)) {
    chosen_->story = match->story;
  }
}

const near_duplicate::Fingerprint& StoryChooser::fingerprint() {
  if (!fp_) {
    fp_.emplace();
    if (options_.enabled) *fp_ = near_duplicate::fingerprint(fingerprint_text(item_), boilerplate_);
  }
  return *fp_;
}

bool StoryChooser::rechoose_for_changed(const IndexView& db, Xapian::docid docid,
                                        const std::string& id) {
  if (!chosen_) return false;
  auto match = best_match(db, fingerprint(), options_.threshold, docid);
  std::string story = match ? match->story : id;
  const std::string& before = chosen_->story.empty() ? id : chosen_->story;
  if (story == before) return false;
  chosen_->story = story;
  return true;
}

bool StoryChooser::keep_story_of(const IndexView& db, Xapian::docid docid) {
  if (!chosen_) return false;
  std::string story = db.facts(docid).story;
  if (story.empty() || story == chosen_->story) return false;
  chosen_->story = std::move(story);
  return true;
}

std::vector<std::uint64_t> input_boilerplate(const std::vector<Item>& items,
                                             const NearDuplicateOptions& options) {
  if (!options.enabled || items.size() < near_duplicate::kMinItemsForBoilerplate) return {};
  std::vector<std::vector<std::uint64_t>> per_item;
  per_item.reserve(items.size());
  for (const auto& item : items)
    per_item.push_back(near_duplicate::shingles(near_duplicate::words(fingerprint_text(item))));
  return near_duplicate::common_shingles(per_item);
}

void assign_group_stories(const IndexView& db, std::vector<Item>& items,
                          const NearDuplicateOptions& options,
                          const std::vector<std::uint64_t>& boilerplate) {
  if (!options.enabled) return;
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!items[i].story.empty()) groups[items[i].story].push_back(i);
  for (const auto& [own, members] : groups) {
    std::string story;
    for (std::size_t i : members) {  // indexed before: stay where it is
      if (auto existing = find_document(db, id_term(unique_id(items[i])))) {
        story = db.facts(*existing).story;
        break;
      }
    }
    if (story.empty()) {
      std::optional<StoryMatch> best;
      for (std::size_t i : members) {
        auto fp = near_duplicate::fingerprint(fingerprint_text(items[i]), boilerplate);
        auto match = best_match(db, fp, options.threshold);
        if (match && (!best || match->similarity > best->similarity ||
                      (match->similarity == best->similarity && match->docid < best->docid)))
          best = match;
      }
      if (best) story = best->story;
    }
    if (story.empty() || story == own) continue;
    for (std::size_t i : members) items[i].story = story;
  }
}

}  // namespace newsdex

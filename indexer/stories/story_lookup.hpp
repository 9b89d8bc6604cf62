#pragma once
// Stories at index time: which story a new or changed document joins, found
// through the near-duplicate band terms already in the index (see
// near_duplicate.hpp for the fingerprints, schema.hpp for the terms).
//
// The rules, in the order Index applies them:
//  - A document already in the index (same id) keeps its stored story while
//    its content is unchanged, so re-indexing the same inputs writes nothing.
//  - A new or changed document with no story of its own (a feed item, an
//    article, an imported document without "story") joins the story of the
//    most similar document sharing a band with it, when their estimated
//    similarity reaches the threshold; ties go to the earliest indexed (lowest
//    docid), so a later copy joins the earlier one's story. A changed
//    document is compared only with those indexed before it, never with
//    its own previous version.
//  - A digest's documents share one story, decided for the digest as a whole
//    (assign_group_stories): the story a member already has in the index
//    (the digest was indexed before, or another digest cited the same
//    article), else the story of the best near-duplicate of any member, else
//    the digest's own. So a digest citing an article already indexed, or
//    copied from it, meets that article's story instead of splitting.
// Documents too short to fingerprint neither match nor are matched.

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/stories/index_view.hpp"
#include "indexer/parse/item.hpp"
#include "indexer/stories/near_duplicate.hpp"
#include "newsdex/index.hpp"

namespace newsdex {

// The text a document's fingerprint is made from: title, summary, content.
std::string fingerprint_text(const Item& item);

// Writes the fingerprint's band terms and signature into `doc` (nothing for
// an empty fingerprint).
void add_fingerprint(Xapian::Document& doc, const near_duplicate::Fingerprint& fp);

struct StoryMatch {
  std::string story;
  double similarity = 0;
  Xapian::docid docid = 0;
};

// Candidates read per band term, at most: a band shared by very many
// documents (a wire story copied everywhere) costs no more than this. Posting
// lists are in docid order, so the earliest documents are the ones read.
inline constexpr std::size_t kMaxCandidatesPerBand = 50;

// The most similar document sharing a band with `fp` whose estimated
// similarity is at least `threshold`; nullopt if none. With `before` (a
// stored document), only documents stored before it count (stored_before;
// see rechoose_for_changed).
std::optional<StoryMatch> best_match(const IndexView& db, const near_duplicate::Fingerprint& fp,
                                     double threshold, Xapian::docid before = 0);

// The document named by `id_term`, if the index holds it (uncommitted
// changes included).
std::optional<Xapian::docid> find_document(const IndexView& db, const std::string& id_term);

// The document an index written under an older identity rule holds the item
// under (legacy_unique_id), when its id is not found: the index moves it to
// the new id instead of adding the item twice. Only a committed document
// written under an older rule, with the item's title, qualifies: of several
// items an old rule merged into one document, the one whose content it
// holds takes it over, and no document of the current rule is ever taken.
// Before that, the item's other_link_id with its title (any rule).
std::optional<Xapian::docid> find_under_old_id(const IndexView& db, const Item& item,
                                               const std::string& id);

// What Index::store needs to decide one item's story; see the rules above.
class StoryChooser {
 public:
  // Makes a first choice of story: the stored one when the document
  // exists, else the best match's (which needs the fingerprint). Does
  // nothing when detection is off. `boilerplate`: the input's common
  // shingles (near_duplicate::common_shingles). `item` and `boilerplate` are
  // referred to, not copied: they must outlive the chooser.
  StoryChooser(const IndexView& db, const Item& item, const NearDuplicateOptions& options,
               const std::vector<std::uint64_t>& boilerplate);

  // The item to build: `given` with the chosen story, or `given` itself.
  const Item& item(const Item& given) const { return chosen_ ? *chosen_ : given; }
  // Computed on first use: an unchanged document, skipped by Index, never
  // needs one (most items of a feed update are unchanged).
  const near_duplicate::Fingerprint& fingerprint();

  // Called when the existing document `docid` (id `id`) turned out to have
  // changed: chooses again by similarity, among the documents indexed before
  // it (a replaced document keeps its docid). So it never matches its own
  // previous version, and, as for a new document, it can only join the
  // stories of what came earlier: a feed whose items change back and forth
  // between captures does not move them between stories on every run.
  // Returns true when the story differs from the first choice (the
  // document must be built again).
  bool rechoose_for_changed(const IndexView& db, Xapian::docid docid, const std::string& id);

  // Called when the item was found under the id an older rule gave it
  // (find_under_old_id): the document moves to its new id but stays in its
  // story, which other documents may share. Returns true when that differs
  // from the first choice.
  bool keep_story_of(const IndexView& db, Xapian::docid docid);

 private:
  NearDuplicateOptions options_;
  const Item& item_;
  const std::vector<std::uint64_t>& boilerplate_;
  std::optional<near_duplicate::Fingerprint> fp_;
  std::optional<Item> chosen_;  // set when the story is ours to choose
};

// Gives every group of items sharing a story (a digest) one story, by the
// digest rule above. Items without a story are left alone (StoryChooser
// handles them one by one). Does nothing when detection is off.
void assign_group_stories(const IndexView& db, std::vector<Item>& items,
                          const NearDuplicateOptions& options,
                          const std::vector<std::uint64_t>& boilerplate = {});

// The shingles most of these items (one input's) share; see
// near_duplicate::common_shingles. Empty when detection is off.
std::vector<std::uint64_t> input_boilerplate(const std::vector<Item>& items,
                                             const NearDuplicateOptions& options);

}  // namespace newsdex

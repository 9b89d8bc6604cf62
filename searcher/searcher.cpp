#include "newsdex/search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <map>
#include <filesystem>

#include <fmt/format.h>
#include <xapian.h>

#include "common/folder_size.hpp"
#include "common/ranking.hpp"
#include "common/read_file.hpp"
#include "common/schema.hpp"
#include "common/stopwords.hpp"
#include "common/stored_document.hpp"
#include "common/terms.hpp"
#include "searcher/database_set.hpp"
#include "searcher/ids/short_id.hpp"
#include "searcher/rank/feedback.hpp"
#include "searcher/present/matching_terms.hpp"
#include "searcher/rank/weighting.hpp"
#include "searcher/query/query_builder.hpp"
#include "searcher/present/snippet.hpp"
#include "searcher/query/synonyms.hpp"
#include "newsdex/paths.hpp"

namespace newsdex {
namespace {

namespace fs = std::filesystem;

// `query` within the options' time bounds, without the documents they exclude.
Xapian::Query with_time_bounds(Xapian::Query query, const SearchOptions& options) {
  auto value = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
  if (!options.exclude_ids.empty()) {
    std::vector<Xapian::Query> ids;
    for (const auto& id : options.exclude_ids) ids.emplace_back(id_term(id));
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
  }
  if (options.seen_since)
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kFirstSeenSlot,
                                        value(*options.seen_since)));
  if (!options.since && !options.until) return query;
  Xapian::Query bound;
  if (options.since && options.until)
    bound = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kPublishedSlot,
                          value(*options.since), value(*options.until));
  else if (options.since)
    bound = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kPublishedSlot, value(*options.since));
  else
    bound = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kPublishedSlot, value(*options.until));
  return Xapian::Query(Xapian::Query::OP_FILTER, query, bound);
}

// Expands only to unprefixed words: field terms would mostly find the same feed.
// (At namespace scope, not local to a member: a local class of an exported
// class's member would be exported with it.)
struct WordsOnly : Xapian::ExpandDecider {
  bool operator()(const std::string& t) const override {
    return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
  }
};

// True when every document has a kind term and none a kind the schema
// weights apart from the default (the indexer gives each document one kind
// term): every document then gets the same kind bonus, which cannot change
// a ranking, so it is added to the scores instead of matched.
// False when that cannot be read: matching the bonus is right either way.
bool kind_bonus_is_uniform(const Xapian::Database& db) noexcept {
  try {
    const std::string prefix(schema::kKind.prefix);
    Xapian::doccount with_kind = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      for (const auto& k : schema::kKindWeights)
        if (*t == bounded_term(prefix, k.kind) && k.bonus != schema::kDefaultKindBonus) return false;
      with_kind += t.get_termfreq();
    }
    return with_kind == db.get_doccount();
  } catch (...) {
    return false;
  }
}

constexpr std::size_t kRecentPool = 200;
// Every search checks at least this many matches, so its total is exact up
// to here and its estimate beyond does not move with the page size asked
// (up to this size). 1,000 cost a third more at p99 on Reuters.
constexpr Xapian::doccount kCheckedMatches = 100;
constexpr Xapian::termcount kLikeTerms = 20;

// 0.5 + 0.5 * 2^(-age / half_life): 1 for news of now, towards 0.5 for old.
double freshness(const Xapian::Document& doc, std::int64_t now, std::chrono::seconds half_life) {
  std::string v = doc.get_value(schema::kPublishedSlot);
  if (v.empty() || half_life.count() <= 0) return 0.5;
  double age = std::max(0.0, static_cast<double>(now) - Xapian::sortable_unserialise(v));
  return 0.5 + 0.5 * std::exp2(-age / static_cast<double>(half_life.count()));
}

// Counts by each line of a slot holding several values, one per line, from
// Xapian's count of the slot's whole values (so it works on remote shards
// too: xapian-tcpsrv runs only Xapian's own match spies).
std::map<std::string, std::size_t> count_lines(const Xapian::ValueCountMatchSpy& spy) {
  std::map<std::string, std::size_t> counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string v = *it;
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) counts[v.substr(start, end - start)] += it.get_termfreq();
      start = end + 1;
    }
  }
  return counts;
}

// The facets asked for, as match spies on an Enquire, then their counts.
class FacetCounter {
 public:
  explicit FacetCounter(const std::vector<std::string>& fields) {
    for (const auto& f : fields) {
      if (f == "source") single_.emplace_back(f, std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSourceSlot));
      else if (f == "kind") single_.emplace_back(f, std::make_unique<Xapian::ValueCountMatchSpy>(schema::kKindSlot));
      else if (f == "month") single_.emplace_back(f, std::make_unique<Xapian::ValueCountMatchSpy>(schema::kMonthSlot));
      else if (f == "category") categories_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kCategoriesSlot);
      else
        throw Error(Errc::invalid_argument,
                    fmt::format("unknown facet '{}': use source, category, month or kind", f));
      order_.push_back(f);
    }
  }
  bool empty() const { return order_.empty(); }
  void attach(Xapian::Enquire& enquire) {
    for (auto& [name, spy] : single_) enquire.add_matchspy(spy.get());
    if (categories_) enquire.add_matchspy(categories_.get());
  }
  std::vector<Facet> results() const {
    std::vector<Facet> out;
    for (const auto& name : order_) {
      Facet facet{name, {}};
      if (name == "category") {
        const auto counts = count_lines(*categories_);
        facet.counts.assign(counts.begin(), counts.end());
      } else {
        for (const auto& [n, spy] : single_)
          if (n == name)
            for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
              facet.counts.emplace_back(*it, it.get_termfreq());
      }
      // Most first; a month facet reads best in time order.
      if (name == "month")
        std::sort(facet.counts.begin(), facet.counts.end(), std::greater<>());
      else
        std::stable_sort(facet.counts.begin(), facet.counts.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
      out.push_back(std::move(facet));
    }
    return out;
  }

 private:
  std::vector<std::string> order_;
  std::vector<std::pair<std::string, std::unique_ptr<Xapian::ValueCountMatchSpy>>> single_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> categories_;
};

}  // namespace

struct Searcher::Impl {
  std::vector<std::string> folders;  // the local index folders among the databases
  Xapian::Database db;
  bool all_local = false;  // every database a local folder
  Xapian::Stem stemmer{std::string(schema::kStemLanguage)};
  SynonymTable synonyms;
  std::size_t snippet_chars = 200;
  // Adds each kind's bonus to matching documents' scores (see schema).
  Xapian::Query kind_bonus{make_kind_bonus()};
  bool kind_bonus_uniform = false;  // see kind_bonus_is_uniform(); set for `db` as opened
  Stopwords stopwords;

  // Each kind's bonus from its kind term (every document with a kind has
  // one): a fixed weight for the kinds the schema maps, the default for any
  // other kind term. The same weights as a ValueMapPostingSource over the
  // kind slot, which read the value of every candidate: a third of the
  // matching time at 200k documents. Built-in sources, so remote shards run it.
  static Xapian::Query make_kind_bonus() {
    auto fixed = [](double weight, const Xapian::Query& docs) {
      return Xapian::Query(Xapian::Query::OP_FILTER,
                           Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()), docs);
    };
    std::vector<Xapian::Query> parts, mapped;
    for (const auto& k : schema::kKindWeights) {
      Xapian::Query term(bounded_term(schema::kKind.prefix, k.kind));
      mapped.push_back(term);
      if (k.bonus > 0) parts.push_back(fixed(k.bonus, term));
    }
    Xapian::Query any_kind(Xapian::Query::OP_WILDCARD, std::string(schema::kKind.prefix));
    parts.push_back(fixed(schema::kDefaultKindBonus,
                          Xapian::Query(Xapian::Query::OP_AND_NOT, any_kind,
                                        Xapian::Query(Xapian::Query::OP_OR, mapped.begin(), mapped.end()))));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  // Sees writes committed since open (or the last reopen).
  void reopen() {
    db.reopen();
    kind_bonus_uniform = kind_bonus_is_uniform(db);
  }

  std::optional<Document> by_term(const std::string& term) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return decode(db.get_document(*it).get_data());
  }

  // A full id is one posting-list lookup; only a miss is tried as a short id.
  std::optional<Document> document(const std::string& key) {
    if (auto d = by_term(id_term(key))) return d;
    if (!looks_like_short_id(key)) return std::nullopt;
    try {
      return by_term(id_term(resolve_id(db, key)));
    } catch (const Error& e) {
      if (e.code() == Errc::not_found) return std::nullopt;
      throw;
    }
  }

  SearchResults run(std::string_view text, const SearchOptions& options) {
    snippet_chars = options.snippet_chars;
    BuiltQuery built = build_query_with_synonyms(text, options);
    SearchResults results = run_query(built.query, built.has_text_terms, options, /*allow_feedback=*/true);
    if (results.total < options.suggest_below) results.suggestion = suggestion(text, results.total, options);
    return results;
  }

  // The query with synonym groups spelled out; the query as typed when that
  // does not parse (a group beside an operator that takes only words).
  BuiltQuery build_query_with_synonyms(std::string_view text, const SearchOptions& options) {
    if (options.synonyms && !synonyms.empty()) {
      std::string expanded = synonyms.expand(text);
      if (expanded != text) {
        try {
          return build_query(expanded, db, options.match_all, stopper(options));
        } catch (const Error&) {
        }
      }
    }
    return build_query(text, db, options.match_all, stopper(options));
  }

  const Xapian::Stopper* stopper(const SearchOptions& options) const {
    return ranking::resolve(options.ranking).stopwords ? &stopwords : nullptr;
  }

  // A corrected spelling of `text`, if there is one and it finds more.
  std::string suggestion(std::string_view text, std::size_t total, const SearchOptions& options) {
    std::string corrected = spelling_correction(text, db, options.match_all);
    if (corrected.empty() || corrected == text) return {};
    try {
      Xapian::Enquire enquire(db);
      enquire.set_query(with_time_bounds(build_query_with_synonyms(corrected, options).query, options));
      if (enquire.get_mset(0, 0, total + 1).get_matches_estimated() <= total) return {};
    } catch (const Error&) {
      return {};
    }
    return corrected;
  }

  SearchResults run_query(const Xapian::Query& parsed, bool has_text_terms,
                          const SearchOptions& options, bool allow_feedback = false) {
    auto started = std::chrono::steady_clock::now();
    const ranking::Settings settings = ranking::resolve(options.ranking);
    const std::unique_ptr<Xapian::Weight> scheme = make_weight(settings);
    const Xapian::Weight& weight = *scheme;
    Xapian::Enquire enquire(db);
    // `query` is the user's: snippets, highlights and story members come
    // from it, never from the words feedback adds to rank by. Words are
    // marked by `words` (the kind bonus has a term, no word of the text).
    const Xapian::Query words = with_time_bounds(parsed, options);
    Xapian::Query query = words;
    if (has_text_terms && !kind_bonus_uniform)
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, kind_bonus);
    // The same sum Xapian makes of a matched bonus (AND_MAYBE adds the two weights).
    const double bonus_added = has_text_terms && kind_bonus_uniform ? schema::kDefaultKindBonus : 0.0;
    Xapian::Query ranked = query;
    if (allow_feedback && has_text_terms && settings.feedback && options.sort != Sort::date) {
      // AND_MAYBE: the added words reorder the matches, never add to them.
      Xapian::Query extra = feedback_query(db, query, weight, settings);
      if (!extra.empty()) ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, extra);
    }
    enquire.set_query(ranked);
    enquire.set_weighting_scheme(weight);
    if (options.sort == Sort::date || !has_text_terms)
      enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, /*reverse=*/true);
    const bool blend = options.sort == Sort::recent && has_text_terms;
    if (options.collapse) enquire.set_collapse_key(schema::kStorySlot);

    FacetCounter facets(options.facets);
    facets.attach(enquire);
    // Re-ranking by freshness needs a pool larger than the page; facets
    // need every match counted.
    auto first = static_cast<Xapian::doccount>(blend ? 0 : options.offset);
    auto count = static_cast<Xapian::doccount>(
        blend ? std::max<std::size_t>(kRecentPool, options.offset + options.limit) : options.limit);
    Xapian::doccount check_at_least =
        facets.empty() ? std::max(kCheckedMatches, first + count) : db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(first, count, check_at_least);

    std::vector<std::pair<Xapian::MSetIterator, double>> picked;
    for (auto it = mset.begin(); it != mset.end(); ++it) picked.emplace_back(it, it.get_weight() + bonus_added);
    if (blend) {
      std::int64_t now = options.now.value_or(static_cast<std::int64_t>(std::time(nullptr)));
      for (auto& [it, score] : picked) score *= freshness(it.get_document(), now, options.half_life);
      std::stable_sort(picked.begin(), picked.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      auto from = std::min(options.offset, picked.size());
      auto to = std::min(options.offset + options.limit, picked.size());
      picked = {picked.begin() + static_cast<std::ptrdiff_t>(from),
                picked.begin() + static_cast<std::ptrdiff_t>(to)};
    }

    SearchResults results;
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    results.total = results.total_exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
    // Collapsing leaves Xapian's bounds apart even when every candidate was
    // checked (the upper bound counts documents, not stories); then the
    // lower bound is the count. Fewer results than asked for: no more.
    if (!results.total_exact && mset.get_matches_upper_bound() <= check_at_least) {
      results.total = mset.get_matches_lower_bound();
      results.total_exact = true;
    } else if (!results.total_exact && mset.size() < count && (mset.size() > 0 || first == 0)) {
      results.total = first + mset.size();
      results.total_exact = true;
    }
    std::vector<std::vector<std::string>> terms = hit_terms(words, picked);
    std::vector<std::size_t> collapsed;
    for (std::size_t i = 0; i < picked.size(); ++i) {
      const auto& [it, score] = picked[i];
      Hit hit = make_hit(it, terms[i]);
      hit.rank = options.offset + results.hits.size() + 1;
      hit.score = score;
      // Remote shards collapse each on its own and the merge does not count
      // what it drops: a collapse count of 0 can hide a member in another
      // shard, so there every hit's story is looked up.
      if (options.collapse && (!all_local || it.get_collapse_count() > 0)) collapsed.push_back(i);
      results.hits.push_back(std::move(hit));
    }
    add_story_members(query, results.hits, collapsed);
    results.facets = facets.results();
    results.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return results;
  }

  std::size_t count(std::string_view text, const SearchOptions& options) {
    Xapian::Enquire enquire(db);
    enquire.set_query(with_time_bounds(build_query_with_synonyms(text, options).query, options));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (options.collapse) enquire.set_collapse_key(schema::kStorySlot);
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_lower_bound();
  }

  // The terms of `query` each picked hit contains, to mark (none without
  // snippets). On remote shards, from Xapian's matching terms (each hit's
  // termlist): their posting lists would cross the network whole.
  std::vector<std::vector<std::string>> hit_terms(
      const Xapian::Query& query, const std::vector<std::pair<Xapian::MSetIterator, double>>& picked) {
    if (snippet_chars == 0) return std::vector<std::vector<std::string>>(picked.size());
    std::vector<Xapian::docid> docids;
    for (const auto& p : picked) docids.push_back(*p.first);
    if (all_local) return matching_terms(db, query, docids);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::vector<std::vector<std::string>> out;
    for (Xapian::docid did : docids)
      out.emplace_back(enquire.get_matching_terms_begin(did), enquire.get_matching_terms_end(did));
    return out;
  }

  // `terms`: the query's terms the document contains, whose words are marked.
  Hit make_hit(const Xapian::MSetIterator& it, const std::vector<std::string>& terms) {
    Document stored = decode(it.get_document().get_data());
    Hit hit;
    hit.id = stored.id;
    hit.short_id = newsdex::short_id(db, stored.id);
    if (snippet_chars == 0) {
      hit.title_marks.text = stored.title;
    } else {
      TermMatcher matcher(terms, stemmer);
      hit.title_marks = mark_all(stored.title, matcher);
      hit.snippet = make_snippet(stored.body(), matcher, snippet_chars);
    }
    hit.title = std::move(stored.title);
    hit.url = std::move(stored.url);
    hit.source = std::move(stored.source);
    hit.author = std::move(stored.author);
    hit.authors = std::move(stored.authors);
    hit.published = stored.published;
    hit.updated = stored.updated;
    hit.first_seen = stored.first_seen;
    hit.date = stored.date();
    hit.date_source = stored.date_source();
    hit.categories = std::move(stored.categories);
    hit.kind = std::move(stored.kind);
    hit.story = std::move(stored.story);
    hit.citations = std::move(stored.citations);
    return hit;
  }

  // For each of `hits[collapsed]`, the other documents of its story that
  // `query` matches: the best five (ranked by Xapian's default BM25, as
  // always) and how many. One Enquire for the page: the stories' terms as a
  // filter, collapsing on the story keeps each story's best five, and a spy
  // counts every story's matches.
  void add_story_members(const Xapian::Query& query, std::vector<Hit>& hits,
                         const std::vector<std::size_t>& collapsed) {
    constexpr Xapian::doccount kShown = 5;
    if (collapsed.empty()) return;
    std::vector<Xapian::Query> stories, shown;
    for (std::size_t i : collapsed) {
      stories.emplace_back(bounded_term(schema::kStory.prefix, hits[i].story));
      shown.emplace_back(id_term(hits[i].id));
    }
    Xapian::Enquire members(db);
    members.set_query(Xapian::Query(
        Xapian::Query::OP_AND_NOT,
        Xapian::Query(Xapian::Query::OP_FILTER, query,
                      Xapian::Query(Xapian::Query::OP_OR, stories.begin(), stories.end())),
        Xapian::Query(Xapian::Query::OP_OR, shown.begin(), shown.end())));
    members.set_collapse_key(schema::kStorySlot, kShown);
    Xapian::ValueCountMatchSpy counts(schema::kStorySlot);
    members.add_matchspy(&counts);
    Xapian::MSet found = members.get_mset(0, kShown * static_cast<Xapian::doccount>(collapsed.size()),
                                          db.get_doccount());
    std::map<std::string, std::size_t> total;
    for (auto it = counts.values_begin(); it != counts.values_end(); ++it) total[*it] = it.get_termfreq();
    std::map<std::string, Hit*> by_story;
    for (std::size_t i : collapsed) {
      by_story[hits[i].story] = &hits[i];
      hits[i].also_total = total[hits[i].story];
    }
    for (auto m = found.begin(); m != found.end(); ++m) {
      auto hit = by_story.find(m.get_collapse_key());
      if (hit == by_story.end()) continue;
      Document d = decode(m.get_document().get_data());
      hit->second->also.push_back({d.id, newsdex::short_id(db, d.id), d.source, d.title, d.url, d.published, d.date()});
    }
  }

  std::vector<Document> story(const std::string& key) {
    // A document's id leads to its story; otherwise `key` is the story id.
    std::string story_id = key;
    if (!db.term_exists(bounded_term(schema::kStory.prefix, key)))
      if (auto doc = document(key)) story_id = doc->story;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(bounded_term(schema::kStory.prefix, story_id)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    std::vector<Document> out;
    for (auto it = all.begin(); it != all.end(); ++it) out.push_back(decode(it.get_document().get_data()));
    std::stable_sort(out.begin(), out.end(), [](const Document& a, const Document& b) {
      if (a.date().has_value() != b.date().has_value()) return a.date().has_value();
      return a.date().value_or(0) < b.date().value_or(0);
    });
    return out;
  }

  // The terms that best characterise a document (Xapian's expand set over
  // it), searched for, the document itself left out.
  SearchResults related(const std::string& key, const SearchOptions& options) {
    const std::string id = resolve_id(db, key);
    std::string term = id_term(id);
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term))
      throw Error(Errc::not_found, fmt::format("no document with id '{}'", id));
    Xapian::RSet rset;
    rset.add_document(*p);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    WordsOnly words_only;
    // Exact term frequencies: over several shards Xapian would otherwise
    // estimate them, and pick other terms than one index holding everything.
    Xapian::ESet eset =
        enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &words_only);
    Xapian::Query like(Xapian::Query::OP_ELITE_SET, eset.begin(), eset.end(), kLikeTerms);
    return run_query(Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(term)), true, options);
  }

  IndexStats stats() {
    IndexStats s;
    s.documents = db.get_doccount();
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    Xapian::ValueCountMatchSpy sources(schema::kSourceSlot);
    enquire.add_matchspy(&sources);
    enquire.get_mset(0, 0, db.get_doccount());
    for (auto it = sources.values_begin(); it != sources.values_end(); ++it)
      s.sources.emplace_back(*it, it.get_termfreq());
    std::stable_sort(s.sources.begin(), s.sources.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string low = db.get_value_lower_bound(schema::kPublishedSlot);
    std::string high = db.get_value_upper_bound(schema::kPublishedSlot);
    if (!low.empty()) s.oldest = static_cast<std::int64_t>(Xapian::sortable_unserialise(low));
    if (!high.empty()) s.newest = static_cast<std::int64_t>(Xapian::sortable_unserialise(high));
    for (const auto& folder : folders) s.size_bytes += folder_size(folder);
    s.shards = db.size();
    return s;
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Searcher Searcher::open(const std::string& path) { return open(std::vector<std::string>{path}); }

Searcher Searcher::open(const std::vector<std::string>& locations) {
  auto impl = std::make_unique<Impl>();
  DatabaseSet set = open_database_set(locations);
  impl->db = std::move(set.db);
  impl->folders = std::move(set.folders);
  impl->all_local = impl->folders.size() == impl->db.size();
  impl->kind_bonus_uniform = kind_bonus_is_uniform(impl->db);
  Searcher searcher(std::move(impl));
  searcher.use_synonyms(default_synonym_files());
  return searcher;
}

std::vector<Document> Searcher::story(const std::string& story) {
  try {
    return impl_->story(story);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("reading story '{}' failed: {}", story, e.get_description()));
  }
}

SearchResults Searcher::related(const std::string& id, const SearchOptions& options) {
  try {
    impl_->snippet_chars = options.snippet_chars;
    return impl_->related(id, options);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("finding documents like '{}' failed: {}", id, e.get_description()));
  }
}

namespace {

// Runs a read of the index. A writer may commit meanwhile; Xapian then asks
// us to reopen and retry. `what` names the read in errors ("search").
template <typename Impl, typename Read>
auto retrying(Impl& impl, std::string_view what, Read&& read) {
  for (int attempt = 0;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 3) throw Error(Errc::io, fmt::format("the index kept changing during the {}; try again", what));
      impl.reopen();
    } catch (const Xapian::WildcardError& e) {
      throw Error(Errc::query, fmt::format("a wildcard matches too many words: {}", e.get_msg()));
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("{} failed: {}", what, e.get_description()));
    }
  }
}

}  // namespace

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) {
  return retrying(*impl_, "search", [&] { return impl_->run(query, options); });
}

std::size_t Searcher::count(std::string_view query, const SearchOptions& options) {
  return retrying(*impl_, "count", [&] { return impl_->count(query, options); });
}

std::string Searcher::short_id(const std::string& id) {
  try {
    return newsdex::short_id(impl_->db, id);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("reading document '{}' failed: {}", id, e.get_description()));
  }
}

IndexStats Searcher::stats() {
  try {
    return impl_->stats();
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("reading index statistics failed: {}", e.get_description()));
  }
}

std::optional<Document> Searcher::document(const std::string& id) {
  try {
    return impl_->document(id);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("reading document '{}' failed: {}", id, e.get_description()));
  }
}

std::vector<std::string> Searcher::use_synonyms(const std::vector<std::string>& files) {
  std::vector<std::string> problems;
  SynonymTable table;
  for (const auto& file : files) {
    std::string text;
    try {
      text = read_file(file);
    } catch (const Error& e) {
      problems.push_back(fmt::format("{}: {}", file, e.what()));
      continue;
    }
    std::vector<Diagnostic> diagnostics;
    table.merge(SynonymTable::parse(text, diagnostics));
    for (const auto& d : diagnostics) problems.push_back(fmt::format("{}:{}: {}", file, d.line, d.message));
  }
  impl_->synonyms = std::move(table);
  return problems;
}

void Searcher::reopen() {
  try {
    impl_->reopen();
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("reopening the index failed: {}", e.get_description()));
  }
}

}  // namespace newsdex

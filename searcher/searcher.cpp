#include "newsdex/search.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>
#include <xapian.h>

#include "common/schema.hpp"
#include "common/stored_document.hpp"
#include "indexer/unique_id.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/snippet.hpp"

namespace newsdex {
namespace {

namespace fs = std::filesystem;

Xapian::Database open_readable(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec))
    throw Error(Errc::not_found,
                fmt::format("no index at '{}': create one with `newsdex-index --db {} FILE...`",
                            path, path.empty() ? "DIR" : path));
  try {
    return Xapian::Database(path);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw Error(Errc::not_found,
                fmt::format("'{}' holds no newsdex index: create one with `newsdex-index --db {} "
                            "FILE...`",
                            path, path));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::corrupt, fmt::format("{}: cannot open the index: {}", path, e.get_description()));
  }
}

Xapian::Query with_time_bounds(Xapian::Query query, const SearchOptions& options) {
  if (!options.since && !options.until) return query;
  auto value = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
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

std::uint64_t folder_size(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  Xapian::Stem stemmer{std::string(schema::kStemLanguage)};
  // Adds each kind's bonus to matching documents' scores (see schema).
  Xapian::Query kind_bonus{make_kind_bonus()};

  static Xapian::Query make_kind_bonus() {
    auto* source = new Xapian::ValueMapPostingSource(schema::kKindSlot);
    source->set_default_weight(schema::kDefaultKindBonus);
    for (const auto& k : schema::kKindWeights) source->add_mapping(std::string(k.kind), k.bonus);
    return Xapian::Query(source->release());
  }

  std::optional<Document> document(const std::string& id) {
    std::string term = id_term(id);
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return decode(db.get_document(*it).get_data());
  }

  SearchResults run(std::string_view text, const SearchOptions& options) {
    auto started = std::chrono::steady_clock::now();
    BuiltQuery built = build_query(text, db, options.match_all);
    Xapian::Enquire enquire(db);
    Xapian::Query query = with_time_bounds(built.query, options);
    if (built.has_text_terms) query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, kind_bonus);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (options.sort == Sort::date || !built.has_text_terms)
      enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, /*reverse=*/true);

    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                         static_cast<Xapian::doccount>(options.limit));
    SearchResults results;
    results.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      Document stored = decode(doc.get_data());
      std::vector<std::string> terms(enquire.get_matching_terms_begin(it),
                                     enquire.get_matching_terms_end(it));
      TermMatcher matcher(terms, stemmer);

      Hit hit;
      hit.rank = options.offset + results.hits.size() + 1;
      hit.id = stored.id;
      hit.score = it.get_weight();
      hit.title_marks = mark_all(stored.title, matcher);
      hit.snippet = make_snippet(stored.body(), matcher, options.snippet_chars);
      hit.title = std::move(stored.title);
      hit.url = std::move(stored.url);
      hit.source = std::move(stored.source);
      hit.author = std::move(stored.author);
      hit.published = stored.published;
      hit.updated = stored.updated;
      hit.categories = std::move(stored.categories);
      hit.kind = std::move(stored.kind);
      hit.story = std::move(stored.story);
      hit.citations = std::move(stored.citations);
      results.hits.push_back(std::move(hit));
    }
    results.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return results;
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
    s.size_bytes = folder_size(path);
    return s;
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Searcher Searcher::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db = open_readable(path);
  return Searcher(std::move(impl));
}

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) {
  // A writer may commit while we read; Xapian then asks us to reopen and retry.
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->run(query, options);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 3) throw Error(Errc::io, "the index kept changing during the search; try again");
      impl_->db.reopen();
    } catch (const Xapian::WildcardError& e) {
      throw Error(Errc::query, fmt::format("a wildcard matches too many words: {}", e.get_msg()));
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("search failed: {}", e.get_description()));
    }
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

void Searcher::reopen() {
  try {
    impl_->db.reopen();
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("reopening the index failed: {}", e.get_description()));
  }
}

}  // namespace newsdex

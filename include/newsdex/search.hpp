#pragma once
// Reading an index: newsdex::Searcher parses a query, ranks the matching
// documents with BM25 (title above body) and cuts a highlighted snippet for
// each hit.
//
// Ownership and threads: a Searcher owns a read-only Xapian database handle
// that sees the index as of its open() (or the last reopen()). It is not
// thread-safe: use one Searcher per thread. Searchers never block writers.
//
// Several indexes (shards, local or remote) can be searched as one: see
// Searcher::open(const std::vector<std::string>&).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdex/document.hpp"
#include "newsdex/error.hpp"
#include "newsdex/export.hpp"

namespace newsdex {

enum class Sort {
  relevance,  // best match first; a query with no search terms lists newest first
  date,       // newest first
  recent,     // relevance blended with freshness (see SearchOptions::half_life)
};

// How a query with words is ranked. Each field left unset takes newsdex's
// default (ranking_defaults() returns them all; README "Ranking" and
// bench/relevance/README.md say how they were measured). Per search, so a
// program can compare settings without rebuilding. Field weights (a title
// word counts three times) are fixed at indexing, not here.
// The formula that scores a document for a query's words: Xapian's built-in
// schemes and one of newsdex's. bench/relevance/README.md has what each
// measured; none beat BM25 on TIME. Xapian 1.4's language models (lm_*)
// leave out the length term and PL2+ ranks almost at random there; use
// query_likelihood for a language model.
enum class RankingModel {
  bm25,         // Okapi BM25 with k1 and b (the default)
  bm25_plus,    // BM25+ (Lv & Zhai 2011); model_param is delta (default 1)
  lm_dirichlet, // query likelihood, Dirichlet smoothing; model_param is mu (default 2000)
  lm_two_stage, // query likelihood, two-stage smoothing (lambda 0.7); model_param is mu
  dph,          // divergence from randomness, hypergeometric, parameter-free
  dlh,          // divergence from randomness, parameter-free
  pl2,          // DFR Poisson, Laplace, normalisation 2; model_param is c (default 1)
  pl2_plus,     // PL2+; model_param is c (default 1). Ranked TIME almost at random (MAP 0.08) in Xapian 1.4.22
  inl2,         // DFR inverse document frequency; model_param is c (default 1)
  ifb2,         // DFR inverse term frequency, Bernoulli; model_param is c (default 1)
  bb2,          // DFR Bose-Einstein, Bernoulli; model_param is c (default 1)
  tfidf,        // tf x idf, raw wdf ("ntn")
  tfidf_log,    // tf x idf, 1 + log wdf ("ltn")
  query_likelihood,  // Dirichlet query likelihood, textbook form; model_param is mu (default 2000)
};

struct RankingOptions {
  // The scoring formula (default RankingModel::bm25). k1, b and min_normlen
  // apply to bm25 and bm25_plus only.
  std::optional<RankingModel> model;
  // The one parameter of models that take one (see RankingModel; > 0).
  // Unset: that model's default. Ignored by models without one.
  std::optional<double> model_param;
  // BM25's term-frequency saturation (k1 >= 0; default 1.2), length
  // normalisation (0 <= b <= 1; default 0.75) and the shortest document
  // length relative to the average that normalisation assumes
  // (0 <= min_normlen <= 1; default 0).
  std::optional<double> k1;
  std::optional<double> b;
  std::optional<double> min_normlen;
  // Drop common English function words ("the", "of", "which", ...) from the
  // query (default true). A phrase keeps them, and a query of nothing but
  // them is run as written.
  std::optional<bool> stopwords;
  // Pseudo-relevance feedback (default false: on the TIME collection it
  // cost more than it gained): take the best `feedback_docs` documents
  // (default 3) as relevant, add the `feedback_terms` words (default 10)
  // that best set them apart to the query at up to `feedback_weight`
  // (default 0.2, > 0) of the weight of the query's own words, and rank
  // again. Only for ranked text queries (not Sort::date, filter-only queries
  // or related()). The added words only reorder the matches: what matches,
  // the total, snippets, highlights and story members still come from the
  // query's own words. Costs a second ranking pass.
  std::optional<bool> feedback;
  std::optional<unsigned> feedback_docs;
  std::optional<unsigned> feedback_terms;
  std::optional<double> feedback_weight;
  // An added word must occur in at least this many of the feedback
  // documents (default 1: any; more than feedback_docs counts as all).
  std::optional<unsigned> feedback_min_docs;
};

// newsdex's ranking defaults, every field set.
NEWSDEX_EXPORT RankingOptions ranking_defaults();

struct SearchOptions {
  std::size_t limit = 10;
  std::size_t offset = 0;
  Sort sort = Sort::relevance;
  // Only documents dated in [since, until] (seconds since the epoch, UTC), by
  // Document::date(): published, else updated, else first seen.
  std::optional<std::int64_t> since;
  std::optional<std::int64_t> until;
  // Only documents newsdex first stored at or after this time, whatever
  // date they carry: what arrived since yesterday.
  std::optional<std::int64_t> seen_since;
  // Documents (by full id) left out of the results, the total and the
  // facets: those a reader has seen already.
  std::vector<std::string> exclude_ids;
  // Target length of a snippet in characters (it is cut on word boundaries).
  // 0: no snippet and no title marks (cheaper for long result lists).
  std::size_t snippet_chars = 200;
  // Words of a query are ANDed (true) or ORed (false) when no operator joins them.
  bool match_all = true;
  // Sort::recent: a hit's score is multiplied by 0.5 + 0.5 * 2^(-age / half_life),
  // so a story this old counts three quarters as much as a new one, and an old
  // one half (never less: relevance still decides among old news). Undated
  // documents count as old. The best 200 by relevance (at least offset +
  // limit) are re-ranked this way.
  std::chrono::seconds half_life{3 * 24 * 3600};
  // "Now" for Sort::recent; unset: the system clock.
  std::optional<std::int64_t> now;
  // One hit per story (the best-ranked member); the others are listed in
  // Hit::also. False: every document is a hit of its own.
  bool collapse = true;
  // Count all matches (not only the page shown) by these fields: "source",
  // "category", "month" (YYYY-MM of publication) and "kind". Costs a pass
  // over every match.
  std::vector<std::string> facets;
  // Apply the synonym groups of Searcher::use_synonyms() to the query.
  bool synonyms = true;
  // A query finding fewer matches than this is checked for misspellings
  // (SearchResults::suggestion). 0: never.
  std::size_t suggest_below = 5;
  // BM25 parameters, stopwords and feedback; unset fields take the defaults.
  RankingOptions ranking;
};

// Counts of the matches by one field's values, most first.
struct Facet {
  std::string field;
  std::vector<std::pair<std::string, std::size_t>> counts;
};

// [begin, end) byte offsets into a UTF-8 string.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const Span&) const = default;
};

// Text with the ranges that matched the query, for the caller to render.
struct Highlighted {
  std::string text;
  std::vector<Span> marks;
};

// Another document of a hit's story.
struct StoryMember {
  std::string id;
  std::string short_id;  // see Hit::short_id
  std::string source;
  std::string title;
  std::string url;
  std::optional<std::int64_t> published;
  std::optional<std::int64_t> date;  // Document::date()
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result (offset included)
  std::string id;        // the document's unique id (guid, canonical link or hash)
  // The shortest prefix (at least 6 hex digits) of a hash of `id` that no
  // other document's has, like git's short hashes: what people type. Every
  // call that takes an id takes it too, and so does id:. Empty for a
  // document indexed before short ids existed (until it is indexed again).
  std::string short_id;
  double score = 0;
  std::string title;
  std::string url;
  std::string source;  // the feed's title or the outlet
  std::string author;                // the authors joined by ", "
  std::vector<std::string> authors;  // each name apart
  std::optional<std::int64_t> published;  // seconds since the epoch, UTC
  std::optional<std::int64_t> updated;
  std::optional<std::int64_t> first_seen;  // see Document
  std::optional<std::int64_t> date;        // Document::date(): what filters and sorting use
  std::string date_source;                 // Document::date_source()
  std::vector<std::string> categories;
  std::string kind;   // see Document::kind
  std::string story;  // see Document::story
  std::vector<Citation> citations;  // a digest summary's citations
  // With SearchOptions::collapse: other matching documents of the same story,
  // best first (at most 5), and how many there are in all.
  std::vector<StoryMember> also;
  std::size_t also_total = 0;
  Highlighted title_marks;  // the title, with the matched words marked
  Highlighted snippet;      // the best passage, with the matched words marked
};

struct SearchResults {
  std::vector<Hit> hits;
  // How many results the query has, counted as they are listed (one per
  // story when collapsing). Xapian's estimate unless `total_exact`: exact
  // when facets were asked for, or when there are few (every match was
  // checked); Searcher::count() counts exactly.
  std::size_t total = 0;
  bool total_exact = false;
  double took_ms = 0;
  std::vector<Facet> facets;  // in the order asked for
  // "Did you mean": the query with the words that are in no document replaced
  // by the likeliest spelling among the index's own words, when that query
  // finds more; empty otherwise. Remote shards offer no spellings (Xapian
  // 1.4's remote protocol does not carry spelling data): only the local
  // databases' words are suggested.
  std::string suggestion;
};

struct IndexStats {
  std::size_t documents = 0;
  std::vector<std::pair<std::string, std::size_t>> sources;  // most documents first
  std::optional<std::int64_t> oldest;
  std::optional<std::int64_t> newest;
  std::uint64_t size_bytes = 0;  // on disk, of the index folders opened directly (not
                                 // of remote shards, nor of those a stub file lists)
  std::size_t shards = 1;        // databases searched as one (a stub file's count each)
};

class NEWSDEX_EXPORT Searcher {
 public:
  // Opens the index at `path` read-only (a folder; or a stub file or
  // tcp://HOST:PORT, as for the several-locations open below).
  // Throws Error: not_found (no index there: run newsdex-index first), corrupt,
  // io (a remote index cannot be reached).
  static Searcher open(const std::string& path);

  // Opens several indexes read-only and searches them as one: Xapian merges
  // their matches and ranks them with statistics over all of them, so the
  // results are those of one index holding every document (provided no
  // document is in two of them). Each location is
  //   - an index folder;
  //   - a Xapian stub file listing databases, one a line: `auto PATH` (relative
  //     to the stub file) or `remote HOST:PORT`;
  //   - tcp://HOST:PORT, an index served by `xapian-tcpsrv --port PORT INDEX`
  //     (connecting waits at most 10 s, each request 60 s).
  // Everything a Searcher does works over the set; see
  // SearchResults::suggestion for the one thing remote shards lack.
  // Throws Error naming the location that failed: invalid_argument (an empty
  // list, a malformed tcp:// URL), not_found (no index there), io (a remote
  // shard cannot be reached), corrupt.
  static Searcher open(const std::vector<std::string>& locations);

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  // Runs `query` (Xapian query syntax with newsdex's fields; see README).
  // An empty query, or one with only filters, lists matching documents
  // newest first. Throws Error(query) with a readable reason for a query
  // that cannot be parsed, Error(invalid_argument) for an unknown facet.
  SearchResults search(std::string_view query, const SearchOptions& options = {});

  // The exact number of results `query` has with `options` (its limit,
  // offset, sort and snippet settings aside): what search() would list
  // over every page. Costs a pass over every match.
  std::size_t count(std::string_view query, const SearchOptions& options = {});

  IndexStats stats();

  // The document with this id (full, or a short id: Hit::short_id), or
  // nullopt. Throws Error(invalid_argument) listing the candidates when a
  // short id names several documents.
  std::optional<Document> document(const std::string& id);

  // The short id of the document with this full id (see Hit::short_id).
  std::string short_id(const std::string& id);

  // Every document of a story, oldest first (undated last): a timeline.
  // `story` is a story id, or the id (full or short) of any of its documents.
  std::vector<Document> story(const std::string& story);

  // Documents most like the one with this id (it excluded): the terms that
  // best set it apart, searched for. Throws Error(not_found) for an unknown id.
  SearchResults related(const std::string& id, const SearchOptions& options = {});

  // Sees writes committed since open().
  void reopen();

  // Replaces the synonym groups applied to queries with those read from
  // `files`, in order (format: data/synonyms.conf); an empty list turns
  // synonyms off. open() loads default_synonym_files() (see paths.hpp) and
  // ignores their problems; call this to see them. Returns one
  // "file:line: reason" per problem; what could be read is used.
  std::vector<std::string> use_synonyms(const std::vector<std::string>& files);

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes every document of the index at `path` to `out` as JSON lines, a
// backup that Index::import_documents reads into any later version: first a
// header {"newsdex_export":3,"version":"X.Y.Z"} (no timestamp, so equal
// indexes give equal bytes), then one object per document holding all its
// stored fields under Document's member names, the names search output uses
// (dates as RFC 3339 UTC strings, "2025-12-01T08:00:00Z", or null;
// citations as [{"sentence", "source_ids"}]). Documents come in the order
// they were first indexed (docid order), which importing keeps: exporting an
// imported index gives the same bytes. Reads a snapshot without the write
// lock, so it is safe while an indexer runs. `out` is not owned; it is
// flushed at the end. Returns the number of documents written.
// Throws Error: not_found (no index there), corrupt (a document's stored data
// is unreadable), io (writing `out` failed, or a writer changed the index so
// much meanwhile that the snapshot was lost: run it again).
NEWSDEX_EXPORT std::size_t export_documents(const std::string& path, std::ostream& out);

// Parses a time bound for --since/--until: an ISO date or date-time
// ("2025-12-01", "2025-12-01T08:00:00Z") or a span back from `now`
// ("90m", "24h", "7d", "2w"). A date alone (2025, 2025-12, 2025-12-01) means
// its first second, or its last when `upper` (so --until 2025-12-31 includes
// that day). Throws Error(invalid_argument).
NEWSDEX_EXPORT std::int64_t parse_time_bound(std::string_view text, std::int64_t now, bool upper = false);

// "2025-12-01T08:00:00Z"
NEWSDEX_EXPORT std::string format_utc(std::int64_t seconds);

// ISO 8601 in the local time zone (TZ), with its offset:
// "2025-12-01T09:00:00+01:00"; format_utc() when `utc`.
NEWSDEX_EXPORT std::string format_time(std::int64_t seconds, bool utc = false);

// An HTML fragment of `h`: the text HTML-escaped, each mark wrapped in
// <mark>...</mark>.
NEWSDEX_EXPORT std::string to_html(const Highlighted& h);

}  // namespace newsdex

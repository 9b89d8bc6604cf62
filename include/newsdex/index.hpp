#pragma once
// Writing to an index: newsdex::Index reads feeds and plain-text news and
// stores them as Xapian documents, one per item.
//
// Ownership and threads: an Index owns its Xapian database handle and the
// index's write lock until it is destroyed. Only one Index may be open on a
// directory at a time (across processes); any number of Searchers may read
// it meanwhile and see the last committed state. An Index is not thread-safe:
// use it from one thread. (A sharded one, IndexOptions::shards, runs a
// writer thread per shard of its own; progress and Fetcher callbacks still
// come on the caller's thread.)

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/error.hpp"
#include "newsdex/export.hpp"
#include "newsdex/fetch.hpp"

namespace newsdex {

// Near-duplicate detection at index time: a new or changed document whose
// text (title, summary and content) is nearly the same as one already in the
// index (syndicated wire copy, a re-post under another URL) joins that
// document's story, so search shows it once with "also: ..." sources.
// Similarity is the Jaccard similarity of the two texts' sets of 3-word
// shingles, estimated from 60-entry MinHash signatures; candidates are found
// through 20 LSH band terms in the index, so the cost per document does not
// grow with the index. Texts of fewer than 10 distinct shingles (about a
// dozen words) are never matched. README, "Stories and near-duplicates",
// describes the method and its figures.
struct NearDuplicateOptions {
  // Off: documents keep their own (or their digest's) story and get no
  // fingerprint, so later runs with detection on cannot find them either.
  bool enabled = true;
  // Estimated similarity (0..1] at or above which a document joins the most
  // similar candidate's story. The bands find a pair of similarity 0.6 99%
  // of the time, 0.5 93%, 0.32 half of the time: a threshold below about
  // 0.4 finds fewer pairs than it suggests.
  double threshold = 0.6;
};

struct IndexOptions {
  // Directory of the index; created (with parents) when missing.
  std::string path;
  // False: Index::open throws Error(not_found) when there is no index at
  // `path`, for work that only changes an index (update, delete, sync):
  // a typo in --db must not leave an empty index behind.
  bool create = true;
  // How long to wait for another process's write lock before failing with
  // Errc::locked. Zero: fail at once.
  std::chrono::milliseconds lock_wait{0};
  // Documents written between two Xapian commits. Smaller batches bound the
  // memory used and the work a crash can lose (never more than one batch).
  std::size_t batch_size = 1000;
  // Year-less dates in plain text ("April 26") take their year from this
  // time (UTC seconds); unset: from each file's modification time.
  std::optional<std::int64_t> reference_time;
  // Files of chrome and boilerplate phrases for plain text (format described
  // in data/boilerplate.conf), read in order, later ones adding to earlier.
  // Empty: the shipped data/boilerplate.conf and, when it exists, the user's
  // $XDG_CONFIG_HOME/newsdex/boilerplate.conf (~/.config/newsdex/...).
  std::vector<std::string> boilerplate_files;
  // URLs (inputs and feeds to update) are fetched with `fetcher`, or when it
  // is null with a libcurl fetcher made from `fetch`. Not owned: it must
  // outlive the Index.
  Fetcher* fetcher = nullptr;
  FetchOptions fetch;
  // Called before each file is read (directories are expanded first, so
  // `total` is known): for progress displays. May be empty.
  std::function<void(const std::string& input, std::size_t done, std::size_t total)> progress;
  // How near-duplicate articles are grouped into stories (see above).
  NearDuplicateOptions near_duplicates;
  // Folder walks: only files whose path inside the folder (or file name)
  // matches one of `include` (every file when empty) and none of `exclude`;
  // shell globs ("*.txt", "drafts/*"). A folder remembers them for sync.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // Shards of a new index: above 1, the folder holds shard0/ ... shardN-1/
  // (Xapian databases) and a XAPIANDB stub file listing them, which
  // Searcher and Xapian open as one database. Each document's shard follows
  // from its id, so indexing it again finds it; each shard is written by a
  // thread of its own. 0: an existing index keeps its layout (read from
  // the folder), a new one is one database. Asking an existing index for
  // another count throws Error(invalid_argument) from Index::open.
  std::size_t shards = 0;
  // Time partitions of a new index: "month" or "year" (one Xapian database
  // per period of the documents' dates, created as needed, plus "meta" for
  // the feed list and state; see common/index_layout.hpp), or "none". With
  // shards above 1 each period is sharded too. Empty: an existing index
  // keeps its layout, a new one is one database (or options.shards). Expiry
  // drops a period whose documents are all past the cutoff. Asking an
  // existing index for another layout throws Error(invalid_argument).
  std::string partition;
};

// What to treat an input as. `automatic` detects it from the content: an XML
// root of rss, rdf:RDF or feed is a feed; plain text is a multi-source
// digest when it opens with "N Sources" and numbered blocks, else an article
// (a scraped page's chrome is recognised and dropped).
enum class InputFormat { automatic, feed, article, digest };

// A problem with one input: `where` names the file (and line when known),
// as in "data/feed.xml:12".
struct Problem {
  std::string where;
  std::string message;
};

// One input that was read, and how many items it held.
struct InputSummary {
  std::string name;
  std::size_t items = 0;
};

struct IndexReport {
  std::size_t inputs_read = 0;  // inputs that yielded a parse (even if empty)
  std::vector<InputSummary> inputs;  // each input read, in order
  std::size_t added = 0;        // new documents
  std::size_t updated = 0;      // same id, changed content: replaced
  std::size_t unchanged = 0;    // same id, same content: nothing written
  // Documents deleted because their file changed and no longer holds them,
  // or is gone from a folder indexed before.
  std::size_t removed = 0;
  // Files of a folder walk that are not news (archives, images, binary or
  // empty files, JSON that is no JSON Feed, README- and LICENSE-like files),
  // passed over without an error: `where` the file, `message` what it is.
  std::vector<Problem> skipped;
  std::vector<Problem> warnings;  // recovered problems: the input was indexed
  std::vector<Problem> errors;    // inputs that could not be indexed at all

  bool ok() const { return errors.empty(); }
};

// A feed to follow: its URL, an optional name, the folder it is filed under
// (OPML's nested outlines; "" for none, "World/Europe" for a nested one) and
// the site it belongs to (OPML's htmlUrl).
struct FeedSource {
  std::string url;
  std::string name = {};  // initialisers: {url, name} stays a valid FeedSource
  std::string category = {};
  std::string html_url = {};
};

// A feed that failed this many times in a row (with the waits below, about
// four days of failing) is dead: update skips it until `feeds retry`.
inline constexpr int kFeedDeadAfter = 10;

// What the index remembers of a followed feed's fetches.
struct FeedState {
  std::string url;
  std::string name;
  std::string category;
  std::string html_url;
  std::optional<std::int64_t> last_attempt;  // UTC seconds
  std::optional<std::int64_t> last_success;
  int consecutive_failures = 0;
  std::string last_error;
  // A failing feed is not fetched again before this (UTC seconds): after the
  // 2nd failure in a row 1 h, then 2 h, 4 h ... at most a day, or longer
  // when the server's Retry-After asks for it.
  std::optional<std::int64_t> next_attempt;
  // Skipped by update: kFeedDeadAfter failures in a row, or HTTP 410 Gone.
  bool dead = false;
  std::string etag;
  std::string last_modified;
  std::size_t item_count = 0;  // items in the feed at its last successful fetch
};

// Reads a feed list: OPML (what feed readers export; every outline with an
// xmlUrl, its folder from the outlines around it) or plain text (one URL
// per line, an optional name after it, "#" comments). Lines that are not
// http(s) URLs become problems ("where" is `name:line`). A pure function.
NEWSDEX_EXPORT std::vector<FeedSource> parse_feed_list(std::string_view text, const std::string& name,
                                        std::vector<Problem>& problems);

// The feeds as an OPML 2.0 document that other readers import: one outline
// per feed (text, title, type="rss", xmlUrl, htmlUrl), inside an outline per
// folder. `title` is the document's head title. A pure function.
NEWSDEX_EXPORT std::string write_opml(const std::vector<FeedSource>& feeds, const std::string& title);

// What a fetched body is, for `feeds add`: a feed (its format, title, site
// and item count), or a page that links to feeds (`alternates`: each
// <link rel="alternate"> of a feed type, url absolute, name its title), or
// neither (`error` says what it is instead). A pure function.
struct FeedCheck {
  bool is_feed = false;
  std::string format;  // "RSS", "RSS 1.0", "Atom", "JSON Feed"
  std::string title;
  std::string site;
  std::size_t items = 0;
  std::vector<FeedSource> alternates;
  std::string error;
};
NEWSDEX_EXPORT FeedCheck check_feed(std::string_view body, const std::string& url,
                                    std::string_view charset = {});

// The followed feeds of the index at `path` and their fetch state, read
// without taking the write lock (works while an update runs).
// Throws Error(not_found) when there is no index there.
NEWSDEX_EXPORT std::vector<FeedState> read_feed_states(const std::string& path);

struct UpdateOptions {
  // Feeds to refresh; empty: the feed list kept with the index.
  std::vector<FeedSource> feeds;
  // Delete documents published more than this many days ago (after fetching).
  // Unset: the index is an archive and nothing is ever deleted.
  std::optional<int> expire_days;
  // Called as each feed finishes: for progress displays. May be empty.
  std::function<void(const std::string& url, std::size_t done, std::size_t total)> progress;
  // The time of this run (UTC seconds), which waits after failures count
  // from; unset: the clock. (Tests pass later times to skip the waits.)
  std::optional<std::int64_t> now;
};

// Each failure of a feed is reported once as an error when it is news (the
// feed worked last time, or it has just been marked dead) and as a warning
// while it keeps failing, so cron, which mails what --quiet still prints,
// hears of a broken feed once, not at every run.
struct UpdateReport {
  std::size_t feeds = 0;         // feeds attempted
  std::size_t fetched = 0;       // answered with a new body and indexed
  std::size_t not_modified = 0;  // answered 304: nothing parsed, nothing written
  std::size_t failed = 0;        // fetch or parse failed (see index.errors and warnings)
  std::size_t new_failures = 0;  // of them, feeds that worked last time or died now
  std::size_t backing_off = 0;   // not attempted: waiting out an earlier failure
  std::size_t dead = 0;          // not attempted: marked dead (feeds retry)
  std::size_t deferred = 0;      // not attempted: the run's time limit passed first
  std::size_t expired = 0;       // documents deleted by expire_days
  IndexReport index;             // items added/updated/unchanged, warnings, errors

  bool ok() const { return new_failures == 0; }
};

// What compact_index or merge_indexes did: bytes on disk of the source
// folders before (stub files' databases are not counted) and of the result
// after, and the documents it holds.
struct CompactReport {
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
  std::size_t documents = 0;
};

// Rewrites the index at `path` compactly (Xapian's compaction: full blocks,
// no free space), under its write lock, waiting up to `lock_wait` for it.
// The compact copy is written beside the index and swapped in with one
// atomic rename, so searchers and a crash see the old index or the new one,
// never half of either. Documents, docids, metadata (the feed list) and
// spelling data are kept. Throws Error: not_found (no index there), locked,
// io (e.g. not enough free space for the copy), invalid_argument (a folder
// with a XAPIANDB stub file newsdex did not write: merge those with
// merge_indexes). A sharded index (IndexOptions::shards) is compacted shard
// by shard under all its locks, each swapped in atomically on its own.
NEWSDEX_EXPORT CompactReport compact_index(const std::string& path,
                                           std::chrono::milliseconds lock_wait = {});

// Merges the indexes `sources` (folders or Xapian stub files, e.g. shards)
// into one new compact index at `output`, which must not exist yet (or be an
// empty folder). Sources are read, not locked: a writer still adding to one
// makes the merge miss what it commits later. Documents are renumbered; a
// document whose id is in several sources is kept several times (merge
// shards, not copies of one index). Throws Error: invalid_argument,
// not_found, io.
NEWSDEX_EXPORT CompactReport merge_indexes(const std::vector<std::string>& sources,
                                           const std::string& output);

class NEWSDEX_EXPORT Index {
 public:
  // Opens the index at options.path for writing, creating it if missing.
  // Throws Error: locked (another writer; after lock_wait), io, corrupt.
  static Index open(const IndexOptions& options);

  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();  // commits pending documents; errors there are swallowed, so call commit()

  // Indexes a file, an http(s) URL, or every regular file under a directory (recursively, in
  // name order; hidden files and folders, and *.conf, *.service and *.timer
  // files, which hold configuration rather than news, are skipped). "-" reads standard
  // input. Problems go into `report`; nothing here throws for bad input.
  // Throws Error only when the index itself cannot be written.
  void add_path(const std::string& path, IndexReport& report,
                InputFormat format = InputFormat::automatic);

  // Indexing a folder again deletes the documents of its files that are gone
  // (or now excluded), and replaces those of files that changed; the folder
  // is remembered (with IndexOptions::include/exclude) for sync().

  // add_path for several inputs, with one progress count across all of them.
  void add_paths(const std::vector<std::string>& paths, IndexReport& report,
                 InputFormat format = InputFormat::automatic);

  // Indexes bytes already in memory; `name` is used in messages and as the
  // fallback source.
  void add_bytes(std::string_view bytes, const std::string& name, IndexReport& report,
                 InputFormat format = InputFormat::automatic);

  // Indexes every folder indexed before again, as add_path does, with the
  // globs it was indexed with: what a scheduled run does for folders. A
  // folder that is missing now (an unmounted disk) is a warning, and its
  // documents stay.
  void sync(IndexReport& report);

  // The folders sync() reads.
  std::vector<std::string> folders();

  // Deletes the documents with these full ids (Document::id); ids not in
  // the index are passed over. Returns how many were deleted. Members left
  // in a story keep it; a digest summary's citations of a deleted source
  // then name a document that is gone. Call commit() after.
  std::size_t remove_documents(const std::vector<std::string>& ids);

  // Fetches every feed (concurrently; see Fetcher) and indexes what changed.
  // A feed's fetch state is committed together with its documents, so a
  // crash never records a fetch whose items were not written. Failures are
  // per feed and reported; nothing here throws for a bad feed.
  UpdateReport update(const UpdateOptions& options);

  // The feed list kept with the index. add_feed returns false (and changes
  // nothing) when the URL is listed already; set_feed replaces the name,
  // folder and site of a listed feed, and returns false when it is not
  // listed; remove_feed forgets a feed and its state; retry_feed clears a
  // feed's failures, wait and death so the next update fetches it. All take
  // effect at the next commit().
  bool add_feed(const FeedSource& feed);
  bool set_feed(const FeedSource& feed);
  bool remove_feed(const std::string& url);
  bool retry_feed(const std::string& url);
  std::vector<FeedSource> feeds();

  // Reads an export (see export_documents in newsdex/search.hpp) back in:
  // JSON lines, one document each, after an optional header line
  // {"newsdex_export": 3, ...} (exports of formats 1 and 2, with dates as
  // seconds, are read too). Each document is stored as if it had just been
  // read, so its terms and values follow this version's schema (which is what
  // lets an export outlive changes of the index format), under its exported
  // id and story, kept exactly; a line without "story" is matched against
  // the index like a newly read item (near_duplicates). The same document
  // again counts as unchanged, a changed one as updated. A bad line (not a
  // JSON object, no "id", a field of the wrong type, an id this version would
  // write differently) goes into report.errors as `name:LINE` and the rest
  // is still read; blank lines are skipped. `in` is read to its end and not
  // owned. Call commit() after.
  // Throws Error(io) when reading `in` or writing the index fails.
  void import_documents(std::istream& in, const std::string& name, IndexReport& report);

  // Makes everything added so far durable and visible to searchers.
  // Throws Error(io) when the write fails.
  void commit();

 private:
  struct Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex

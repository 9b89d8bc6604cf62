// newsdex-index: reads feeds and plain-text news into an index.
// A thin client of the public API (newsdex/newsdex.hpp).

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <ctime>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_words.hpp"
#include "feeds_commands.hpp"
#include "newsdex/newsdex.hpp"

namespace {

using namespace newsdex_cli;

constexpr const char* kDescription =
    "Index RSS, RDF, Atom and JSON feeds and plain-text news into a newsdex index.\n"
    "\n"
    "Inputs are files, folders (read recursively), http(s) URLs or - for standard\n"
    "input; the format is detected from the content. Indexing the same input again\n"
    "updates changed items and never duplicates one.\n"
    "\n"
    "Examples:\n"
    "  newsdex-index data/                      index every file under data/\n"
    "  newsdex-index https://example.com/rss    fetch and index a feed\n"
    "  curl -s URL | newsdex-index -            index a feed from a pipe\n"
    "  newsdex-index --db ~/news feeds/*.xml    use another index\n"
    "  newsdex-index --shards 2 --db ~/news data/   a new index in 2 shards, written in parallel\n"
    "  newsdex-index stats                      what the index holds\n"
    "  newsdex-index feeds add URL [NAME]       follow a feed (or the feeds a page links to)\n"
    "  newsdex-index feeds import subs.opml     follow what another reader exported\n"
    "  newsdex-index update --quiet             refresh every followed feed (cron)\n"
    "  newsdex-index sync --quiet               index every folder again: edits in, deletions out\n"
    "  newsdex-index expire 365 --dry-run       what a year's expiry would delete\n"
    "  newsdex-index delete 'site:example.com'  delete what a query finds\n"
    "  newsdex-index export backup.jsonl        every document as JSON lines (a backup)\n"
    "  newsdex-index import backup.jsonl        read such a backup into the index\n"
    "  newsdex-index compact                    rewrite the index smaller, in place\n"
    "  newsdex-index compact --db A --db B --output ALL   merge shards into one index\n"
    "\n"
    "The index is --db, else $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex\n"
    "(~/.local/share/newsdex). Exit status: 0 every input (or feed) indexed, 1 some\n"
    "failed (the rest were indexed), 2 usage error, 75 index locked by another writer.";

int exit_code_for(const newsdex::Error& e) {
  switch (e.code()) {
    case newsdex::Errc::locked: return kExitTempFail;
    case newsdex::Errc::invalid_argument:
    case newsdex::Errc::query: return kExitUsage;
    default: return kExitSomeFailed;
  }
}

int run_stats(const std::string& db, const std::string& format) {
  auto searcher = newsdex::Searcher::open(db);
  newsdex::IndexStats s = searcher.stats();
  if (format == "json") {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& [name, count] : s.sources) sources.push_back({{"source", name}, {"documents", count}});
    nlohmann::json j = {{"index", db},
                        {"documents", s.documents},
                        {"sources", sources},
                        {"oldest", s.oldest ? nlohmann::json(when(s.oldest)) : nlohmann::json()},
                        {"newest", s.newest ? nlohmann::json(when(s.newest)) : nlohmann::json()},
                        {"size_bytes", s.size_bytes}};
    fmt::print("{}\n", j.dump());
    return kExitOk;
  }
  fmt::print("index:     {}\n", db);
  fmt::print("documents: {}\n", s.documents);
  fmt::print("dates:     {} .. {}\n", when(s.oldest), when(s.newest));
  fmt::print("size:      {:.1f} MB\n", static_cast<double>(s.size_bytes) / (1 << 20));
  fmt::print("sources:   {}\n", s.sources.size());
  for (const auto& [name, count] : s.sources) fmt::print("  {:>7}  {}\n", count, name);
  return kExitOk;
}

struct IndexArgs {
  std::vector<std::string> inputs;
  std::string format = "auto";
  std::string date;
  double wait_seconds = 0;
  bool quiet = false;
  bool verbose = false;
  std::size_t shards = 0;  // 0: the index's own count (1 for a new one)
  std::vector<std::string> include, exclude;  // folder walks' globs
  newsdex::NearDuplicateOptions near_duplicates;
};

// One progress line on a terminal, rewritten in place; nothing under cron.
void show_progress(const std::string& input, std::size_t done, std::size_t total) {
  if (input.empty())
    fmt::print(stderr, "\r\033[K");
  else
    fmt::print(stderr, "\r\033[K[{}/{}] {}", done, total, input);
  std::fflush(stderr);
}

newsdex::IndexOptions index_options(const std::string& db, const IndexArgs& args) {
  newsdex::IndexOptions options;
  options.path = db;
  options.lock_wait = std::chrono::milliseconds(static_cast<long long>(args.wait_seconds * 1000));
  options.near_duplicates = args.near_duplicates;
  options.shards = args.shards;
  options.include = args.include;
  options.exclude = args.exclude;
  if (!args.quiet && isatty(STDERR_FILENO))
    options.progress = [](const std::string& input, std::size_t done, std::size_t total) {
      show_progress(input, done + 1, total);
    };
  return options;
}

void print_problems(const newsdex::IndexReport& report, bool quiet) {
  if (!quiet)
    for (const auto& w : report.warnings) fmt::print(stderr, "warning: {}: {}\n", w.where, w.message);
  for (const auto& e : report.errors) fmt::print(stderr, "error: {}: {}\n", e.where, e.message);
}

void print_index_report(const newsdex::IndexReport& report, const IndexArgs& args, double seconds) {
  if (args.verbose) {
    for (const auto& in : report.inputs) fmt::print("{:>6} {}  {}\n", in.items, in.items == 1 ? "item " : "items", in.name);
    for (const auto& s : report.skipped) fmt::print("skipped {}: {}\n", s.where, s.message);
  }
  print_problems(report, args.quiet);
  if (!args.quiet) {
    std::string extra;
    if (report.removed > 0) extra += fmt::format(", {} removed (files changed or gone)", report.removed);
    if (!report.skipped.empty())
      extra += fmt::format("; {} skipped as not news{}", n_of(report.skipped.size(), "file"),
                           args.verbose ? "" : " (-v lists them)");
    fmt::print("{} read: {} added, {} updated, {} unchanged{}; {}, {} ({:.2f} s)\n",
               n_of(report.inputs_read, "input"), report.added, report.updated, report.unchanged, extra,
               n_of(report.warnings.size(), "warning"), n_of(report.errors.size(), "error"), seconds);
  }
}

int run_index(const std::string& db, const IndexArgs& args) {
  newsdex::IndexOptions options = index_options(db, args);
  auto format = args.format == "feed"      ? newsdex::InputFormat::feed
                : args.format == "article" ? newsdex::InputFormat::article
                : args.format == "digest"  ? newsdex::InputFormat::digest
                                           : newsdex::InputFormat::automatic;
  if (!args.date.empty())
    options.reference_time = newsdex::parse_time_bound(args.date, std::time(nullptr));

  auto started = std::chrono::steady_clock::now();
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.add_paths(args.inputs, report, format);
  index.commit();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  print_index_report(report, args, seconds);
  return report.ok() ? kExitOk : kExitSomeFailed;
}

int run_sync(const std::string& db, const IndexArgs& args) {
  newsdex::IndexOptions options = index_options(db, args);
  options.create = false;
  auto started = std::chrono::steady_clock::now();
  auto index = newsdex::Index::open(options);
  if (index.folders().empty()) {
    if (!args.quiet)
      fmt::print(stderr, "newsdex-index: no folder indexed yet: `newsdex-index FOLDER` indexes one, and "
                         "sync reads it again from then on\n");
    return kExitOk;
  }
  newsdex::IndexReport report;
  index.sync(report);
  index.commit();
  print_index_report(report, args,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return report.ok() ? kExitOk : kExitSomeFailed;
}

// expire and delete: the documents a search selects, listed (--dry-run) or
// deleted.
int run_delete(const std::string& db, const IndexArgs& args, const std::string& query,
               std::optional<std::int64_t> until, bool dry_run) {
  std::vector<std::string> ids;
  {
    auto searcher = newsdex::Searcher::open(db);
    newsdex::SearchOptions so;
    so.collapse = false;
    so.snippet_chars = 0;
    so.suggest_below = 0;
    so.sort = newsdex::Sort::date;
    so.until = until;
    so.limit = searcher.count(query, so);
    const newsdex::SearchResults r = searcher.search(query, so);
    for (const auto& h : r.hits) {
      ids.push_back(h.id);
      if (dry_run)
        fmt::print("{}  {}  {}  {}\n", when(h.date), h.short_id.empty() ? h.id : h.short_id,
                   h.source.empty() ? "-" : h.source, h.title);
    }
  }
  if (dry_run) {
    if (!args.quiet) fmt::print(stderr, "{} would be deleted (--dry-run: nothing was)\n", n_of(ids.size(), "document"));
    return kExitOk;
  }
  newsdex::IndexOptions options = index_options(db, args);
  options.create = false;
  auto index = newsdex::Index::open(options);
  const std::size_t n = index.remove_documents(ids);
  index.commit();
  if (!args.quiet) fmt::print("{} deleted\n", n_of(n, "document"));
  return kExitOk;
}

// Writes to a temporary file renamed over FILE at the end, so a failed
// export never leaves a truncated backup in place of a good one.
int run_export(const std::string& db, const std::string& file, bool quiet) {
  std::size_t count = 0;
  if (file.empty() || file == "-") {
    count = newsdex::export_documents(db, std::cout);
  } else {
    std::string partial = file + ".partial";
    try {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) throw newsdex::Error(newsdex::Errc::io, fmt::format("{}: cannot create it", partial));
      count = newsdex::export_documents(db, out);
      out.close();
      if (!out || std::rename(partial.c_str(), file.c_str()) != 0)
        throw newsdex::Error(newsdex::Errc::io, fmt::format("{}: cannot write it", file));
    } catch (...) {
      std::remove(partial.c_str());
      throw;
    }
  }
  if (!quiet) fmt::print(stderr, "{} exported\n", n_of(count, "document"));
  return kExitOk;
}

int run_import(const std::string& db, const IndexArgs& args, const std::string& file) {
  std::ifstream in_file;
  if (file != "-") {
    in_file.open(file, std::ios::binary);
    if (!in_file) {
      fmt::print(stderr, "newsdex-index: {}: cannot open it\n", file);
      return kExitSomeFailed;
    }
  }
  auto started = std::chrono::steady_clock::now();
  auto index = newsdex::Index::open(index_options(db, args));
  newsdex::IndexReport report;
  index.import_documents(file == "-" ? std::cin : in_file, file == "-" ? "<stdin>" : file, report);
  index.commit();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_problems(report, args.quiet);
  std::size_t read = report.inputs.empty() ? 0 : report.inputs.back().items;
  if (!args.quiet)
    fmt::print("{} read: {} added, {} updated, {} unchanged; {}, {} ({:.2f} s)\n",
               n_of(read, "document"), report.added, report.updated, report.unchanged,
               n_of(report.warnings.size(), "warning"), n_of(report.errors.size(), "error"), seconds);
  return report.ok() ? kExitOk : kExitSomeFailed;
}

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1 << 20));
}

// One --db: compact it in place; several, or --output: merge into OUTPUT.
int run_compact(const std::vector<std::string>& dbs, const std::string& output,
                const IndexArgs& args) {
  if (dbs.size() > 1 && output.empty()) {
    fmt::print(stderr, "newsdex-index: merging {} indexes needs --output NEW_FOLDER for the "
                       "result\n", dbs.size());
    return kExitUsage;
  }
  auto started = std::chrono::steady_clock::now();
  const newsdex::CompactReport r =
      output.empty()
          ? newsdex::compact_index(dbs.front(), std::chrono::milliseconds(
                                                   static_cast<long long>(args.wait_seconds * 1000)))
          : newsdex::merge_indexes(dbs, output);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!args.quiet)
    fmt::print("{}: {}, {} -> {} ({:.2f} s)\n", output.empty() ? dbs.front() : output,
               n_of(r.documents, "document"), megabytes(r.bytes_before), megabytes(r.bytes_after), seconds);
  return kExitOk;
}

struct UpdateArgs {
  std::string feeds_file;
  int expire_days = 0;
  double timeout = 60;
  double connect_timeout = 10;
  double time_limit = 0;  // 0: timeout + connect timeout + 10 s
};

newsdex::FetchOptions fetch_options(const UpdateArgs& u) {
  newsdex::FetchOptions fetch;
  fetch.total_timeout = std::chrono::milliseconds(static_cast<long long>(u.timeout * 1000));
  fetch.connect_timeout = std::chrono::milliseconds(static_cast<long long>(u.connect_timeout * 1000));
  const double limit = u.time_limit > 0 ? u.time_limit : u.timeout + u.connect_timeout + 10;
  fetch.time_limit = std::chrono::milliseconds(static_cast<long long>(limit * 1000));
  return fetch;
}

int run_update(const std::string& db, const IndexArgs& args, const UpdateArgs& u) {
  newsdex::IndexOptions options = index_options(db, args);
  options.fetch = fetch_options(u);
  newsdex::UpdateOptions update;
  if (!u.feeds_file.empty()) {
    std::vector<newsdex::Problem> problems;
    std::ifstream in(u.feeds_file, std::ios::binary);
    if (!in) throw newsdex::Error(newsdex::Errc::invalid_argument,
                                  fmt::format("{}: cannot open the feed list", u.feeds_file));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    update.feeds = newsdex::parse_feed_list(text, u.feeds_file, problems);
    for (const auto& p : problems) fmt::print(stderr, "warning: {}: {}\n", p.where, p.message);
  }
  if (u.expire_days > 0) update.expire_days = u.expire_days;
  if (options.progress) update.progress = show_progress;

  auto started = std::chrono::steady_clock::now();
  // Refreshing the index's own list never creates an index; a --feeds list
  // is indexing like any other input.
  options.create = !update.feeds.empty();
  if (!options.create && newsdex::read_feed_states(db).empty()) {
    fmt::print(stderr, "newsdex-index: no feeds to update: follow some with `newsdex-index feeds add "
                       "URL` or `feeds import FILE.opml`, or pass --feeds FILE for a one-off run\n");
    return kExitUsage;
  }
  auto index = newsdex::Index::open(options);
  newsdex::UpdateReport r = index.update(update);
  if (options.progress) show_progress({}, 0, 0);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_problems(r.index, args.quiet);
  if (r.deferred > 0)  // once per run, and not an error: they go first next time
    fmt::print(stderr, "warning: {} not fetched: the run's time limit passed first; the next run "
               "starts with them\n", n_of(r.deferred, "feed"));
  if (!args.quiet) {
    std::string skipped;
    if (r.backing_off > 0) skipped += fmt::format(", {} waiting after failures", r.backing_off);
    if (r.dead > 0) skipped += fmt::format(", {} dead (feeds list)", r.dead);
    fmt::print("{}: {} fetched, {} not modified, {} failed{}; {} added, {} updated, {} "
               "unchanged{} ({:.2f} s)\n",
               n_of(r.feeds, "feed"), r.fetched, r.not_modified, r.failed, skipped, r.index.added,
               r.index.updated, r.index.unchanged,
               u.expire_days > 0 ? fmt::format(", {} expired", r.expired) : "", seconds);
  }
  return r.ok() ? kExitOk : kExitSomeFailed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "newsdex-index"};
  app.set_version_flag("--version", std::string("newsdex-index ") + NEWSDEX_VERSION_STRING);
  std::string db;
  app.add_option("--db", db, "Index folder (default: $NEWSDEX_DB, else ~/.local/share/newsdex)");

  IndexArgs args;
  app.add_option("inputs", args.inputs, "Files, folders or - (standard input)");
  app.add_option("--format", args.format,
                 "Read inputs as feeds, plain-text articles or multi-source digests")
      ->check(CLI::IsMember({"auto", "feed", "article", "digest"}))
      ->capture_default_str();
  app.add_option("--date", args.date,
                 "Date for plain text whose dates lack a year (default: each file's time)");
  app.add_option("--wait", args.wait_seconds,
                 "Wait up to SECONDS for another writer to release the index")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-q,--quiet", args.quiet, "Print only errors (for cron)");
  app.add_flag("-v,--verbose", args.verbose, "List each input read with its item count");
  const char* shards_help =
      "A new index of N shards (folders shard0/... and a XAPIANDB stub file), each written by a "
      "thread of its own; an existing index keeps its count (default: the index's, 1 for a new one)";
  app.add_option("--shards", args.shards, shards_help)->check(CLI::Range(1, 64));

  UpdateArgs update_args;
  auto* update = app.add_subcommand(
      "update", "Fetch every followed feed (or those in --feeds) and index what changed");
  update->add_option("--feeds", update_args.feeds_file,
                     "Feed list to fetch once instead of the index's own: OPML, or one URL per line "
                     "(`feeds import FILE` follows them)");
  update->add_option("--expire", update_args.expire_days,
                     "Delete documents published more than DAYS ago (default: keep everything)")
      ->check(CLI::PositiveNumber);
  update->add_option("--timeout", update_args.timeout, "Seconds allowed per fetch")
      ->capture_default_str();
  update->add_option("--connect-timeout", update_args.connect_timeout, "Seconds to connect")
      ->capture_default_str();
  update->add_option("--time-limit", update_args.time_limit,
                     "Seconds the whole run may take; feeds not reached by then go first next run "
                     "(default: --timeout + --connect-timeout + 10)")
      ->check(CLI::PositiveNumber);
  update->add_option("--db", db, "Index folder");
  update->add_flag("-q,--quiet", args.quiet, "Print only errors (for cron)");
  update->add_option("--wait", args.wait_seconds, "Wait up to SECONDS for the write lock");

  auto* feeds = app.add_subcommand("feeds", "Manage the subscriptions kept with the index");
  feeds->require_subcommand(1);
  FeedAddArgs feed_add;
  std::string feed_key, feed_value, feeds_format = "text", feeds_file;
  auto* feeds_add = feeds->add_subcommand(
      "add", "Follow a feed, or the feeds a web page links to; fetches it once to check");
  feeds_add->add_option("url", feed_add.url, "The feed's URL, or a web page that links to feeds")->required();
  feeds_add->add_option("name", feed_add.name, "A name for it (default: the feed's title)");
  feeds_add->add_option("--category", feed_add.category, "Folder to file it under, e.g. World/Europe");
  feeds_add->add_flag("--all", feed_add.all, "A page that links to several feeds: follow every one");
  feeds_add->add_flag("--no-check", feed_add.no_check, "Subscribe without fetching the URL first");
  auto* feeds_import = feeds->add_subcommand(
      "import", "Follow every feed of an OPML file (another reader's export) or a URL list");
  feeds_import->add_option("file", feeds_file, "OPML, or one URL per line")->required();
  auto* feeds_export = feeds->add_subcommand("export", "Write the subscriptions as OPML 2.0");
  feeds_export->add_option("file", feeds_file, "Output file (default: standard output)");
  auto* feeds_remove = feeds->add_subcommand("remove", "Stop following a feed (its documents stay)");
  feeds_remove->add_option("feed", feed_key, "Its URL or name")->required();
  auto* feeds_rename = feeds->add_subcommand("rename", "Give a feed another name");
  feeds_rename->add_option("feed", feed_key, "Its URL or name")->required();
  feeds_rename->add_option("name", feed_value, "The new name")->required();
  auto* feeds_set_category = feeds->add_subcommand(
      "set-category", "File a feed under a folder (searchable as folder:NAME); \"\" for none");
  feeds_set_category->add_option("feed", feed_key, "Its URL or name")->required();
  feeds_set_category->add_option("category", feed_value, "Folder, e.g. World/Europe")->required();
  auto* feeds_retry = feeds->add_subcommand(
      "retry", "Fetch a failing or dead feed at the next update, forgetting its failures");
  feeds_retry->add_option("feed", feed_key, "Its URL or name")->required();
  auto* feeds_list = feeds->add_subcommand("list", "Show each feed, its folder and its fetch state");
  feeds_list->add_option("--format", feeds_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  for (auto* sub : {feeds_add, feeds_import, feeds_export, feeds_remove, feeds_rename,
                    feeds_set_category, feeds_retry, feeds_list})
    sub->add_option("--db", db, "Index folder");
  for (auto* sub : {feeds_add, feeds_import, feeds_remove, feeds_retry})
    sub->add_flag("-q,--quiet", args.quiet, "Print only errors");
  feeds_add->add_option("--timeout", update_args.timeout, "Seconds allowed for the fetch")
      ->capture_default_str();

  app.add_option("--include", args.include,
                 "In folders, read only files matching GLOB (path inside the folder or name); repeatable");
  app.add_option("--exclude", args.exclude, "In folders, leave out files matching GLOB; repeatable");

  auto* sync = app.add_subcommand(
      "sync", "Index again every folder indexed before: new and changed files in, deleted ones out (cron)");
  sync->add_option("--db", db, "Index folder");
  sync->add_flag("-q,--quiet", args.quiet, "Print only errors (for cron)");
  sync->add_flag("-v,--verbose", args.verbose, "List each input read and each file skipped");
  sync->add_option("--wait", args.wait_seconds, "Wait up to SECONDS for the write lock");

  int expire_days = 0;
  bool dry_run = false;
  std::string delete_query;
  auto* expire = app.add_subcommand("expire", "Delete the documents dated more than DAYS ago");
  expire->add_option("days", expire_days, "Age in days")->required()->check(CLI::PositiveNumber);
  auto* delete_cmd = app.add_subcommand("delete", "Delete the documents a query finds (the query "
                                                  "language of newsdex-search)");
  delete_cmd->add_option("query", delete_query, "What to delete, e.g. 'source:\"Daily Mail\"'")->required();
  for (auto* sub : {expire, delete_cmd}) {
    sub->add_flag("-n,--dry-run", dry_run, "List what would be deleted and delete nothing");
    sub->add_option("--db", db, "Index folder");
    sub->add_flag("-q,--quiet", args.quiet, "Print only errors");
    sub->add_option("--wait", args.wait_seconds, "Wait up to SECONDS for the write lock");
  }

  std::string stats_format = "text";
  auto* stats = app.add_subcommand("stats", "Show what the index holds: documents, sources, dates, size");
  stats->add_option("--format", stats_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  stats->add_option("--db", db, "Index folder");

  std::string export_file, import_file;
  auto* export_cmd = app.add_subcommand(
      "export", "Write every document as JSON lines, a backup any later version can import");
  export_cmd->add_option("file", export_file, "Output file (default: - for standard output)");
  auto* import_cmd = app.add_subcommand(
      "import", "Read an export back into the index (documents already there are unchanged)");
  import_cmd->add_option("file", import_file, "An export, or - for standard input")->required();
  import_cmd->add_option("--wait", args.wait_seconds, "Wait up to SECONDS for the write lock");
  import_cmd->add_option("--shards", args.shards, shards_help)->check(CLI::Range(1, 64));
  for (auto* sub : {export_cmd, import_cmd}) {
    sub->add_option("--db", db, "Index folder");
    sub->add_flag("-q,--quiet", args.quiet, "Print only errors");
  }

  std::vector<std::string> compact_dbs;
  std::string compact_output;
  auto* compact_cmd = app.add_subcommand(
      "compact", "Rewrite the index compactly in place, or merge several (shards) into a new one");
  compact_cmd->add_option("--db", compact_dbs,
                          "Index folder; repeat to merge several (default: the usual index)");
  compact_cmd->add_option("--output", compact_output,
                          "New folder for the merged index (the sources are left as they are)");
  compact_cmd->add_option("--wait", args.wait_seconds, "Wait up to SECONDS for the write lock");
  compact_cmd->add_flag("-q,--quiet", args.quiet, "Print only errors");

  // Near-duplicates (README, "Stories and near-duplicates").
  bool no_near_duplicates = false;
  for (auto* cmd : {&app, update, import_cmd}) {
    cmd->add_option("--duplicate-threshold", args.near_duplicates.threshold,
                    "Similarity (estimated Jaccard of 3-word shingles) at which an article "
                    "joins a near-duplicate's story")
        ->check(CLI::Range(0.05, 1.0))
        ->capture_default_str();
    cmd->add_flag("--no-near-duplicates", no_near_duplicates,
                  "Do not group near-duplicate articles into stories (nor fingerprint them)");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  args.near_duplicates.enabled = !no_near_duplicates;
  try {
    if (db.empty()) db = newsdex::default_index_path();
    if (*stats) return run_stats(db, stats_format);
    if (*compact_cmd) {
      if (compact_dbs.empty()) compact_dbs.push_back(db);
      return run_compact(compact_dbs, compact_output, args);
    }
    if (*export_cmd) return run_export(db, export_file, args.quiet);
    if (*import_cmd) return run_import(db, args, import_file);
    if (*update) return run_update(db, args, update_args);
    if (*sync) return run_sync(db, args);
    if (*expire)
      return run_delete(db, args, "*", static_cast<std::int64_t>(std::time(nullptr)) - std::int64_t{expire_days} * 86400,
                        dry_run);
    if (*delete_cmd) return run_delete(db, args, delete_query, std::nullopt, dry_run);
    if (*feeds) {
      FeedsContext ctx{db, std::chrono::milliseconds(static_cast<long long>(args.wait_seconds * 1000)),
                       fetch_options(update_args), args.quiet};
      if (*feeds_add) return newsdex_cli::feeds_add(ctx, feed_add);
      if (*feeds_import) return newsdex_cli::feeds_import(ctx, feeds_file);
      if (*feeds_export) return newsdex_cli::feeds_export(ctx, feeds_file);
      if (*feeds_remove) return newsdex_cli::feeds_remove(ctx, feed_key);
      if (*feeds_rename) return newsdex_cli::feeds_rename(ctx, feed_key, feed_value);
      if (*feeds_set_category) return newsdex_cli::feeds_set_category(ctx, feed_key, feed_value);
      if (*feeds_retry) return newsdex_cli::feeds_retry(ctx, feed_key);
      return newsdex_cli::feeds_list(ctx, feeds_format);
    }
    if (args.inputs.empty()) {
      fmt::print(stderr,
                 "newsdex-index: nothing to index: give files, folders or - (see --help)\n");
      return kExitUsage;
    }
    return run_index(db, args);
  } catch (const newsdex::Error& e) {
    fmt::print(stderr, "newsdex-index: {}\n", e.what());
    return exit_code_for(e);
  }
}

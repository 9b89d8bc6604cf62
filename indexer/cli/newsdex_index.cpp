// newsdex-index: reads feeds and plain-text news into an index.
// A thin client of the public API (newsdex/newsdex.hpp).

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsdex/newsdex.hpp"

namespace {

// Exit codes, as cron and scripts expect them (sysexits.h for the lock).
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTempFail = 75;

constexpr const char* kDescription =
    "Index RSS, RDF and Atom feeds and plain-text news into a newsdex index.\n"
    "\n"
    "Inputs are files, folders (read recursively) or - for standard input; the\n"
    "format is detected from the content. Indexing the same input again updates\n"
    "changed items and never duplicates one.\n"
    "\n"
    "Examples:\n"
    "  newsdex-index data/                      index every file under data/\n"
    "  curl -s URL | newsdex-index -           index a feed from a pipe\n"
    "  newsdex-index --db ~/news feeds/*.xml   use another index\n"
    "  newsdex-index stats                      what the index holds\n"
    "\n"
    "The index is --db, else $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex\n"
    "(~/.local/share/newsdex). Exit status: 0 every input indexed, 1 some inputs\n"
    "failed (the rest were indexed), 2 usage error, 75 index locked by another writer.";

int exit_code_for(const newsdex::Error& e) {
  switch (e.code()) {
    case newsdex::Errc::locked: return kExitTempFail;
    case newsdex::Errc::invalid_argument: return kExitUsage;
    default: return kExitSomeFailed;
  }
}

std::string when(const std::optional<std::int64_t>& t) {
  return t ? newsdex::format_utc(*t) : std::string("-");
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
  double wait_seconds = 0;
  bool quiet = false;
  bool verbose = false;
};

int run_index(const std::string& db, const IndexArgs& args) {
  const bool progress = !args.quiet && isatty(STDERR_FILENO);
  newsdex::IndexOptions options;
  options.path = db;
  options.lock_wait = std::chrono::milliseconds(static_cast<long long>(args.wait_seconds * 1000));
  if (progress)
    options.progress = [](const std::string& input, std::size_t done, std::size_t total) {
      if (input.empty())
        fmt::print(stderr, "\r\033[K");
      else
        fmt::print(stderr, "\r\033[K[{}/{}] {}", done + 1, total, input);
      std::fflush(stderr);
    };
  auto format = args.format == "feed"      ? newsdex::InputFormat::feed
                : args.format == "article" ? newsdex::InputFormat::article
                                           : newsdex::InputFormat::automatic;

  auto started = std::chrono::steady_clock::now();
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  index.add_paths(args.inputs, report, format);
  index.commit();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (args.verbose)
    for (const auto& in : report.inputs) fmt::print("{:>6} items  {}\n", in.items, in.name);
  if (!args.quiet)
    for (const auto& w : report.warnings) fmt::print(stderr, "warning: {}: {}\n", w.where, w.message);
  for (const auto& e : report.errors) fmt::print(stderr, "error: {}: {}\n", e.where, e.message);
  if (!args.quiet)
    fmt::print("{} inputs read: {} added, {} updated, {} unchanged; {} warnings, {} errors ({:.2f} s)\n",
               report.inputs_read, report.added, report.updated, report.unchanged,
               report.warnings.size(), report.errors.size(), seconds);
  return report.ok() ? kExitOk : kExitSomeFailed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "newsdex-index"};
  app.set_version_flag("--version", std::string("newsdex-index ") + NEWSDEX_VERSION_STRING);
  std::string db;
  app.add_option("--db", db, "Index folder (default: $NEWSDEX_DB, else ~/.local/share/newsdex)");

  IndexArgs args;
  app.add_option("inputs", args.inputs, "Files, folders or - (standard input)");
  app.add_option("--format", args.format, "Read inputs as feeds or plain-text articles")
      ->check(CLI::IsMember({"auto", "feed", "article"}))
      ->capture_default_str();
  app.add_option("--wait", args.wait_seconds,
                 "Wait up to SECONDS for another writer to release the index")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-q,--quiet", args.quiet, "Print only errors (for cron)");
  app.add_flag("-v,--verbose", args.verbose, "List each input read with its item count");

  std::string stats_format = "text";
  auto* stats = app.add_subcommand("stats", "Show what the index holds: documents, sources, dates, size");
  stats->add_option("--format", stats_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  stats->add_option("--db", db, "Index folder");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (db.empty()) db = newsdex::default_index_path();

  try {
    if (*stats) return run_stats(db, stats_format);
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

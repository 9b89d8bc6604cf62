// newsdex_load: indexing and search load of issue 7, newsdex against a
// minimal raw Xapian program (the floor) and SQLite FTS5, in one run.
//
// Each round indexes the corpus with each system in turn, each in a forked
// child (so its peak RSS is its own: wait4's ru_maxrss), then runs the query
// log against the index it wrote (top 10 with snippets), and for newsdex also
// a sample of the log through `newsdex-search` as a whole process. Medians
// over the rounds are printed and written to --out, with each round's ratios.
//
//   newsdex_load [--reuters DIR] [--rounds N] [--queries N] [--cli-queries N]
//                [--200k] [--million] [--out FILE]

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "derive.hpp"
#include "newsdex/newsdex.hpp"
#include "query_log.hpp"
#include "reuters.hpp"
#include "reuters_json.hpp"
#include "support.hpp"

#ifndef NEWSDEX_SHARED_DATA_DIR
#define NEWSDEX_SHARED_DATA_DIR "../shared/data"
#endif
#ifndef NEWSDEX_SEARCH_CLI
#define NEWSDEX_SEARCH_CLI "newsdex-search"
#endif

extern char** environ;

namespace fs = std::filesystem;
using newsdex::bench::LogQuery;
using newsdex::bench::ReutersArticle;
using Clock = std::chrono::steady_clock;

namespace {

using newsdex::bench::TempDir;
using newsdex::bench::median;

constexpr std::uint64_t kSeed = 7;
constexpr std::size_t kBatch = 1000;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::uint64_t size_on_disk(const fs::path& p) {
  std::uint64_t total = 0;
  if (fs::is_regular_file(p)) return fs::file_size(p);
  for (const auto& e : fs::recursive_directory_iterator(p))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

// "1987-03-02" / "19870302" of a date, or "" when there is none.
std::string ymd(const std::optional<std::int64_t>& date, bool dashes) {
  if (!date) return "";
  const std::time_t t = *date;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, dashes ? "%Y-%m-%d" : "%Y%m%d", &tm);
  return buf;
}

// A corpus: `size` articles derived from the base (see derive.hpp).
struct Corpus {
  std::string name;
  const std::vector<ReutersArticle>* base;
  std::size_t size;
  ReutersArticle at(std::size_t n) const { return newsdex::bench::derive_article(*base, n, kSeed); }
};

// One system: indexes batches into `dir`, then answers queries there.
struct System {
  std::string name;
  std::string short_name;  // for --systems and --keep
  // Called in the child: indexes the whole corpus, returns the seconds spent
  // in the system's own calls (building the articles is not counted).
  std::function<double(const Corpus&, const fs::path&)> index;
  // Opens the index once and returns a function running one log query.
  std::function<std::function<void(const LogQuery&)>(const fs::path&)> searcher;
};

// --- newsdex through the public API ------------------------------------

// `shards`: 0 for the defaults a user gets (one database), else
// IndexOptions::shards (one writer thread per shard).
double newsdex_index(const Corpus& c, const fs::path& dir, std::size_t shards) {
  newsdex::IndexOptions options;  // the defaults a user gets
  options.path = dir.string();
  options.shards = shards;
  double spent = 0;
  auto index = newsdex::Index::open(options);
  newsdex::IndexReport report;
  for (std::size_t start = 0; start < c.size; start += kBatch) {
    std::string lines;
    for (std::size_t n = start; n < std::min(c.size, start + kBatch); ++n) lines += newsdex::bench::reuters_json_line(c.at(n));
    std::istringstream in(std::move(lines));
    auto t = Clock::now();
    index.import_documents(in, c.name, report);
    spent += seconds_since(t);
  }
  auto t = Clock::now();
  index.commit();
  spent += seconds_since(t);
  if (!report.errors.empty()) std::cerr << "newsdex: " << report.errors.size() << " import errors\n";
  return spent;
}

std::function<void(const LogQuery&)> newsdex_searcher(const fs::path& dir) {
  auto searcher = std::make_shared<newsdex::Searcher>(newsdex::Searcher::open(dir.string()));
  return [searcher](const LogQuery& q) {
    newsdex::SearchOptions options;  // top 10, 200-character snippets
    auto results = searcher->search(newsdex::bench::to_newsdex(q), options);
    (void)results;
  };
}

// --- the minimal raw Xapian program -------------------------------------

double xapian_index(const Corpus& c, const fs::path& dir) {
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  double spent = 0;
  for (std::size_t start = 0; start < c.size; start += kBatch) {
    std::vector<ReutersArticle> batch;
    for (std::size_t n = start; n < std::min(c.size, start + kBatch); ++n) batch.push_back(c.at(n));
    auto t = Clock::now();
    for (const auto& a : batch) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(a.title, 1, "S");
      tg.index_text(a.title);
      tg.increase_termpos();
      tg.index_text(a.body);
      doc.add_value(0, ymd(a.date, false));
      doc.set_data(a.body);
      db.add_document(doc);
    }
    db.commit();
    spent += seconds_since(t);
  }
  return spent;
}

std::function<void(const LogQuery&)> xapian_searcher(const fs::path& dir) {
  struct State {
    Xapian::Database db;
    Xapian::QueryParser qp;
    Xapian::RangeProcessor dates{0, "date:"};
    Xapian::Stem stem{"english"};
  };
  auto s = std::make_shared<State>();
  s->db = Xapian::Database(dir.string());
  s->qp.set_database(s->db);
  s->qp.set_stemmer(s->stem);
  s->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  s->qp.set_default_op(Xapian::Query::OP_AND);
  s->qp.add_prefix("title", "S");
  s->qp.add_rangeprocessor(&s->dates);
  return [s](const LogQuery& q) {
    Xapian::Enquire enquire(s->db);
    enquire.set_query(s->qp.parse_query(newsdex::bench::to_xapian(q)));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      std::string snippet = mset.snippet(it.get_document().get_data(), 200, s->stem);
      (void)snippet;
    }
  };
}

// --- SQLite FTS5 ---------------------------------------------------------

struct Sqlite {
  sqlite3* db = nullptr;
  explicit Sqlite(const fs::path& file) { check(sqlite3_open(file.c_str(), &db), "open"); }
  ~Sqlite() { sqlite3_close(db); }
  void check(int rc, const char* what) const {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
      throw std::runtime_error(std::string("sqlite: ") + what + ": " + sqlite3_errmsg(db));
  }
  void exec(const char* sql) const { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql); }
};

struct Statement {
  sqlite3_stmt* s = nullptr;
  Statement(const Sqlite& sql, const char* text) { sql.check(sqlite3_prepare_v2(sql.db, text, -1, &s, nullptr), text); }
  ~Statement() { sqlite3_finalize(s); }
};

double fts5_index(const Corpus& c, const fs::path& dir) {
  Sqlite sql(dir / "fts5.db");
  sql.exec("CREATE VIRTUAL TABLE docs USING fts5(title, body, date UNINDEXED, tokenize='porter unicode61')");
  Statement insert(sql, "INSERT INTO docs(rowid, title, body, date) VALUES(?, ?, ?, ?)");
  double spent = 0;
  for (std::size_t start = 0; start < c.size; start += kBatch) {
    std::vector<ReutersArticle> batch;
    for (std::size_t n = start; n < std::min(c.size, start + kBatch); ++n) batch.push_back(c.at(n));
    auto t = Clock::now();
    sql.exec("BEGIN");
    for (const auto& a : batch) {
      const std::string date = ymd(a.date, true);
      sqlite3_bind_int64(insert.s, 1, a.id);
      sqlite3_bind_text(insert.s, 2, a.title.data(), static_cast<int>(a.title.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert.s, 3, a.body.data(), static_cast<int>(a.body.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert.s, 4, date.data(), static_cast<int>(date.size()), SQLITE_TRANSIENT);
      sql.check(sqlite3_step(insert.s), "insert");
      sqlite3_reset(insert.s);
    }
    sql.exec("COMMIT");
    spent += seconds_since(t);
  }
  return spent;
}

std::function<void(const LogQuery&)> fts5_searcher(const fs::path& dir) {
  struct State {
    Sqlite sql;
    Statement select;
    explicit State(const fs::path& d)
        : sql(d / "fts5.db"),
          select(sql,
                 "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '...', 32) FROM docs "
                 "WHERE docs MATCH ?1 AND date >= ?2 AND date < ?3 ORDER BY rank LIMIT 10") {}
  };
  auto s = std::make_shared<State>(dir);
  return [s](const LogQuery& q) {
    const std::string match = newsdex::bench::to_fts5(q);
    const auto range = newsdex::bench::fts5_date_range(q).value_or(std::pair<std::string, std::string>{"", "~"});
    sqlite3_bind_text(s->select.s, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    sqlite3_bind_text(s->select.s, 2, range.first.data(), static_cast<int>(range.first.size()), SQLITE_STATIC);
    sqlite3_bind_text(s->select.s, 3, range.second.data(), static_cast<int>(range.second.size()), SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s->select.s)) == SQLITE_ROW) {
    }
    s->sql.check(rc, "select");
    sqlite3_reset(s->select.s);
  };
}

// --- measuring --------------------------------------------------------------

struct IndexRun {
  double seconds = 0;
  double peak_rss_mb = 0;
  double inherited_mb = 0;  // resident in the benchmark at the fork: the child starts with (most of) it
  double index_mb = 0;
};

// VmRSS of this process in MB: a forked child starts with it resident.
double resident_mb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  double kb = 0;
  while (status >> key)
    if (key == "VmRSS:" && status >> kb) break;
  return kb / 1024;
}

// Indexes in a forked child; the child sends its seconds through a pipe and
// wait4 gives its peak RSS.
IndexRun index_in_child(const System& sys, const Corpus& c, const fs::path& dir) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::cout.flush();
  IndexRun run;
  run.inherited_mb = resident_mb();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    double s = -1;
    try {
      s = sys.index(c, dir);
    } catch (const std::exception& e) {
      std::cerr << sys.name << ": " << e.what() << "\n";
    }
    if (::write(fds[1], &s, sizeof s) != sizeof s) ::_exit(1);
    ::_exit(s < 0 ? 1 : 0);
  }
  ::close(fds[1]);
  const bool read_ok = ::read(fds[0], &run.seconds, sizeof run.seconds) == sizeof run.seconds;
  ::close(fds[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  if (!read_ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(sys.name + ": indexing failed");
  run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024;  // KiB on Linux
  run.index_mb = static_cast<double>(size_on_disk(dir)) / (1 << 20);
  return run;
}

// Milliseconds of each query, in log order.
std::vector<double> time_queries(const std::function<void(const LogQuery&)>& run, const std::vector<LogQuery>& log) {
  std::vector<double> ms;
  ms.reserve(log.size());
  for (const auto& q : log) {
    auto t = Clock::now();
    run(q);
    ms.push_back(seconds_since(t) * 1000);
  }
  return ms;
}

// `newsdex-search --db DIR -n 10 --format json QUERY` per query, process start included.
std::vector<double> time_cli(const fs::path& dir, const std::vector<LogQuery>& sample) {
  std::vector<double> ms;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  for (const auto& q : sample) {
    std::vector<std::string> args = {NEWSDEX_SEARCH_CLI, "--db", dir.string(), "-n", "10", "--format", "json",
                                     newsdex::bench::to_newsdex(q)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    auto t = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, NEWSDEX_SEARCH_CLI, &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot run " NEWSDEX_SEARCH_CLI);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ms.push_back(seconds_since(t) * 1000);
    // 0: found, 1: nothing found; anything else is a failure of the CLI.
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) throw std::runtime_error("newsdex-search failed");
  }
  posix_spawn_file_actions_destroy(&actions);
  return ms;
}

struct Row {
  std::vector<double> docs_per_s, mb_per_s, rss_mb, inherited_mb, index_mb, p50, p95, p99;
};

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string cell(const std::vector<double>& v, int decimals) { return v.empty() ? "-" : fixed(median(v), decimals); }

// a / b to two decimals, or "-" when either was not measured.
std::string ratio(double a, double b) { return a > 0 && b > 0 ? fixed(a / b, 2) : "-"; }

struct RunOptions {
  fs::path reuters;
  int rounds = 3;
  std::size_t queries = 1000, cli_queries = 100, limit = 0;
  std::vector<std::size_t> sizes;
  fs::path out_file = "bench-load-results.md";
  std::vector<std::string> systems;  // short names to run; empty: all
  fs::path keep;  // indexes kept (and reused when present) under here; empty: temporary
  std::size_t shards = 0;  // above 1: also newsdex with this many shards ("newsdexN")
};

int run(const RunOptions& o) {
  const auto& [reuters, rounds, queries, cli_queries, limit, sizes, out_file, only, keep, shards] = o;
  auto base = newsdex::bench::read_reuters(reuters);
  if (limit && base.size() > limit) base.resize(limit);
  std::vector<std::string> titles;
  for (const auto& a : base) titles.push_back(a.title);
  const auto log = newsdex::bench::make_query_log(titles, queries, kSeed);
  std::vector<LogQuery> sample;
  for (std::size_t i = 0; i < log.size() && sample.size() < cli_queries; i += std::max<std::size_t>(1, log.size() / cli_queries))
    sample.push_back(log[i]);

  std::vector<System> systems;
  const std::string sharded = "newsdex " + std::to_string(shards) + " shards";
  for (System s : {System{"newsdex", "newsdex", [](const Corpus& c, const fs::path& d) { return newsdex_index(c, d, 0); },
                          newsdex_searcher},
                   System{sharded, "newsdex" + std::to_string(shards),
                          [shards](const Corpus& c, const fs::path& d) { return newsdex_index(c, d, shards); },
                          newsdex_searcher},
                   System{"raw Xapian", "xapian", xapian_index, xapian_searcher},
                   System{"SQLite FTS5", "fts5", fts5_index, fts5_searcher}}) {
    if (s.name == sharded && shards < 2) continue;
    if (s.name == sharded && only.empty()) {  // asked for with --shards
      systems.push_back(s);
      continue;
    }
    if (only.empty() || std::find(only.begin(), only.end(), s.short_name) != only.end()) systems.push_back(s);
  }
  std::ostringstream report;
  report << "# newsdex_load results\n\n" << rounds << " rounds, " << log.size() << " queries (seed " << kSeed
         << "), " << sample.size() << " through the CLI; medians over the rounds.\n";
  for (std::size_t requested : sizes) {
    const std::size_t size = requested ? requested : base.size();
    const Corpus corpus{size == base.size() ? "reuters" : std::to_string(size / 1000) + "k", &base, size};
    double text_mb = 0;
    for (std::size_t n = 0; n < size; ++n) {
      const auto a = corpus.at(n);
      text_mb += static_cast<double>(a.title.size() + a.body.size()) / (1 << 20);
    }
    std::cout << "corpus " << corpus.name << ": " << size << " articles, " << fixed(text_mb, 1) << " MB of text\n";
    std::map<std::string, Row> rows;
    Row cli;
    std::vector<std::string> per_round;
    for (int round = 0; round < rounds; ++round) {
      std::map<std::string, double> rate, p99;
      for (std::size_t k = 0; k < systems.size(); ++k) {
        const auto& sys = systems[(k + static_cast<std::size_t>(round)) % systems.size()];  // rotate the order
        TempDir tmp;
        const fs::path dir = keep.empty() ? tmp.path / "db" : keep / (corpus.name + "-" + sys.short_name);
        // A kept index is reused: only its searches are measured again.
        const bool reuse = !keep.empty() && fs::exists(dir / "done");
        IndexRun ir;
        Row& r = rows[sys.name];
        if (!reuse) {
          fs::remove_all(dir);
          fs::create_directories(dir);
          ir = index_in_child(sys, corpus, dir);
          if (!keep.empty()) std::ofstream(dir / "done") << "indexed\n";
          r.docs_per_s.push_back(static_cast<double>(size) / ir.seconds);
          r.mb_per_s.push_back(text_mb / ir.seconds);
          r.rss_mb.push_back(ir.peak_rss_mb);
          r.inherited_mb.push_back(ir.inherited_mb);
          r.index_mb.push_back(ir.index_mb);
        }
        std::vector<double> ms = time_queries(sys.searcher(dir), log);
        r.p50.push_back(percentile(ms, 0.50));
        r.p95.push_back(percentile(ms, 0.95));
        r.p99.push_back(percentile(ms, 0.99));
        rate[sys.name] = reuse ? 0 : r.docs_per_s.back();
        p99[sys.name] = r.p99.back();
        if (reuse) std::cout << "  round " << round + 1 << " " << sys.name << ": kept index " << dir.string() << "; p50 "
                             << fixed(r.p50.back(), 3) << " p99 " << fixed(r.p99.back(), 3) << " ms\n";
        else std::cout << "  round " << round + 1 << " " << sys.name << ": " << fixed(ir.seconds, 2) << " s, "
                  << fixed(r.docs_per_s.back(), 0) << " docs/s, peak RSS " << fixed(ir.peak_rss_mb, 0) << " MB (" << fixed(ir.inherited_mb, 0)
                  << " inherited), index " << fixed(ir.index_mb, 1) << " MB; p50 " << fixed(r.p50.back(), 3) << " p99 " << fixed(r.p99.back(), 3)
                  << " ms\n";
        if (sys.name == "newsdex" && cli_queries > 0) {
          std::vector<double> cms = time_cli(dir, sample);
          cli.p50.push_back(percentile(cms, 0.50));
          cli.p95.push_back(percentile(cms, 0.95));
          cli.p99.push_back(percentile(cms, 0.99));
          std::cout << "  round " << round + 1 << " newsdex-search CLI: p50 " << fixed(cli.p50.back(), 2) << " p99 "
                    << fixed(cli.p99.back(), 2) << " ms\n";
        }
      }
      per_round.push_back("| " + std::to_string(round + 1) + " | " +
                          ratio(rate[sharded], rate["raw Xapian"]) + " | " +
                          ratio(rate["newsdex"], rate["raw Xapian"]) + " | " +
                          ratio(rate["newsdex"], rate["SQLite FTS5"]) + " | " +
                          ratio(p99["newsdex"], p99["raw Xapian"]) + " | " +
                          ratio(p99["newsdex"], p99["SQLite FTS5"]) + " |");
    }
    report << "\n## " << corpus.name << ": " << size << " articles, " << fixed(text_mb, 1) << " MB of text\n\n"
           << "| system | docs/s | MB/s | peak RSS MB | index MB | p50 ms | p95 ms | p99 ms |\n"
           << "|---|---|---|---|---|---|---|---|\n";
    for (const auto& sys : systems) {
      const Row& r = rows[sys.name];
      report << "| " << sys.name << " | " << cell(r.docs_per_s, 0) << " | " << cell(r.mb_per_s, 2) << " | "
             << cell(r.rss_mb, 0) << " | " << cell(r.index_mb, 1) << " | " << cell(r.p50, 3) << " | "
             << cell(r.p95, 3) << " | " << cell(r.p99, 3) << " |\n";
    }
    std::vector<double> inherited;
    for (const auto& [name, r] : rows) inherited.insert(inherited.end(), r.inherited_mb.begin(), r.inherited_mb.end());
    report << "| newsdex-search CLI (process) | - | - | - | - | " << cell(cli.p50, 2) << " | " << cell(cli.p95, 2)
           << " | " << cell(cli.p99, 2) << " |\n\n"
           << "Peak RSS includes up to " << fixed(median(inherited), 0)
           << " MB (median) of the benchmark's own memory, resident when it forks the indexing child.\n\n";
    const Row &nd = rows["newsdex"], &xa = rows["raw Xapian"], &ft = rows["SQLite FTS5"];
    report << "Ratios of medians: indexing docs/s newsdex/raw Xapian " << ratio(median(nd.docs_per_s), median(xa.docs_per_s))
           << ", newsdex/FTS5 " << ratio(median(nd.docs_per_s), median(ft.docs_per_s)) << "; search p50 newsdex/raw Xapian "
           << ratio(median(nd.p50), median(xa.p50)) << ", newsdex/FTS5 " << ratio(median(nd.p50), median(ft.p50))
           << "; p99 newsdex/raw Xapian " << ratio(median(nd.p99), median(xa.p99)) << ", newsdex/FTS5 "
           << ratio(median(nd.p99), median(ft.p99)) << ".\n\n"
           << "| round | docs/s newsdex " << shards << " shards/Xapian | docs/s newsdex/Xapian | docs/s newsdex/FTS5 | p99 newsdex/Xapian | p99 newsdex/FTS5 |\n"
           << "|---|---|---|---|---|---|\n";
    for (const auto& line : per_round) report << line << "\n";
  }
  std::cout << "\n" << report.str();
  std::ofstream(out_file) << report.str();
  std::cout << "\nwritten to " << out_file.string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  RunOptions o;
  o.reuters = fs::path(NEWSDEX_SHARED_DATA_DIR) / "reuters21578";
  bool k200 = false, million = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      o.rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--queries" && i + 1 < argc) {
      o.queries = std::max<std::size_t>(1, static_cast<std::size_t>(std::atol(argv[++i])));
    } else if (a == "--cli-queries" && i + 1 < argc) {
      o.cli_queries = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--limit" && i + 1 < argc) {
      o.limit = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--reuters" && i + 1 < argc) {
      o.reuters = argv[++i];
    } else if (a == "--out" && i + 1 < argc) {
      o.out_file = argv[++i];
    } else if (a == "--keep" && i + 1 < argc) {
      o.keep = argv[++i];
    } else if (a == "--systems" && i + 1 < argc) {
      std::stringstream list(argv[++i]);
      for (std::string name; std::getline(list, name, ',');) o.systems.push_back(name);
    } else if (a == "--shards" && i + 1 < argc) {
      o.shards = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--200k") {
      k200 = true;
    } else if (a == "--million") {
      million = true;
    } else {
      std::cerr << "usage: newsdex_load [--reuters DIR] [--rounds N] [--queries N] [--cli-queries N] "
                   "[--limit N] [--200k] [--million] [--systems newsdex,newsdexN,xapian,fts5] [--shards N] [--keep DIR] "
                   "[--out FILE]\n";
      return 2;
    }
  }
  try {
    // Reuters alone by default; --200k and --million replace it.
    if (k200) o.sizes.push_back(200000);
    if (million) o.sizes.push_back(1000000);
    if (o.sizes.empty()) o.sizes.push_back(0);  // 0: the base itself (or --limit of it)
    if (!fs::is_directory(o.reuters)) {
      std::cout << "skipped: " << o.reuters.string() << " not found\n";
      return 0;
    }
    return run(o);
  } catch (const std::exception& e) {
    std::cerr << "newsdex_load: " << e.what() << "\n";
    return 1;
  }
}

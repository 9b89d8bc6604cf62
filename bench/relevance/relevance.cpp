// newsdex_relevance: ranking quality of newsdex on the TIME test collection,
// measured against SQLite FTS5 (bm25) on the same texts and queries, in the
// same run. See README.md beside this file for the choices made here.
//
//   newsdex_relevance [TIME_DIR] [--title first-sentence|label] [--stopwords] [--per-query]

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "evaluator.hpp"
#include "newsdex/newsdex.hpp"
#include "time_collection.hpp"

#ifndef NEWSDEX_TIME_DIR
#define NEWSDEX_TIME_DIR "../shared/data/time"
#endif

namespace fs = std::filesystem;
using newsdex::bench::Ranking;
using newsdex::bench::RunScores;
using newsdex::bench::TimeCollection;

namespace {

constexpr std::size_t kDepth = 1000;  // results asked for per query
constexpr std::size_t kCutoff = 10;   // k of P@k and nDCG@k

enum class TitleMode {
  first_sentence,  // body only: newsdex takes its first sentence as the title
  label,           // a one-word headline ("T017") that no query contains
};

struct Options {
  std::string time_dir = NEWSDEX_TIME_DIR;
  TitleMode title = TitleMode::first_sentence;
  bool stopwords = false;  // drop TIME.STP words from the queries (both systems)
  bool per_query = false;
};

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "U.S", "U.N": single letters joined by full stops.
bool is_acronym(const std::string& w) {
  if (w.size() < 3) return false;
  for (std::size_t i = 0; i < w.size(); ++i)
    if ((i % 2 == 0) != (std::isalpha(static_cast<unsigned char>(w[i])) != 0) ||
        (i % 2 == 1 && w[i] != '.'))
      return false;
  return w.size() % 2 == 1;
}

// The query for newsdex as plain lowercase words, so that Xapian's query
// parser sees no syntax: TIME's queries are in capitals, and "AND", "OR",
// "NOT", "NEAR" in capitals would be read as operators (28 of the 83 queries
// hold one); hyphens would make phrases and '*' a wildcard. Full stops and
// apostrophes inside a word are kept the way newsdex's indexer reads them:
// "NAM'S" stays one word (stemmed to "nam"), and an acronym "U.S" becomes
// "us", the term the indexer makes of it.
std::vector<std::string> newsdex_words(const std::string& text, const TimeCollection& c,
                                       bool drop_stopwords) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_alnum(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() &&
           (is_alnum(text[j]) ||
            ((text[j] == '\'' || text[j] == '.') && j + 1 < text.size() && is_alnum(text[j + 1]))))
      ++j;
    if (j > i) {
      std::string w = text.substr(i, j - i);
      const bool acronym = is_acronym(w);
      if (acronym) w.erase(std::remove(w.begin(), w.end(), '.'), w.end());
      w = lower(std::move(w));
      if (!(drop_stopwords && !acronym && c.stopwords.count(w))) out.push_back(std::move(w));
    }
    i = j;
  }
  return out;
}

// The FTS5 query: the words as FTS5's unicode61 tokenizer splits them (on
// anything but letters and digits), each quoted, joined by OR.
std::string fts5_query(const std::string& text, const TimeCollection& c, bool drop_stopwords) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_alnum(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && is_alnum(text[j])) ++j;
    if (j > i) {
      std::string w = lower(text.substr(i, j - i));
      if (!(drop_stopwords && c.stopwords.count(w))) {
        if (!out.empty()) out += " OR ";
        out += '"' + w + '"';
      }
    }
    i = j;
  }
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// What newsdex is given for each article (InputFormat::article).
std::string newsdex_text(const newsdex::bench::TimeDocument& d, TitleMode mode) {
  if (mode == TitleMode::label) return "T" + d.text_number + "\n\n" + d.text;
  return d.text;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "newsdex-relevance-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct SystemRun {
  std::map<int, Ranking> rankings;
  double index_seconds = 0;
  double search_seconds = 0;
  std::size_t unmapped = 0;  // hits that could not be traced to a document
  std::size_t threads = 1;   // searching
};

// Indexes every article through newsdex's public API, then runs every query.
SystemRun run_newsdex(const TimeCollection& c, const Options& opt) {
  SystemRun run;
  TempDir tmp;
  const std::string db = (tmp.path / "index").string();
  // Each article's `name` comes back as Document::input: that is how a hit
  // (whose id is a content hash) is traced to its TIME document.
  std::unordered_map<std::string, int> number_of_name;

  auto started = Clock::now();
  {
    newsdex::IndexOptions io;
    io.path = db;
    io.batch_size = c.documents.size() + 1;
    io.reference_time = -220924800;  // 1963-01-01: TIME's year, for year-less dates
#ifdef NEWSDEX_BOILERPLATE_FILE
    io.boilerplate_files = {NEWSDEX_BOILERPLATE_FILE};  // not the user's own file
#endif
    newsdex::Index index = newsdex::Index::open(io);
    newsdex::IndexReport report;
    for (const auto& d : c.documents) {
      std::string name = "TIME.ALL#" + std::to_string(d.number);
      index.add_bytes(newsdex_text(d, opt.title), name, report, newsdex::InputFormat::article);
      number_of_name[name] = d.number;
    }
    index.commit();
    if (!report.errors.empty() || report.added != c.documents.size())
      throw std::runtime_error("newsdex indexed " + std::to_string(report.added) + " of " +
                               std::to_string(c.documents.size()) + " articles (" +
                               (report.errors.empty() ? std::string("duplicates?")
                                                      : report.errors.front().where + ": " +
                                                            report.errors.front().message) +
                               ")");
  }
  run.index_seconds = seconds_since(started);

  // A hit costs newsdex far more than a match (its snippet is cut from the
  // whole text), and every query lists most of the collection: the queries
  // are spread over threads, one Searcher each (a Searcher is not
  // thread-safe).
  started = Clock::now();
  const std::size_t threads = std::clamp<std::size_t>(
      std::thread::hardware_concurrency(), 1, std::clamp<std::size_t>(c.queries.size(), 1, 8));
  std::vector<Ranking> rankings(c.queries.size());
  std::vector<std::size_t> unmapped(threads, 0);
  std::vector<std::exception_ptr> failures(threads);
  auto work = [&](std::size_t t) {
    try {
      newsdex::Searcher searcher = newsdex::Searcher::open(db);
      std::unordered_map<std::string, int> number_of_id;
      newsdex::SearchOptions so;
      so.limit = kDepth;
      so.match_all = false;
      so.snippet_chars = 1;
      for (std::size_t i = t; i < c.queries.size(); i += threads) {
        const std::string query = join(newsdex_words(c.queries[i].text, c, opt.stopwords));
        if (query.empty()) continue;  // newsdex would list every document, newest first
        for (const auto& hit : searcher.search(query, so).hits) {
          auto it = number_of_id.find(hit.id);
          if (it == number_of_id.end()) {
            int number = 0;
            if (auto doc = searcher.document(hit.id)) {
              auto n = number_of_name.find(doc->input);
              if (n != number_of_name.end()) number = n->second;
            }
            it = number_of_id.emplace(hit.id, number).first;
          }
          if (it->second == 0) ++unmapped[t];
          else rankings[i].push_back(it->second);
        }
      }
    } catch (...) {
      failures[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
  for (std::size_t i = 0; i < c.queries.size(); ++i)
    run.rankings[c.queries[i].number] = std::move(rankings[i]);
  for (auto u : unmapped) run.unmapped += u;
  run.threads = threads;
  run.search_seconds = seconds_since(started);
  return run;
}

struct Sqlite {
  sqlite3* db = nullptr;
  ~Sqlite() { sqlite3_close(db); }
  void exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string m = message ? message : "unknown error";
      sqlite3_free(message);
      throw std::runtime_error(std::string("sqlite: ") + m);
    }
  }
  void check(int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
      throw std::runtime_error(std::string("sqlite: ") + what + ": " + sqlite3_errmsg(db));
  }
};

struct Statement {
  sqlite3_stmt* s = nullptr;
  ~Statement() { sqlite3_finalize(s); }
};

// The same article texts in an in-memory FTS5 table, ranked by bm25().
SystemRun run_fts5(const TimeCollection& c, const Options& opt) {
  SystemRun run;
  Sqlite sql;
  auto started = Clock::now();
  sql.check(sqlite3_open(":memory:", &sql.db), "open");
  sql.exec("CREATE VIRTUAL TABLE time USING fts5(body, tokenize='porter unicode61')");
  sql.exec("BEGIN");
  {
    Statement insert;
    sql.check(sqlite3_prepare_v2(sql.db, "INSERT INTO time(rowid, body) VALUES(?, ?)", -1, &insert.s,
                                 nullptr),
              "prepare insert");
    for (const auto& d : c.documents) {
      sqlite3_bind_int(insert.s, 1, d.number);
      sqlite3_bind_text(insert.s, 2, d.text.data(), static_cast<int>(d.text.size()), SQLITE_STATIC);
      sql.check(sqlite3_step(insert.s), "insert");
      sqlite3_reset(insert.s);
    }
  }
  sql.exec("COMMIT");
  run.index_seconds = seconds_since(started);

  started = Clock::now();
  Statement select;
  sql.check(sqlite3_prepare_v2(
                sql.db, "SELECT rowid FROM time WHERE time MATCH ? ORDER BY bm25(time) LIMIT ?", -1,
                &select.s, nullptr),
            "prepare select");
  for (const auto& q : c.queries) {
    const std::string query = fts5_query(q.text, c, opt.stopwords);
    Ranking& ranking = run.rankings[q.number];
    if (query.empty()) continue;
    sqlite3_bind_text(select.s, 1, query.data(), static_cast<int>(query.size()), SQLITE_STATIC);
    sqlite3_bind_int(select.s, 2, static_cast<int>(kDepth));
    int rc;
    while ((rc = sqlite3_step(select.s)) == SQLITE_ROW) ranking.push_back(sqlite3_column_int(select.s, 0));
    sql.check(rc, "search");
    sqlite3_reset(select.s);
  }
  run.search_seconds = seconds_since(started);
  return run;
}

void usage(std::ostream& out) {
  out << "usage: newsdex_relevance [TIME_DIR] [--title first-sentence|label] [--stopwords] "
         "[--per-query]\n"
         "  TIME_DIR      the TIME collection (default " NEWSDEX_TIME_DIR ")\n"
         "  --title       what newsdex indexes as each article's title: its first sentence\n"
         "                (default; what newsdex does with a text that has no headline) or a\n"
         "                one-word label (\"T017\") that no query matches\n"
         "  --stopwords   drop the words of TIME.STP from the queries (both systems)\n"
         "  --per-query   print each query's average precision for both systems\n";
}

void print_row(const char* name, double map, double p, double ndcg) {
  std::printf("%-14s %7.3f %7.3f %8.3f\n", name, map, p, ndcg);
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      usage(std::cout);
      return 0;
    } else if (a == "--stopwords") {
      opt.stopwords = true;
    } else if (a == "--per-query") {
      opt.per_query = true;
    } else if (a == "--title" && i + 1 < argc) {
      std::string m = argv[++i];
      if (m == "first-sentence") opt.title = TitleMode::first_sentence;
      else if (m == "label") opt.title = TitleMode::label;
      else return usage(std::cerr), 2;
    } else if (!a.empty() && a[0] != '-') {
      opt.time_dir = a;
    } else {
      usage(std::cerr);
      return 2;
    }
  }

  std::string missing;
  auto collection = newsdex::bench::load_time_collection(opt.time_dir, missing);
  if (!collection) {
    std::cout << "skipped: " << missing << " not found\n";
    return 0;
  }
  const TimeCollection& c = *collection;

  try {
    auto started = Clock::now();
    SystemRun nd = run_newsdex(c, opt);
    SystemRun fts = run_fts5(c, opt);
    const double total = seconds_since(started);
    RunScores a = newsdex::bench::evaluate(nd.rankings, c.relevant, kCutoff);
    RunScores b = newsdex::bench::evaluate(fts.rankings, c.relevant, kCutoff);

    std::printf("TIME collection: %zu articles, %zu queries (%zu judged), %zu relevance judgments",
                c.documents.size(), c.queries.size(), a.queries, c.judgments);
    if (!c.dropped.empty()) std::printf(", %zu dropped", c.dropped.size());
    std::printf("\nqueries: words OR-ed%s, top %zu; newsdex titles: %s\n\n",
                opt.stopwords ? ", TIME.STP stopwords removed" : "", kDepth,
                opt.title == TitleMode::label ? "one-word label" : "first sentence");
    std::printf("%-14s %7s %7s %8s\n", "system", "MAP", "P@10", "nDCG@10");
    print_row("newsdex", a.map, a.precision, a.ndcg);
    print_row("SQLite FTS5", b.map, b.precision, b.ndcg);
    print_row("newsdex/FTS5", ratio(a.map, b.map), ratio(a.precision, b.precision),
              ratio(a.ndcg, b.ndcg));
    std::printf("\ntime: newsdex index %.2f s, search %.2f s (%zu thread%s); FTS5 index %.2f s, "
                "search %.2f s; total %.2f s\n",
                nd.index_seconds, nd.search_seconds, nd.threads, nd.threads == 1 ? "" : "s",
                fts.index_seconds, fts.search_seconds, total);
    auto mean_length = [](const SystemRun& r) {
      std::size_t n = 0;
      for (const auto& [q, ranking] : r.rankings) n += ranking.size();
      return r.rankings.empty() ? 0.0 : static_cast<double>(n) / static_cast<double>(r.rankings.size());
    };
    std::printf("results per query (mean): newsdex %.1f, FTS5 %.1f\n", mean_length(nd), mean_length(fts));
    if (nd.unmapped) std::printf("warning: %zu newsdex hits not traced to a document\n", nd.unmapped);
    for (const auto& d : c.dropped) std::printf("dropped judgment: %s\n", d.c_str());

    if (opt.per_query) {
      std::printf("\n%5s %8s %8s  %s\n", "query", "AP nd", "AP fts5", "relevant");
      for (const auto& [q, s] : a.per_query) {
        const double other = b.per_query.count(q) ? b.per_query.at(q).average_precision : 0;
        std::printf("%5d %8.3f %8.3f  %zu\n", q, s.average_precision, other, c.relevant.at(q).size());
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "newsdex_relevance: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

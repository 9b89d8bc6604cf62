// newsdex_relevance: ranking quality of newsdex on the TIME test collection,
// measured against SQLite FTS5 (bm25) on the same texts and queries, in the
// same run. See README.md beside this file for the choices made here.
//
//   newsdex_relevance [TIME_DIR] [--title first-sentence|label] [--stopwords] [--per-query]
//                     [--ablation] [--cv] [ranking overrides: --k1 X --b X ...]

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "evaluator.hpp"
#include "newsdex/newsdex.hpp"
#include "time_collection.hpp"
#include "support.hpp"

#ifndef NEWSDEX_TIME_DIR
#define NEWSDEX_TIME_DIR "../shared/data/time"
#endif

namespace fs = std::filesystem;
using newsdex::bench::Ranking;
using newsdex::bench::RunScores;
using newsdex::bench::TimeCollection;

namespace {

using newsdex::bench::TempDir;
using newsdex::bench::median;

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
  bool ablation = false;  // each ranking change on and off
  bool cv = false;        // 2-fold cross-validation and the parameter plateau
  bool models = false;    // every weighting model at a few parameter values
  bool unique_words = false;  // a word repeated in a query counts once
  double prune_df = 0;        // > 0: drop query words in more than this share of articles
  newsdex::RankingOptions ranking;  // overrides of newsdex's defaults
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

struct SystemRun {
  std::map<int, Ranking> rankings;
  double index_seconds = 0;
  double search_seconds = 0;
  std::size_t unmapped = 0;  // hits that could not be traced to a document
  std::size_t threads = 1;   // searching
};

// The TIME articles in a newsdex index (indexed once through the public
// API), searched with any ranking settings.
class NewsdexRun {
 public:
  NewsdexRun(const TimeCollection& c, const Options& opt) : c_(c), opt_(opt) {
    if (opt.prune_df > 0)
      for (const auto& d : c.documents) {
        auto words = newsdex_words(d.text, c, false);
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        for (auto& w : words) ++document_frequency_[w];
      }
    db_ = (tmp_.path / "index").string();
    auto started = Clock::now();
    newsdex::IndexOptions io;
    io.path = db_;
    io.batch_size = c.documents.size() + 1;
    io.reference_time = -220924800;  // 1963-01-01: TIME's year, for year-less dates
#ifdef NEWSDEX_BOILERPLATE_FILE
    io.boilerplate_files = {NEWSDEX_BOILERPLATE_FILE};  // not the user's own file
#endif
    newsdex::Index index = newsdex::Index::open(io);
    newsdex::IndexReport report;
    // Each article's `name` comes back as Document::input: that is how a
    // hit (whose id is a content hash) is traced to its TIME document.
    for (const auto& d : c.documents) {
      std::string name = "TIME.ALL#" + std::to_string(d.number);
      index.add_bytes(newsdex_text(d, opt.title), name, report, newsdex::InputFormat::article);
      number_of_name_[name] = d.number;
    }
    index.commit();
    if (!report.errors.empty() || report.added != c.documents.size())
      throw std::runtime_error("newsdex indexed " + std::to_string(report.added) + " of " +
                               std::to_string(c.documents.size()) + " articles (" +
                               (report.errors.empty() ? std::string("duplicates?")
                                                      : report.errors.front().where + ": " +
                                                            report.errors.front().message) +
                               ")");
    index_seconds_ = seconds_since(started);
    threads_ = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1,
                                       std::clamp<std::size_t>(c.queries.size(), 1, 8));
    number_of_id_.resize(threads_);
  }

  double index_seconds() const { return index_seconds_; }

  // Every query, top kDepth, OR-ed words, with `ranking`. Queries are spread
  // over threads, one Searcher each (a Searcher is not thread-safe).
  SystemRun run(const newsdex::RankingOptions& ranking) {
    SystemRun out;
    auto started = Clock::now();
    std::vector<Ranking> rankings(c_.queries.size());
    std::vector<std::size_t> unmapped(threads_, 0);
    std::vector<std::exception_ptr> failures(threads_);
    auto work = [&](std::size_t t) {
      try {
        newsdex::Searcher searcher = newsdex::Searcher::open(db_);
        auto& number_of_id = number_of_id_[t];
        newsdex::SearchOptions so;
        so.limit = kDepth;
        so.match_all = false;
        so.snippet_chars = 0;  // no snippets: ranking only
        so.ranking = ranking;
        for (std::size_t i = t; i < c_.queries.size(); i += threads_) {
          const std::string query = query_for(c_.queries[i].text);
          if (query.empty()) continue;  // newsdex would list every document, newest first
          for (const auto& hit : searcher.search(query, so).hits) {
            auto it = number_of_id.find(hit.id);
            if (it == number_of_id.end()) {
              int number = 0;
              if (auto doc = searcher.document(hit.id)) {
                auto n = number_of_name_.find(doc->input);
                if (n != number_of_name_.end()) number = n->second;
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
    for (std::size_t t = 1; t < threads_; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    for (auto& f : failures)
      if (f) std::rethrow_exception(f);
    for (std::size_t i = 0; i < c_.queries.size(); ++i)
      out.rankings[c_.queries[i].number] = std::move(rankings[i]);
    for (auto u : unmapped) out.unmapped += u;
    out.threads = threads_;
    out.index_seconds = index_seconds_;
    out.search_seconds = seconds_since(started);
    return out;
  }

  // Median wall time of one search (a first page of 10 hits with snippets,
  // as a user sees it) over the queries, each run `rounds` times, with
  // `ranking`. Single-threaded.
  double median_query_ms(const newsdex::RankingOptions& ranking, int rounds) {
    newsdex::Searcher searcher = newsdex::Searcher::open(db_);
    newsdex::SearchOptions so;
    so.match_all = false;
    so.ranking = ranking;
    std::vector<double> ms;
    for (int r = 0; r < rounds; ++r)
      for (const auto& q : c_.queries) {
        const std::string query = query_for(q.text);
        if (query.empty()) continue;
        auto t = Clock::now();
        searcher.search(query, so);
        ms.push_back(seconds_since(t) * 1000);
      }
    if (ms.empty()) return 0;
    std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(ms.size() / 2), ms.end());
    return ms[ms.size() / 2];
  }

  // newsdex's query for a TIME query, with the query-side experiments
  // (--unique-words, --prune-df) applied. Pruning counts surface words, not
  // stems, and keeps the query whole if it would drop every word.
  std::string query_for(const std::string& text) const {
    std::vector<std::string> words = newsdex_words(text, c_, opt_.stopwords);
    if (opt_.unique_words) {
      std::vector<std::string> once;
      for (auto& w : words)
        if (std::find(once.begin(), once.end(), w) == once.end()) once.push_back(w);
      words = std::move(once);
    }
    if (opt_.prune_df > 0) {
      const double limit = opt_.prune_df * static_cast<double>(c_.documents.size());
      std::vector<std::string> kept;
      for (auto& w : words) {
        auto it = document_frequency_.find(w);
        if (it == document_frequency_.end() || it->second <= limit) kept.push_back(w);
      }
      if (!kept.empty()) words = std::move(kept);
    }
    return join(words);
  }

 private:
  const TimeCollection& c_;
  const Options& opt_;
  std::unordered_map<std::string, int> document_frequency_;  // for --prune-df
  TempDir tmp_;
  std::string db_;
  std::unordered_map<std::string, int> number_of_name_;
  std::vector<std::unordered_map<std::string, int>> number_of_id_;  // per thread
  double index_seconds_ = 0;
  std::size_t threads_ = 1;
};

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
         "                         [--ablation] [--cv] [RANKING...]\n"
         "  TIME_DIR      the TIME collection (default " NEWSDEX_TIME_DIR ")\n"
         "  --title       what newsdex indexes as each article's title: its first sentence\n"
         "                (default; what newsdex does with a text that has no headline) or a\n"
         "                one-word label (\"T017\") that no query matches\n"
         "  --stopwords   drop the words of TIME.STP from the queries (both systems)\n"
         "  --per-query   print each query's average precision for both systems\n"
         "  --ablation    newsdex with each ranking change on and off\n"
         "  --cv          2-fold cross-validation of the parameters (odd/even queries) and\n"
         "                the scores around the defaults\n"
         "  RANKING       newsdex::RankingOptions instead of the defaults: --k1 X, --b X,\n"
         "                --min-normlen X, --no-stop, --feedback, --no-feedback, --fb-docs N,\n"
         "                --fb-terms N, --fb-weight X, --fb-min-docs N,\n"
         "                --model NAME, --model-param X\n"
         "                (NAME: bm25 bm25+ lm lm2 dph dlh pl2 pl2+ inl2 ifb2 bb2 tfidf tfidf-log ql)\n"
         "  --models      every weighting model at a few parameter values\n"
         "  --unique-words  newsdex only: a word repeated in a query is given once\n"
         "  --prune-df X  newsdex only: drop query words found in more than a share X\n"
         "                (0-1) of the articles (counted on surface words)\n";
}

void print_row(const char* name, double map, double p, double ndcg) {
  std::printf("%-14s %7.3f %7.3f %8.3f\n", name, map, p, ndcg);
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

// Mean average precision over the judged queries that `keep` selects.
template <typename Keep>
double map_of(const RunScores& s, Keep keep) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto& [q, score] : s.per_query)
    if (keep(q)) sum += score.average_precision, ++n;
  return n ? sum / static_cast<double>(n) : 0;
}

// Queries whose AP is higher / lower in `a` than in `b`.
std::pair<int, int> wins_losses(const RunScores& a, const RunScores& b) {
  int wins = 0, losses = 0;
  for (const auto& [q, s] : a.per_query) {
    const double other = b.per_query.count(q) ? b.per_query.at(q).average_precision : 0;
    if (s.average_precision > other + 1e-9) ++wins;
    else if (s.average_precision < other - 1e-9) ++losses;
  }
  return {wins, losses};
}

// Two-sided paired randomization test on per-query AP (sign flips of the
// differences; a fixed seed, so runs print the same p).
double randomization_p(const RunScores& a, const RunScores& b) {
  std::vector<double> d;
  for (const auto& [q, s] : a.per_query)
    d.push_back(s.average_precision - (b.per_query.count(q) ? b.per_query.at(q).average_precision : 0));
  double observed = 0;
  for (double x : d) observed += x;
  observed = std::abs(observed);
  constexpr int kRounds = 20000;
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  int extreme = 0;
  for (int r = 0; r < kRounds; ++r) {
    double sum = 0;
    for (double x : d) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;  // xorshift64
      sum += (state & 1) ? x : -x;
    }
    if (std::abs(sum) >= observed - 1e-12) ++extreme;
  }
  return static_cast<double>(extreme + 1) / (kRounds + 1);
}

newsdex::RankingOptions xapian_bm25(newsdex::RankingOptions r) {
  r.k1 = 1.0, r.b = 0.5, r.min_normlen = 0.5;  // Xapian's BM25Weight() defaults
  return r;
}

void print_ablation(NewsdexRun& nd, const TimeCollection& c, const RunScores& shipped) {
  struct Row {
    const char* name;
    newsdex::RankingOptions ranking;
  };
  newsdex::RankingOptions none;
  none.stopwords = false, none.feedback = false;
  auto feedback = [](newsdex::RankingOptions r, unsigned docs, unsigned terms, double weight) {
    r.feedback = true, r.feedback_docs = docs, r.feedback_terms = terms, r.feedback_weight = weight;
    return r;
  };
  const std::vector<Row> rows{
      {"before: Xapian BM25Weight() (k1 1, b 0.5, min_normlen 0.5)", xapian_bm25(none)},
      {"  + classic BM25 (k1 1.2, b 0.75, min_normlen 0)", none},
      {"  + stopwords = shipped defaults", {}},
      {"  + feedback (3 docs, 10 words, weight 0.2; the opt-in setting)", feedback({}, 3, 10, 0.2)},
      {"  + feedback (10 docs, 20 words, weight 0.5)", feedback({}, 10, 20, 0.5)},
      {"shipped with Xapian's BM25 parameters", xapian_bm25({})},
      {"before + feedback (3 docs, 10 words, weight 0.2)", feedback(xapian_bm25(none), 3, 10, 0.2)},
  };
  const std::size_t shipped_row = 2;
  std::printf("\nablation (newsdex; wins/losses and p: per-query AP against the first row)\n");
  std::printf("%-70s %6s %6s %7s %9s %7s\n", "ranking", "MAP", "P@10", "nDCG@10", "win/loss", "p");
  RunScores first;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RunScores s = i == shipped_row ? shipped : newsdex::bench::evaluate(nd.run(rows[i].ranking).rankings, c.relevant, kCutoff);
    if (i == 0) first = s;
    std::printf("%-70s %6.3f %6.3f %7.3f", rows[i].name, s.map, s.precision, s.ndcg);
    if (i == 0) {
      std::printf("\n");
    } else {
      auto [w, l] = wins_losses(s, first);
      std::printf(" %4d/%-4d %7.4f\n", w, l, randomization_p(s, first));
    }
  }
}

// Feedback and BM25 parameter grids: 2-fold cross-validation (tuned on the
// odd-numbered queries, scored on the even ones, and the other way round)
// and the MAP of every grid point on all queries, to show the defaults sit
// on a plateau rather than a peak.
void print_cross_validation(NewsdexRun& nd, const TimeCollection& c, const RunScores& shipped) {
  struct Point {
    newsdex::RankingOptions ranking;
    std::string label;
    RunScores scores;
  };
  const std::vector<double> k1s{0.9, 1.2, 2.0}, bs{0.5, 0.75, 0.9};
  std::vector<Point> grid;
  for (bool stop : {false, true})
    for (bool fb : {false, true})
      for (double k1 : k1s)
        for (double b : bs) {
          newsdex::RankingOptions r;
          r.k1 = k1, r.b = b, r.stopwords = stop, r.feedback = fb;
          char label[80];
          std::snprintf(label, sizeof label, "k1 %.1f, b %.2f, stopwords %s, feedback %s", k1, b,
                        stop ? "on" : "off", fb ? "on" : "off");
          grid.push_back({r, label, {}});
        }
  for (auto& p : grid) p.scores = newsdex::bench::evaluate(nd.run(p.ranking).rankings, c.relevant, kCutoff);

  std::printf("\nparameter grid: MAP (nDCG@10) on all queries; feedback as in ranking_defaults()\n");
  double lo = 1, hi = 0;
  for (std::size_t block = 0; block < 4; ++block) {
    std::printf("  stopwords %-3s feedback %-3s  b =", block >= 2 ? "on" : "off", block % 2 ? "on" : "off");
    for (double b : bs) std::printf("   %4.2f        ", b);
    std::printf("\n");
    for (std::size_t i = 0; i < k1s.size(); ++i) {
      std::printf("                         k1 = %.1f", k1s[i]);
      for (std::size_t j = 0; j < bs.size(); ++j) {
        const auto& sc = grid[block * k1s.size() * bs.size() + i * bs.size() + j].scores;
        std::printf("  %.3f (%.3f)", sc.map, sc.ndcg);
        lo = std::min(lo, sc.map), hi = std::max(hi, sc.map);
      }
      std::printf("\n");
    }
  }
  std::printf("  range over the grid: MAP %.3f-%.3f; shipped defaults %.3f\n", lo, hi, shipped.map);

  std::printf("\n2-fold cross-validation over the grid (tune MAP on one half of the queries, "
              "score the other half)\n");
  double tuned_sum = 0, shipped_sum = 0;
  for (int fold = 0; fold < 2; ++fold) {
    auto train = [fold](int q) { return q % 2 == fold; };
    auto test = [fold](int q) { return q % 2 != fold; };
    const Point* best = &grid.front();
    for (const auto& p : grid)
      if (map_of(p.scores, train) > map_of(best->scores, train)) best = &p;
    const double tuned = map_of(best->scores, test), fixed = map_of(shipped, test);
    std::printf("  tuned on %s queries: best %s, train MAP %.3f; on the %s: tuned %.3f, shipped "
                "defaults %.3f\n",
                fold ? "odd" : "even", best->label.c_str(), map_of(best->scores, train),
                fold ? "even" : "odd", tuned, fixed);
    tuned_sum += tuned, shipped_sum += fixed;
  }
  std::printf("  mean held-out MAP: tuned %.3f, shipped defaults %.3f\n", tuned_sum / 2, shipped_sum / 2);
}

struct ModelName {
  const char* name;
  newsdex::RankingModel model;
};
constexpr ModelName kModelNames[] = {
    {"bm25", newsdex::RankingModel::bm25},
    {"bm25+", newsdex::RankingModel::bm25_plus},
    {"lm", newsdex::RankingModel::lm_dirichlet},
    {"lm2", newsdex::RankingModel::lm_two_stage},
    {"dph", newsdex::RankingModel::dph},
    {"dlh", newsdex::RankingModel::dlh},
    {"pl2", newsdex::RankingModel::pl2},
    {"pl2+", newsdex::RankingModel::pl2_plus},
    {"inl2", newsdex::RankingModel::inl2},
    {"ifb2", newsdex::RankingModel::ifb2},
    {"bb2", newsdex::RankingModel::bb2},
    {"tfidf", newsdex::RankingModel::tfidf},
    {"tfidf-log", newsdex::RankingModel::tfidf_log},
    {"ql", newsdex::RankingModel::query_likelihood},
};

std::optional<newsdex::RankingModel> model_named(std::string_view name) {
  for (const auto& m : kModelNames)
    if (name == m.name) return m.model;
  return std::nullopt;
}

// Each weighting model at its default parameter and its neighbours, with
// the shipped defaults otherwise, against the shipped defaults.
void print_models(NewsdexRun& nd, const TimeCollection& c, const RunScores& shipped) {
  struct Row {
    const char* name;
    std::vector<double> params;  // empty: the model has none
  };
  const std::vector<Row> rows{
      {"bm25+", {0.25, 0.5, 1}},
      {"lm", {100, 250, 500, 1000, 1500, 2000, 2500}},
      {"lm2", {500, 1000, 2000}},
      {"dph", {}},
      {"dlh", {}},
      {"pl2", {0.5, 1, 2, 5, 10}},
      {"pl2+", {1, 5}},
      {"inl2", {0.5, 1, 2, 5}},
      {"ifb2", {0.5, 1, 2, 5}},
      {"bb2", {0.5, 1, 2, 5}},
      {"tfidf", {}},
      {"tfidf-log", {}},
      {"ql", {100, 250, 500, 1000, 1500, 2000, 2500}},
  };
  std::printf("\nweighting models (newsdex; stopwords on, feedback off; wins/losses and p: per-query "
              "AP against the shipped defaults, MAP %.3f)\n", shipped.map);
  std::printf("%-24s %6s %6s %7s %9s %7s\n", "model", "MAP", "P@10", "nDCG@10", "win/loss", "p");
  for (const auto& row : rows) {
    std::vector<std::optional<double>> params(row.params.begin(), row.params.end());
    if (params.empty()) params.push_back(std::nullopt);
    for (const auto& param : params) {
      newsdex::RankingOptions r;
      r.model = model_named(row.name);
      r.model_param = param;
      RunScores s = newsdex::bench::evaluate(nd.run(r).rankings, c.relevant, kCutoff);
      char label[64];
      if (param) std::snprintf(label, sizeof label, "%s %g", row.name, *param);
      else std::snprintf(label, sizeof label, "%s", row.name);
      auto [w, l] = wins_losses(s, shipped);
      std::printf("%-24s %6.3f %6.3f %7.3f %4d/%-4d %7.4f\n", label, s.map, s.precision, s.ndcg, w, l,
                  randomization_p(s, shipped));
    }
  }
}

bool parse_number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end && *end == '\0' && end != text;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    double x = 0;
    auto number = [&]() {
      if (i + 1 >= argc || !parse_number(argv[++i], x)) throw std::invalid_argument(a);
      return x;
    };
    try {
      if (a == "-h" || a == "--help") {
        usage(std::cout);
        return 0;
      } else if (a == "--stopwords") {
        opt.stopwords = true;
      } else if (a == "--per-query") {
        opt.per_query = true;
      } else if (a == "--ablation") {
        opt.ablation = true;
      } else if (a == "--cv") {
        opt.cv = true;
      } else if (a == "--unique-words") {
        opt.unique_words = true;
      } else if (a == "--prune-df") {
        opt.prune_df = number();
      } else if (a == "--models") {
        opt.models = true;
      } else if (a == "--model" && i + 1 < argc) {
        auto m = model_named(argv[++i]);
        if (!m) return usage(std::cerr), 2;
        opt.ranking.model = *m;
      } else if (a == "--model-param") {
        opt.ranking.model_param = number();
      } else if (a == "--k1") {
        opt.ranking.k1 = number();
      } else if (a == "--b") {
        opt.ranking.b = number();
      } else if (a == "--min-normlen") {
        opt.ranking.min_normlen = number();
      } else if (a == "--no-stop") {
        opt.ranking.stopwords = false;
      } else if (a == "--no-feedback") {
        opt.ranking.feedback = false;
      } else if (a == "--feedback") {
        opt.ranking.feedback = true;
      } else if (a == "--fb-docs") {
        opt.ranking.feedback_docs = static_cast<unsigned>(number());
      } else if (a == "--fb-terms") {
        opt.ranking.feedback_terms = static_cast<unsigned>(number());
      } else if (a == "--fb-min-docs") {
        opt.ranking.feedback_min_docs = static_cast<unsigned>(number());
      } else if (a == "--fb-weight") {
        opt.ranking.feedback_weight = number();
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
    } catch (const std::invalid_argument&) {
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
    NewsdexRun newsdex_run(c, opt);
    SystemRun nd = newsdex_run.run(opt.ranking);
    SystemRun fts = run_fts5(c, opt);
    const double total = seconds_since(started);
    RunScores a = newsdex::bench::evaluate(nd.rankings, c.relevant, kCutoff);
    RunScores b = newsdex::bench::evaluate(fts.rankings, c.relevant, kCutoff);

    // The settings actually used: the defaults with the overrides applied.
    newsdex::RankingOptions used = newsdex::ranking_defaults();
    const auto& o = opt.ranking;
    if (o.k1) used.k1 = o.k1;
    if (o.b) used.b = o.b;
    if (o.min_normlen) used.min_normlen = o.min_normlen;
    if (o.stopwords) used.stopwords = o.stopwords;
    if (o.feedback) used.feedback = o.feedback;
    if (o.feedback_docs) used.feedback_docs = o.feedback_docs;
    if (o.feedback_terms) used.feedback_terms = o.feedback_terms;
    if (o.feedback_weight) used.feedback_weight = o.feedback_weight;

    std::printf("TIME collection: %zu articles, %zu queries (%zu judged), %zu relevance judgments",
                c.documents.size(), c.queries.size(), a.queries, c.judgments);
    if (!c.dropped.empty()) std::printf(", %zu dropped", c.dropped.size());
    std::printf("\nqueries: words OR-ed%s, top %zu; newsdex titles: %s\n",
                opt.stopwords ? ", TIME.STP stopwords removed" : "", kDepth,
                opt.title == TitleMode::label ? "one-word label" : "first sentence");
    std::printf("newsdex ranking: BM25 k1 %.2f b %.2f min_normlen %.2f; stopwords %s; feedback %s",
                *used.k1, *used.b, *used.min_normlen, *used.stopwords ? "on" : "off",
                *used.feedback ? "on" : "off");
    if (*used.feedback)
      std::printf(" (%u docs, %u terms, weight %.2f)", *used.feedback_docs, *used.feedback_terms,
                  *used.feedback_weight);
    std::printf("\n\n%-14s %7s %7s %8s\n", "system", "MAP", "P@10", "nDCG@10");
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

    // Latency of a first page (10 hits, snippets), with and without
    // feedback, interleaved in rounds so both see the same machine load.
    {
      newsdex::RankingOptions on = opt.ranking, off = opt.ranking;
      on.feedback = true, off.feedback = false;
      std::vector<double> with, without;
      for (int round = 0; round < 5; ++round) {
        without.push_back(newsdex_run.median_query_ms(off, 1));
        with.push_back(newsdex_run.median_query_ms(on, 1));
      }
      const double w = median(with), wo = median(without);
      std::printf("query latency (first page of 10 with snippets, median over the queries, median of "
                  "5 rounds, 1 thread): feedback on %.3f ms, off %.3f ms, ratio %.2f\n",
                  w, wo, ratio(w, wo));
    }

    if (opt.per_query) {
      std::printf("\n%5s %8s %8s  %s\n", "query", "AP nd", "AP fts5", "relevant");
      for (const auto& [q, s] : a.per_query) {
        const double other = b.per_query.count(q) ? b.per_query.at(q).average_precision : 0;
        std::printf("%5d %8.3f %8.3f  %zu\n", q, s.average_precision, other, c.relevant.at(q).size());
      }
    }
    if (opt.ablation) print_ablation(newsdex_run, c, a);
    if (opt.cv) print_cross_validation(newsdex_run, c, a);
    if (opt.models) print_models(newsdex_run, c, a);
  } catch (const std::exception& e) {
    std::cerr << "newsdex_relevance: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

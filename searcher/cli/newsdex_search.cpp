// newsdex-search: searches an index and prints ranked, highlighted results;
// shows stored documents, counts, and keeps saved searches.
// A thin client of the public API (newsdex/newsdex.hpp).

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "newsdex/newsdex.hpp"
#include "render_atom.hpp"
#include "render_json.hpp"
#include "render_text.hpp"
#include "saved_searches.hpp"
#include "terminal.hpp"

namespace {

using namespace newsdex::cli;

constexpr int kExitFound = 0;
constexpr int kExitNothingFound = 1;
constexpr int kExitError = 2;

constexpr const char* kDescription =
    "Search a newsdex index. Results are ranked by BM25 with titles weighted\n"
    "above text; each shows a snippet with the matching words highlighted.\n"
    "\n"
    "Commands (the first argument; without one, the arguments are a query):\n"
    "  show ID...              read whole documents (through $PAGER on a terminal)\n"
    "  count QUERY             the exact number of matches\n"
    "  save NAME QUERY         save a search with its filters (--since, --sort, ...)\n"
    "  list                    the saved searches\n"
    "  delete NAME             forget a saved search\n"
    "  run NAME [--new]        run a saved search; --new: only what arrived since\n"
    "                          its last --new run (run --all --new: every one, for cron)\n"
    "Each has its own --help.\n"
    "\n"
    "Query language (words are ANDed unless --any; `man newsdex-query`):\n"
    "  huawei chips            both words (stemmed: chip, chips, chipped)\n"
    "  \"trade talks\"           a phrase          ren NEAR huawei   within 10 words\n"
    "  nvidia OR amd           either (and, or, not work in lower case too)\n"
    "  nvidia -china           not china         semicond*         prefix\n"
    "  (a OR b) AND NOT c\n"
    "  title:deepseek  author:shen  source:reuters  category:tech  site:scmp.com\n"
    "  lang:en  date:2026  date:2026-05  date:2026-05-01..2026-05-31  date:..2025\n"
    "  kind:digest-summary  id:3fa9c1  story:ID   (kinds: feed-item article\n"
    "  digest-source digest-summary teaser)\n"
    "Every hit shows a short id (3fa9c1): show, --like, --story and id: take it.\n"
    "A document's date is when it was published, else updated, else when newsdex\n"
    "first saw it (shown \"first seen\"); date:, --since, --until and --sort use it.\n"
    "--seen-since 1d lists what arrived since yesterday, whatever its date.\n"
    "A query of only filters (source:reuters, or --since 1d alone) lists the\n"
    "newest first. Dates are shown in the local time zone (TZ; --utc for UTC).\n"
    "\n"
    "--sort recent blends relevance with freshness (--half-life 3d); --facets\n"
    "source,category,month,kind counts all matches; --like ID finds related news.\n"
    "Results show one document per story (\"also: AFP, +2\" lists the others;\n"
    "--no-collapse shows all); --story ID prints a story's timeline.\n"
    "Synonym groups widen a query: AI also finds \"artificial intelligence\"\n"
    "(edit ~/.config/newsdex/synonyms.conf; --no-synonyms turns them off). A\n"
    "query that finds little gets a spelling suggestion (\"Did you mean\") for\n"
    "words the index lacks.\n"
    "\n"
    "Several indexes are searched as one, ranked together: repeat --db with\n"
    "index folders, Xapian stub files listing several, or tcp://HOST:PORT for\n"
    "an index served by xapian-tcpsrv (see README, \"Sharded and remote search\").\n"
    "\n"
    "Examples:\n"
    "  newsdex-search huawei ascend\n"
    "  newsdex-search show 3fa9c1\n"
    "  newsdex-search --since 7d --sort date deepseek\n"
    "  newsdex-search count 'source:reuters AND chips'\n"
    "  newsdex-search --format oneline --since 1d chips | cut -f4\n"
    "  newsdex-search save chips --sort date 'chips OR semiconductors'\n"
    "  newsdex-search run chips --new            what is new since last time\n"
    "  newsdex-search run chips --format atom > chips.xml   a feed to subscribe to\n"
    "  newsdex-search --format json 'title:\"rare earth\"' | jq .title\n"
    "  newsdex-search --db shard0 --db tcp://10.0.0.2:8100 chips\n"
    "\n"
    "Exit status: 0 something found, 1 nothing found, 2 error.";

// Everything any command reads from its command line.
struct Args {
  std::vector<std::string> dbs;
  std::string format = "text", color = "auto", sort, since, until, seen_since, half_life;
  std::vector<std::string> words, negated;
  newsdex::SearchOptions options;
  bool any = false, no_collapse = false, no_synonyms = false, stats = false, count = false;
  bool utc = false, no_pager = false, all = false, only_new = false, limit_given = false;
  std::optional<std::size_t> width;
  std::vector<std::string> synonym_files;
  std::string like, story, facets, name;
  std::vector<std::string> ids;
};

// Query words may start with '-' ("huawei -nvidia"); CLI11 would take them
// for options. Moves every "-word" that is not one of our options out of
// argv, into `negated`, before parsing.
std::vector<char*> split_negated_words(int argc, char** argv, std::vector<std::string>& negated) {
  std::vector<char*> kept{argv[0]};
  bool after_dashdash = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    bool option_like = arg.size() > 1 && arg[0] == '-' && arg[1] != '-';
    // Our short options: -h, and -n with its number attached or not ("-n5").
    bool ours = arg == "-h" || (arg.starts_with("-n") &&
                                arg.find_first_not_of("0123456789", 2) == std::string_view::npos);
    if (arg == "--") after_dashdash = true;
    if (!after_dashdash && option_like && !ours && !std::isdigit(static_cast<unsigned char>(arg[1])))
      negated.emplace_back(arg);
    else
      kept.push_back(argv[i]);
  }
  return kept;
}

// The command a command line names and where: its first argument after any
// --db options, when that is one of the command words (a query starting
// with one is written after --). {"search", 0} for a search.
std::pair<std::string, int> command_of(int argc, char** argv) {
  static constexpr std::string_view kCommands[] = {"show", "count", "save", "list", "delete", "run"};
  int i = 1;
  while (i < argc && (std::string_view(argv[i]) == "--db" || std::string_view(argv[i]).starts_with("--db=")))
    i += std::string_view(argv[i]) == "--db" ? 2 : 1;
  if (i >= argc) return {"search", 0};
  for (auto c : kCommands)
    if (std::string_view(argv[i]) == c) return {std::string(c), i};
  return {"search", 0};
}

// CLI11 would read "-1" into a size_t as the largest one: refused instead.
// Xapian counts in 32 bits: a page ends below a billion.
const CLI::Validator kCount(
    [](const std::string& v) {
      if (v.starts_with('-')) return std::string("must be a number of 0 or more");
      if (v.size() > 9) return std::string("must be less than 1000000000");
      return std::string();
    },
    "N");

void add_db(CLI::App& app, Args& a) {
  app.add_option("--db", a.dbs,
                 "Index folder, stub file or tcp://HOST:PORT; repeat to search several as one\n"
                 "(default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex, else ~/.local/share/newsdex)")
      ->allow_extra_args(false);
}

// How output looks: colour, dates, width.
void add_style(CLI::App& app, Args& a) {
  app.add_option("--color", a.color, "auto (a terminal only; not with NO_COLOR or TERM=dumb), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("--utc", a.utc, "Show dates in UTC instead of the local time zone");
  app.add_option("--width", a.width, "Wrap text at N columns (default: the terminal's, else $COLUMNS; 0: never)");
}

// What a saved search keeps: the filters and the ranking.
void add_filters(CLI::App& app, Args& a) {
  app.add_option("--sort", a.sort, "relevance (default), date (newest first) or recent (relevance and freshness)")
      ->check(CLI::IsMember({"relevance", "date", "recent"}));
  app.add_option("--half-life", a.half_life, "For --sort recent: how fast news ages (90m, 12h, 3d, 2w; default 3d)");
  app.add_option("--since", a.since, "Only newer: 2025-12-01, 2025-12-01T08:00Z, 24h, 7d, 2w");
  app.add_option("--until", a.until, "Only older: same forms as --since");
  app.add_flag("--any", a.any, "Match any of the words instead of all");
  app.add_flag("--no-collapse", a.no_collapse, "Show every document, not one per story");
}

// How results are listed.
void add_listing(CLI::App& app, Args& a, bool with_atom = true) {
  app.add_option("-n,--limit", a.options.limit, "Results to show (0: only how many)")
      ->check(kCount)
      ->capture_default_str();
  app.add_option("--offset", a.options.offset, "Results to skip (for paging)")->check(kCount)->capture_default_str();
  std::vector<std::string> formats{"text", "json", "oneline"};
  if (with_atom) formats.push_back("atom");
  app.add_option("--format", a.format,
                 "text; json (one object per line, each with a \"type\"); oneline (date, source,\n"
                 "title, short id, tab-separated); atom (an Atom feed of the results)")
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  app.add_option("--snippet-chars", a.options.snippet_chars, "Snippet length in characters")
      ->capture_default_str();
  app.add_option("--seen-since", a.seen_since, "Only what newsdex first stored since then (same forms): new arrivals");
  app.add_option("--synonyms", a.synonym_files,
                 "A synonym file to use instead of the shipped one and\n"
                 "~/.config/newsdex/synonyms.conf (repeat for several)")
      ->allow_extra_args(false);
  app.add_flag("--no-synonyms", a.no_synonyms, "Search the words as typed, without their synonyms");
}

std::string joined(const std::vector<std::string>& words, const std::vector<std::string>& negated = {}) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  for (const auto& w : negated) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> databases(const Args& a) {
  return a.dbs.empty() ? std::vector<std::string>{newsdex::default_index_path()} : a.dbs;
}

Style style_of(const Args& a) {
  Style s;
  s.color = use_color(a.color) && a.format == "text";
  s.width = output_width(a.width);
  s.utc = a.utc;
  return s;
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// The options of `a` as search options, times read relative to now.
newsdex::SearchOptions search_options(const Args& a) {
  newsdex::SearchOptions o = a.options;
  o.sort = a.sort == "date" ? newsdex::Sort::date : a.sort == "recent" ? newsdex::Sort::recent : newsdex::Sort::relevance;
  for (std::size_t at = 0; at < a.facets.size();) {
    std::size_t comma = std::min(a.facets.find(',', at), a.facets.size());
    if (comma > at) o.facets.push_back(a.facets.substr(at, comma - at));
    at = comma + 1;
  }
  o.match_all = !a.any;
  o.collapse = !a.no_collapse;
  o.synonyms = !a.no_synonyms;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  if (!a.since.empty()) o.since = newsdex::parse_time_bound(a.since, now);
  if (!a.until.empty()) o.until = newsdex::parse_time_bound(a.until, now, /*upper=*/true);
  if (!a.seen_since.empty()) o.seen_since = newsdex::parse_time_bound(a.seen_since, now);
  const std::string half_life = a.half_life.empty() ? "3d" : a.half_life;
  if (std::string_view("mhdw").find(half_life.back()) == std::string_view::npos)
    throw newsdex::Error(newsdex::Errc::invalid_argument,
                         fmt::format("--half-life '{}': give a span such as 12h, 3d or 2w", half_life));
  o.half_life = std::chrono::seconds(-newsdex::parse_time_bound(half_life, 0));
  return o;
}

// and, or, not in lower case are operators (as the query language says), so
// "will not resign" excludes "resign": say so, once, where people look.
void hint_lower_case_operators(const std::string& query) {
  bool quoted = false;
  std::size_t i = 0;
  while (i < query.size()) {
    if (query[i] == '"') quoted = !quoted;
    if (quoted || query[i] == ' ' || query[i] == '"') {
      ++i;
      continue;
    }
    const std::size_t end = std::min(query.find_first_of(" \"", i), query.size());
    const std::string_view word(query.data() + i, end - i);
    if (word == "and" || word == "or" || word == "not") {
      fmt::print(stderr,
                 "newsdex-search: note: '{}' is read as the operator {}; to search the word, put it in a "
                 "phrase (\"will not resign\")\n",
                 word, word == "and" ? "AND" : word == "or" ? "OR" : "NOT");
      return;
    }
    i = end;
  }
}

// An empty query lists everything: only on purpose, with a filter.
void check_not_empty(const std::string& query, const Args& a) {
  if (query.find_first_not_of(" \t\r\n") != std::string::npos) return;
  if (!a.since.empty() || !a.until.empty() || !a.seen_since.empty()) return;
  throw newsdex::Error(newsdex::Errc::query,
                       "the query is empty: give words to search for, a filter such as source:NAME or "
                       "date:2026-05, --since 1d for the newest, or '*' for every document (newsdex-search "
                       "--help shows the query language)");
}

newsdex::Searcher open_searcher(const Args& a, bool synonyms) {
  auto searcher = newsdex::Searcher::open(databases(a));
  if (!synonyms) return searcher;
  // A file named on the command line must be there; the defaults may not be.
  for (const auto& file : a.synonym_files)
    if (access(file.c_str(), R_OK) != 0)
      throw newsdex::Error(newsdex::Errc::invalid_argument,
                           fmt::format("--synonyms {}: cannot read the file", file));
  for (const auto& problem :
       searcher.use_synonyms(a.synonym_files.empty() ? newsdex::default_synonym_files() : a.synonym_files))
    fmt::print(stderr, "newsdex-search: warning: {}\n", problem);
  return searcher;
}

void print_count(std::size_t n, const Args& a) {
  if (a.format == "json") {
    std::string out;
    json_line(out, {{"type", "count"}, {"count", n}});
    print(out);
  } else {
    fmt::print("{}\n", n);
  }
}

// Results in the format asked for; the exit status they mean.
int print_results(const newsdex::SearchResults& r, const Args& a, newsdex::Searcher& searcher,
                  const std::string& feed_title, const std::string& feed_id) {
  const Style style = style_of(a);
  std::string out;
  if (a.format == "json") results_json(out, r, style);
  else if (a.format == "oneline") results_oneline(out, r, style);
  else if (a.format == "atom") results_atom(out, r, feed_title, feed_id, style);
  else results_text(out, r, a.options.limit, searcher, style);
  print(out);
  // -n 0 asks only how many: found when there are some.
  return (a.options.limit == 0 ? r.total == 0 : r.hits.empty()) ? kExitNothingFound : kExitFound;
}

int run_search(const Args& a) {
  const std::string query = joined(a.words, a.negated);
  if (a.count && (!a.like.empty() || !a.story.empty()))
    throw newsdex::Error(newsdex::Errc::invalid_argument, "--count counts a query's matches: not with --like or --story");
  if (!a.stats && a.like.empty() && a.story.empty()) check_not_empty(query, a);
  if (!a.stats) hint_lower_case_operators(query);
  newsdex::SearchOptions options = search_options(a);
  auto searcher = open_searcher(a, options.synonyms);
  const Style style = style_of(a);
  if (a.stats) {
    std::string out;
    if (a.format == "json") stats_json(out, searcher.stats(), databases(a), style);
    else stats_text(out, searcher.stats(), databases(a), style);
    print(out);
    return kExitFound;
  }
  if (!a.story.empty()) {
    auto members = searcher.story(a.story);
    if (members.empty()) {
      fmt::print(stderr, "newsdex-search: no story or document '{}'\n", a.story);
      return kExitNothingFound;
    }
    std::string out;
    if (a.format == "json") story_json(out, members, searcher, style);
    else story_text(out, members, searcher, style);
    print(out);
    return kExitFound;
  }
  if (a.count) {
    std::size_t n = searcher.count(query, options);
    print_count(n, a);
    return n ? kExitFound : kExitNothingFound;
  }
  newsdex::SearchResults results = a.like.empty() ? searcher.search(query, options) : searcher.related(a.like, options);
  const std::string what = a.like.empty() ? query : "like:" + a.like;
  return print_results(results, a, searcher, "newsdex: " + what, "urn:newsdex:search:" + urn_part(what));
}

int run_show(const Args& a) {
  auto searcher = newsdex::Searcher::open(databases(a));
  const Style style = style_of(a);
  std::string out;
  int status = kExitFound;
  for (const auto& id : a.ids) {
    std::optional<newsdex::Document> doc;
    try {
      doc = searcher.document(id);
    } catch (const newsdex::Error& e) {  // an ambiguous short id: the others are still shown
      fmt::print(stderr, "newsdex-search: {}\n", e.what());
      status = kExitError;
      continue;
    }
    if (!doc) {
      fmt::print(stderr, "newsdex-search: no document with id '{}' (ids are shown by each hit)\n", id);
      status = std::max(status, kExitNothingFound);
      continue;
    }
    if (a.format == "json") {
      document_json(out, *doc, searcher, style);
    } else {
      if (!out.empty()) out += fmt::format("\n{}\n\n", std::string(std::min<std::size_t>(style.width ? style.width : 72, 72), '-'));
      document_text(out, *doc, searcher, style);
    }
  }
  page_or_print(out, a.format == "text" && !a.no_pager);
  return status;
}

SavedSearch find_saved(const std::string& path, const std::string& name) {
  auto all = load_saved_searches(path);
  for (auto& s : all)
    if (s.name == name) return s;
  std::string names;
  for (const auto& s : all) names += (names.empty() ? "" : ", ") + s.name;
  throw newsdex::Error(newsdex::Errc::invalid_argument,
                       all.empty() ? fmt::format("no saved search '{}': there are none yet (newsdex-search save "
                                                 "NAME QUERY saves one)", name)
                                   : fmt::format("no saved search '{}'; saved: {}", name, names));
}

int run_save(Args a) {
  check_search_name(a.name);
  SavedSearch saved;
  saved.name = a.name;
  saved.query = joined(a.words, a.negated);
  saved.sort = a.sort;
  saved.since = a.since;
  saved.until = a.until;
  saved.half_life = a.half_life;
  saved.any = a.any;
  saved.no_collapse = a.no_collapse;
  saved.created = static_cast<std::int64_t>(std::time(nullptr));
  check_not_empty(saved.query, a);
  // Saved only once it runs: a query or filter that fails fails now.
  {
    newsdex::SearchOptions options = search_options(a);
    options.limit = 0;
    auto searcher = newsdex::Searcher::open(databases(a));
    searcher.search(saved.query, options);
  }
  bool replaced = false;
  const std::string path = saved_searches_path();
  update_saved_searches(path, [&](std::vector<SavedSearch>& all) {
    for (auto& s : all)
      if (s.name == saved.name) {
        // The query changed, not what was already seen.
        saved.last_run = s.last_run;
        saved.seen_at_last_run = s.seen_at_last_run;
        s = saved;
        replaced = true;
        return true;
      }
    all.push_back(saved);
    return true;
  });
  fmt::print("{} '{}': {}\n", replaced ? "replaced" : "saved", saved.name, saved.query);
  return kExitFound;
}

std::string filters_of(const SavedSearch& s) {
  std::string out;
  auto add = [&](std::string_view flag, const std::string& v) {
    if (!v.empty()) out += fmt::format(" {} {}", flag, v);
  };
  add("--sort", s.sort);
  add("--since", s.since);
  add("--until", s.until);
  add("--half-life", s.half_life);
  if (s.any) out += " --any";
  if (s.no_collapse) out += " --no-collapse";
  return out;
}

int run_list(const Args& a) {
  const auto all = load_saved_searches(saved_searches_path());
  Style style = style_of(a);
  std::string out;
  for (const auto& s : all) {
    if (a.format == "json") {
      json_line(out, {{"type", "saved-search"},
                      {"name", s.name},
                      {"query", s.query},
                      {"sort", s.sort},
                      {"since", s.since},
                      {"until", s.until},
                      {"half_life", s.half_life},
                      {"any", s.any},
                      {"no_collapse", s.no_collapse},
                      {"created", json_time(s.created, style)},
                      {"last_run", json_time(s.last_run, style)}});
    } else {
      out += fmt::format("{}{}{}  {}{}\n", style.bold(), s.name, style.reset(), s.query, filters_of(s));
      out += fmt::format("    {}last run --new: {}{}\n", style.dim(),
                         s.last_run ? shown_time(s.last_run, style) : "never", style.reset());
    }
  }
  if (all.empty() && a.format != "json")
    fmt::print(stderr, "no saved searches yet: newsdex-search save NAME QUERY saves one\n");
  print(out);
  return kExitFound;
}

int run_delete(const Args& a) {
  find_saved(saved_searches_path(), a.name);  // an unknown name is an error naming the others
  update_saved_searches(saved_searches_path(), [&](std::vector<SavedSearch>& all) {
    std::erase_if(all, [&](const SavedSearch& s) { return s.name == a.name; });
    return true;
  });
  fmt::print("deleted '{}'\n", a.name);
  return kExitFound;
}

// `a` with a saved search's query and filters; what the command line gives
// besides them wins.
Args with_saved(Args a, const SavedSearch& s) {
  a.words = {s.query};
  a.negated.clear();
  if (a.sort.empty()) a.sort = s.sort;
  if (a.since.empty()) a.since = s.since;
  if (a.until.empty()) a.until = s.until;
  if (a.half_life.empty()) a.half_life = s.half_life;
  a.any = a.any || s.any;
  a.no_collapse = a.no_collapse || s.no_collapse;
  return a;
}

// run --new shows at most this many new matches unless -n says otherwise;
// what it leaves out stays new for the next run.
constexpr std::size_t kNewLimit = 1000;

// Runs `s`: with `only_new`, only what is new to it, and records what it
// showed in `s` (the caller writes it back). Returns whether it printed
// matches.
bool run_one(SavedSearch& s, const Args& a, newsdex::Searcher& searcher, std::int64_t started, const Style& style) {
  Args run = with_saved(a, s);
  if (a.only_new && !a.limit_given) run.options.limit = kNewLimit;
  newsdex::SearchOptions options = search_options(run);
  if (a.only_new) {
    if (s.last_run) options.seen_since = std::max(options.seen_since.value_or(*s.last_run), *s.last_run);
    options.exclude_ids = s.seen_at_last_run;  // shown already, first seen in the last run's second
  }
  newsdex::SearchResults r = searcher.search(s.query, options);
  if (a.only_new) {
    std::vector<std::string> shown;
    for (const auto& h : r.hits) {
      shown.push_back(h.id);
      for (const auto& m : h.also) shown.push_back(m.id);
    }
    if (options.offset == 0 && r.total_exact && r.hits.size() >= r.total) {
      // Every new match shown: the next run starts at this run's second and
      // leaves out what has been shown of that second, by this run or by
      // earlier ones a limit cut short.
      std::vector<std::string> boundary;
      for (const auto& ids : {s.seen_at_last_run, shown})
        for (const auto& id : ids) {
          auto doc = searcher.document(id);
          if (doc && doc->first_seen && *doc->first_seen >= started &&
              std::find(boundary.begin(), boundary.end(), id) == boundary.end())
            boundary.push_back(id);
        }
      s.last_run = started;
      s.seen_at_last_run = std::move(boundary);
    } else {
      // Cut by -n: what is left is still new; only what was shown is seen.
      s.seen_at_last_run.insert(s.seen_at_last_run.end(), shown.begin(), shown.end());
    }
  }
  const std::string title = fmt::format("newsdex: {} ({})", s.name, s.query);
  const std::string feed_id = "urn:newsdex:saved:" + urn_part(s.name);
  if (r.hits.empty()) {
    if (a.all) return false;
    if (a.only_new && s.last_run && a.format == "text")
      fmt::print("nothing new for '{}' since its last run --new, {}\n", s.name, shown_time(s.last_run, style));
    else
      print_results(r, run, searcher, title, feed_id);
    return false;
  }
  if (a.all) {
    std::string head;
    if (a.format == "json") json_line(head, {{"type", "saved-search"}, {"name", s.name}, {"query", s.query}});
    else if (a.format == "text") head = fmt::format("{}== {}: {}{}\n\n", style.bold(), s.name, s.query, style.reset());
    print(head);
  }
  print_results(r, run, searcher, title, feed_id);
  return true;
}

int run_saved(const Args& a) {
  if (a.all == !a.name.empty())
    throw newsdex::Error(newsdex::Errc::invalid_argument, "run NAME, or run --all: one of the two");
  if (a.all && a.format == "atom")
    throw newsdex::Error(newsdex::Errc::invalid_argument, "--format atom writes one feed: run NAME --format atom");
  const std::string path = saved_searches_path();
  if (!a.all) find_saved(path, a.name);  // an unknown name is an error naming the others
  auto searcher = open_searcher(a, !a.no_synonyms);
  const auto started = static_cast<std::int64_t>(std::time(nullptr));
  const Style style = style_of(a);
  bool found = false;
  auto run_all = [&](std::vector<SavedSearch>& all) {
    for (auto& s : all)
      if (a.all || s.name == a.name) found = run_one(s, a, searcher, started, style) || found;
    return a.only_new;
  };
  if (a.only_new) {
    // Under the file's lock from reading what was seen to writing it: two
    // runs at once would otherwise both show the same news.
    update_saved_searches(path, run_all);
  } else {
    auto all = load_saved_searches(path);
    run_all(all);
  }
  return found ? kExitFound : kExitNothingFound;
}

}  // namespace

int main(int argc, char** argv) {
  const auto [command, command_at] = command_of(argc, argv);
  Args a;
  CLI::App app{kDescription, command == "search" ? "newsdex-search" : "newsdex-search " + command};
  app.set_version_flag("--version", std::string("newsdex-search ") + NEWSDEX_VERSION_STRING);
  add_db(app, a);
  if (command == "search" || command == "count") {
    app.add_option("query", a.words, "The query (several arguments are joined with spaces)");
    add_filters(app, a);
    add_listing(app, a);
    add_style(app, a);
    if (command == "count") {
      app.description("Print the exact number of results a query has (one per story unless --no-collapse).");
      a.count = true;
    } else {
      app.add_option("--facets", a.facets, "Count all matches by these fields, comma-separated: source,category,month,kind");
      app.add_option("--like", a.like, "Show the documents most like the one with this id (full or short)");
      app.add_option("--story", a.story, "Show a story (or a document's story) as a timeline, oldest first");
      app.add_flag("--count", a.count, "Print only the exact number of matches");
      app.add_flag("--stats", a.stats, "Show what the indexes hold (documents, sources, dates) and exit");
    }
  } else if (command == "show") {
    app.description("Print whole stored documents: what each is, where it came from, its story and its\n"
                    "full text; through $PAGER (default less -R) on a terminal.\n\n"
                    "Example: newsdex-search show 3fa9c1");
    app.add_option("id", a.ids, "Document ids, full or short (as each hit shows them)")->required();
    app.add_option("--format", a.format, "text, or json (the stored record under the export's field names)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    app.add_flag("--no-pager", a.no_pager, "Do not page, even on a terminal");
    add_style(app, a);
  } else if (command == "save") {
    app.description("Save a search and its filters under a name (replacing one of that name).\n\n"
                    "Example: newsdex-search save chips --since 30d 'chips OR semiconductors'");
    app.add_option("name", a.name, "Its name: letters, digits, - _ .")->required();
    app.add_option("query", a.words, "The query");
    add_filters(app, a);
  } else if (command == "list") {
    app.description("List the saved searches (kept in $XDG_CONFIG_HOME/newsdex/searches.json).");
    app.add_option("--format", a.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    add_style(app, a);
  } else if (command == "delete") {
    app.description("Forget a saved search.");
    app.add_option("name", a.name, "Its name")->required();
  } else if (command == "run") {
    app.description("Run a saved search. --new prints only what arrived (was first seen) since the\n"
                    "last run --new of that search, and records this run; run --all --new prints\n"
                    "the new matches of every saved search, nothing when nothing is new (cron mails\n"
                    "what a job prints).\n\n"
                    "Examples:\n"
                    "  newsdex-search run chips --new\n"
                    "  newsdex-search run chips --format atom > ~/public/chips.xml\n"
                    "  newsdex-index update --quiet && newsdex-search run --all --new   (crontab)");
    app.add_option("name", a.name, "The saved search");
    app.add_flag("--all", a.all, "Run every saved search");
    app.add_flag("--new", a.only_new, "Only documents first seen since the last run --new");
    add_filters(app, a);
    add_listing(app, a);
    add_style(app, a);
  }
  std::vector<char*> args = split_negated_words(argc, argv, a.negated);
  if (command_at > 0) std::erase(args, argv[command_at]);  // the command word
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitFound : kExitError;
  }
  if (auto* limit = app.get_option_no_throw("--limit")) a.limit_given = limit->count() > 0;
  try {
    if (command == "show") return run_show(a);
    if (command == "save") return run_save(a);
    if (command == "list") return run_list(a);
    if (command == "delete") return run_delete(a);
    if (command == "run") return run_saved(a);
    return run_search(a);
  } catch (const newsdex::Error& e) {
    fmt::print(stderr, "newsdex-search: {}\n", e.what());
    return kExitError;
  }
}

// newsdex-search: searches an index and prints ranked, highlighted results.
// A thin client of the public API (newsdex/newsdex.hpp).

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>
#include <string_view>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsdex/newsdex.hpp"

namespace {

constexpr int kExitFound = 0;
constexpr int kExitNothingFound = 1;
constexpr int kExitError = 2;

constexpr const char* kDescription =
    "Search a newsdex index. Results are ranked by BM25 with titles weighted\n"
    "above text; each shows a snippet with the matching words highlighted.\n"
    "\n"
    "Query language (words are ANDed unless --any):\n"
    "  huawei chips            both words (stemmed: chip, chips, chipped)\n"
    "  \"trade talks\"           a phrase          ren NEAR huawei   within 10 words\n"
    "  nvidia OR amd           either            nvidia -china     not china\n"
    "  semicond*               prefix            (a OR b) AND NOT c\n"
    "  title:deepseek  author:shen  source:reuters  category:tech  site:scmp.com\n"
    "  lang:en  date:2026  date:2026-05  date:2026-05-01..2026-05-31  date:..2025\n"
    "  kind:digest-summary  kind:teaser  story:ID   (kinds: feed-item article\n"
    "  digest-source digest-summary teaser)\n"
    "A document's date is when it was published, else updated, else when newsdex\n"
    "first saw it (shown \"first seen\"); date:, --since, --until and --sort use it.\n"
    "--seen-since 1d lists what arrived since yesterday, whatever its date.\n"
    "No words at all (or only filters) lists the newest documents first.\n"
    "\n"
    "--sort recent blends relevance with freshness (--half-life 3d); --facets\n"
    "source,category,month,kind counts all matches; --like ID finds related news.\n"
    "Results show one document per story (\"also: AFP, +2\" lists the others;\n"
    "--no-collapse shows all); --story ID prints a story's timeline.\n"
    "Synonym groups widen a query: AI also finds \"artificial intelligence\"\n"
    "(edit ~/.config/newsdex/synonyms.conf; --no-synonyms turns them off). A\n"
    "query that finds little gets a spelling suggestion (\"Did you mean\").\n"
    "\n"
    "Several indexes are searched as one, ranked together: repeat --db with\n"
    "index folders, Xapian stub files listing several, or tcp://HOST:PORT for\n"
    "an index served by xapian-tcpsrv (see README, \"Sharded and remote search\").\n"
    "\n"
    "Examples:\n"
    "  newsdex-search huawei ascend\n"
    "  newsdex-search --db shard0 --db tcp://10.0.0.2:8100 chips\n"
    "  newsdex-search --since 7d --sort date deepseek\n"
    "  newsdex-search --format json 'title:\"rare earth\"' | jq .title\n"
    "\n"
    "Exit status: 0 something found, 1 nothing found, 2 error.";

std::string when(const std::optional<std::int64_t>& t) {
  return t ? newsdex::format_utc(*t) : std::string("-");
}

// What the indexes searched hold, as one.
int print_stats(newsdex::Searcher& searcher, const std::vector<std::string>& dbs,
                const std::string& format) {
  newsdex::IndexStats s = searcher.stats();
  if (format == "json") {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& [name, count] : s.sources) sources.push_back({{"source", name}, {"documents", count}});
    nlohmann::json j = {{"indexes", dbs},
                        {"shards", s.shards},
                        {"documents", s.documents},
                        {"sources", sources},
                        {"oldest", s.oldest ? nlohmann::json(when(s.oldest)) : nlohmann::json()},
                        {"newest", s.newest ? nlohmann::json(when(s.newest)) : nlohmann::json()},
                        {"size_bytes", s.size_bytes}};
    fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return kExitFound;
  }
  for (const auto& db : dbs) fmt::print("index:     {}\n", db);
  fmt::print("shards:    {}\n", s.shards);
  fmt::print("documents: {}\n", s.documents);
  fmt::print("dates:     {} .. {}\n", when(s.oldest), when(s.newest));
  fmt::print("size:      {:.1f} MB (local index folders)\n", static_cast<double>(s.size_bytes) / (1 << 20));
  fmt::print("sources:   {}\n", s.sources.size());
  for (const auto& [name, count] : s.sources) fmt::print("  {:>7}  {}\n", count, name);
  return kExitFound;
}

std::string date_of(const std::optional<std::int64_t>& t) {
  return t ? newsdex::format_utc(*t).substr(0, 10) : std::string("----------");
}

// Highlighted text for a terminal: matches in bold yellow when colouring.
std::string render(const newsdex::Highlighted& h, bool color, const char* plain_style = "") {
  if (!color) return h.text;
  std::string out = plain_style;
  std::size_t at = 0;
  for (const auto& m : h.marks) {
    if (m.begin < at || m.end > h.text.size()) continue;
    out.append(h.text, at, m.begin - at);
    out += "\033[1;33m";
    out.append(h.text, m.begin, m.end - m.begin);
    out += "\033[0m";
    out += plain_style;
    at = m.end;
  }
  out.append(h.text, at);
  if (*plain_style) out += "\033[0m";
  return out;
}

void print_facets(const newsdex::SearchResults& r) {
  constexpr std::size_t kShown = 10;
  for (const auto& f : r.facets) {
    fmt::print("\n{}:\n", f.field);
    for (std::size_t i = 0; i < f.counts.size() && i < kShown; ++i)
      fmt::print("  {:>6}  {}\n", f.counts[i].second, f.counts[i].first);
    if (f.counts.size() > kShown) fmt::print("  ({} more)\n", f.counts.size() - kShown);
  }
}

// At most about `max` bytes, cut at a space, with an ellipsis.
std::string shortened(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  auto cut = text.rfind(' ', max);
  return text.substr(0, cut == std::string::npos ? max : cut) + "…";
}

// "also: AFP, Reuters, +3": the other documents of a collapsed story.
void print_also(const newsdex::Hit& hit, const char* dim, const char* reset) {
  if (hit.also_total == 0) return;
  std::vector<std::string> names;
  for (const auto& m : hit.also) {
    std::string name = m.source.empty() ? shortened(m.title, 40) : m.source;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  std::string line;
  for (const auto& n : names) line += (line.empty() ? "" : ", ") + n;
  if (hit.also_total > hit.also.size())
    line += fmt::format("{}+{}", line.empty() ? "" : ", ", hit.also_total - hit.also.size());
  fmt::print("     {}also: {}{}\n", dim, line, reset);
}

// A digest summary's citations, each cited document by outlet and title.
void print_citations(const newsdex::Hit& hit, newsdex::Searcher& searcher, const char* dim,
                     const char* reset) {
  std::vector<std::string> cited;
  for (const auto& c : hit.citations)
    for (const auto& id : c.source_ids)
      if (std::find(cited.begin(), cited.end(), id) == cited.end()) cited.push_back(id);
  if (cited.empty()) return;
  fmt::print("     {}cites:{}\n", dim, reset);
  for (const auto& id : cited) {
    auto doc = searcher.document(id);
    if (!doc) continue;  // cited but not (or no longer) in the index
    // Numbered as in the digest: a source's position is its block number - 1.
    fmt::print("     {}[{}] {}{}{}\n", dim, doc->position + 1,
               doc->source.empty() ? "" : doc->source + " — ", doc->title, reset);
  }
}

void print_text(const newsdex::SearchResults& r, newsdex::Searcher& searcher, bool color) {
  const char* dim = color ? "\033[2m" : "";
  const char* reset = color ? "\033[0m" : "";
  for (const auto& hit : r.hits) {
    std::string kind = hit.kind == "feed-item" || hit.kind.empty() ? "" : "  [" + hit.kind + "]";
    const char* seen = hit.date_source == "first-seen" ? " (first seen)" : "";
    fmt::print("{:>3}. {}{}  {}{}{}{}\n", hit.rank, date_of(hit.date), seen, dim, hit.source, kind, reset);
    fmt::print("     {}\n", render(hit.title_marks, color, color ? "\033[1m" : ""));
    if (!hit.url.empty()) fmt::print("     {}{}{}\n", dim, hit.url, reset);
    if (!hit.snippet.text.empty()) fmt::print("     {}\n", render(hit.snippet, color));
    print_citations(hit, searcher, dim, reset);
    print_also(hit, dim, reset);
    fmt::print("\n");
  }
  if (!r.suggestion.empty()) fmt::print("Did you mean: {}\n\n", r.suggestion);
  std::size_t first = r.hits.empty() ? 0 : r.hits.front().rank;
  std::size_t last = r.hits.empty() ? 0 : r.hits.back().rank;
  if (r.hits.empty())
    fmt::print("no matches ({:.1f} ms)\n", r.took_ms);
  else
    fmt::print("{}-{} of about {} matches ({:.1f} ms)\n", first, last, r.total, r.took_ms);
  print_facets(r);
}

nlohmann::json also_json(const newsdex::Hit& hit) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : hit.also)
    out.push_back({{"id", m.id},
                   {"source", m.source},
                   {"title", m.title},
                   {"url", m.url},
                   {"published", m.published ? nlohmann::json(newsdex::format_utc(*m.published))
                                             : nlohmann::json()},
                   {"date", m.date ? nlohmann::json(newsdex::format_utc(*m.date)) : nlohmann::json()}});
  return out;
}

// A story as a timeline: every member oldest first, the first report marked.
int print_story(newsdex::Searcher& searcher, const std::string& key, const std::string& format) {
  auto members = searcher.story(key);
  if (members.empty()) {
    fmt::print(stderr, "newsdex-search: no story or document '{}'\n", key);
    return kExitNothingFound;
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& d = members[i];
    bool first = i == 0 && d.date();
    if (format == "json") {
      fmt::print("{}\n", nlohmann::json{{"id", d.id},
                                        {"source", d.source},
                                        {"title", d.title},
                                        {"url", d.url},
                                        {"kind", d.kind},
                                        {"published", d.published ? nlohmann::json(newsdex::format_utc(*d.published))
                                                                  : nlohmann::json()},
                                        {"date", d.date() ? nlohmann::json(newsdex::format_utc(*d.date()))
                                                          : nlohmann::json()},
                                        {"date_source", d.date_source()},
                                        {"first_report", first}}
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      std::string when = d.date() ? newsdex::format_utc(*d.date()).substr(0, 16) : "(undated)       ";
      fmt::print("{} {}  {:<24}  {}\n", first ? "*" : " ", when, d.source.empty() ? "-" : d.source, d.title);
    }
  }
  if (format != "json") fmt::print("{} documents; * marks the first report\n", members.size());
  return kExitFound;
}

void print_json(const newsdex::SearchResults& r) {
  using nlohmann::json;
  for (const auto& hit : r.hits) {
    json j = {{"rank", hit.rank},
              {"id", hit.id},
              {"score", hit.score},
              {"title", hit.title},
              {"url", hit.url},
              {"source", hit.source},
              {"author", hit.author},
              {"authors", hit.authors},
              {"published", hit.published ? json(newsdex::format_utc(*hit.published)) : json()},
              {"updated", hit.updated ? json(newsdex::format_utc(*hit.updated)) : json()},
              {"first_seen", hit.first_seen ? json(newsdex::format_utc(*hit.first_seen)) : json()},
              {"date", hit.date ? json(newsdex::format_utc(*hit.date)) : json()},
              {"date_source", hit.date_source},
              {"categories", hit.categories},
              {"snippet", newsdex::to_html(hit.snippet)},
              {"kind", hit.kind},
              {"story", hit.story},
              {"also", also_json(hit)}};
    if (!hit.citations.empty()) {
      json cites = json::array();
      for (const auto& c : hit.citations) cites.push_back({{"sentence", c.sentence}, {"sources", c.source_ids}});
      j["citations"] = std::move(cites);
    }
    fmt::print("{}\n", j.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  json last{{"total", r.total}, {"took_ms", r.took_ms}};
  if (!r.suggestion.empty()) last["suggestion"] = r.suggestion;
  if (!r.facets.empty()) {
    json facets = json::object();
    for (const auto& f : r.facets) {
      json counts = json::array();
      for (const auto& [value, count] : f.counts) counts.push_back({{"value", value}, {"count", count}});
      facets[f.field] = std::move(counts);
    }
    last["facets"] = std::move(facets);
  }
  fmt::print("{}\n", last.dump(-1, ' ', false, json::error_handler_t::replace));
}


bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO);
}

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "newsdex-search"};
  app.set_version_flag("--version", std::string("newsdex-search ") + NEWSDEX_VERSION_STRING);
  std::vector<std::string> dbs;
  std::string format = "text", color = "auto", sort = "relevance", since, until, seen_since;
  std::vector<std::string> words;
  newsdex::SearchOptions options;
  bool any = false;
  app.add_option("--db", dbs,
                 "Index folder, stub file or tcp://HOST:PORT; repeat to search several as one\n"
                 "(default: $NEWSDEX_DB, else ~/.local/share/newsdex)")
      ->allow_extra_args(false);
  app.add_option("query", words, "The query (several arguments are joined with spaces)");
  // CLI11 would read "-1" into a size_t as the largest one: refused instead.
  const CLI::Validator count(
      [](const std::string& v) { return v.starts_with('-') ? "must be a number of 0 or more" : ""; }, "N");
  app.add_option("-n,--limit", options.limit, "Results to show")->check(count)->capture_default_str();
  app.add_option("--offset", options.offset, "Results to skip (for paging)")
      ->check(count)
      ->capture_default_str();
  app.add_option("--sort", sort,
                 "relevance, date (newest first) or recent (relevance blended with freshness)")
      ->check(CLI::IsMember({"relevance", "date", "recent"}))
      ->capture_default_str();
  std::string half_life = "3d", like, facets;
  app.add_option("--half-life", half_life, "For --sort recent: how fast news ages (90m, 12h, 3d, 2w)")
      ->capture_default_str();
  app.add_option("--facets", facets,
                 "Count all matches by these fields, comma-separated: source,category,month,kind");
  app.add_option("--like", like, "Show the documents most like the one with this id");
  std::string story;
  app.add_option("--story", story, "Show a story (or a document's story) as a timeline, oldest first");
  bool no_collapse = false;
  app.add_flag("--no-collapse", no_collapse, "Show every document, not one per story");
  app.add_option("--since", since, "Only newer: 2025-12-01, 2025-12-01T08:00Z, 24h, 7d, 2w");
  app.add_option("--until", until, "Only older: same forms as --since");
  app.add_option("--seen-since", seen_since,
                 "Only what newsdex first stored since then (same forms): new arrivals");
  app.add_flag("--any", any, "Match any of the words instead of all");
  app.add_option("--format", format, "text or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--color", color, "auto (only on a terminal; NO_COLOR turns it off), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--snippet-chars", options.snippet_chars, "Snippet length in characters")
      ->capture_default_str();
  std::vector<std::string> synonym_files;
  app.add_option("--synonyms", synonym_files,
                 "A synonym file to use instead of the shipped one and\n"
                 "~/.config/newsdex/synonyms.conf (repeat for several)")
      ->allow_extra_args(false);
  bool show_stats = false;
  app.add_flag("--stats", show_stats, "Show what the indexes hold (documents, sources, dates) and exit");
  bool no_synonyms = false;
  app.add_flag("--no-synonyms", no_synonyms, "Search the words as typed, without their synonyms");
  std::vector<std::string> negated;
  std::vector<char*> args = split_negated_words(argc, argv, negated);
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitFound : kExitError;
  }
  if (dbs.empty()) dbs.push_back(newsdex::default_index_path());

  std::string query;
  for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
  for (const auto& w : negated) query += (query.empty() ? "" : " ") + w;
  options.sort = sort == "date"     ? newsdex::Sort::date
                 : sort == "recent" ? newsdex::Sort::recent
                                    : newsdex::Sort::relevance;
  for (std::size_t at = 0; at < facets.size();) {
    std::size_t comma = std::min(facets.find(',', at), facets.size());
    if (comma > at) options.facets.push_back(facets.substr(at, comma - at));
    at = comma + 1;
  }
  options.match_all = !any;
  try {
    std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    if (!since.empty()) options.since = newsdex::parse_time_bound(since, now);
    if (!until.empty()) options.until = newsdex::parse_time_bound(until, now, /*upper=*/true);
    if (!seen_since.empty()) options.seen_since = newsdex::parse_time_bound(seen_since, now);
    if (half_life.empty() || std::string_view("mhdw").find(half_life.back()) == std::string_view::npos)
      throw newsdex::Error(newsdex::Errc::invalid_argument,
                           fmt::format("--half-life '{}': give a span such as 12h, 3d or 2w", half_life));
    options.half_life = std::chrono::seconds(-newsdex::parse_time_bound(half_life, 0));
    options.collapse = !no_collapse;
    auto searcher = newsdex::Searcher::open(dbs);
    if (show_stats) return print_stats(searcher, dbs, format);
    options.synonyms = !no_synonyms;
    if (options.synonyms)
      for (const auto& problem :
           searcher.use_synonyms(synonym_files.empty() ? newsdex::default_synonym_files() : synonym_files))
        fmt::print(stderr, "newsdex-search: warning: {}\n", problem);
    if (!story.empty()) return print_story(searcher, story, format);
    newsdex::SearchResults results =
        like.empty() ? searcher.search(query, options) : searcher.related(like, options);
    if (format == "json")
      print_json(results);
    else
      print_text(results, searcher, use_color(color));
    return results.hits.empty() ? kExitNothingFound : kExitFound;
  } catch (const newsdex::Error& e) {
    fmt::print(stderr, "newsdex-search: {}\n", e.what());
    return kExitError;
  }
}

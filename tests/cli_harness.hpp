#pragma once
// The harness of the end-to-end tests of the two executables, newsdex-index and newsdex-search:
// each test runs them as whole processes (stdout and stderr captured apart,
// exit status checked) against its own fresh index in a temporary folder.
//
// ctest passes NEWSDEX_INDEX_BIN, NEWSDEX_SEARCH_BIN and NEWSDEX_DATA_DIR (the
// project's data/); the hand-written fixtures live in tests/fixtures/, found
// from NEWSDEX_DATA_DIR. Expectations about data/ (how many items, their
// titles, authors, dates) are computed from the files themselves.

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace cli_harness {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------
// Where things are

inline std::string required_env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v)
    throw std::runtime_error(std::string(name) +
                             " is not set: run these tests through ctest (ctest -R cli)");
  return v;
}

inline std::string index_bin() { return required_env("NEWSDEX_INDEX_BIN"); }
inline std::string search_bin() { return required_env("NEWSDEX_SEARCH_BIN"); }
inline fs::path data_dir() { return fs::path(required_env("NEWSDEX_DATA_DIR")); }
inline fs::path fixtures_dir() { return data_dir() / ".." / "tests" / "fixtures"; }
inline fs::path fixture(const std::string& name) { return fixtures_dir() / name; }

inline std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_all(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A fresh folder under the system's temporary directory, removed with
// everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "newsdex-cli-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data()))
      throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// ---------------------------------------------------------------------------
// Running a program

enum class Stdout { file, pipe, pty };

struct RunOptions {
  // Environment changes: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  // Bytes for standard input; without them stdin is /dev/null (unless
  // keep_stdin_open).
  std::optional<std::string> stdin_data;
  // Give the child a pipe as stdin and keep its write end (Process::stdin_fd).
  bool keep_stdin_open = false;
  Stdout out = Stdout::file;
  std::chrono::seconds timeout{60};
  std::optional<fs::path> cwd;  // the child's working directory; unset: ours

  RunOptions& set_env(const std::string& name, std::optional<std::string> value) {
    env[name] = std::move(value);
    return *this;
  }
  RunOptions& input(std::string bytes) {
    stdin_data = std::move(bytes);
    return *this;
  }
  RunOptions& hold_stdin() {
    keep_stdin_open = true;
    return *this;
  }
  RunOptions& to(Stdout kind) {
    out = kind;
    return *this;
  }
};

struct Result {
  int code = -1;  // exit status; 128 + signal when killed
  bool timed_out = false;
  std::string out;
  std::string err;
  std::string command;
};

// For failure messages: what ran and what it said.
inline std::string describe(const Result& r) {
  std::ostringstream s;
  s << "command: " << r.command << "\nexit: " << r.code << (r.timed_out ? " (timed out)" : "")
    << "\n--- stdout ---\n"
    << r.out.substr(0, 4000) << "\n--- stderr ---\n"
    << r.err.substr(0, 4000);
  return s.str();
}

inline std::vector<std::string> build_environment(const std::map<std::string, std::optional<std::string>>& changes) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    if (!changes.count(name)) out.push_back(entry);
  }
  for (const auto& [name, value] : changes)
    if (value) out.push_back(name + "=" + *value);
  return out;
}

class Process {
 public:
  Process(std::vector<std::string> argv, RunOptions options)
      : options_(std::move(options)), scratch_(std::make_unique<TempDir>()) {
    for (const auto& a : argv) command_ += (command_.empty() ? "" : " ") + a;

    // Every child gets a private XDG_DATA_HOME and no NEWSDEX_DB or NO_COLOR
    // from the caller's shell, unless the test says otherwise: a tool that
    // ignored --db can then never touch a real index.
    std::map<std::string, std::optional<std::string>> env = {
        {"NEWSDEX_DB", std::nullopt},
        {"NO_COLOR", std::nullopt},
        {"XDG_DATA_HOME", (scratch_->path() / "xdg").string()},
        // Saved searches, dates and widths the same wherever the tests run.
        {"XDG_CONFIG_HOME", (scratch_->path() / "config").string()},
        {"NEWSDEX_SEARCHES", std::nullopt},
        {"TZ", "UTC"},
        {"COLUMNS", std::nullopt},
        {"PAGER", std::nullopt},
    };
    for (const auto& [k, v] : options_.env) env[k] = v;
    std::vector<std::string> env_strings = build_environment(env);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int child_only_fd = -1;  // closed in the parent after the spawn

    // stdin
    const std::string in_path = (scratch_->path() / "stdin").string();
    if (options_.stdin_data) {
      write_all(in_path, *options_.stdin_data);
      posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    } else if (options_.keep_stdin_open) {
      int p[2];
      if (pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
      posix_spawn_file_actions_adddup2(&actions, p[0], 0);
      stdin_fd_ = p[1];
      child_only_fd = p[0];
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }

    // stdout
    out_path_ = (scratch_->path() / "stdout").string();
    int child_out_fd = -1;
    if (options_.out == Stdout::file) {
      posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    } else if (options_.out == Stdout::pipe) {
      int p[2];
      if (pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
      read_fd_ = p[0];
      child_out_fd = p[1];
      posix_spawn_file_actions_adddup2(&actions, p[1], 1);
    } else {
      int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
        throw std::runtime_error(std::string("cannot open a pseudo-terminal: ") + std::strerror(errno));
      const char* slave_name = ptsname(master);
      int slave = slave_name ? open(slave_name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
      if (slave < 0) throw std::runtime_error("cannot open the pseudo-terminal's slave");
      read_fd_ = master;
      child_out_fd = slave;
      posix_spawn_file_actions_adddup2(&actions, slave, 1);
    }

    // stderr
    err_path_ = (scratch_->path() / "stderr").string();
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    if (options_.cwd) posix_spawn_file_actions_addchdir_np(&actions, options_.cwd->c_str());
    int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (child_only_fd >= 0) close(child_only_fd);
    if (child_out_fd >= 0) close(child_out_fd);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    if (read_fd_ >= 0) fcntl(read_fd_, F_SETFL, fcntl(read_fd_, F_GETFL) | O_NONBLOCK);
  }

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    close_stdin();
    if (read_fd_ >= 0) close(read_fd_);
  }

  int stdin_fd() const { return stdin_fd_; }

  void write_stdin(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(stdin_fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("writing to the child's stdin failed");
      done += static_cast<std::size_t>(n);
    }
  }

  void close_stdin() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    stdin_fd_ = -1;
  }

  // True while the child has not exited (does not reap it).
  bool running() {
    if (pid_ <= 0) return false;
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
    return info.si_pid == 0;
  }

  Result wait() {
    Result r;
    r.command = command_;
    auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    int status = 0;
    for (;;) {
      drain(r.out);
      pid_t got = waitpid(pid_, &status, WNOHANG);
      if (got == pid_) break;
      if (std::chrono::steady_clock::now() > deadline) {
        r.timed_out = true;
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    drain(r.out);
    close_stdin();
    if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) r.code = 128 + WTERMSIG(status);
    if (options_.out == Stdout::file) r.out = read_all(out_path_);
    r.err = read_all(err_path_);
    return r;
  }

 private:
  void drain(std::string& into) {
    if (read_fd_ < 0) return;
    char buf[8192];
    for (;;) {
      ssize_t n = ::read(read_fd_, buf, sizeof buf);
      if (n > 0) {
        into.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      return;  // EAGAIN, end of file, or EIO (a pty whose slave is closed)
    }
  }

  RunOptions options_;
  std::unique_ptr<TempDir> scratch_;
  std::string command_;
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int read_fd_ = -1;
};

inline Result run(std::vector<std::string> argv, RunOptions options = {}) {
  Process p(std::move(argv), std::move(options));
  return p.wait();
}

inline std::vector<std::string> with_db(const std::string& bin, const fs::path& db, std::vector<std::string> args) {
  std::vector<std::string> argv{bin, "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

inline Result index_cmd(const fs::path& db, std::vector<std::string> args, RunOptions options = {}) {
  return run(with_db(index_bin(), db, std::move(args)), std::move(options));
}

inline Result search_cmd(const fs::path& db, std::vector<std::string> args, RunOptions options = {}) {
  return run(with_db(search_bin(), db, std::move(args)), std::move(options));
}

// ---------------------------------------------------------------------------
// Reading what the tools print

// "5 inputs read: 69 added, 0 updated, 0 unchanged; 0 warnings, 0 errors (0.21 s)"
struct Summary {
  std::size_t inputs = 0, added = 0, updated = 0, unchanged = 0, warnings = 0, errors = 0;
};

inline std::optional<Summary> parse_summary(const std::string& out) {
  static const std::regex re(
      R"((\d+) inputs? read: (\d+) added, (\d+) updated, (\d+) unchanged[^;]*;(?: [^;]*skipped[^;]*;)? (\d+) warnings?, (\d+) errors? \([0-9.]+ s\))");
  std::smatch m;
  if (!std::regex_search(out, m, re)) return std::nullopt;
  auto n = [&](int i) { return static_cast<std::size_t>(std::stoul(m[i].str())); };
  return Summary{n(1), n(2), n(3), n(4), n(5), n(6)};
}

inline Summary summary_of(const Result& r) {
  auto s = parse_summary(r.out);
  INFO(describe(r));
  REQUIRE_MESSAGE(s.has_value(), "no summary line on stdout");
  return *s;
}

inline json stats_of(const fs::path& db) {
  Result r = run({index_bin(), "--db", db.string(), "stats", "--format", "json"});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  json j = json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(j.is_object(), "stats --format json did not print a JSON object");
  return j;
}

inline std::size_t doc_count(const fs::path& db) {
  json j = stats_of(db);
  REQUIRE(j.contains("documents"));
  REQUIRE(j["documents"].is_number_unsigned());
  return j["documents"].get<std::size_t>();
}

// The keys of every hit (a digest summary's "citations" are not empty).
inline const std::set<std::string> kHitKeys = {
    "rank",       "id",   "score",       "title",      "url",     "source", "author", "authors", "published", "updated",
    "first_seen", "date", "date_source", "categories", "snippet", "kind",   "story",  "also", "type",
    "short_id", "also_total", "citations"};

// ISO 8601 with the offset: Z, or +hh:mm as in the local time zone.
inline bool is_iso8601(const std::string& s) {
  static const std::regex re(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))");
  return std::regex_match(s, re);
}

struct Hits {
  std::vector<json> hits;
  json last;  // the "summary" line
  json suggestion;  // the "suggestion" line's query, or null
  std::map<std::string, json> facets;  // each "facet" line's counts by its field
  Result result;

  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h["id"].get<std::string>());
    return out;
  }
  std::set<std::string> id_set() const {
    auto v = ids();
    return {v.begin(), v.end()};
  }
};

// Checks one JSON output as the --format json contract says: every line a
// JSON object with a "type"; hits with (at least) the hit keys, typed; then
// a suggestion line and facet lines when there are some; a last "summary"
// line with hits, total, total_exact and took_ms; ranks counting on from
// offset + 1; exit 0 when something was found, 1 when nothing was.
inline Hits parse_json_output(const Result& r, std::size_t offset = 0) {
  INFO(describe(r));
  REQUIRE_MESSAGE((r.code == 0 || r.code == 1), "search failed");
  Hits h;
  h.result = r;
  std::vector<json> lines;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    INFO("line: " << line);
    REQUIRE_MESSAGE(!j.is_discarded(), "a line of --format json output is not JSON");
    REQUIRE(j.is_object());
    lines.push_back(std::move(j));
  }
  REQUIRE_MESSAGE(!lines.empty(), "--format json printed nothing");
  h.last = lines.back();
  lines.pop_back();
  std::set<std::string> last_keys;
  for (const auto& [k, v] : h.last.items()) last_keys.insert(k);
  CHECK(last_keys == std::set<std::string>{"type", "hits", "total", "total_exact", "took_ms"});
  CHECK(h.last["type"] == "summary");
  CHECK(h.last["total"].is_number_unsigned());
  CHECK(h.last["total_exact"].is_boolean());
  CHECK(h.last["took_ms"].is_number());
  // After the hits: at most one suggestion, then the facets, in that order.
  while (!lines.empty() && lines.back().value("type", "") == "facet") {
    const json& f = lines.back();
    REQUIRE(f["field"].is_string());
    REQUIRE(f["counts"].is_array());
    h.facets[f["field"].get<std::string>()] = f["counts"];
    lines.pop_back();
  }
  if (!lines.empty() && lines.back().value("type", "") == "suggestion") {
    REQUIRE(lines.back()["query"].is_string());
    h.suggestion = lines.back()["query"];
    lines.pop_back();
  }
  CHECK(h.last["hits"] == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const json& hit = lines[i];
    INFO("hit: " << hit.dump());
    for (const auto& key : kHitKeys) REQUIRE_MESSAGE(hit.contains(key), "a hit has no \"" << key << "\"");
    CHECK(hit["type"] == "hit");
    REQUIRE(hit["authors"].is_array());
    for (const auto& a : hit["authors"]) CHECK(a.is_string());
    REQUIRE(hit["rank"].is_number_unsigned());
    CHECK(hit["rank"].get<std::size_t>() == offset + i + 1);
    CHECK(hit["id"].is_string());
    CHECK(!hit["id"].get<std::string>().empty());
    CHECK(hit["score"].is_number());
    CHECK(hit["title"].is_string());
    CHECK(hit["url"].is_string());
    CHECK(hit["source"].is_string());
    CHECK(hit["author"].is_string());
    CHECK(hit["snippet"].is_string());
    REQUIRE(hit["categories"].is_array());
    for (const auto& c : hit["categories"]) CHECK(c.is_string());
    CHECK((hit["published"].is_null() ||
           (hit["published"].is_string() && is_iso8601(hit["published"].get<std::string>()))));
  }
  CHECK(r.code == (lines.empty() ? 1 : 0));
  if (!lines.empty() && h.last["total"].is_number_unsigned())
    CHECK(h.last["total"].get<std::size_t>() >= offset + lines.size());
  h.hits = std::move(lines);
  return h;
}

inline Hits search_json(const fs::path& db, std::vector<std::string> args, RunOptions options = {}) {
  std::size_t offset = 0;
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--offset") offset = std::stoul(args[i + 1]);
  args.insert(args.begin(), {"--format", "json"});
  return parse_json_output(search_cmd(db, std::move(args), std::move(options)), offset);
}

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

inline bool contains_ci(const std::string& haystack, const std::string& needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

inline std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// The words inside <mark>...</mark> of an HTML snippet.
inline std::vector<std::string> marked_words(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex re("<mark>(.*?)</mark>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

// The snippet as plain text: marks removed, the five escapes undone.
inline std::string unhtml(std::string s) {
  for (const char* tag : {"<mark>", "</mark>"})
    for (std::size_t at; (at = s.find(tag)) != std::string::npos;) s.erase(at, std::strlen(tag));
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities)
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += std::strlen(to))
      s.replace(at, std::strlen(from), to);
  return s;
}

// date values (published, else updated, else first seen), in output order;
// nullopt for null.
inline std::vector<std::optional<std::string>> dates_of(const Hits& h) {
  std::vector<std::optional<std::string>> out;
  for (const auto& hit : h.hits)
    out.push_back(hit["date"].is_string() ? std::optional(hit["date"].get<std::string>()) : std::nullopt);
  return out;
}

// Newest first, undated last: the order of --sort date and of an empty query.
inline void check_newest_first(const Hits& h) {
  auto dates = dates_of(h);
  bool seen_null = false;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    INFO("hit " << i + 1 << ": " << h.hits[i].dump());
    if (!dates[i]) {
      seen_null = true;
      continue;
    }
    CHECK_MESSAGE(!seen_null, "a dated hit comes after an undated one");
    if (i > 0 && dates[i - 1]) CHECK(*dates[i - 1] >= *dates[i]);
  }
}

// ---------------------------------------------------------------------------
// What data/ holds, read from the files themselves

struct SourceItem {
  std::string file;
  std::string feed_title;  // the channel's title; empty for a plain-text article
  std::string title;
  std::string author;  // <author> and <dc:creator>, as written
  std::string link;
  std::optional<std::string> published;  // from <pubDate>, as ISO 8601 UTC
};

inline std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// Text of the first <tag>...</tag> in `block` (CDATA unwrapped, entities kept).
inline std::string tag_text(const std::string& block, const std::string& tag) {
  std::string open = "<" + tag;
  std::size_t at = 0;
  for (;;) {
    at = block.find(open, at);
    if (at == std::string::npos) return {};
    char next = at + open.size() < block.size() ? block[at + open.size()] : '\0';
    if (next == '>' || next == ' ') break;
    at += open.size();
  }
  std::size_t start = block.find('>', at);
  if (start == std::string::npos) return {};
  if (block[start - 1] == '/') return {};
  std::size_t end = block.find("</" + tag + ">", start);
  if (end == std::string::npos) return {};
  std::string text = trim(block.substr(start + 1, end - start - 1));
  if (text.starts_with("<![CDATA[") && text.ends_with("]]>")) text = text.substr(9, text.size() - 12);
  return text;
}

inline std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline std::string iso_utc(std::int64_t t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  // civil_from_days (Howard Hinnant)
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

// "Sun, 03 May 2026 23:00:10 +0000" (the form data/ uses) as ISO 8601 UTC.
inline std::optional<std::string> rfc822_to_iso(const std::string& text) {
  static const std::regex re(
      R"((?:[A-Za-z]{3}, *)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? *([+-]\d{4}|GMT|UT|Z)?)");
  std::smatch m;
  if (!std::regex_search(text, m, re)) return std::nullopt;
  static const std::vector<std::string> months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  auto month = std::find(months.begin(), months.end(), lower(m[2].str()));
  if (month == months.end()) return std::nullopt;
  std::int64_t t = days_from_civil(std::stoll(m[3].str()), static_cast<unsigned>(month - months.begin() + 1),
                                   static_cast<unsigned>(std::stoul(m[1].str()))) *
                       86400 +
                   std::stoll(m[4].str()) * 3600 + std::stoll(m[5].str()) * 60 +
                   (m[6].matched ? std::stoll(m[6].str()) : 0);
  if (m[7].matched && (m[7].str()[0] == '+' || m[7].str()[0] == '-')) {
    std::string z = m[7].str();
    std::int64_t off = std::stoll(z.substr(1, 2)) * 3600 + std::stoll(z.substr(3, 2)) * 60;
    t -= z[0] == '+' ? off : -off;
  }
  return iso_utc(t);
}

inline bool starts_like_xml(const std::string& bytes) {
  auto at = bytes.find_first_not_of(" \t\r\n");
  if (bytes.starts_with("\xEF\xBB\xBF")) at = bytes.find_first_not_of(" \t\r\n", 3);
  return at != std::string::npos && bytes[at] == '<';
}

// The news in data/: its *.txt files (feeds and plain-text articles alike).
// Anything else there is configuration (boilerplate.conf, systemd units),
// which newsdex-index must not read as news: the tests check that it reads
// exactly these files when given the folder.
inline std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && !e.path().filename().string().starts_with(".") &&
        e.path().extension() == ".txt")
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The feeds among them (the content starts with '<').
inline std::vector<fs::path> feed_files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& f : files_in(dir))
    if (starts_like_xml(read_all(f))) out.push_back(f);
  return out;
}

// Every item of the feeds (<item> elements) and, for every non-empty
// plain-text file under `dir`, one entry with its first line (a plain-text
// file may yield more documents than that: digests are split by source).
inline std::vector<SourceItem> items_in(const fs::path& dir) {
  std::vector<SourceItem> out;
  for (const auto& path : files_in(dir)) {
    std::string bytes = read_all(path);
    if (!starts_like_xml(bytes)) {
      std::istringstream lines(bytes);
      std::string line;
      while (std::getline(lines, line))
        if (!trim(line).empty()) {
          out.push_back({path.filename().string(), "", trim(line), "", "", std::nullopt});
          break;
        }
      continue;
    }
    std::string channel_head = bytes.substr(0, bytes.find("<item"));
    std::string feed_title = tag_text(channel_head, "title");
    for (std::size_t at = 0; (at = bytes.find("<item", at)) != std::string::npos;) {
      char next = at + 5 < bytes.size() ? bytes[at + 5] : '\0';
      if (next != '>' && next != ' ' && next != '\n') {
        at += 5;
        continue;
      }
      std::size_t end = bytes.find("</item>", at);
      if (end == std::string::npos) break;
      std::string block = bytes.substr(at, end - at);
      SourceItem item;
      item.file = path.filename().string();
      item.feed_title = feed_title;
      item.title = tag_text(block, "title");
      item.author = tag_text(block, "author") + " " + tag_text(block, "dc:creator");
      item.link = tag_text(block, "link");
      if (std::string d = tag_text(block, "pubDate"); !d.empty()) item.published = rfc822_to_iso(d);
      out.push_back(std::move(item));
      at = end;
    }
  }
  return out;
}

inline const std::vector<SourceItem>& data_items() {
  static const std::vector<SourceItem> items = items_in(data_dir());
  return items;
}

// The items of data/'s feeds: exact expectations for an index of the feeds.
inline std::vector<SourceItem> feed_items() {
  std::vector<SourceItem> out;
  for (const auto& it : data_items())
    if (!it.feed_title.empty()) out.push_back(it);
  return out;
}

inline std::size_t count_items(const std::function<bool(const SourceItem&)>& pred) {
  auto items = feed_items();
  return static_cast<std::size_t>(std::count_if(items.begin(), items.end(), pred));
}

inline bool has_word_ci(const std::string& text, const std::string& word) {
  std::regex re("\\b" + word + "\\b", std::regex::icase);
  return std::regex_search(text, re);
}

inline std::string host_of(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  auto start = scheme + 3;
  auto end = url.find_first_of("/?#:", start);
  return lower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

// A fresh index of data/, in its own temporary folder.
struct DataIndex {
  TempDir dir;
  fs::path db = dir / "db";
  Result indexed;
  std::size_t documents = 0;
  DataIndex() {
    indexed = index_cmd(db, {data_dir().string()});
    INFO(describe(indexed));
    REQUIRE(indexed.code == 0);
    documents = doc_count(db);
  }
};

// A fresh index of data/'s feeds only: every document is an <item> of a
// feed file, so counts of expected hits come straight from the files.
struct FeedIndex {
  TempDir dir;
  fs::path db = dir / "db";
  FeedIndex() {
    std::vector<std::string> args;
    for (const auto& f : feed_files_in(data_dir())) args.push_back(f.string());
    REQUIRE(!args.empty());
    Result r = index_cmd(db, args);
    INFO(describe(r));
    REQUIRE(r.code == 0);
    REQUIRE(doc_count(db) == feed_items().size());
  }
};

// "    16 items  data/000_...txt" lines of newsdex-index --verbose, by file name.
inline std::map<std::string, std::size_t> verbose_counts(const std::string& out) {
  std::map<std::string, std::size_t> counts;
  static const std::regex line(R"(^ *(\d+) items? +(.+)$)");
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, line)) counts[fs::path(m[2].str()).filename().string()] = std::stoul(m[1].str());
  }
  return counts;
}

inline std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
         (!text.empty() && text.back() != '\n' ? 1 : 0);
}

}  // namespace cli_harness

// Tests of make_http_fetcher() against a real HTTP server: tests/http_server.py
// (Python's standard library only), which each test case starts for itself
// on a free port of 127.0.0.1 and stops when it ends.
//
// ctest passes NEWSDEX_PYTHON, NEWSDEX_HTTP_SERVER (the script),
// NEWSDEX_FIXTURES (tests/fixtures) and NEWSDEX_SHARED_DIR. The server serves
// ../shared/data/rssowl-feeds (217 real feeds) when it is there, else the
// small feeds of tests/fixtures/http/, so nothing is skipped either way.

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdex/fetch.hpp"
#include "newsdex/version.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using newsdex::FetchOptions;
using newsdex::FetchRequest;
using newsdex::FetchResult;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// Where things are

std::string required_env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v)
    throw std::runtime_error(std::string(name) +
                             " is not set: run these tests through ctest (ctest -R fetch)");
  return v;
}

fs::path fixtures_http() { return fs::path(required_env("NEWSDEX_FIXTURES")) / "http"; }

// The rssowl feeds, or an empty path when ../shared is not there.
fs::path shared_feeds() {
  const char* shared = std::getenv("NEWSDEX_SHARED_DIR");
  if (!shared || !*shared) return {};
  const fs::path feeds = fs::path(shared) / "data" / "rssowl-feeds";
  return fs::is_directory(feeds) ? feeds : fs::path();
}

fs::path served_root() {
  const fs::path feeds = shared_feeds();
  return feeds.empty() ? fixtures_http() : feeds;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The *.xml files directly in a folder, by name.
std::vector<std::string> feed_names(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".xml")
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  if (names.empty()) throw std::runtime_error("no feeds in " + folder.string());
  return names;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------
// The test server. update_test.cpp may want the same helper: copy it for now,
// or move it to a shared header (tests/test_server.hpp) once both settle.

// A file descriptor that closes itself.
class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~Fd() { reset(); }
  int get() const noexcept { return fd_; }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// A child process that is stopped and reaped when this goes away.
class Child {
 public:
  explicit Child(pid_t pid = -1) noexcept : pid_(pid) {}
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  void set(pid_t pid) noexcept { pid_ = pid; }

 private:
  pid_t pid_;
};

// tests/http_server.py serving `root`. Its stdin is a pipe from us: should
// this process die without running destructors, the pipe closes and the
// server exits by itself.
class TestServer {
 public:
  explicit TestServer(const fs::path& root = served_root()) {
    int to_child[2];
    int from_child[2];
    // O_CLOEXEC: no other child (nor the server itself) may hold our ends,
    // or the server would never see its stdin close.
    if (::pipe2(to_child, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    Fd child_stdin(to_child[0]);
    stdin_ = Fd(to_child[1]);
    if (::pipe2(from_child, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    stdout_ = Fd(from_child[0]);
    Fd child_stdout(from_child[1]);
    spawn(root, child_stdin.get(), child_stdout.get());
    port_ = read_port();
  }

  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // A GET of a control route (/count, /admin/...), not through the fetcher
  // under test. Throws unless the answer is 200.
  std::string get(const std::string& path) const;

  json counts() const { return json::parse(get("/count")); }
  int count(const std::string& path) const { return counts().value(path, 0); }
  int peak() const { return json::parse(get("/admin/peak")).at("peak").get<int>(); }
  void reset() const { get("/admin/reset"); }
  void switch_root(const fs::path& folder) const {
    get("/admin/root?dir=" + percent_encode(folder.string()));
  }

 private:
  void spawn(const fs::path& root, int child_stdin, int child_stdout) {
    const std::string python = required_env("NEWSDEX_PYTHON");
    std::vector<std::string> args = {python, required_env("NEWSDEX_HTTP_SERVER"), "--root",
                                     root.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_stdin, 0);  // dup2 clears CLOEXEC
    posix_spawn_file_actions_adddup2(&actions, child_stdout, 1);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + python + ": " + std::strerror(rc));
    child_.set(pid);
  }

  // The server's first line of output is its port.
  int read_port() {
    std::string line;
    const auto deadline = Clock::now() + 20s;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd p{stdout_.get(), POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0)
        throw std::runtime_error("the test server did not say its port within 20 s");
      char buffer[64];
      const ssize_t n = ::read(stdout_.get(), buffer, sizeof buffer);
      if (n == 0) throw std::runtime_error("the test server exited at once (see stderr)");
      if (n < 0 && errno != EINTR) throw std::runtime_error("cannot read from the test server");
      if (n > 0) line.append(buffer, static_cast<std::size_t>(n));
    }
    return std::stoi(line);
  }

  static std::string percent_encode(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
      if (std::isalnum(c) || std::strchr("/-._~", c)) {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  }

  // Declared first so it goes last: the pipes close, then the child is reaped.
  Child child_;
  Fd stdin_;
  Fd stdout_;
  int port_ = 0;
};

std::string TestServer::get(const std::string& path) const {
  Fd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (sock.get() < 0 || ::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("cannot connect to the test server");
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (::send(sock.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size()))
    throw std::runtime_error("cannot send to the test server");
  std::string response;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(sock.get(), buffer, sizeof buffer, 0)) > 0)
    response.append(buffer, static_cast<std::size_t>(n));
  const auto body = response.find("\r\n\r\n");
  if (response.compare(0, 13, "HTTP/1.1 200 ") != 0 || body == std::string::npos)
    throw std::runtime_error("GET " + path + " failed: " + response.substr(0, response.find('\r')));
  return response.substr(body + 4);
}

// One server for the whole run, since starting Python may take a second;
// each test case starts by clearing its counters and flaky state.
TestServer& fresh_server() {
  static TestServer server;
  server.reset();
  return server;
}

// A port on which nothing listens: one the kernel just handed out and took back.
int closed_port() {
  Fd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  if (::bind(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(sock.get(), reinterpret_cast<sockaddr*>(&addr), &size) != 0)
    throw std::runtime_error("cannot find a free port");
  return ntohs(addr.sin_port);
}

// ---------------------------------------------------------------------------
// Fetching

// Generous timeouts, short retry waits: tests that want others say so.
FetchOptions test_options() {
  FetchOptions options;
  options.connect_timeout = 5s;
  options.total_timeout = 20s;
  options.max_retry_wait = 5s;
  return options;
}

FetchResult fetch_one(const FetchRequest& request, const FetchOptions& options = test_options()) {
  const auto fetcher = newsdex::make_http_fetcher(options);
  const auto results = fetcher->fetch({request}, {});
  REQUIRE(results.size() == 1);
  return results.front();
}

FetchResult fetch_one(const std::string& url, const FetchOptions& options = test_options()) {
  return fetch_one(FetchRequest{url, {}, {}}, options);
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("http fetcher: a plain 200 brings the body and the validators") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const std::string url = server.url("/" + name);
  const FetchResult r = fetch_one(url);
  CHECK(r.ok());
  CHECK(r.error.empty());
  CHECK(r.url == url);
  CHECK(r.final_url == url);
  CHECK(r.status == 200);
  CHECK_FALSE(r.not_modified);
  CHECK(r.attempts == 1);
  CHECK(r.body == read_file(served_root() / name));
  CHECK(r.etag.size() > 2);
  CHECK(r.etag.front() == '"');
  CHECK(contains(r.last_modified, " GMT"));
  CHECK(r.content_type.rfind("application/", 0) == 0);
  CHECK(r.charset.empty());
}

TEST_CASE("http fetcher: a missing file is HTTP 404, reported and not retried") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.retries = 2;
  for (const std::string path : {"/404", "/no-such-feed.xml"}) {
    const FetchResult r = fetch_one(server.url(path), options);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "HTTP 404 Not Found");
    CHECK(r.status == 404);
    CHECK(r.body.empty());
    CHECK(r.attempts == 1);
    CHECK(server.count(path) == 1);
  }
}

TEST_CASE("http fetcher: conditional GET") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const std::string url = server.url("/" + name);
  const auto fetcher = newsdex::make_http_fetcher(test_options());
  const FetchResult first = fetcher->fetch({{url, {}, {}}}, {}).front();
  REQUIRE(first.ok());
  REQUIRE_FALSE(first.etag.empty());
  REQUIRE_FALSE(first.last_modified.empty());

  SUBCASE("both validators: 304, validators kept, no body") {
    const FetchResult r = fetcher->fetch({{url, first.etag, first.last_modified}}, {}).front();
    CHECK(r.ok());
    CHECK(r.not_modified);
    CHECK(r.status == 304);
    CHECK(r.body.empty());
    CHECK(r.etag == first.etag);
    CHECK(r.last_modified == first.last_modified);
  }
  SUBCASE("If-Modified-Since alone: 304") {
    const FetchResult r = fetcher->fetch({{url, {}, first.last_modified}}, {}).front();
    CHECK(r.ok());
    CHECK(r.not_modified);
    CHECK(r.last_modified == first.last_modified);
  }
  SUBCASE("a stale ETag: the whole feed again") {
    const FetchResult r = fetcher->fetch({{url, "\"stale\"", first.last_modified}}, {}).front();
    CHECK(r.ok());
    CHECK_FALSE(r.not_modified);
    CHECK(r.status == 200);
    CHECK(r.body == first.body);
    CHECK(r.etag == first.etag);
  }
  CHECK(server.count("/" + name) == 2);
}

TEST_CASE("http fetcher: the request carries the user agent and the validators") {
  TestServer& server = fresh_server();
  SUBCASE("defaults") {
    const FetchResult r =
        fetch_one(FetchRequest{server.url("/headers"), "\"abc\"", "Sat, 03 Mar 2007 08:15:00 GMT"});
    REQUIRE(r.ok());
    const json headers = json::parse(r.body);
    CHECK(headers.value("User-Agent", "") == "newsdex/" NEWSDEX_VERSION_STRING);
    CHECK(headers.value("If-None-Match", "") == "\"abc\"");
    CHECK(headers.value("If-Modified-Since", "") == "Sat, 03 Mar 2007 08:15:00 GMT");
    CHECK(contains(headers.value("Accept-Encoding", ""), "gzip"));
  }
  SUBCASE("a chosen user agent; a validator with a line break is not sent") {
    FetchOptions options = test_options();
    options.user_agent = "probe/1.0";
    const FetchResult r =
        fetch_one(FetchRequest{server.url("/headers"), "\"a\"\r\nX-Evil: 1", ""}, options);
    REQUIRE(r.ok());
    const json headers = json::parse(r.body);
    CHECK(headers.value("User-Agent", "") == "probe/1.0");
    CHECK_FALSE(headers.contains("If-None-Match"));
    CHECK_FALSE(headers.contains("X-Evil"));
    CHECK_FALSE(headers.contains("If-Modified-Since"));
  }
}

TEST_CASE("http fetcher: redirects are followed, up to max_redirects") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  FetchOptions options = test_options();
  options.max_redirects = 5;

  const FetchResult three = fetch_one(server.url("/redirect/3/" + name), options);
  CHECK(three.ok());
  CHECK(three.status == 200);
  CHECK(three.url == server.url("/redirect/3/" + name));
  CHECK(three.final_url == server.url("/" + name));
  CHECK(three.body == read_file(served_root() / name));
  // The headers are the final response's, not a redirect's.
  CHECK_FALSE(three.etag.empty());
  CHECK(three.content_type.rfind("application/", 0) == 0);

  CHECK(fetch_one(server.url("/redirect/5/" + name), options).ok());

  const FetchResult six = fetch_one(server.url("/redirect/6/" + name), options);
  CHECK_FALSE(six.ok());
  CHECK(six.error == "more than 5 redirects");
  CHECK(six.body.empty());
}

TEST_CASE("http fetcher: a redirect loop ends in an error") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.max_redirects = 4;
  const FetchResult r = fetch_one(server.url("/loop"), options);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "more than 4 redirects");
  CHECK(r.attempts == 1);
  CHECK(server.count("/loop") + server.count("/loop/again") == 5);
}

TEST_CASE("http fetcher: only http and https, also through redirects") {
  TestServer& server = fresh_server();
  const FetchResult direct = fetch_one("file:///etc/hostname");
  CHECK_FALSE(direct.ok());
  CHECK(direct.body.empty());
  const FetchResult redirected = fetch_one(server.url("/redirect-to?url=file:///etc/passwd"));
  CHECK_FALSE(redirected.ok());
  CHECK(redirected.body.empty());
  CHECK(contains(redirected.error, "rotocol"));
}

TEST_CASE("http fetcher: 5xx and 429 are retried") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.retries = 2;

  SUBCASE("500, then 200 after the server's Retry-After: 1") {
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/a"), options);
    CHECK(r.ok());
    CHECK(r.status == 200);
    CHECK(r.attempts == 2);
    CHECK_FALSE(r.body.empty());
    CHECK(seconds_since(start) >= 0.9);
    CHECK(server.count("/flaky/a") == 2);
  }
  SUBCASE("429 with Retry-After: 0") {
    const FetchResult r = fetch_one(server.url("/flaky/b?code=429&retry_after=0"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
  }
  SUBCASE("Retry-After as an HTTP date") {
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/c?code=503&retry_after=date:1"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
    CHECK(seconds_since(start) < 3.0);
  }
  SUBCASE("no Retry-After: backoff of 1 s") {
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/d?retry_after=none"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
    CHECK(seconds_since(start) >= 0.9);
  }
  SUBCASE("Retry-After is capped at max_retry_wait") {
    options.max_retry_wait = 200ms;
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/e?retry_after=3600"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
    CHECK(seconds_since(start) < 2.0);
  }
  SUBCASE("every attempt fails: the last answer is the error") {
    options.max_retry_wait = 100ms;
    const FetchResult r = fetch_one(server.url("/flaky/f?times=10"), options);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "HTTP 500 Internal Server Error");
    CHECK(r.status == 500);
    CHECK(r.attempts == 3);
    CHECK(server.count("/flaky/f") == 3);
  }
  SUBCASE("retries = 0") {
    options.retries = 0;
    const FetchResult r = fetch_one(server.url("/flaky/g?code=503"), options);
    CHECK(r.error == "HTTP 503 Service Unavailable");
    CHECK(r.attempts == 1);
  }
}

TEST_CASE("http fetcher: other transfers go on while one waits to retry") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const std::vector<FetchRequest> requests = {{server.url("/flaky/wait?retry_after=2"), {}, {}},
                                              {server.url("/" + name), {}, {}}};
  const auto start = Clock::now();
  std::vector<std::pair<std::string, double>> finished;
  const auto results = newsdex::make_http_fetcher(test_options())
                           ->fetch(requests, [&](const FetchResult& r) {
                             finished.emplace_back(r.url, seconds_since(start));
                           });
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok());
  CHECK(results[0].attempts == 2);
  CHECK(results[1].ok());
  REQUIRE(finished.size() == 2);
  CHECK(finished[0].first == requests[1].url);
  CHECK(finished[0].second < 1.0);
  CHECK(finished[1].first == requests[0].url);
  CHECK(finished[1].second >= 1.9);
}

TEST_CASE("http fetcher: a server too slow to answer times out") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.total_timeout = 1s;
  options.retries = 0;
  const auto start = Clock::now();
  const FetchResult r = fetch_one(server.url("/slow?seconds=5"), options);
  const double took = seconds_since(start);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "timed out after 1 s");
  CHECK(r.attempts == 1);
  CHECK(took >= 0.9);
  CHECK(took < 3.0);

  SUBCASE("and timeouts are retried") {
    options.total_timeout = 500ms;
    options.retries = 1;
    options.max_retry_wait = 100ms;
    const FetchResult again = fetch_one(server.url("/slow?seconds=5"), options);
    CHECK(again.error == "timed out after 0.5 s");
    CHECK(again.attempts == 2);
  }
}

TEST_CASE("http fetcher: bodies above max_body_bytes are refused") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.max_body_bytes = 64 * 1024;

  SUBCASE("an endless body") {
    const FetchResult r = fetch_one(server.url("/endless"), options);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "body larger than 64 KB");
    CHECK(r.body.empty());
    CHECK(r.attempts == 1);
  }
  SUBCASE("a Content-Length above the limit") {
    const FetchResult r = fetch_one(server.url("/endless?declare=1"), options);
    CHECK(r.error == "body larger than 64 KB");
  }
  SUBCASE("exactly at the limit is fine, one byte over is not") {
    const std::string name = feed_names(served_root()).front();
    options.max_body_bytes = fs::file_size(served_root() / name);
    CHECK(fetch_one(server.url("/" + name), options).ok());
    options.max_body_bytes -= 1;
    CHECK(fetch_one(server.url("/" + name), options).error ==
          "body larger than " + std::to_string(options.max_body_bytes) + " bytes");
  }
}

TEST_CASE("http fetcher: gzip is asked for and undone") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const FetchResult r = fetch_one(server.url("/gzip/" + name));
  CHECK(r.ok());
  CHECK(r.body == read_file(served_root() / name));
  CHECK(contains(r.etag, "-gzip\""));  // the server did send it compressed
}

TEST_CASE("http fetcher: the Content-Type is reported as sent") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const FetchResult r = fetch_one(server.url("/wrong-type/" + name));
  CHECK(r.ok());
  CHECK(r.content_type == "text/html");
  CHECK(r.body == read_file(served_root() / name));
}

TEST_CASE("http fetcher: the charset of the Content-Type") {
  TestServer& server = fresh_server();
  const FetchResult r = fetch_one(server.url("/latin1"));
  CHECK(r.ok());
  CHECK(r.content_type == "application/rss+xml; charset=ISO-8859-1");
  CHECK(r.charset == "ISO-8859-1");
  CHECK(contains(r.body, "Caf\xE9 cr\xE8me"));  // the bytes as sent, not recoded

  CHECK(fetch_one(server.url("/latin1?type=text/xml;%20Charset=%22iso-8859-1%22")).charset ==
        "iso-8859-1");
  CHECK(fetch_one(server.url("/latin1?type=text/xml;format=flowed;charset=latin1")).charset ==
        "latin1");
  CHECK(fetch_one(server.url("/latin1?type=application/xml")).charset.empty());
}

TEST_CASE("http fetcher: a refused connection is an error, retried") {
  FetchOptions options = test_options();
  options.retries = 1;
  options.max_retry_wait = 100ms;
  const int port = closed_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/feed.xml";
  const std::string where = "127.0.0.1 port " + std::to_string(port);
  const FetchResult r = fetch_one(url, options);
  CHECK_FALSE(r.ok());
  CHECK(r.status == 0);
  CHECK(r.error == "could not connect to " + where + ": Connection refused");
  CHECK(r.attempts == 2);
}

TEST_CASE("http fetcher: an unknown host is an error, not retried") {
  const FetchResult r = fetch_one("http://nonexistent.invalid/");
  CHECK_FALSE(r.ok());
  CHECK(r.status == 0);
  // Normally "could not resolve host ...", but a machine without a DNS
  // server may time out instead; either way the host is named.
  CHECK(contains(r.error, "nonexistent.invalid"));
  if (contains(r.error, "resolve")) CHECK(r.attempts == 1);
}

TEST_CASE("http fetcher: many requests, results in request order") {
  TestServer& server = fresh_server();
  const fs::path root = served_root();
  const std::vector<std::string> names = feed_names(root);
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 50; ++i)  // the query makes every URL distinct
    requests.push_back({server.url("/" + names[static_cast<std::size_t>(i) % names.size()] +
                                   "?n=" + std::to_string(i)),
                        {}, {}});
  FetchOptions options = test_options();
  options.max_connections = 16;
  options.max_per_host = 8;
  server.reset();
  int done = 0;
  const auto results = newsdex::make_http_fetcher(options)->fetch(
      requests, [&](const FetchResult& r) {
        ++done;
        CHECK(r.ok());
      });
  REQUIRE(results.size() == requests.size());
  CHECK(done == 50);
  for (std::size_t i = 0; i < results.size(); ++i) {
    CAPTURE(i);
    CHECK(results[i].url == requests[i].url);
    CHECK(results[i].ok());
    CHECK(results[i].body == read_file(root / names[i % names.size()]));
  }
  CHECK(server.peak() <= 8);
}

TEST_CASE("http fetcher: connections per host and in all are bounded") {
  TestServer& server = fresh_server();
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 12; ++i)
    requests.push_back({server.url("/slow?seconds=0.3&n=" + std::to_string(i)), {}, {}});
  FetchOptions options = test_options();

  SUBCASE("max_per_host") {
    options.max_per_host = 3;
    server.reset();
    const auto start = Clock::now();
    const auto results = newsdex::make_http_fetcher(options)->fetch(requests, {});
    CHECK(std::all_of(results.begin(), results.end(), [](const FetchResult& r) { return r.ok(); }));
    CHECK(server.peak() <= 3);
    CHECK(seconds_since(start) >= 1.1);  // four rounds of 0.3 s
  }
  SUBCASE("max_connections") {
    options.max_connections = 2;
    options.max_per_host = 10;
    server.reset();
    const auto results = newsdex::make_http_fetcher(options)->fetch(requests, {});
    CHECK(std::all_of(results.begin(), results.end(), [](const FetchResult& r) { return r.ok(); }));
    CHECK(server.peak() <= 2);
  }
  SUBCASE("limits only bound: 12 at once take one round") {
    options.max_connections = 12;
    options.max_per_host = 12;
    const auto start = Clock::now();
    const auto results = newsdex::make_http_fetcher(options)->fetch(requests, {});
    CHECK(std::all_of(results.begin(), results.end(), [](const FetchResult& r) { return r.ok(); }));
    CHECK(seconds_since(start) < 1.0);
  }
}

TEST_CASE("http fetcher: no requests, no results") {
  int calls = 0;
  const auto results =
      newsdex::make_http_fetcher()->fetch({}, [&](const FetchResult&) { ++calls; });
  CHECK(results.empty());
  CHECK(calls == 0);
}

TEST_CASE("http fetcher: a changed feed after the server switches snapshots") {
  // Two versions of one feed: rssowl's captures of March and June 2007, or
  // the fixtures' own.
  fs::path before = fixtures_http();
  fs::path after = fixtures_http() / "later";
  std::string name = "world.xml";
  if (const fs::path feeds = shared_feeds(); !feeds.empty()) {
    before = feeds / "corpus_10-03-07";
    after = feeds / "corpus_10-06-07";
    for (const std::string& candidate : feed_names(before)) {
      if (fs::exists(after / candidate) &&
          read_file(before / candidate) != read_file(after / candidate)) {
        name = candidate;
        break;
      }
    }
  }
  REQUIRE(read_file(before / name) != read_file(after / name));

  TestServer server;  // its own: it changes the root
  const auto fetcher = newsdex::make_http_fetcher(test_options());
  const std::string url = server.url("/" + name);
  server.switch_root(before);
  const FetchResult first = fetcher->fetch({{url, {}, {}}}, {}).front();
  CHECK(first.body == read_file(before / name));
  CHECK(fetcher->fetch({{url, first.etag, first.last_modified}}, {}).front().not_modified);

  server.switch_root(after);
  const FetchResult second = fetcher->fetch({{url, first.etag, first.last_modified}}, {}).front();
  CHECK(second.ok());
  CHECK_FALSE(second.not_modified);
  CHECK(second.body == read_file(after / name));
  CHECK(second.etag != first.etag);
  // A client that kept only Last-Modified sees the change too.
  CHECK_FALSE(fetcher->fetch({{url, {}, first.last_modified}}, {}).front().not_modified);
}

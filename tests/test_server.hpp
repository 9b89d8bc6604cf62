#pragma once
// The HTTP test server (tests/http_server.py) as a child process, and where
// the test data is: shared by the fetch and update suites.
//
// ctest passes NEWSDEX_PYTHON, NEWSDEX_HTTP_SERVER (the script),
// NEWSDEX_INDEX_BIN and, for fetch_rssowl, NEWSDEX_CORPUS (tests/test_data.hpp).

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

#include "tests/test_data.hpp"

extern char** environ;

namespace test_support {

namespace fs = std::filesystem;
using namespace std::chrono_literals;  // NOLINT: test code
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// Where things are

inline std::string required_env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v)
    throw std::runtime_error(std::string(name) +
                             " is not set: run these tests through ctest (ctest -R fetch)");
  return v;
}

using test_data::snapshots;

// What a server serves unless told otherwise: the first capture, or the 217
// rssowl feeds.
inline fs::path served_root() {
  return test_data::rssowl() ? test_data::require("rssowl-feeds") : snapshots().front();
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The *.xml files directly in a folder, by name.
inline std::vector<std::string> feed_names(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".xml")
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  if (names.empty()) throw std::runtime_error("no feeds in " + folder.string());
  return names;
}

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------
// The test server.

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

inline std::string TestServer::get(const std::string& path) const {
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
inline TestServer& fresh_server() {
  static TestServer server;
  server.reset();
  return server;
}

// A port on which nothing listens: one the kernel just handed out and took back.
inline int closed_port() {
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

}  // namespace test_support

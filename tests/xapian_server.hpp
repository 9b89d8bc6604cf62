#pragma once
// xapian-tcpsrv serving an index on 127.0.0.1, as a child process of the
// test: stopped (with the per-connection processes it forks) when this goes
// away, and by the kernel should the test process die without unwinding.
//
// ctest passes NEWSDEX_XAPIAN_TCPSRV (the program, from CMake's find_program).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace test_support {

// The program ctest found, else a search of PATH (cmake may have run before
// xapian-tools was installed).
inline std::string tcpsrv_program() {
  const char* p = std::getenv("NEWSDEX_XAPIAN_TCPSRV");
  const std::string found = p ? p : "";
  return found.empty() || found.find("NOTFOUND") != std::string::npos ? "xapian-tcpsrv" : found;
}

constexpr const char* kNoTcpsrv =
    "xapian-tcpsrv cannot be run, so remote shards cannot be tested: install xapian-tools "
    "(bash scripts/install-deps.sh, or apt-get install xapian-tools)";

class XapianServer {
 public:
  // Serves `index` read-only on a free port of 127.0.0.1; throws when the
  // server does not start or accept connections within 10 s.
  explicit XapianServer(const std::filesystem::path& index) {
    const std::string program = tcpsrv_program();
    // A port just handed out by the kernel may be taken again before the
    // server binds it: then the server exits and we try another.
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = free_port();
      start(program, index);
      if (wait_until_listening()) return;
      stop();
    }
    throw std::runtime_error("xapian-tcpsrv did not start serving " + index.string() +
                             " (see its messages above)");
  }
  XapianServer(const XapianServer&) = delete;
  XapianServer& operator=(const XapianServer&) = delete;
  ~XapianServer() { stop(); }

  int port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  static int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok) throw std::runtime_error("cannot find a free port");
    return ntohs(addr.sin_port);
  }

  void start(const std::string& program, const std::filesystem::path& index) {
    std::vector<std::string> args = {program, "--port", std::to_string(port_), "--interface",
                                     "127.0.0.1", "--quiet",
                                     // Connections left open by a failed test end by themselves.
                                     "--idle-timeout", "30000", index.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) {
      // Its own process group, so that stopping it stops the connection
      // handlers it forks; and SIGTERM should the test process die.
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent) ::_exit(1);
      ::execvp(argv[0], argv.data());
      ::_exit(127);  // the parent reports it
    }
    ::setpgid(pid, pid);  // also here: whichever runs first
    pid_ = pid;
  }

  // True once the server accepts a connection; false when it exited.
  bool wait_until_listening() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
          throw std::runtime_error(kNoTcpsrv);
        return false;
      }
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<std::uint16_t>(port_));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bool up = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      if (up) {
        // Read the server's greeting before hanging up, or the process it
        // forked for us complains of a broken pipe.
        pollfd p{fd, POLLIN, 0};
        char greeting[256];
        up = ::poll(&p, 1, 5000) == 1 && ::recv(fd, greeting, sizeof greeting, 0) > 0;
      }
      if (fd >= 0) ::close(fd);
      if (up) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void stop() noexcept {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // the group: the server and its connection handlers
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace test_support

#include "searcher/database_set.hpp"

#include <charconv>
#include <filesystem>

#include <fmt/format.h>

#include "newsdex/error.hpp"

namespace newsdex {
namespace {

namespace fs = std::filesystem;

// Milliseconds. Connecting is quick or never; a search over a large shard
// (facets count every match) may take a while on the server.
constexpr unsigned kConnectTimeout = 10'000;
constexpr unsigned kRemoteTimeout = 60'000;

Xapian::Database open_remote(const std::string& location, const RemoteAddress& address) {
  try {
    return Xapian::Remote::open(address.host, address.port, kRemoteTimeout, kConnectTimeout);
  } catch (const Xapian::NetworkError& e) {
    const char* reason = e.get_error_string();
    throw Error(Errc::io,
                fmt::format("cannot reach the remote shard {}: {}{}; is xapian-tcpsrv running on "
                            "{}:{} (xapian-tcpsrv --port {} INDEX)?",
                            location, e.get_msg(), reason ? fmt::format(" ({})", reason) : "",
                            address.host, address.port, address.port));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("the remote shard {} failed: {}", location, e.get_description()));
  }
}

// A stub file lists databases for Xapian to open; its errors come from one
// of its lines, so the message points there.
[[noreturn]] void stub_failed(const std::string& path, const Xapian::Error& e, bool network = false) {
  throw Error(network ? Errc::io : Errc::not_found,
              fmt::format("{}: a database this stub file lists cannot be opened: {}; {}", path,
                          e.get_description(),
                          network ? "is xapian-tcpsrv running on the HOST:PORT of its `remote` line?"
                                  : "check its lines (`auto PATH`, relative to the stub file, or "
                                    "`remote HOST:PORT`)"));
}

Xapian::Database open_local(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec))
    throw Error(Errc::not_found,
                fmt::format("no index at '{}': create one with `newsdex-index --db {} FILE...`",
                            path, path.empty() ? "DIR" : path));
  const bool stub = fs::is_regular_file(path, ec);
  try {
    return Xapian::Database(path);
  } catch (const Xapian::DatabaseNotFoundError& e) {
    if (stub) stub_failed(path, e);
    throw Error(Errc::not_found,
                fmt::format("'{}' holds no newsdex index: create one with `newsdex-index --db {} "
                            "FILE...`",
                            path, path));
  } catch (const Xapian::DatabaseOpeningError& e) {
    if (stub) stub_failed(path, e);
    throw Error(Errc::corrupt, fmt::format("{}: cannot open the index: {}", path, e.get_description()));
  } catch (const Xapian::NetworkError& e) {
    stub_failed(path, e, /*network=*/true);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::corrupt, fmt::format("{}: cannot open the index: {}", path, e.get_description()));
  }
}

}  // namespace

std::optional<RemoteAddress> parse_remote_address(std::string_view location) {
  constexpr std::string_view kScheme = "tcp://";
  if (!location.starts_with(kScheme)) return std::nullopt;
  std::string_view rest = location.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const auto colon = rest.rfind(':');
  unsigned port = 0;
  const char* end = rest.data() + rest.size();
  if (colon == std::string_view::npos || colon == 0 ||
      std::from_chars(rest.data() + colon + 1, end, port).ptr != end || colon + 1 == rest.size() ||
      port == 0 || port > 65535)
    throw Error(Errc::invalid_argument,
                fmt::format("'{}': write a remote shard as tcp://HOST:PORT, the port xapian-tcpsrv "
                            "listens on (e.g. tcp://127.0.0.1:8100)",
                            location));
  std::string_view host = rest.substr(0, colon);
  // [::1]:8100: the brackets only separate an IPv6 address from the port.
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return RemoteAddress{std::string(host), port};
}

DatabaseSet open_database_set(const std::vector<std::string>& locations) {
  if (locations.empty())
    throw Error(Errc::invalid_argument,
                "no index to search: give an index folder, a stub file or tcp://HOST:PORT");
  DatabaseSet set;
  for (const auto& location : locations) {
    if (auto remote = parse_remote_address(location)) {
      set.db.add_database(open_remote(location, *remote));
      continue;
    }
    set.db.add_database(open_local(location));
    std::error_code ec;
    if (fs::is_directory(location, ec)) set.folders.push_back(location);
  }
  return set;
}

}  // namespace newsdex

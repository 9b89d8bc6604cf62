#pragma once
// The databases a Searcher reads, opened as one Xapian::Database so that
// Xapian itself merges and ranks their matches: index folders, Xapian stub
// files listing several databases, and remote shards served by xapian-tcpsrv.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsdex {

struct RemoteAddress {
  std::string host;
  unsigned port = 0;
};

// "tcp://HOST:PORT" as host and port; nullopt for anything not starting with
// "tcp://" (a local path). Throws Error(invalid_argument) for a tcp:// URL
// without a host or a port in 1..65535.
std::optional<RemoteAddress> parse_remote_address(std::string_view location);

struct DatabaseSet {
  Xapian::Database db;  // every location, searched as one
  // The locations that are index folders on this machine (for their size on
  // disk); stub files and remote shards are not among them.
  std::vector<std::string> folders;
};

// Opens each location read-only: an index folder, a stub file (Xapian reads
// it: one database a line, `auto PATH` relative to the file or `remote
// HOST:PORT`), or tcp://HOST:PORT. Throws Error naming the location that
// failed: invalid_argument (no locations, a bad tcp:// URL), not_found (no
// index there), io (a remote shard that cannot be reached), corrupt.
DatabaseSet open_database_set(const std::vector<std::string>& locations);

}  // namespace newsdex

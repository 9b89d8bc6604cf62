#pragma once
// How an index folder is laid out, read from its XAPIANDB stub file: the one
// schema of folders that the indexer writes and the searcher prunes by.
//
//   single       iamglass in the folder itself: one Xapian database.
//   sharded      "auto shard0" ... "auto shardN-1": one database per shard,
//                a document's shard from its id (--shards N).
//   partitioned  "auto meta" first (no documents: the feed list, fetch state
//                and folders, which Xapian reads from the first database),
//                then one line per part "auto 2026-11" (or "auto 2026" by
//                year, "auto undated"), each part a database of the
//                documents dated in that period; with shards, "auto
//                2026-11/shard0" ... Parts are listed in name order, which is
//                time order, and created when a document first needs one.
//
// Xapian, xapian-tcpsrv and newsdex-search --db open every layout as one
// database through the stub.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

inline constexpr const char* kStubName = "XAPIANDB";
inline constexpr const char* kMetaPart = "meta";
inline constexpr const char* kUndatedPart = "undated";

enum class PeriodUnit { month, year };

struct IndexLayout {
  enum class Kind { single, sharded, partitioned } kind = Kind::single;
  std::size_t shards = 1;                 // per period when partitioned
  PeriodUnit unit = PeriodUnit::month;    // partitioned only
  std::vector<std::string> parts;         // as the stub lists them (empty: single)
};

// [first, after) in UTC seconds.
struct TimeSpan {
  std::int64_t first;
  std::int64_t after;
};

// The layout of the index in `folder`: nullopt when it has no stub (a single
// database, or nothing yet). Throws Error(invalid_argument) for a stub
// newsdex did not write, naming the line; Error(io) when it cannot be read.
std::optional<IndexLayout> read_layout(const std::filesystem::path& folder);

// Writes the stub listing `parts` through a temporary file renamed into
// place: a reader sees the old list or the new one. Throws Error(io).
void write_stub(const std::filesystem::path& folder, const std::vector<std::string>& parts);

// The period part a document dated `date` belongs in ("2026-11", "2026",
// "undated"), without a shard.
std::string period_part(std::optional<std::int64_t> date, PeriodUnit unit);

// The part's folder name for a period and shard ("2026-11", "2026-11/shard1").
std::string part_name(std::string_view period, std::size_t shard, std::size_t shards);

// The period of a part name (its shard ignored): nullopt for meta and undated.
std::optional<TimeSpan> part_span(std::string_view part);

// The stub order of parts: meta first, then by name.
bool part_before(std::string_view a, std::string_view b);

// "month" / "year".
const char* unit_name(PeriodUnit unit);

}  // namespace newsdex

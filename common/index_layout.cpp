#include "common/index_layout.hpp"

#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "common/dates.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

namespace fs = std::filesystem;

bool digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "shardN" -> N.
std::optional<std::size_t> shard_number(std::string_view s) {
  if (!s.starts_with("shard") || !digits(s.substr(5))) return std::nullopt;
  std::size_t n = 0;
  std::from_chars(s.data() + 5, s.data() + s.size(), n);
  return n;
}

bool is_period(std::string_view p) {
  if (p == kUndatedPart) return true;
  if (p.size() == 4) return digits(p);
  return p.size() == 7 && digits(p.substr(0, 4)) && p[4] == '-' && digits(p.substr(5)) &&
         p.substr(5) >= "01" && p.substr(5) <= "12";
}

[[noreturn]] void foreign(const fs::path& stub, std::size_t line, std::string_view text) {
  throw Error(Errc::invalid_argument,
              fmt::format("{}:{}: this stub file was not written by newsdex-index (found \"{}\"); "
                          "index into a new folder, or search it with newsdex-search --db",
                          stub.string(), line, text));
}

}  // namespace

std::optional<IndexLayout> read_layout(const fs::path& folder) {
  const fs::path stub = folder / kStubName;
  std::error_code ec;
  if (!fs::is_regular_file(stub, ec)) return std::nullopt;
  std::ifstream in(stub);
  if (!in) throw Error(Errc::io, fmt::format("{}: cannot read it", stub.string()));
  IndexLayout layout;
  std::string line;
  std::size_t number = 0;
  bool saw_year = false, saw_month = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!line.starts_with("auto ")) foreign(stub, number, line);
    const std::string part = line.substr(5);
    if (layout.parts.empty()) {
      if (part == kMetaPart) layout.kind = IndexLayout::Kind::partitioned;
      else if (part == "shard0") layout.kind = IndexLayout::Kind::sharded;
      else foreign(stub, number, line);
      layout.parts.push_back(part);
      continue;
    }
    if (layout.kind == IndexLayout::Kind::sharded) {
      if (shard_number(part) != layout.parts.size()) foreign(stub, number, line);
    } else {
      const auto slash = part.find('/');
      const std::string_view period = std::string_view(part).substr(0, slash);
      if (!is_period(period) || (slash != std::string::npos && !shard_number(part.substr(slash + 1))))
        foreign(stub, number, line);
      if (slash != std::string::npos)
        layout.shards = std::max(layout.shards, *shard_number(part.substr(slash + 1)) + 1);
      (period.size() == 4 ? saw_year : saw_month) |= period != kUndatedPart;
    }
    layout.parts.push_back(part);
  }
  if (layout.parts.empty())
    throw Error(Errc::invalid_argument, fmt::format("{}: lists no databases", stub.string()));
  if (layout.kind == IndexLayout::Kind::sharded) layout.shards = layout.parts.size();
  if (saw_year && saw_month) foreign(stub, number, "parts by month and by year");
  layout.unit = saw_year ? PeriodUnit::year : PeriodUnit::month;
  return layout;
}

void write_stub(const fs::path& folder, const std::vector<std::string>& parts) {
  const fs::path stub = folder / kStubName;
  fs::path partial = stub;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    for (const auto& part : parts) out << "auto " << part << '\n';
    out.close();
    if (!out) throw Error(Errc::io, fmt::format("{}: cannot write it", partial.string()));
  }
  std::error_code ec;
  fs::rename(partial, stub, ec);
  if (ec) throw Error(Errc::io, fmt::format("{}: cannot write it: {}", stub.string(), ec.message()));
}

std::string period_part(std::optional<std::int64_t> date, PeriodUnit unit) {
  if (!date) return kUndatedPart;
  const CivilDate d = civil_from_seconds(*date);
  // Years outside 0-9999 would not sort by name: they share the undated part.
  if (d.year < 0 || d.year > 9999) return kUndatedPart;
  return unit == PeriodUnit::year ? fmt::format("{:04}", d.year) : fmt::format("{:04}-{:02}", d.year, d.month);
}

std::string part_name(std::string_view period, std::size_t shard, std::size_t shards) {
  return shards <= 1 ? std::string(period) : fmt::format("{}/shard{}", period, shard);
}

std::optional<TimeSpan> part_span(std::string_view part) {
  const std::string_view period = part.substr(0, part.find('/'));
  if (period == kMetaPart || period == kUndatedPart || !is_period(period)) return std::nullopt;
  std::int64_t year = 0;
  std::from_chars(period.data(), period.data() + 4, year);
  if (period.size() == 4) return TimeSpan{days_from_civil(year, 1, 1) * 86400, days_from_civil(year + 1, 1, 1) * 86400};
  unsigned month = 0;
  std::from_chars(period.data() + 5, period.data() + 7, month);
  const std::int64_t after =
      month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  return TimeSpan{days_from_civil(year, month, 1) * 86400, after * 86400};
}

bool part_before(std::string_view a, std::string_view b) {
  if (a == b) return false;
  if (a == kMetaPart) return true;
  if (b == kMetaPart) return false;
  return a < b;
}

const char* unit_name(PeriodUnit unit) { return unit == PeriodUnit::year ? "year" : "month"; }

}  // namespace newsdex

#include "saved_searches.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsdex/error.hpp"
#include "newsdex/search.hpp"

namespace newsdex::cli {
namespace {

namespace fs = std::filesystem;
using ordered = nlohmann::ordered_json;

constexpr int kFormat = 1;

ordered time_json(const std::optional<std::int64_t>& t) { return t ? ordered(*t) : ordered(); }

std::optional<std::int64_t> time_of(const nlohmann::json& j) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  return std::nullopt;
}

std::vector<SavedSearch> parse(const std::string& text, const std::string& path) {
  std::vector<SavedSearch> out;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return out;
  try {
    const auto j = nlohmann::json::parse(text);
    for (const auto& s : j.at("searches")) {
      SavedSearch saved;
      saved.name = s.at("name").get<std::string>();
      saved.query = s.value("query", "");
      saved.sort = s.value("sort", "");
      saved.since = s.value("since", "");
      saved.until = s.value("until", "");
      saved.half_life = s.value("half_life", "");
      saved.any = s.value("any", false);
      saved.no_collapse = s.value("no_collapse", false);
      if (s.contains("created")) saved.created = time_of(s["created"]);
      if (s.contains("last_run")) saved.last_run = time_of(s["last_run"]);
      if (s.contains("seen_at_last_run")) saved.seen_at_last_run = s["seen_at_last_run"].get<std::vector<std::string>>();
      out.push_back(std::move(saved));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(Errc::io, fmt::format("{}: not a saved-search file ({}); fix or remove it", path, e.what()));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::string serialise(const std::vector<SavedSearch>& searches) {
  ordered list = ordered::array();
  for (const auto& s : searches) {
    ordered j = {{"name", s.name}, {"query", s.query}};
    if (!s.sort.empty()) j["sort"] = s.sort;
    if (!s.since.empty()) j["since"] = s.since;
    if (!s.until.empty()) j["until"] = s.until;
    if (!s.half_life.empty()) j["half_life"] = s.half_life;
    if (s.any) j["any"] = true;
    if (s.no_collapse) j["no_collapse"] = true;
    j["created"] = time_json(s.created);
    j["last_run"] = time_json(s.last_run);
    if (!s.seen_at_last_run.empty()) j["seen_at_last_run"] = s.seen_at_last_run;
    list.push_back(std::move(j));
  }
  return ordered{{"newsdex_saved_searches", kFormat}, {"searches", std::move(list)}}.dump(2) + "\n";
}

// The file's text; none when there is no file yet.
std::string read_text(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Errc::io, fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string saved_searches_path() {
  if (const char* explicit_path = std::getenv("NEWSDEX_SEARCHES"); explicit_path && *explicit_path)
    return explicit_path;
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
    return (fs::path(config) / "newsdex" / "searches.json").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".config" / "newsdex" / "searches.json").string();
}

void check_search_name(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 64 && name[0] != '.' && name[0] != '-' &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                  });
  if (!ok)
    throw Error(Errc::invalid_argument,
                fmt::format("'{}' cannot name a saved search: use 1-64 letters, digits, '-', '_' or '.'", name));
}

std::vector<SavedSearch> load_saved_searches(const std::string& path) { return parse(read_text(path), path); }

void update_saved_searches(const std::string& path, const std::function<bool(std::vector<SavedSearch>&)>& change) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  const std::string lock_path = path + ".lock";
  const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0) throw Error(Errc::io, fmt::format("{}: cannot create: {}", lock_path, std::strerror(errno)));
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing drops the lock
  } unlock{lock};
  if (::flock(lock, LOCK_EX) != 0)
    throw Error(Errc::io, fmt::format("{}: cannot lock: {}", lock_path, std::strerror(errno)));
  std::vector<SavedSearch> searches = load_saved_searches(path);
  if (!change(searches)) return;
  std::sort(searches.begin(), searches.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << serialise(searches);
    out.flush();
    if (!out) throw Error(Errc::io, fmt::format("{}: cannot write (is the disk full?)", temp));
  }
  fs::rename(temp, path, ec);
  if (ec) throw Error(Errc::io, fmt::format("{}: cannot replace: {}", path, ec.message()));
}

}  // namespace newsdex::cli

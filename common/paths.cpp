#include "newsdex/paths.hpp"

#include <cstdlib>

#include "common/config_files.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

std::string default_index_path() {
  if (auto db = env("NEWSDEX_DB"); !db.empty()) return db;
  // The XDG spec says to ignore a relative XDG_DATA_HOME.
  if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty() && xdg.front() == '/') return xdg + "/newsdex";
  if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/newsdex";
  // Not the working directory: an index that lands wherever cron happened to
  // run is an index nobody finds again.
  throw Error(Errc::invalid_argument,
              "no index folder: HOME is not set; pass --db DIR, or set NEWSDEX_DB or XDG_DATA_HOME");
}

std::vector<std::string> default_synonym_files() { return default_config_files("synonyms.conf"); }

}  // namespace newsdex

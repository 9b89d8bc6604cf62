#include "newsdex/paths.hpp"

#include <cstdlib>

#include "common/config_files.hpp"

namespace newsdex {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

std::string default_index_path() {
  if (auto db = env("NEWSDEX_DB"); !db.empty()) return db;
  if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/newsdex";
  if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/newsdex";
  return ".newsdex";
}

std::vector<std::string> default_synonym_files() { return default_config_files("synonyms.conf"); }

}  // namespace newsdex

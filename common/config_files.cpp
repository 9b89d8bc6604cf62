#include "common/config_files.hpp"

#include <cstdlib>
#include <filesystem>

namespace newsdex {

std::vector<std::string> default_config_files(std::string_view name) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  for (std::string dir : {NEWSDEX_SOURCE_DATA_DIR, NEWSDEX_INSTALL_DATA_DIR}) {
    std::string shipped = dir.append("/").append(name);
    if (fs::exists(shipped, ec)) {
      files.push_back(std::move(shipped));
      break;
    }
  }
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::string config = xdg && *xdg ? std::string(xdg) : home ? std::string(home) + "/.config" : "";
  if (!config.empty()) {
    std::string own = config.append("/newsdex/").append(name);
    if (fs::exists(own, ec)) files.push_back(std::move(own));
  }
  return files;
}

}  // namespace newsdex

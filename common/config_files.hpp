#pragma once
// The data files newsdex ships (data/*.conf) and a user's own additions.

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// The shipped `name` (from the source tree when run from a build, else from
// the installed share/newsdex), then the user's $XDG_CONFIG_HOME/newsdex/name
// (~/.config/newsdex/name) when it exists: read in this order, later files
// add to earlier ones.
std::vector<std::string> default_config_files(std::string_view name);

}  // namespace newsdex

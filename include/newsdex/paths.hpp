#pragma once
#include <string>

namespace newsdex {

// Where the index lives when no path is given: $NEWSDEX_DB, else
// $XDG_DATA_HOME/newsdex, else ~/.local/share/newsdex.
std::string default_index_path();

}  // namespace newsdex

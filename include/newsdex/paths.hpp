#pragma once
#include <string>

#include "newsdex/export.hpp"

namespace newsdex {

// Where the index lives when no path is given: $NEWSDEX_DB, else
// $XDG_DATA_HOME/newsdex, else ~/.local/share/newsdex.
NEWSDEX_EXPORT std::string default_index_path();

}  // namespace newsdex

#pragma once
#include <string>
#include <vector>

#include "newsdex/export.hpp"

namespace newsdex {

// Where the index lives when no path is given: $NEWSDEX_DB, else
// $XDG_DATA_HOME/newsdex (when absolute), else ~/.local/share/newsdex.
// Throws Error(invalid_argument) when none of them is set.
NEWSDEX_EXPORT std::string default_index_path();

// The synonym files Searcher::open() loads: the shipped synonyms.conf, then
// the user's $XDG_CONFIG_HOME/newsdex/synonyms.conf (~/.config/...) if any.
NEWSDEX_EXPORT std::vector<std::string> default_synonym_files();

}  // namespace newsdex

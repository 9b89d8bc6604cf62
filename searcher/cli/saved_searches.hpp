#pragma once
// Saved searches: a name for a query and its filters, and when `run --new`
// last ran it, kept in one JSON file ($XDG_CONFIG_HOME/newsdex/searches.json).
// Every change is made under an exclusive lock on the file and written
// through a temporary file and a rename, so cron and a person editing at
// once lose nothing and a crash leaves the old file or the new.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace newsdex::cli {

struct SavedSearch {
  std::string name;
  std::string query;
  // The options saved with it, as typed ("" for not given).
  std::string sort, since, until, half_life;
  bool any = false;
  bool no_collapse = false;
  std::optional<std::int64_t> created;
  std::optional<std::int64_t> last_run;  // when `run --new` last ran it
  // The documents that run showed that were first seen in its second or
  // later: the next run --new, which starts at that second, leaves them out.
  std::vector<std::string> seen_at_last_run;
};

// Where saved searches live: $NEWSDEX_SEARCHES, else
// $XDG_CONFIG_HOME/newsdex/searches.json, else ~/.config/newsdex/searches.json.
std::string saved_searches_path();

// Throws Error(invalid_argument) unless `name` is 1-64 letters, digits, '-', '_' or '.'.
void check_search_name(const std::string& name);

// Every saved search in `path`, in name order (none when the file does not
// exist). Throws Error(io) naming the file when it cannot be read.
std::vector<SavedSearch> load_saved_searches(const std::string& path);

// Reads the saved searches under the file's lock, lets `change` edit them,
// and writes them back when it returns true. Throws Error(io).
void update_saved_searches(const std::string& path, const std::function<bool(std::vector<SavedSearch>&)>& change);

}  // namespace newsdex::cli

#pragma once
// `newsdex-index feeds ...`: the subscriptions kept with the index.

#include <chrono>
#include <string>

#include "newsdex/newsdex.hpp"

namespace newsdex_cli {

struct FeedsContext {
  std::string db;
  std::chrono::milliseconds lock_wait{0};
  newsdex::FetchOptions fetch;  // for `feeds add`'s one fetch
  bool quiet = false;
};

struct FeedAddArgs {
  std::string url;
  std::string name;      // empty: the feed's own title
  std::string category;  // folder, "World/Europe"
  bool all = false;      // a page linking to several feeds: subscribe to each
  bool no_check = false; // subscribe without fetching
};

int feeds_add(const FeedsContext& ctx, const FeedAddArgs& args);
int feeds_import(const FeedsContext& ctx, const std::string& file);
int feeds_export(const FeedsContext& ctx, const std::string& file);
int feeds_list(const FeedsContext& ctx, const std::string& format);
// FEED is a URL or a name (unique, case-insensitive).
int feeds_remove(const FeedsContext& ctx, const std::string& feed);
int feeds_rename(const FeedsContext& ctx, const std::string& feed, const std::string& name);
int feeds_set_category(const FeedsContext& ctx, const std::string& feed, const std::string& category);
int feeds_retry(const FeedsContext& ctx, const std::string& feed);

}  // namespace newsdex_cli

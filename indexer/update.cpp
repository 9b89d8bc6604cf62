// Index::update and the feed list kept with the index.
//
// The list and each feed's fetch state live in the index's own metadata, so
// they are committed in the same Xapian commit as the documents they
// describe: a crash can lose a batch, never record a fetch whose items were
// not written. State is written after the feed's documents, and a rerun
// refetches any feed whose state was lost; replace-by-id keeps that free of
// duplicates.

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/schema.hpp"
#include "indexer/index_impl.hpp"
#include "indexer/parse/unique_id.hpp"

namespace newsdex {
namespace {

using nlohmann::json;

const std::string kFeedListKey(schema::kFeedListKey);

// Metadata keys are limited in length like terms; a hash keeps them short.
std::string state_key(const std::string& url) {
  return fmt::format("newsdex.feed.{:016x}", stable_hash(url));
}

json optional_time(const std::optional<std::int64_t>& t) { return t ? json(*t) : json(); }

std::optional<std::int64_t> time_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? std::optional(it->get<std::int64_t>())
                                                  : std::nullopt;
}

std::string string_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string encode_state(const FeedState& s) {
  return json{{"url", s.url},
              {"name", s.name},
              {"last_attempt", optional_time(s.last_attempt)},
              {"last_success", optional_time(s.last_success)},
              {"consecutive_failures", s.consecutive_failures},
              {"last_error", s.last_error},
              {"next_attempt", optional_time(s.next_attempt)},
              {"dead", s.dead},
              {"etag", s.etag},
              {"last_modified", s.last_modified},
              {"item_count", s.item_count}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

FeedState decode_state(const std::string& data, const FeedSource& feed) {
  FeedState s;
  s.url = feed.url;
  s.name = feed.name;
  s.category = feed.category;
  s.html_url = feed.html_url;
  json j = json::parse(data, nullptr, false);
  if (!j.is_object()) return s;
  s.last_attempt = time_of(j, "last_attempt");
  s.last_success = time_of(j, "last_success");
  s.consecutive_failures = j.value("consecutive_failures", 0);
  s.last_error = string_of(j, "last_error");
  s.next_attempt = time_of(j, "next_attempt");
  s.dead = j.value("dead", false);
  s.etag = string_of(j, "etag");
  s.last_modified = string_of(j, "last_modified");
  s.item_count = j.value("item_count", std::size_t{0});
  if (s.name.empty()) s.name = string_of(j, "name");
  return s;
}

// `metadata`: a key's value, read from the index or its shard 0.
using Metadata = std::function<std::string(const std::string&)>;

std::vector<FeedSource> read_list(const Metadata& metadata) {
  std::vector<FeedSource> out;
  json j = json::parse(metadata(kFeedListKey), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& f : j)
    if (f.is_object())
      out.push_back({string_of(f, "url"), string_of(f, "name"), string_of(f, "category"),
                     string_of(f, "html_url")});
  return out;
}

std::string encode_list(const std::vector<FeedSource>& feeds) {
  json j = json::array();
  for (const auto& f : feeds) {
    json entry = {{"url", f.url}, {"name", f.name}};
    if (!f.category.empty()) entry["category"] = f.category;
    if (!f.html_url.empty()) entry["html_url"] = f.html_url;
    j.push_back(std::move(entry));
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

FeedState read_state(const Metadata& metadata, const FeedSource& feed) {
  return decode_state(metadata(state_key(feed.url)), feed);
}

// The same URL listed twice is fetched once.
std::vector<FeedSource> distinct(const std::vector<FeedSource>& feeds) {
  std::vector<FeedSource> out;
  std::map<std::string, bool> seen;
  for (const auto& f : feeds)
    if (!seen[f.url]) {
      seen[f.url] = true;
      out.push_back(f);
    }
  return out;
}

// How long a feed that failed `failures` times in a row waits before the
// next attempt: none after one failure (a blip costs nothing), then 1 h,
// 2 h, 4 h ... at most a day; longer when the server asked for it.
std::int64_t backoff_seconds(int failures, const std::optional<std::chrono::seconds>& retry_after) {
  constexpr std::int64_t kHour = 3600, kDay = 86400, kMostAsked = 7 * kDay;
  std::int64_t wait = failures < 2 ? 0 : std::min(kHour << std::min(failures - 2, 5), kDay);
  if (retry_after) wait = std::max<std::int64_t>(wait, std::min<std::int64_t>(retry_after->count(), kMostAsked));
  return wait;
}

std::string for_how_long(std::int64_t seconds) {
  if (seconds >= 86400 && seconds % 86400 == 0) return fmt::format("{} d", seconds / 86400);
  if (seconds >= 3600) return fmt::format("{:g} h", std::round(seconds / 360.0) / 10);
  if (seconds >= 60) return fmt::format("{} min", (seconds + 59) / 60);
  return fmt::format("{} s", seconds);
}

// Oldest attempt first: feeds a time limit left out last run go first now.
void oldest_attempt_first(std::vector<FeedSource>& feeds, const std::map<std::string, FeedState>& states) {
  std::stable_sort(feeds.begin(), feeds.end(), [&](const FeedSource& a, const FeedSource& b) {
    return states.at(a.url).last_attempt.value_or(0) < states.at(b.url).last_attempt.value_or(0);
  });
}

}  // namespace

UpdateReport Index::update(const UpdateOptions& options) {
  Impl& impl = *impl_;
  UpdateReport report;
  std::vector<FeedSource> feeds;
  std::vector<FetchRequest> requests;
  std::map<std::string, FeedState> states;
  const Metadata metadata = [&](const std::string& key) { return impl.get_metadata(key); };
  const std::int64_t now = options.now.value_or(static_cast<std::int64_t>(std::time(nullptr)));
  try {
    std::vector<FeedSource> listed = distinct(options.feeds.empty() ? read_list(metadata) : options.feeds);
    for (const auto& f : listed) states.emplace(f.url, read_state(metadata, f));
    oldest_attempt_first(listed, states);
    for (const auto& f : listed) {
      const FeedState& s = states.at(f.url);
      if (s.dead) {
        ++report.dead;
      } else if (s.next_attempt && *s.next_attempt > now) {
        ++report.backing_off;
      } else {
        requests.push_back({f.url, s.etag, s.last_modified});
        feeds.push_back(f);
      }
    }
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the feed list failed: {}", impl.options.path,
                                      e.get_description()));
  }
  report.feeds = feeds.size();
  std::size_t done = 0;

  auto save = [&](const FeedState& s) { impl.set_metadata(state_key(s.url), encode_state(s)); };
  auto succeed = [&](FeedState& s) {
    s.consecutive_failures = 0;
    s.last_error.clear();
    s.next_attempt.reset();
    s.last_success = now;
  };
  auto fail = [&](FeedState& s, const FetchResult& r, const std::string& message) {
    ++report.failed;
    const bool was_working = s.consecutive_failures == 0;
    ++s.consecutive_failures;
    s.last_error = message;
    std::string what = message;
    if (r.status == 410 || s.consecutive_failures >= kFeedDeadAfter) {
      s.dead = true;
      s.next_attempt.reset();
      what += r.status == 410 ? "; the server says the feed is gone for good"
                              : fmt::format("; {} failures in a row", s.consecutive_failures);
      what += fmt::format(": marked dead and no longer fetched (`newsdex-index feeds retry {}` "
                          "tries it again, `feeds remove` forgets it)", s.url);
    } else if (const std::int64_t wait = backoff_seconds(s.consecutive_failures, r.retry_after)) {
      s.next_attempt = now + wait;
      what += fmt::format(" ({} in a row; next try in {})", s.consecutive_failures, for_how_long(wait));
    }
    if (was_working || s.dead) {
      ++report.new_failures;
      report.index.errors.push_back({r.url, what});
    } else {
      report.index.warnings.push_back({r.url, what});
    }
    save(s);
  };

  // Each feed is indexed as its fetch completes, so memory holds only the
  // transfers in flight and the commit batches span feeds.
  impl.fetcher().fetch(requests, [&](const FetchResult& r) {
    FeedState& s = states.at(r.url);
    if (r.deferred) {  // not tried: its state stays, so it goes first next run
      ++report.deferred;
      --report.feeds;
      if (options.progress) options.progress(r.url, ++done, feeds.size());
      return;
    }
    s.last_attempt = now;
    if (!r.ok()) {
      fail(s, r, r.error);
    } else if (r.not_modified) {
      ++report.not_modified;
      // A 304 costs no write, unless it ends a run of failures.
      if (s.consecutive_failures > 0) {
        succeed(s);
        save(s);
      }
    } else {
      // A feed that fails to parse is the feed's failure: its message goes
      // where fail() puts it, not among the input errors as well.
      IndexReport& into = report.index;
      const std::size_t errors_before = into.errors.size();
      impl.add_bytes(r.body, r.url, r.url, into, InputFormat::automatic, now, r.charset);
      if (into.errors.size() > errors_before) {
        std::string message = into.errors.back().message;
        into.errors.resize(errors_before);
        fail(s, r, message);
      } else {
        ++report.fetched;
        succeed(s);
        s.etag = r.etag;
        s.last_modified = r.last_modified;
        s.item_count = into.inputs.empty() ? 0 : into.inputs.back().items;
        save(s);
      }
    }
    if (options.progress) options.progress(r.url, ++done, feeds.size());
  });

  if (options.expire_days) report.expired = impl.expire(now - std::int64_t{*options.expire_days} * 86400);
  impl.commit();
  return report;
}

bool Index::add_feed(const FeedSource& feed) {
  std::vector<FeedSource> list = feeds();
  for (const auto& f : list)
    if (f.url == feed.url) return false;
  list.push_back(feed);
  impl_->set_metadata(kFeedListKey, encode_list(list));
  return true;
}

bool Index::set_feed(const FeedSource& feed) {
  std::vector<FeedSource> list = feeds();
  auto it = std::find_if(list.begin(), list.end(), [&](const FeedSource& f) { return f.url == feed.url; });
  if (it == list.end()) return false;
  *it = feed;
  impl_->set_metadata(kFeedListKey, encode_list(list));
  return true;
}

bool Index::retry_feed(const std::string& url) {
  std::vector<FeedSource> list = feeds();
  auto it = std::find_if(list.begin(), list.end(), [&](const FeedSource& f) { return f.url == url; });
  if (it == list.end()) return false;
  const Metadata metadata = [&](const std::string& key) { return impl_->get_metadata(key); };
  FeedState s = read_state(metadata, *it);
  s.dead = false;
  s.consecutive_failures = 0;
  s.next_attempt.reset();
  impl_->set_metadata(state_key(url), encode_state(s));
  return true;
}

bool Index::remove_feed(const std::string& url) {
  std::vector<FeedSource> list = feeds();
  auto before = list.size();
  std::erase_if(list, [&](const FeedSource& f) { return f.url == url; });
  if (list.size() == before) return false;
  impl_->set_metadata(kFeedListKey, encode_list(list));
  impl_->set_metadata(state_key(url), "");
  return true;
}

std::vector<FeedSource> Index::feeds() {
  try {
    return read_list([&](const std::string& key) { return impl_->get_metadata(key); });
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the feed list failed: {}", impl_->options.path,
                                      e.get_description()));
  }
}

std::vector<FeedState> read_feed_states(const std::string& path) {
  try {
    // A folder of shards opens through its stub; Xapian then reads the
    // metadata of the first database, shard 0, where the indexer keeps it.
    Xapian::Database db(path);
    const Metadata metadata = [&](const std::string& key) { return db.get_metadata(key); };
    std::vector<FeedState> out;
    for (const auto& f : read_list(metadata)) out.push_back(read_state(metadata, f));
    return out;
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw Error(Errc::not_found, fmt::format("no index at '{}': create one with `newsdex-index "
                                             "--db {} feeds add URL`",
                                             path, path));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: {}", path, e.get_description()));
  }
}

}  // namespace newsdex

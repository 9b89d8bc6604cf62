#include "feeds_commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_words.hpp"

namespace newsdex_cli {
namespace {

using newsdex::Errc;
using newsdex::Error;
using newsdex::FeedSource;
using newsdex::FeedState;

newsdex::Index open_index(const FeedsContext& ctx, bool create) {
  newsdex::IndexOptions options;
  options.path = ctx.db;
  options.lock_wait = ctx.lock_wait;
  options.create = create;
  return newsdex::Index::open(options);
}

// The subscriptions, or none when there is no index yet.
std::vector<FeedState> current(const FeedsContext& ctx) {
  try {
    return newsdex::read_feed_states(ctx.db);
  } catch (const Error& e) {
    if (e.code() == Errc::not_found) return {};
    throw;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool is_http_url(const std::string& s) {
  const std::string l = lower(s.substr(0, 8));
  return l.starts_with("http://") || l.starts_with("https://");
}

// "https://x/rss (BBC News, in World)".
std::string describe(const FeedSource& f) {
  std::string extra = f.name;
  if (!f.category.empty()) extra += (extra.empty() ? "in " : ", in ") + f.category;
  return extra.empty() ? f.url : fmt::format("{} ({})", f.url, extra);
}

// The listed feed FEED names: its URL, else its name (case-insensitive);
// anything else is an error saying what is listed.
FeedSource find(const std::vector<FeedSource>& list, const std::string& feed) {
  for (const auto& f : list)
    if (f.url == feed) return f;
  std::vector<const FeedSource*> named;
  for (const auto& f : list)
    if (!f.name.empty() && lower(f.name) == lower(feed)) named.push_back(&f);
  if (named.size() == 1) return *named.front();
  if (named.size() > 1) {
    std::string which;
    for (const auto* f : named) which += "\n  " + f->url;
    throw Error(Errc::invalid_argument,
                fmt::format("{} feeds are called '{}'; name one by its URL:{}", named.size(), feed, which));
  }
  throw Error(Errc::invalid_argument,
              fmt::format("no feed '{}' in the list: give its URL or name as `feeds list` shows it", feed));
}

std::vector<FeedSource> sources_of(const std::vector<FeedState>& states) {
  std::vector<FeedSource> out;
  for (const auto& s : states) out.push_back({s.url, s.name, s.category, s.html_url});
  return out;
}

// "World / Europe/" -> "World/Europe": no empty folders, no stray spaces.
std::string clean_category(const std::string& category) {
  std::string out;
  for (std::size_t from = 0; from <= category.size();) {
    std::size_t to = std::min(category.find('/', from), category.size());
    std::string part = category.substr(from, to - from);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out += (out.empty() ? "" : "/") + part;
    from = to + 1;
  }
  return out;
}

struct Fetched {
  newsdex::FetchResult result;
  newsdex::FeedCheck check;
};

Fetched fetch_and_check(newsdex::Fetcher& fetcher, const std::string& url) {
  Fetched f;
  f.result = std::move(fetcher.fetch({{url, {}, {}}}, {}).front());
  if (f.result.ok())
    f.check = newsdex::check_feed(f.result.body, f.result.final_url.empty() ? url : f.result.final_url,
                                  f.result.charset);
  return f;
}

// On a terminal, asks which of a page's feeds to follow: their numbers, or
// "a" for all; nothing chosen, or not a terminal: none.
std::vector<FeedSource> choose(const std::vector<FeedSource>& offered) {
  if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) return {};
  fmt::print(stderr, "Follow which? Numbers separated by spaces, a for all, Enter for none: ");
  std::string line;
  if (!std::getline(std::cin, line)) return {};
  if (lower(line).find('a') != std::string::npos) return offered;
  std::vector<FeedSource> out;
  std::size_t pos = 0;
  while (pos < line.size()) {
    std::size_t used = 0;
    try {
      const unsigned long n = std::stoul(line.substr(pos), &used);
      if (n >= 1 && n <= offered.size()) out.push_back(offered[n - 1]);
      pos += used;
    } catch (const std::exception&) {
      ++pos;
    }
  }
  return out;
}

}  // namespace

int feeds_add(const FeedsContext& ctx, const FeedAddArgs& args) {
  if (!is_http_url(args.url)) {
    fmt::print(stderr, "newsdex-index: '{}' is not an http:// or https:// URL\n", args.url);
    return kExitUsage;
  }
  const std::vector<FeedSource> listed = sources_of(current(ctx));
  auto listed_as = [&](const std::string& url) -> const FeedSource* {
    for (const auto& f : listed)
      if (f.url == url) return &f;
    return nullptr;
  };
  if (const FeedSource* f = listed_as(args.url)) {
    fmt::print(stderr, "newsdex-index: already subscribed: {}; `feeds rename` or `feeds set-category` "
                       "change it\n", describe(*f));
    return kExitSomeFailed;
  }
  FeedSource wanted{args.url, args.name, clean_category(args.category), {}};
  std::vector<FeedSource> to_add;
  if (args.no_check) {
    to_add.push_back(wanted);
  } else {
    auto fetcher = newsdex::make_http_fetcher(ctx.fetch);
    Fetched first = fetch_and_check(*fetcher, args.url);
    if (!first.result.ok()) {
      fmt::print(stderr, "newsdex-index: {}: {}; not subscribed (--no-check subscribes without "
                         "fetching)\n", args.url, first.result.error);
      return kExitSomeFailed;
    }
    std::vector<std::pair<FeedSource, newsdex::FeedCheck>> found;
    if (first.check.is_feed) {
      found.emplace_back(wanted, first.check);
    } else if (!first.check.alternates.empty()) {
      std::vector<FeedSource> offered = first.check.alternates;
      if (offered.size() > 1 && !args.all) {
        fmt::print(stderr, "{} is a web page that links to {} feeds:\n", args.url, offered.size());
        for (std::size_t i = 0; i < offered.size(); ++i)
          fmt::print(stderr, "  {}. {}{}\n", i + 1, offered[i].url,
                     offered[i].name.empty() ? "" : "  (" + offered[i].name + ")");
        offered = choose(offered);
        if (offered.empty()) {
          fmt::print(stderr, "newsdex-index: nothing subscribed: run `feeds add` with one of these "
                             "URLs, or with --all for every one\n");
          return kExitUsage;
        }
      }
      for (const auto& alt : offered) {
        if (listed_as(alt.url)) {
          fmt::print(stderr, "already subscribed: {}\n", describe(*listed_as(alt.url)));
          continue;
        }
        Fetched feed = fetch_and_check(*fetcher, alt.url);
        if (!feed.result.ok() || !feed.check.is_feed) {
          fmt::print(stderr, "newsdex-index: {}: {}; not subscribed\n", alt.url,
                     feed.result.ok() ? feed.check.error : feed.result.error);
          continue;
        }
        // A name given is for a single feed; several keep their own titles.
        FeedSource source{alt.url, offered.size() == 1 ? args.name : std::string(), wanted.category,
                          args.url};
        found.emplace_back(source, feed.check);
      }
    } else {
      fmt::print(stderr, "newsdex-index: {}: {}; not subscribed\n", args.url, first.check.error);
      return kExitSomeFailed;
    }
    for (auto& [source, check] : found) {
      if (source.name.empty()) source.name = check.title;
      if (source.html_url.empty() && is_http_url(check.site)) source.html_url = check.site;
      if (!ctx.quiet)
        fmt::print("{}: {}, \"{}\", {}\n", source.url, check.format, check.title, n_of(check.items, "item"));
      to_add.push_back(source);
    }
    if (to_add.empty()) return kExitSomeFailed;
  }
  auto index = open_index(ctx, true);
  for (const auto& f : to_add) {
    index.add_feed(f);
    if (!ctx.quiet) fmt::print("subscribed: {}\n", describe(f));
  }
  index.commit();
  if (!ctx.quiet) fmt::print("`newsdex-index update` fetches {}\n", to_add.size() == 1 ? "it" : "them");
  return kExitOk;
}

int feeds_import(const FeedsContext& ctx, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "newsdex-index: {}: cannot open it\n", file);
    return kExitSomeFailed;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<newsdex::Problem> problems;
  const std::vector<FeedSource> feeds = newsdex::parse_feed_list(text, file, problems);
  for (const auto& p : problems) fmt::print(stderr, "warning: {}: {}\n", p.where, p.message);
  if (feeds.empty()) {
    fmt::print(stderr, "newsdex-index: {}: no feeds to import\n", file);
    return kExitSomeFailed;
  }
  auto index = open_index(ctx, true);
  std::size_t added = 0, already = 0;
  for (const auto& f : feeds) {
    if (index.add_feed(f))
      ++added;
    else
      ++already;
  }
  index.commit();
  if (!ctx.quiet)
    fmt::print("{}: {} added, {} already there, {} invalid; `newsdex-index update` fetches them\n", file,
               added, already, problems.size());
  return problems.empty() ? kExitOk : kExitSomeFailed;
}

int feeds_export(const FeedsContext& ctx, const std::string& file) {
  const std::string opml = newsdex::write_opml(sources_of(newsdex::read_feed_states(ctx.db)),
                                               "newsdex subscriptions");
  if (file.empty() || file == "-") {
    fmt::print("{}\n", opml);
    return kExitOk;
  }
  const std::string partial = file + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  out << opml << '\n';
  out.close();
  if (!out || std::rename(partial.c_str(), file.c_str()) != 0) {
    std::remove(partial.c_str());
    throw Error(Errc::io, fmt::format("{}: cannot write it", file));
  }
  return kExitOk;
}

int feeds_list(const FeedsContext& ctx, const std::string& format) {
  using nlohmann::json;
  auto t = [](const std::optional<std::int64_t>& v) { return v ? json(newsdex::format_time(*v)) : json(); };
  for (const auto& s : newsdex::read_feed_states(ctx.db)) {
    if (format == "json") {
      fmt::print("{}\n", json{{"url", s.url},
                              {"name", s.name},
                              {"category", s.category},
                              {"html_url", s.html_url},
                              {"state", s.dead ? "dead" : s.consecutive_failures > 0 ? "failing" : "ok"},
                              {"last_attempt", t(s.last_attempt)},
                              {"last_success", t(s.last_success)},
                              {"next_attempt", t(s.next_attempt)},
                              {"consecutive_failures", s.consecutive_failures},
                              {"last_error", s.last_error},
                              {"etag", s.etag},
                              {"last_modified", s.last_modified},
                              {"item_count", s.item_count}}
                              .dump(-1, ' ', false, json::error_handler_t::replace));
      continue;
    }
    fmt::print("{}{}{}\n", s.dead ? "DEAD " : "", s.url, s.name.empty() ? "" : "  (" + s.name + ")");
    if (!s.category.empty()) fmt::print("    folder {}\n", s.category);
    fmt::print("    last attempt {}, last success {}, {}", when(s.last_attempt), when(s.last_success),
               n_of(s.item_count, "item"));
    if (s.consecutive_failures > 0)
      fmt::print(", {} in a row: {}", n_of(s.consecutive_failures, "failure"), s.last_error);
    fmt::print("\n");
    if (s.dead)
      fmt::print("    not fetched any more: `newsdex-index feeds retry {}` tries again\n", s.url);
    else if (s.next_attempt)
      fmt::print("    next attempt {}\n", when(s.next_attempt));
    if (!s.etag.empty() || !s.last_modified.empty())
      fmt::print("    etag {}  last-modified {}\n", s.etag.empty() ? "-" : s.etag,
                 s.last_modified.empty() ? "-" : s.last_modified);
  }
  return kExitOk;
}

int feeds_remove(const FeedsContext& ctx, const std::string& feed) {
  auto index = open_index(ctx, false);
  const FeedSource f = find(index.feeds(), feed);
  index.remove_feed(f.url);
  index.commit();
  if (!ctx.quiet) fmt::print("removed: {} (its documents stay in the index)\n", describe(f));
  return kExitOk;
}

int feeds_rename(const FeedsContext& ctx, const std::string& feed, const std::string& name) {
  auto index = open_index(ctx, false);
  FeedSource f = find(index.feeds(), feed);
  f.name = name;
  index.set_feed(f);
  index.commit();
  return kExitOk;
}

int feeds_set_category(const FeedsContext& ctx, const std::string& feed, const std::string& category) {
  auto index = open_index(ctx, false);
  FeedSource f = find(index.feeds(), feed);
  f.category = clean_category(category);
  index.set_feed(f);
  index.commit();
  return kExitOk;
}

int feeds_retry(const FeedsContext& ctx, const std::string& feed) {
  auto index = open_index(ctx, false);
  const FeedSource f = find(index.feeds(), feed);
  index.retry_feed(f.url);
  index.commit();
  if (!ctx.quiet) fmt::print("{}: the next update fetches it\n", describe(f));
  return kExitOk;
}

}  // namespace newsdex_cli

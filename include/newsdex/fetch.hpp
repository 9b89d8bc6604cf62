#pragma once
// Fetching feeds over HTTP(S). The indexer talks to the network only through
// the Fetcher interface, so tests and embedding programs can substitute
// their own; make_http_fetcher() is the real one (libcurl).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/export.hpp"

namespace newsdex {

struct FetchOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};  // per attempt, whole transfer
  // Counted after gzip/deflate is undone, so a small compressed body cannot
  // inflate past it. Larger bodies are an error; 0: no limit.
  std::size_t max_body_bytes = 20u << 20;
  // An attempt that receives fewer than low_speed_limit bytes a second
  // (curl's average over the last few seconds) for low_speed_time is given
  // up before total_timeout: a server that answers nothing, or drips a byte
  // now and then, would hold a connection for the whole timeout and again for
  // each retry. The wait for the response counts too, so a server that
  // thinks longer than low_speed_time before answering fails. 0 turns it off.
  std::size_t low_speed_limit = 1;
  std::chrono::seconds low_speed_time{30};
  long max_redirects = 5;
  std::size_t max_connections = 16;  // in flight at once, all hosts together
  std::size_t max_per_host = 2;
  // 5xx answers and broken connections are retried this many times within a
  // call, after 1 s, 2 s, 4 s... or the server's Retry-After (capped at
  // max_retry_wait). A timeout is not: a host that did not answer in
  // total_timeout would hold the run back as long again.
  int retries = 2;
  // The whole fetch() call ends by then: no attempt or retry starts later,
  // and a running one is cut off at it. Requests that never started come
  // back `deferred`. So one run costs about total_timeout however many hosts
  // are dead. 0: no limit.
  std::chrono::milliseconds time_limit{0};
  std::chrono::milliseconds max_retry_wait{30'000};
  std::string user_agent;  // empty: "newsdex/VERSION"
};

struct FetchRequest {
  std::string url;
  // Validators from the last successful fetch, sent back as If-None-Match
  // and If-Modified-Since so an unchanged feed costs a 304.
  std::string etag;
  std::string last_modified;
};

struct FetchResult {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long status = 0;        // HTTP status of the last response; 0 when none arrived
  bool not_modified = false;  // 304: the body is empty, nothing changed
  std::string body;           // decoded (gzip/deflate undone)
  std::string etag;
  std::string last_modified;
  std::string content_type;  // e.g. "application/rss+xml; charset=ISO-8859-1"
  std::string charset;       // the charset parameter of content_type, if any
  int attempts = 0;
  // Not attempted: FetchOptions::time_limit passed first (error says so).
  bool deferred = false;
  // The server's Retry-After on the last response, in seconds from now.
  std::optional<std::chrono::seconds> retry_after;
  // Empty on success (2xx or 304). Otherwise a sentence naming the problem:
  // "HTTP 404 Not Found", "timed out after 60 s", "more than 5 redirects",
  // "body larger than 20 MB", "could not resolve host example.invalid",
  // "too slow: less than 1 byte/s for 30 s", "refused a redirect to a file://
  // URL: only http and https are fetched", "body cut short: the connection
  // closed after 1000 of 4294967296 bytes", ...
  std::string error;

  bool ok() const { return error.empty(); }
};

// Fetches URLs. Implementations must be usable from one thread at a time;
// they may fetch concurrently inside fetch().
class NEWSDEX_EXPORT Fetcher {
 public:
  virtual ~Fetcher() = default;
  // One result per request, in the same order. Never throws for a failed
  // fetch (that is a result with `error`); `on_done` (may be empty) is called
  // as each request finishes, for progress displays.
  virtual std::vector<FetchResult> fetch(const std::vector<FetchRequest>& requests,
                                         const std::function<void(const FetchResult&)>& on_done) = 0;
};

// The libcurl fetcher: HTTPS with certificate checks, gzip/deflate,
// redirects, timeouts, a body size limit, conditional GET, concurrent
// transfers (curl's multi interface), bounded per host, and retries.
NEWSDEX_EXPORT std::unique_ptr<Fetcher> make_http_fetcher(const FetchOptions& options = {});

}  // namespace newsdex

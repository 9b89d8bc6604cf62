// The libcurl Fetcher. One multi handle (kept by the fetcher, so connections
// and DNS answers are reused from call to call) drives every transfer of a
// fetch() call. Transfers wait in per-host queues and are handed to curl only
// when a slot is free, so each attempt's timeout counts from its own start,
// not from when it was queued; retries wait in a schedule instead of a sleep,
// so other transfers keep going meanwhile.

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <charconv>
#include <climits>
#include <cstdint>
#include <ctime>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "newsdex/error.hpp"
#include "newsdex/fetch.hpp"
#include "newsdex/version.hpp"

namespace newsdex {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------
// libcurl set-up and handles

// curl_global_init must run once per process before any handle exists, and
// is not safe to race with itself; a function-local static gives both.
CURLcode init_curl_once() {
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  return result;
}

struct EasyCleanup {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct MultiCleanup {
  void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct SlistFree {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
struct CurlFree {
  void operator()(char* p) const noexcept { curl_free(p); }
};

using Easy = std::unique_ptr<CURL, EasyCleanup>;
using Multi = std::unique_ptr<CURLM, MultiCleanup>;
using HeaderList = std::unique_ptr<curl_slist, SlistFree>;
using Url = std::unique_ptr<CURLU, UrlCleanup>;
using CurlString = std::unique_ptr<char, CurlFree>;

// ---------------------------------------------------------------------------
// Small text helpers

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// "1", "1.5", "0.25": seconds as people write them.
std::string seconds_text(milliseconds ms) { return fmt::format("{:g}", ms.count() / 1000.0); }

// "20 MB", "64 KB", "1000 bytes": the limit as it was most likely set.
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kib = 1024;
  constexpr std::size_t mib = kib * kib;
  if (bytes >= mib && bytes % mib == 0) return fmt::format("{} MB", bytes / mib);
  if (bytes >= kib && bytes % kib == 0) return fmt::format("{} KB", bytes / kib);
  return fmt::format("{} bytes", bytes);
}

// The charset parameter of a Content-Type value, unquoted; empty if none.
std::string charset_of(std::string_view content_type) {
  std::size_t semicolon = content_type.find(';');
  while (semicolon != std::string_view::npos) {
    const std::size_t next = content_type.find(';', semicolon + 1);
    const std::string_view param = trim(content_type.substr(semicolon + 1, next - semicolon - 1));
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && iequals(trim(param.substr(0, eq)), "charset")) {
      std::string_view value = trim(param.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      return std::string(trim(value));
    }
    semicolon = next;
  }
  return {};
}

// The standard reason phrase of a status; HTTP/2 responses carry none.
std::string_view standard_reason(long status) {
  switch (status) {
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 305: return "Use Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 421: return "Misdirected Request";
    case 429: return "Too Many Requests";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return {};
  }
}

// "HTTP 404 Not Found"; the server's own phrase only for unusual codes.
std::string http_error(long status, std::string_view server_reason) {
  std::string_view reason = standard_reason(status);
  if (reason.empty()) reason = server_reason;
  if (reason.empty()) return fmt::format("HTTP {}", status);
  return fmt::format("HTTP {} {}", status, reason);
}

// Retry-After is either delay-seconds or an HTTP date.
std::optional<milliseconds> parse_retry_after(const std::string& value) {
  if (value.empty()) return std::nullopt;
  long long secs = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, secs);
  if (ec == std::errc{} && ptr == end) return milliseconds(std::max(secs, 0LL) * 1000);
  if (ec == std::errc::result_out_of_range) return milliseconds::max();
  const std::time_t when = curl_getdate(value.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const auto delay = static_cast<long long>(when) - static_cast<long long>(std::time(nullptr));
  return milliseconds(std::max(delay, 0LL) * 1000);
}

// ---------------------------------------------------------------------------
// URLs

std::string url_part(const std::string& url, CURLUPart part) {
  const Url u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char* raw = nullptr;
  if (curl_url_get(u.get(), part, &raw, CURLU_DEFAULT_PORT) != CURLUE_OK) return {};
  const CurlString text(raw);
  return text ? std::string(text.get()) : std::string();
}

// scheme://host:port, the unit of the per-host limit. An unparsable URL is
// its own unit: curl will reject it at once anyway.
std::string host_key(const std::string& url) {
  const std::string host = url_part(url, CURLUPART_HOST);
  if (host.empty()) return url;
  return fmt::format("{}://{}:{}", url_part(url, CURLUPART_SCHEME), host,
                     url_part(url, CURLUPART_PORT));
}

// ---------------------------------------------------------------------------
// One request on its way

// What the header callback keeps of the response being received. Every
// response (each redirect, a 100 Continue) starts with its status line, which
// starts the record afresh, so what is left at the end is the final one's.
struct ResponseHeaders {
  std::string reason;  // of the status line
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::string retry_after;

  void take(std::string_view line) {
    line = trim(line);
    if (line.substr(0, 5) == "HTTP/") {
      *this = {};
      reason = std::string(reason_of_status_line(line));
      return;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view name = trim(line.substr(0, colon));
    std::string value(trim(line.substr(colon + 1)));
    if (iequals(name, "ETag")) etag = std::move(value);
    else if (iequals(name, "Last-Modified")) last_modified = std::move(value);
    else if (iequals(name, "Content-Type")) content_type = std::move(value);
    else if (iequals(name, "Retry-After")) retry_after = std::move(value);
  }

  // "HTTP/1.1 404 Not Found" -> "Not Found"
  static std::string_view reason_of_status_line(std::string_view line) {
    const std::size_t code = line.find(' ');
    if (code == std::string_view::npos) return {};
    const std::size_t reason = line.find(' ', code + 1);
    return reason == std::string_view::npos ? std::string_view() : trim(line.substr(reason));
  }
};

struct Transfer {
  const FetchRequest* request = nullptr;
  FetchResult* result = nullptr;
  std::string host;  // host_key() of the URL
  std::size_t max_body = 0;
  int attempts = 0;
  bool done = false;

  Easy easy;
  HeaderList headers;
  CURLM* attached_to = nullptr;  // the multi handle running it, if any
  Clock::time_point started;     // of the current attempt
  milliseconds timeout{0};       // of the current attempt: total_timeout or what the time limit leaves
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  ResponseHeaders response;
  std::string body;
  bool body_too_large = false;

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  // An easy handle must leave its multi handle before it is cleaned up.
  ~Transfer() { detach(); }

  void detach() noexcept {
    if (attached_to) curl_multi_remove_handle(attached_to, easy.get());
    attached_to = nullptr;
  }

  void reset_attempt() {
    response = {};
    body.clear();
    body_too_large = false;
    error_buffer[0] = '\0';
  }
};

// curl's callbacks must not let exceptions through; returning a count other
// than the one given aborts the transfer (CURLE_WRITE_ERROR).
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t.max_body != 0 && n > t.max_body - t.body.size()) {
    t.body_too_large = true;
    return 0;
  }
  try {
    t.body.append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  try {
    t.response.take(std::string_view(data, n));
  } catch (...) {
    return 0;
  }
  return n;
}

// A header value from the caller must not smuggle in lines of its own.
bool safe_header_value(const std::string& value) {
  return !value.empty() && value.find_first_of("\r\n") == std::string::npos;
}

HeaderList conditional_headers(const FetchRequest& request) {
  HeaderList list;
  const auto add = [&list](std::string_view name, const std::string& value) {
    if (!safe_header_value(value)) return;
    const std::string line = fmt::format("{}: {}", name, value);
    if (curl_slist* grown = curl_slist_append(list.get(), line.c_str())) {
      (void)list.release();  // grown is the same list, now one longer
      list.reset(grown);
    }
  };
  add("If-None-Match", request.etag);
  add("If-Modified-Since", request.last_modified);
  return list;
}

long to_long(std::chrono::milliseconds ms) {
  return static_cast<long>(std::clamp<long long>(ms.count(), 0, LONG_MAX));
}

CURLcode configure(Transfer& t, const FetchOptions& options, const std::string& user_agent) {
  CURL* h = t.easy.get();
  t.headers = conditional_headers(*t.request);
  const auto max_file = static_cast<curl_off_t>(
      std::min<std::size_t>(t.max_body, std::numeric_limits<curl_off_t>::max()));
  const CURLcode codes[] = {
      curl_easy_setopt(h, CURLOPT_URL, t.request->url.c_str()),
      curl_easy_setopt(h, CURLOPT_PRIVATE, static_cast<void*>(&t)),
      curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L),  // threads may not own signals
      curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.error_buffer.data()),
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body),
      curl_easy_setopt(h, CURLOPT_WRITEDATA, static_cast<void*>(&t)),
      curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header),
      curl_easy_setopt(h, CURLOPT_HEADERDATA, static_cast<void*>(&t)),
      curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L),
      curl_easy_setopt(h, CURLOPT_MAXREDIRS, options.max_redirects),
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85: the string forms; the bitmasks are deprecated
      curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"),
      curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
#else
      curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS)),
      curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
                       static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS)),
#endif
      curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""),  // all that curl can decode
      curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, to_long(options.connect_timeout)),
      curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, to_long(options.total_timeout)),
      curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT,
                       static_cast<long>(std::min<std::size_t>(options.low_speed_limit, LONG_MAX))),
      curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                       options.low_speed_limit == 0 ? 0L : static_cast<long>(options.low_speed_time.count())),
      curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent.c_str()),
      // Only refuses bodies whose size is announced; on_body checks the rest.
      curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, max_file),
      curl_easy_setopt(h, CURLOPT_HTTPHEADER, t.headers.get()),
  };
  for (const CURLcode code : codes)
    if (code != CURLE_OK) return code;
  return CURLE_OK;
}

long response_code(CURL* h) {
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

std::string effective_url(CURL* h, const std::string& fallback) {
  char* url = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url) != CURLE_OK || !url) return fallback;
  return url;
}

// ---------------------------------------------------------------------------
// Describing failures

std::string connect_failure(CURL* h, const std::string& url) {
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  std::string message = fmt::format("could not connect to {} port {}",
                                    url_part(url, CURLUPART_HOST), url_part(url, CURLUPART_PORT));
  if (os_errno != 0)
    message += ": " + std::generic_category().message(static_cast<int>(os_errno));
  return message;
}

// curl reports both deadlines with one code. A connection that was made
// cannot have missed the connect deadline; otherwise how long the attempt
// took tells, since curl never fires a timeout early. (Time alone misled
// under load: a slow answer on a made connection read as "could not connect".)
std::string timeout_failure(const Transfer& t, const FetchOptions& options,
                            const std::string& url) {
  // A reused keep-alive connection has no connect time, but it reached the
  // point of sending the request: the pretransfer time.
  curl_off_t connect_us = 0, pretransfer_us = 0;
  if (t.easy) {
    curl_easy_getinfo(t.easy.get(), CURLINFO_CONNECT_TIME_T, &connect_us);
    curl_easy_getinfo(t.easy.get(), CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
  }
  const bool connected = connect_us > 0 || pretransfer_us > 0;
  const auto elapsed = Clock::now() - t.started;
  const bool deadline_passed = t.timeout.count() > 0 && elapsed >= t.timeout;
  // A made connection that ended before the whole deadline was cut by the
  // low-speed rule, which cannot fire before low_speed_time has passed (curl
  // may end a transfer a moment before our clock sees the deadline: under
  // the sanitizers a 0.5-s timeout read as "too slow ... for 30 s").
  if (connected && !deadline_passed && options.low_speed_limit > 0 && elapsed >= options.low_speed_time)
    return fmt::format("too slow: less than {} byte{}/s for {} s", options.low_speed_limit,
                       options.low_speed_limit == 1 ? "" : "s", options.low_speed_time.count());
  const bool whole = t.timeout.count() > 0 && (connected || deadline_passed);
  if (whole && t.timeout < options.total_timeout)
    return fmt::format("stopped after {} s: the run's time limit passed", seconds_text(t.timeout));
  if (whole || options.connect_timeout.count() <= 0)
    return fmt::format("timed out after {} s", seconds_text(options.total_timeout));
  return fmt::format("could not connect to {} within {} s", url_part(url, CURLUPART_HOST),
                     seconds_text(options.connect_timeout));
}

// The server announced a length and closed before sending it all.
std::string cut_short(CURL* h) {
  curl_off_t got = 0, announced = -1;
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &got);
  curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
  if (announced < 0) return "body cut short: the connection closed early";
  return fmt::format("body cut short: the connection closed after {} of {} bytes", got, announced);
}

std::string curl_failure(const Transfer& t, CURLcode code, const FetchOptions& options,
                         const std::string& url) {
  switch (code) {
    case CURLE_TOO_MANY_REDIRECTS:
      return fmt::format("more than {} redirects", options.max_redirects);
    case CURLE_OPERATION_TIMEDOUT:
      return timeout_failure(t, options, url);
    case CURLE_FILESIZE_EXCEEDED:
      return fmt::format("body larger than {}", size_text(t.max_body));
    case CURLE_WRITE_ERROR:
      if (t.body_too_large) return fmt::format("body larger than {}", size_text(t.max_body));
      break;
    case CURLE_PARTIAL_FILE:
      return cut_short(t.easy.get());
    case CURLE_UNSUPPORTED_PROTOCOL:
      // The scheme from the text: curl's URL parser refuses schemes it was
      // built without.
      if (url != t.request->url)  // a redirect led there
        return fmt::format("refused a redirect to a {}:// URL: only http and https are fetched",
                           url.substr(0, std::min(url.find(':'), std::size_t{16})));
      return fmt::format("refused {}: only http and https are fetched", url);
    case CURLE_COULDNT_RESOLVE_HOST:
      return fmt::format("could not resolve host {}", url_part(url, CURLUPART_HOST));
    case CURLE_COULDNT_CONNECT:
      return connect_failure(t.easy.get(), url);
    default:
      break;
  }
  const std::string_view detail = t.error_buffer.data();
  if (detail.empty()) return curl_easy_strerror(code);
  return fmt::format("{}: {}", curl_easy_strerror(code), detail);
}

// Failures that may well go away by themselves: the server's own word
// (5xx, 429), timeouts and connections that broke or never came about.
// Not an unknown host: that is nearly always a typo or a dead domain.
bool transient(CURLcode code, long status) {
  if (code == CURLE_OK) return status == 429 || (status >= 500 && status <= 599);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

// Fills the result from the attempt that just ended; true if it is worth
// another try.
bool record_attempt(Transfer& t, CURLcode code, const FetchOptions& options) {
  CURL* h = t.easy.get();
  FetchResult& r = *t.result;
  r.attempts = t.attempts;
  r.status = response_code(h);
  r.final_url = effective_url(h, t.request->url);
  r.etag = t.response.etag;
  r.last_modified = t.response.last_modified;
  r.content_type = t.response.content_type;
  r.charset = charset_of(r.content_type);
  r.not_modified = false;
  r.body.clear();
  r.error.clear();
  r.retry_after.reset();
  if (const auto asked = parse_retry_after(t.response.retry_after))
    r.retry_after = std::chrono::duration_cast<std::chrono::seconds>(*asked);
  if (code != CURLE_OK) {
    r.error = curl_failure(t, code, options, r.final_url);
  } else if (r.status == 304) {
    // Servers may leave the validators out of a 304; they still hold.
    r.not_modified = true;
    if (r.etag.empty()) r.etag = t.request->etag;
    if (r.last_modified.empty()) r.last_modified = t.request->last_modified;
  } else if (r.status >= 200 && r.status <= 299) {
    r.body = std::move(t.body);
  } else {
    r.error = http_error(r.status, t.response.reason);
  }
  return !r.ok() && transient(code, r.status);
}

// 1 s, 2 s, 4 s... after the 1st, 2nd, 3rd failure, unless the server said
// when; never longer than max_retry_wait.
milliseconds retry_delay(const Transfer& t, const FetchOptions& options) {
  const int doublings = std::clamp(t.attempts - 1, 0, 20);
  milliseconds wait = milliseconds(1000) * (1LL << doublings);
  if (const auto asked = parse_retry_after(t.response.retry_after)) wait = *asked;
  return std::clamp(wait, milliseconds(0), std::max(options.max_retry_wait, milliseconds(0)));
}

// 0 means no limit, as it does to curl.
std::size_t limit(std::size_t n) { return n == 0 ? std::numeric_limits<std::size_t>::max() : n; }

// ---------------------------------------------------------------------------
// One fetch() call

class Batch {
 public:
  Batch(CURLM* multi, const FetchOptions& options, const std::string& user_agent,
        const std::vector<FetchRequest>& requests, std::vector<FetchResult>& results,
        const std::function<void(const FetchResult&)>& on_done)
      : multi_(multi), options_(options), user_agent_(user_agent), on_done_(on_done),
        deadline_(options.time_limit.count() > 0 ? Clock::now() + options.time_limit
                                                 : Clock::time_point::max()) {
    transfers_.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      auto t = std::make_unique<Transfer>();
      t->request = &requests[i];
      t->result = &results[i];
      t->result->url = requests[i].url;
      t->host = host_key(requests[i].url);
      t->max_body = options.max_body_bytes;
      hosts_[t->host].queue.push_back(t.get());
      ++queued_;
      transfers_.push_back(std::move(t));
    }
  }

  void run() {
    while (running_ > 0 || queued_ > 0 || !retries_.empty()) {
      start_ready();
      int still_running = 0;
      CURLMcode mc = curl_multi_perform(multi_, &still_running);
      if (mc != CURLM_OK) return fail_all(mc);
      if (collect_finished() > 0) continue;  // slots freed: fill them before waiting
      mc = curl_multi_poll(multi_, nullptr, 0, wait_ms(), nullptr);
      if (mc != CURLM_OK) return fail_all(mc);
    }
  }

 private:
  struct Host {
    std::deque<Transfer*> queue;
    std::size_t running = 0;
  };

  // Moves due retries to the front of their queues, then starts transfers
  // one host at a time, round-robin, while the limits allow.
  void start_ready() {
    const auto now = Clock::now();
    if (now >= deadline_) return stop_waiting();
    while (!retries_.empty() && retries_.begin()->first <= now) {
      Transfer* t = retries_.begin()->second;
      retries_.erase(retries_.begin());
      hosts_[t->host].queue.push_front(t);
      ++queued_;
    }
    const std::size_t total = limit(options_.max_connections);
    const std::size_t per_host = limit(options_.max_per_host);
    bool started = true;
    while (started && queued_ > 0 && running_ < total) {
      started = false;
      for (auto& [key, host] : hosts_) {
        if (running_ >= total) break;
        if (host.queue.empty() || host.running >= per_host) continue;
        Transfer* t = host.queue.front();
        host.queue.pop_front();
        --queued_;
        start(*t);
        started = true;
      }
    }
  }

  void start(Transfer& t) {
    if (!t.easy) {
      t.easy.reset(curl_easy_init());
      if (!t.easy) return fail(t, "could not create a libcurl handle (out of memory?)");
      if (const CURLcode rc = configure(t, options_, user_agent_); rc != CURLE_OK)
        return fail(t, curl_easy_strerror(rc));
    }
    t.reset_attempt();
    ++t.attempts;
    t.started = Clock::now();
    t.timeout = options_.total_timeout;
    if (deadline_ != Clock::time_point::max()) {
      const auto left = std::chrono::ceil<milliseconds>(deadline_ - t.started);
      if (t.timeout.count() <= 0 || left < t.timeout) t.timeout = std::max(left, milliseconds(1));
    }
    if (const CURLcode rc = curl_easy_setopt(t.easy.get(), CURLOPT_TIMEOUT_MS, to_long(t.timeout));
        rc != CURLE_OK)
      return fail(t, curl_easy_strerror(rc));
    if (const CURLMcode mc = curl_multi_add_handle(multi_, t.easy.get()); mc != CURLM_OK)
      return fail(t, curl_multi_strerror(mc));
    t.attached_to = multi_;
    ++running_;
    ++hosts_[t.host].running;
  }

  // Handles every transfer curl reports done; returns how many there were.
  int collect_finished() {
    int finished = 0;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      const CURLcode code = msg->data.result;  // msg dies with the handle's removal
      char* priv = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
      attempt_done(*reinterpret_cast<Transfer*>(priv), code);
      ++finished;
    }
    return finished;
  }

  void attempt_done(Transfer& t, CURLcode code) {
    const bool retry = record_attempt(t, code, options_);
    t.detach();
    --running_;
    --hosts_[t.host].running;
    const auto due = Clock::now() + retry_delay(t, options_);
    if (retry && t.attempts <= options_.retries && due < deadline_) {
      retries_.emplace(due, &t);
      return;
    }
    finish(t);
  }

  void fail(Transfer& t, std::string message) {
    t.result->attempts = t.attempts;
    t.result->error = std::move(message);
    finish(t);
  }

  void finish(Transfer& t) {
    t.done = true;
    t.easy.reset();  // frees its buffers; the connection stays with the multi handle
    t.headers.reset();
    t.body = std::string();
    if (on_done_) on_done_(*t.result);
  }

  // The time limit passed: what waits to start (never tried, or a retry)
  // ends now; a retry keeps its last attempt's error.
  void stop_waiting() {
    for (auto& [at, t] : retries_) finish(*t);
    retries_.clear();
    for (auto& [key, host] : hosts_) {
      for (Transfer* t : host.queue) {
        if (t->attempts > 0) {
          finish(*t);
          continue;
        }
        t->result->deferred = true;
        fail(*t, fmt::format("not fetched: the run's time limit ({} s) passed first",
                             seconds_text(options_.time_limit)));
      }
      host.queue.clear();
    }
    queued_ = 0;
  }

  // The multi handle itself broke: nothing more can be fetched this call.
  void fail_all(CURLMcode mc) {
    const std::string message = fmt::format("libcurl failed: {}", curl_multi_strerror(mc));
    for (auto& t : transfers_) {
      if (t->done) continue;
      t->detach();
      fail(*t, message);
    }
    hosts_.clear();
    retries_.clear();
    running_ = queued_ = 0;
  }

  // Until the next retry is due; curl shortens it for its own timers and
  // any network activity ends it early.
  int wait_ms() const {
    constexpr long long idle = 1000;
    if (retries_.empty()) return static_cast<int>(idle);
    const auto due = std::chrono::ceil<milliseconds>(retries_.begin()->first - Clock::now());
    return static_cast<int>(std::clamp<long long>(due.count(), 0, idle));
  }

  CURLM* multi_;
  const FetchOptions& options_;
  const std::string& user_agent_;
  const std::function<void(const FetchResult&)>& on_done_;
  std::vector<std::unique_ptr<Transfer>> transfers_;
  std::map<std::string, Host> hosts_;
  std::multimap<Clock::time_point, Transfer*> retries_;
  std::size_t running_ = 0;
  std::size_t queued_ = 0;
  Clock::time_point deadline_;
};

// ---------------------------------------------------------------------------
// The Fetcher

long clamp_to_long(std::size_t n) {
  return static_cast<long>(std::min<std::size_t>(n, static_cast<std::size_t>(LONG_MAX)));
}

class HttpFetcher final : public Fetcher {
 public:
  explicit HttpFetcher(const FetchOptions& options)
      : options_(options),
        user_agent_(options.user_agent.empty() ? "newsdex/" NEWSDEX_VERSION_STRING
                                               : options.user_agent) {
    if (const CURLcode rc = init_curl_once(); rc != CURLE_OK)
      throw Error(Errc::io,
                  fmt::format("could not initialise libcurl: {}", curl_easy_strerror(rc)));
    multi_.reset(curl_multi_init());
    if (!multi_) throw Error(Errc::io, "could not initialise libcurl (out of memory?)");
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      clamp_to_long(options.max_connections));
    curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                      clamp_to_long(options.max_per_host));
  }

  std::vector<FetchResult> fetch(const std::vector<FetchRequest>& requests,
                                 const std::function<void(const FetchResult&)>& on_done) override {
    std::vector<FetchResult> results(requests.size());
    Batch(multi_.get(), options_, user_agent_, requests, results, on_done).run();
    return results;
  }

 private:
  FetchOptions options_;
  std::string user_agent_;
  Multi multi_;
};

}  // namespace

std::unique_ptr<Fetcher> make_http_fetcher(const FetchOptions& options) {
  return std::make_unique<HttpFetcher>(options);
}

}  // namespace newsdex

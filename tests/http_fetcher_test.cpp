// Tests of make_http_fetcher() against a real HTTP server: tests/http_server.py
// (Python's standard library only), which each test case starts for itself
// on a free port of 127.0.0.1 and stops when it ends.
//
// The server serves the fixtures' feeds (tests/fixtures/http/). The cases of
// doctest suite "corpus" run again in the fetch_rssowl entry on the 217 real
// feeds of ../shared/data/rssowl-feeds, which is skipped without them.

#include <doctest/doctest.h>

#include "newsdex/fetch.hpp"
#include "newsdex/version.hpp"

#include "tests/test_server.hpp"

namespace {

using namespace test_support;
using namespace std::chrono_literals;
using newsdex::FetchOptions;
using newsdex::FetchRequest;
using newsdex::FetchResult;
using nlohmann::json;

// ---------------------------------------------------------------------------
// Fetching

// Generous timeouts, short retry waits: tests that want others say so.
FetchOptions test_options() {
  FetchOptions options;
  options.connect_timeout = 5s;
  options.total_timeout = 20s;
  options.max_retry_wait = 5s;
  return options;
}

FetchResult fetch_one(const FetchRequest& request, const FetchOptions& options = test_options()) {
  const auto fetcher = newsdex::make_http_fetcher(options);
  const auto results = fetcher->fetch({request}, {});
  REQUIRE(results.size() == 1);
  return results.front();
}

FetchResult fetch_one(const std::string& url, const FetchOptions& options = test_options()) {
  return fetch_one(FetchRequest{url, {}, {}}, options);
}

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("http fetcher: a plain 200 brings the body and the validators") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const std::string url = server.url("/" + name);
  const FetchResult r = fetch_one(url);
  CHECK(r.ok());
  CHECK(r.error.empty());
  CHECK(r.url == url);
  CHECK(r.final_url == url);
  CHECK(r.status == 200);
  CHECK_FALSE(r.not_modified);
  CHECK(r.attempts == 1);
  CHECK(r.body == read_file(served_root() / name));
  CHECK(r.etag.size() > 2);
  CHECK(r.etag.front() == '"');
  CHECK(contains(r.last_modified, " GMT"));
  CHECK(r.content_type.rfind("application/", 0) == 0);
  CHECK(r.charset.empty());
}

TEST_CASE("http fetcher: a missing file is HTTP 404, reported and not retried") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.retries = 2;
  for (const std::string path : {"/404", "/no-such-feed.xml"}) {
    const FetchResult r = fetch_one(server.url(path), options);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "HTTP 404 Not Found");
    CHECK(r.status == 404);
    CHECK(r.body.empty());
    CHECK(r.attempts == 1);
    CHECK(server.count(path) == 1);
  }
}

TEST_CASE("http fetcher: conditional GET") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const std::string url = server.url("/" + name);
  const auto fetcher = newsdex::make_http_fetcher(test_options());
  const FetchResult first = fetcher->fetch({{url, {}, {}}}, {}).front();
  REQUIRE(first.ok());
  REQUIRE_FALSE(first.etag.empty());
  REQUIRE_FALSE(first.last_modified.empty());

  SUBCASE("both validators: 304, validators kept, no body") {
    const FetchResult r = fetcher->fetch({{url, first.etag, first.last_modified}}, {}).front();
    CHECK(r.ok());
    CHECK(r.not_modified);
    CHECK(r.status == 304);
    CHECK(r.body.empty());
    CHECK(r.etag == first.etag);
    CHECK(r.last_modified == first.last_modified);
  }
  SUBCASE("If-Modified-Since alone: 304") {
    const FetchResult r = fetcher->fetch({{url, {}, first.last_modified}}, {}).front();
    CHECK(r.ok());
    CHECK(r.not_modified);
    CHECK(r.last_modified == first.last_modified);
  }
  SUBCASE("a stale ETag: the whole feed again") {
    const FetchResult r = fetcher->fetch({{url, "\"stale\"", first.last_modified}}, {}).front();
    CHECK(r.ok());
    CHECK_FALSE(r.not_modified);
    CHECK(r.status == 200);
    CHECK(r.body == first.body);
    CHECK(r.etag == first.etag);
  }
  CHECK(server.count("/" + name) == 2);
}

TEST_CASE("http fetcher: the request carries the user agent and the validators") {
  TestServer& server = fresh_server();
  SUBCASE("defaults") {
    const FetchResult r =
        fetch_one(FetchRequest{server.url("/headers"), "\"abc\"", "Sat, 03 Mar 2007 08:15:00 GMT"});
    REQUIRE(r.ok());
    const json headers = json::parse(r.body);
    CHECK(headers.value("User-Agent", "") == "newsdex/" NEWSDEX_VERSION_STRING);
    CHECK(headers.value("If-None-Match", "") == "\"abc\"");
    CHECK(headers.value("If-Modified-Since", "") == "Sat, 03 Mar 2007 08:15:00 GMT");
    CHECK(contains(headers.value("Accept-Encoding", ""), "gzip"));
  }
  SUBCASE("a chosen user agent; a validator with a line break is not sent") {
    FetchOptions options = test_options();
    options.user_agent = "probe/1.0";
    const FetchResult r =
        fetch_one(FetchRequest{server.url("/headers"), "\"a\"\r\nX-Evil: 1", ""}, options);
    REQUIRE(r.ok());
    const json headers = json::parse(r.body);
    CHECK(headers.value("User-Agent", "") == "probe/1.0");
    CHECK_FALSE(headers.contains("If-None-Match"));
    CHECK_FALSE(headers.contains("X-Evil"));
    CHECK_FALSE(headers.contains("If-Modified-Since"));
  }
}

TEST_CASE("http fetcher: redirects are followed, up to max_redirects") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  FetchOptions options = test_options();
  options.max_redirects = 5;

  const FetchResult three = fetch_one(server.url("/redirect/3/" + name), options);
  CHECK(three.ok());
  CHECK(three.status == 200);
  CHECK(three.url == server.url("/redirect/3/" + name));
  CHECK(three.final_url == server.url("/" + name));
  CHECK(three.body == read_file(served_root() / name));
  // The headers are the final response's, not a redirect's.
  CHECK_FALSE(three.etag.empty());
  CHECK(three.content_type.rfind("application/", 0) == 0);

  CHECK(fetch_one(server.url("/redirect/5/" + name), options).ok());

  const FetchResult six = fetch_one(server.url("/redirect/6/" + name), options);
  CHECK_FALSE(six.ok());
  CHECK(six.error == "more than 5 redirects");
  CHECK(six.body.empty());
}

TEST_CASE("http fetcher: a redirect loop ends in an error") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.max_redirects = 4;
  const FetchResult r = fetch_one(server.url("/loop"), options);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "more than 4 redirects");
  CHECK(r.attempts == 1);
  CHECK(server.count("/loop") + server.count("/loop/again") == 5);
}

TEST_CASE("http fetcher: only http and https, also through redirects") {
  TestServer& server = fresh_server();
  const FetchResult direct = fetch_one("file:///etc/hostname");
  CHECK_FALSE(direct.ok());
  CHECK(direct.body.empty());
  const FetchResult redirected = fetch_one(server.url("/redirect-to?url=file:///etc/passwd"));
  CHECK_FALSE(redirected.ok());
  CHECK(redirected.body.empty());
  CHECK(redirected.error == "refused a redirect to a file:// URL: only http and https are fetched");
  CHECK(direct.error == "refused file:///etc/hostname: only http and https are fetched");
  for (const std::string target : {"gopher://127.0.0.1:1/", "dict://127.0.0.1:1/x", "ftp://127.0.0.1:1/"}) {
    CAPTURE(target);
    const FetchResult r = fetch_one(server.url("/redirect-to?url=" + target));
    CHECK(r.body.empty());
    CHECK(r.error == "refused a redirect to a " + target.substr(0, target.find(':')) +
                         ":// URL: only http and https are fetched");
    CHECK(r.attempts == 1);  // not a failure that goes away by itself
  }
}

TEST_CASE("http fetcher: 5xx and 429 are retried") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.retries = 2;

  SUBCASE("500, then 200 after the server's Retry-After: 1") {
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/a"), options);
    CHECK(r.ok());
    CHECK(r.status == 200);
    CHECK(r.attempts == 2);
    CHECK_FALSE(r.body.empty());
    CHECK(seconds_since(start) >= 0.9);
    CHECK(server.count("/flaky/a") == 2);
  }
  SUBCASE("429 with Retry-After: 0") {
    const FetchResult r = fetch_one(server.url("/flaky/b?code=429&retry_after=0"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
  }
  SUBCASE("Retry-After as an HTTP date") {
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/c?code=503&retry_after=date:1"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
    CHECK(seconds_since(start) < 3.0);
  }
  SUBCASE("no Retry-After: backoff of 1 s") {
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/d?retry_after=none"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
    CHECK(seconds_since(start) >= 0.9);
  }
  SUBCASE("Retry-After is capped at max_retry_wait") {
    options.max_retry_wait = 200ms;
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/flaky/e?retry_after=3600"), options);
    CHECK(r.ok());
    CHECK(r.attempts == 2);
    CHECK(seconds_since(start) < 2.0);
  }
  SUBCASE("every attempt fails: the last answer is the error") {
    options.max_retry_wait = 100ms;
    const FetchResult r = fetch_one(server.url("/flaky/f?times=10"), options);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "HTTP 500 Internal Server Error");
    CHECK(r.status == 500);
    CHECK(r.attempts == 3);
    CHECK(server.count("/flaky/f") == 3);
  }
  SUBCASE("retries = 0") {
    options.retries = 0;
    const FetchResult r = fetch_one(server.url("/flaky/g?code=503"), options);
    CHECK(r.error == "HTTP 503 Service Unavailable");
    CHECK(r.attempts == 1);
  }
}

TEST_CASE("http fetcher: other transfers go on while one waits to retry") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const std::vector<FetchRequest> requests = {{server.url("/flaky/wait?retry_after=2"), {}, {}},
                                              {server.url("/" + name), {}, {}}};
  const auto start = Clock::now();
  std::vector<std::pair<std::string, double>> finished;
  const auto results = newsdex::make_http_fetcher(test_options())
                           ->fetch(requests, [&](const FetchResult& r) {
                             finished.emplace_back(r.url, seconds_since(start));
                           });
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok());
  CHECK(results[0].attempts == 2);
  CHECK(results[1].ok());
  REQUIRE(finished.size() == 2);
  CHECK(finished[0].first == requests[1].url);
  CHECK(finished[0].second < 1.0);
  CHECK(finished[1].first == requests[0].url);
  CHECK(finished[1].second >= 1.9);
}

TEST_CASE("http fetcher: a server too slow to answer times out") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.total_timeout = 1s;
  options.retries = 0;
  const auto start = Clock::now();
  const FetchResult r = fetch_one(server.url("/slow?seconds=5"), options);
  const double took = seconds_since(start);
  CHECK_FALSE(r.ok());
  CHECK(r.error == "timed out after 1 s");
  CHECK(r.attempts == 1);
  CHECK(took >= 0.9);
  CHECK(took < 3.0);

  SUBCASE("and a timeout is not retried: a dead host would hold the run back as long again") {
    options.total_timeout = 500ms;
    options.retries = 3;
    options.max_retry_wait = 100ms;
    const FetchResult again = fetch_one(server.url("/slow?seconds=5"), options);
    CHECK(again.error == "timed out after 0.5 s");
    CHECK(again.attempts == 1);
  }
}

TEST_CASE("http fetcher: the time limit bounds a whole call, however many hosts are dead") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.total_timeout = 1s;
  options.time_limit = 1500ms;
  options.max_connections = 2;  // 8 slow requests would take 4 s one pair at a time
  options.max_per_host = 2;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 8; ++i) requests.push_back({server.url("/slow?seconds=5&n=" + std::to_string(i)), {}, {}});
  requests.push_back({server.url("/feed"), {}, {}});  // queued behind them
  const auto start = Clock::now();
  const auto results = make_http_fetcher(options)->fetch(requests, {});
  const double took = seconds_since(start);
  CHECK(took < 3.0);
  std::size_t timed_out = 0, deferred = 0;
  for (const auto& r : results) {
    CHECK_FALSE(r.ok());
    if (r.deferred) {
      ++deferred;
      CHECK(r.attempts == 0);
      CHECK(r.error == "not fetched: the run's time limit (1.5 s) passed first");
    } else {
      ++timed_out;
      // The second pair starts at 1 s and is cut at the limit, 0.5 s later.
      CHECK((r.error == "timed out after 1 s" || r.error.find("the run's time limit passed") != std::string::npos));
    }
  }
  CHECK(timed_out == 4);
  CHECK(deferred == 5);
}

TEST_CASE("http fetcher: Retry-After is reported with the failure") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.retries = 0;
  const FetchResult r = fetch_one(server.url("/flaky/report?code=503&retry_after=7200"), options);
  CHECK(r.status == 503);
  REQUIRE(r.retry_after);
  CHECK(r.retry_after->count() == 7200);
}

TEST_CASE("http fetcher: bodies above max_body_bytes are refused") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.max_body_bytes = 64 * 1024;

  SUBCASE("an endless body") {
    const FetchResult r = fetch_one(server.url("/endless"), options);
    CHECK_FALSE(r.ok());
    CHECK(r.error == "body larger than 64 KB");
    CHECK(r.body.empty());
    CHECK(r.attempts == 1);
  }
  SUBCASE("a Content-Length above the limit") {
    const FetchResult r = fetch_one(server.url("/endless?declare=1"), options);
    CHECK(r.error == "body larger than 64 KB");
  }
  SUBCASE("exactly at the limit is fine, one byte over is not") {
    const std::string name = feed_names(served_root()).front();
    options.max_body_bytes = fs::file_size(served_root() / name);
    CHECK(fetch_one(server.url("/" + name), options).ok());
    options.max_body_bytes -= 1;
    CHECK(fetch_one(server.url("/" + name), options).error ==
          "body larger than " + std::to_string(options.max_body_bytes) + " bytes");
  }
}

TEST_CASE("http fetcher: hostile servers cost bounded time and memory") {
  TestServer& server = fresh_server();
  FetchOptions options = test_options();
  options.retries = 0;

  SUBCASE("a gzip bomb: the limit counts the inflated bytes") {
    // 1 MB on the wire, 1 GiB inflated: refused at 20 MB, in well under the
    // time inflating it all would take.
    for (const std::string query : {"", "?chunked=1"}) {
      CAPTURE(query);
      const FetchResult r = fetch_one(server.url("/gzip-bomb" + query), options);
      CHECK(r.error == "body larger than 20 MB");
      CHECK(r.body.empty());
    }
  }
  SUBCASE("an endless chunked body") {
    options.max_body_bytes = 1 << 20;
    const FetchResult r = fetch_one(server.url("/endless?chunked=1"), options);
    CHECK(r.error == "body larger than 1 MB");
  }
  SUBCASE("a server that drips a byte now and then is given up") {
    options.low_speed_limit = 100;
    options.low_speed_time = 2s;
    const auto start = Clock::now();
    const FetchResult r = fetch_one(server.url("/drip?interval=0.5"), options);
    const double took = seconds_since(start);
    CHECK(r.error == "too slow: less than 100 bytes/s for 2 s");
    CHECK(took >= 1.9);
    CHECK(took < options.total_timeout.count() / 2.0);  // long before the deadline
  }
  SUBCASE("a Content-Length of exactly 4 GiB") {
    const FetchResult r = fetch_one(server.url("/lying-length?length=4294967296"), options);
    CHECK(r.error == "body larger than 20 MB");
    options.max_body_bytes = 0;  // no limit: the lie is found out when the connection closes
    const FetchResult unlimited = fetch_one(server.url("/lying-length?length=4294967296"), options);
    CHECK(unlimited.body.empty());
    CHECK(contains(unlimited.error, "body cut short: the connection closed after "));
    CHECK(contains(unlimited.error, " of 4294967296 bytes"));
  }
}

TEST_CASE("http fetcher: gzip is asked for and undone") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const FetchResult r = fetch_one(server.url("/gzip/" + name));
  CHECK(r.ok());
  CHECK(r.body == read_file(served_root() / name));
  CHECK(contains(r.etag, "-gzip\""));  // the server did send it compressed
}

TEST_CASE("http fetcher: the Content-Type is reported as sent") {
  TestServer& server = fresh_server();
  const std::string name = feed_names(served_root()).front();
  const FetchResult r = fetch_one(server.url("/wrong-type/" + name));
  CHECK(r.ok());
  CHECK(r.content_type == "text/html");
  CHECK(r.body == read_file(served_root() / name));
}

TEST_CASE("http fetcher: the charset of the Content-Type") {
  TestServer& server = fresh_server();
  const FetchResult r = fetch_one(server.url("/latin1"));
  CHECK(r.ok());
  CHECK(r.content_type == "application/rss+xml; charset=ISO-8859-1");
  CHECK(r.charset == "ISO-8859-1");
  CHECK(contains(r.body, "Caf\xE9 cr\xE8me"));  // the bytes as sent, not recoded

  CHECK(fetch_one(server.url("/latin1?type=text/xml;%20Charset=%22iso-8859-1%22")).charset ==
        "iso-8859-1");
  CHECK(fetch_one(server.url("/latin1?type=text/xml;format=flowed;charset=latin1")).charset ==
        "latin1");
  CHECK(fetch_one(server.url("/latin1?type=application/xml")).charset.empty());
}

TEST_CASE("http fetcher: a refused connection is an error, retried") {
  FetchOptions options = test_options();
  options.retries = 1;
  options.max_retry_wait = 100ms;
  const int port = closed_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/feed.xml";
  const std::string where = "127.0.0.1 port " + std::to_string(port);
  const FetchResult r = fetch_one(url, options);
  CHECK_FALSE(r.ok());
  CHECK(r.status == 0);
  CHECK(r.error == "could not connect to " + where + ": Connection refused");
  CHECK(r.attempts == 2);
}

TEST_CASE("http fetcher: an unknown host is an error, not retried") {
  const FetchResult r = fetch_one("http://nonexistent.invalid/");
  CHECK_FALSE(r.ok());
  CHECK(r.status == 0);
  // Normally "could not resolve host ...", but a machine without a DNS
  // server may time out instead; either way the host is named.
  CHECK(contains(r.error, "nonexistent.invalid"));
  if (contains(r.error, "resolve")) CHECK(r.attempts == 1);
}

TEST_CASE("http fetcher: many requests, results in request order" * doctest::test_suite("corpus")) {
  TestServer& server = fresh_server();
  const fs::path root = served_root();
  const std::vector<std::string> names = feed_names(root);
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 50; ++i)  // the query makes every URL distinct
    requests.push_back({server.url("/" + names[static_cast<std::size_t>(i) % names.size()] +
                                   "?n=" + std::to_string(i)),
                        {}, {}});
  FetchOptions options = test_options();
  options.max_connections = 16;
  options.max_per_host = 8;
  server.reset();
  int done = 0;
  const auto results = newsdex::make_http_fetcher(options)->fetch(
      requests, [&](const FetchResult& r) {
        ++done;
        CHECK(r.ok());
      });
  REQUIRE(results.size() == requests.size());
  CHECK(done == 50);
  for (std::size_t i = 0; i < results.size(); ++i) {
    CAPTURE(i);
    CHECK(results[i].url == requests[i].url);
    CHECK(results[i].ok());
    CHECK(results[i].body == read_file(root / names[i % names.size()]));
  }
  CHECK(server.peak() <= 8);
}

TEST_CASE("http fetcher: connections per host and in all are bounded") {
  TestServer& server = fresh_server();
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 12; ++i)
    requests.push_back({server.url("/slow?seconds=0.3&n=" + std::to_string(i)), {}, {}});
  FetchOptions options = test_options();

  SUBCASE("max_per_host") {
    options.max_per_host = 3;
    server.reset();
    const auto start = Clock::now();
    const auto results = newsdex::make_http_fetcher(options)->fetch(requests, {});
    CHECK(std::all_of(results.begin(), results.end(), [](const FetchResult& r) { return r.ok(); }));
    CHECK(server.peak() <= 3);
    CHECK(seconds_since(start) >= 1.1);  // four rounds of 0.3 s
  }
  SUBCASE("max_connections") {
    options.max_connections = 2;
    options.max_per_host = 10;
    server.reset();
    const auto results = newsdex::make_http_fetcher(options)->fetch(requests, {});
    CHECK(std::all_of(results.begin(), results.end(), [](const FetchResult& r) { return r.ok(); }));
    CHECK(server.peak() <= 2);
  }
  SUBCASE("limits only bound: 12 at once take one round") {
    options.max_connections = 12;
    options.max_per_host = 12;
    const auto start = Clock::now();
    const auto results = newsdex::make_http_fetcher(options)->fetch(requests, {});
    CHECK(std::all_of(results.begin(), results.end(), [](const FetchResult& r) { return r.ok(); }));
    CHECK(seconds_since(start) < 1.0);
  }
}

TEST_CASE("http fetcher: no requests, no results") {
  int calls = 0;
  const auto results =
      newsdex::make_http_fetcher()->fetch({}, [&](const FetchResult&) { ++calls; });
  CHECK(results.empty());
  CHECK(calls == 0);
}

TEST_CASE("http fetcher: a changed feed after the server switches snapshots" * doctest::test_suite("corpus")) {
  // Two captures of one feed, March and June 2007.
  const fs::path before = snapshots()[0], after = snapshots()[1];
  std::string name;
  for (const std::string& candidate : feed_names(before)) {
    if (fs::exists(after / candidate) && read_file(before / candidate) != read_file(after / candidate)) {
      name = candidate;
      break;
    }
  }
  REQUIRE_FALSE(name.empty());
  REQUIRE(read_file(before / name) != read_file(after / name));

  TestServer server;  // its own: it changes the root
  const auto fetcher = newsdex::make_http_fetcher(test_options());
  const std::string url = server.url("/" + name);
  server.switch_root(before);
  const FetchResult first = fetcher->fetch({{url, {}, {}}}, {}).front();
  CHECK(first.body == read_file(before / name));
  CHECK(fetcher->fetch({{url, first.etag, first.last_modified}}, {}).front().not_modified);

  server.switch_root(after);
  const FetchResult second = fetcher->fetch({{url, first.etag, first.last_modified}}, {}).front();
  CHECK(second.ok());
  CHECK_FALSE(second.not_modified);
  CHECK(second.body == read_file(after / name));
  CHECK(second.etag != first.etag);
  // A client that kept only Last-Modified sees the change too.
  CHECK_FALSE(fetcher->fetch({{url, {}, first.last_modified}}, {}).front().not_modified);
}

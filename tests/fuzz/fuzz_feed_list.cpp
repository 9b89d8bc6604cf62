// parse_feed_list: OPML and plain feed lists; every feed it returns has an
// http(s) URL.
#include <string>
#include <vector>

#include "common/url.hpp"
#include "newsdex/index.hpp"
#include "tests/fuzz/fuzz_target.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  std::vector<newsdex::Problem> problems;
  for (const auto& feed : newsdex::parse_feed_list(bytes, "fuzz.opml", problems))
    newsdex::fuzz::check(newsdex::is_http_url(feed.url), "a listed feed has an http(s) URL");
}

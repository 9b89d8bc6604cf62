// URL canonicalisation: never throws, and canonical is a fixed point.
#include <string>

#include "common/url.hpp"
#include "tests/fuzz/fuzz_target.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  const std::string once = newsdex::canonicalize_url(bytes);
  newsdex::fuzz::check(newsdex::canonicalize_url(once) == once, "canonicalize_url is idempotent");
  (void)newsdex::url_host(bytes);
  (void)newsdex::is_http_url(bytes);
}

#pragma once
// URLs as identities: two links to the same article should compare equal.

#include <string>
#include <string_view>

namespace newsdex {

// Canonical form of an absolute http(s) URL: scheme and host lowercased, the
// default port (:80 for http, :443 for https) and the fragment dropped,
// tracking parameters removed from the query (utm_*, fbclid, gclid, dclid,
// msclkid, mc_cid, mc_eid, yclid, igshid, _ga, ref_src), an empty "?" dropped,
// an empty path written as "/". Leading/trailing whitespace is trimmed.
// Anything that is not an absolute http(s) URL is returned trimmed but
// otherwise unchanged.
std::string canonicalize_url(std::string_view url);

// canonicalize_url with the #fragment kept (trimmed; an empty one dropped):
// an item's identity, since feeds tell items apart by fragment alone
// ("entries.php#111", "#110").
std::string identity_url(std::string_view url);

// Lowercased host of an absolute URL ("www.scmp.com"), or "" when none.
std::string url_host(std::string_view url);

// `reference` resolved against `base` (RFC 3986 section 5: "../a", "/a",
// "//host/a", "?q", "#f"), as a feed's xml:base or URL asks. An absolute or
// empty reference (no link stays no link), an empty or relative base, or a
// pair that cannot be resolved gives `reference` trimmed. libcurl's URL parser does the work.
std::string resolve_url(std::string_view base, std::string_view reference);

// True for "http://..." and "https://..." (case-insensitive).
bool is_http_url(std::string_view text) noexcept;

}  // namespace newsdex

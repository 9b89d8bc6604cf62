// Hand-written URL splitting (no regex): just enough of RFC 3986 to compare
// article links. Percent-encoding is never decoded or re-encoded.
#include "common/url.hpp"

#include <memory>
#include <optional>

#include <curl/curl.h>

namespace newsdex {
namespace {

constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (to_lower(s[i]) != to_lower(prefix[i])) return false;
  }
  return true;
}

bool equals_ci(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && starts_with_ci(a, b);
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// The pieces of "scheme://userinfo@host:port/path?query#fragment".
struct UrlParts {
  std::string_view scheme;
  std::string_view userinfo;  // without the '@'
  bool has_userinfo = false;
  std::string_view host;  // IPv6 literals keep their brackets
  std::string_view port;
  bool has_port = false;
  std::string_view path;
  std::string_view query;  // without the '?'
  bool has_query = false;
};

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_scheme(std::string_view s) noexcept {
  if (s.empty() || !is_alpha(s[0])) return false;
  for (char c : s) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

void split_host_port(std::string_view hostport, UrlParts& parts) noexcept {
  std::size_t host_end = std::string_view::npos;
  if (!hostport.empty() && hostport.front() == '[') {
    const std::size_t close = hostport.find(']');
    host_end = close == std::string_view::npos ? hostport.size() : close + 1;
  } else {
    host_end = hostport.find(':');
    if (host_end == std::string_view::npos) host_end = hostport.size();
  }
  parts.host = hostport.substr(0, host_end);
  const std::string_view rest = hostport.substr(host_end);
  if (!rest.empty() && rest.front() == ':') {
    parts.has_port = true;
    parts.port = rest.substr(1);
  }
}

// Splits a URL with an authority ("scheme://..."); nullopt for anything else.
std::optional<UrlParts> split_url(std::string_view url) noexcept {
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos || !is_scheme(url.substr(0, colon))) return std::nullopt;
  UrlParts parts;
  parts.scheme = url.substr(0, colon);
  std::string_view rest = url.substr(colon + 3);

  // The fragment never reaches the server: cut it first.
  rest = rest.substr(0, rest.find('#'));
  const std::size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);

  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    parts.has_userinfo = true;
    parts.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  split_host_port(authority, parts);

  const std::size_t question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) {
    parts.has_query = true;
    parts.query = rest.substr(question + 1);
  }
  return parts;
}

bool is_default_port(std::string_view scheme, std::string_view port) noexcept {
  if (port.empty()) return true;  // "http://host:/" means the default port
  std::size_t value = 0;
  for (char c : port) {
    if (!is_digit(c)) return false;
    value = value * 10 + static_cast<std::size_t>(c - '0');
    if (value > 65535) return false;
  }
  return equals_ci(scheme, "https") ? value == 443 : value == 80;
}

bool is_tracking_param(std::string_view name) noexcept {
  constexpr std::string_view kExact[] = {"fbclid", "gclid",  "dclid", "msclkid", "mc_cid",
                                         "mc_eid", "yclid", "igshid", "_ga",    "ref_src"};
  if (starts_with_ci(name, "utm_")) return true;
  for (std::string_view t : kExact) {
    if (equals_ci(name, t)) return true;
  }
  return false;
}

// Drops tracking parameters (and empty or blank "&&" pieces), keeping the order of the rest.
std::string filter_query(std::string_view query) {
  std::string out;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    const std::string_view name = param.substr(0, param.find('='));
    if (!trim(param).empty() && !is_tracking_param(trim(name))) {
      if (!out.empty()) out += '&';
      out += param;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':'.
bool has_scheme(std::string_view s) noexcept {
  if (s.empty() || !is_alpha(s.front())) return false;
  for (char c : s) {
    if (c == ':') return true;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

}  // namespace

bool is_http_url(std::string_view text) noexcept {
  return starts_with_ci(text, "http://") || starts_with_ci(text, "https://");
}

std::string canonicalize_url(std::string_view url) {
  const std::string_view trimmed = trim(url);
  if (!is_http_url(trimmed)) return std::string(trimmed);
  // Whitespace before the fragment ends the URL once the fragment is gone.
  const auto parts = split_url(trim(trimmed.substr(0, trimmed.find('#'))));
  if (!parts || parts->host.empty()) return std::string(trimmed);

  std::string out = to_lower_ascii(parts->scheme);
  out += "://";
  if (parts->has_userinfo) {
    out += parts->userinfo;
    out += '@';
  }
  out += to_lower_ascii(parts->host);
  if (parts->has_port && !is_default_port(parts->scheme, parts->port)) {
    out += ':';
    out += parts->port;
  }
  if (parts->path.empty()) {
    out += '/';
  } else {
    out += parts->path;
  }
  if (parts->has_query) {
    const std::string query = filter_query(parts->query);
    if (!query.empty()) {
      out += '?';
      out += query;
    }
  }
  // Whitespace before a dropped fragment or tracking parameter ends the URL
  // now: trimmed, so that the canonical form is its own canonical form.
  return std::string(trim(out));
}

std::string identity_url(std::string_view url) {
  const std::string_view trimmed = trim(url);
  const std::size_t hash = trimmed.find('#');
  if (hash == std::string_view::npos || !is_http_url(trimmed)) return canonicalize_url(trimmed);
  std::string out = canonicalize_url(trimmed.substr(0, hash));
  if (const std::string_view fragment = trim(trimmed.substr(hash + 1)); !fragment.empty()) {
    out += '#';
    out += fragment;
  }
  return out;
}

std::string url_host(std::string_view url) {
  const auto parts = split_url(trim(url));
  if (!parts) return {};
  return to_lower_ascii(parts->host);
}

std::string resolve_url(std::string_view base, std::string_view reference) {
  const std::string_view ref = trim(reference);
  const std::string_view b = trim(base);
  if (ref.empty() || b.empty() || has_scheme(ref) || !has_scheme(b)) return std::string(ref);
  // A fragment alone keeps the whole base (libcurl 7.88 drops its last segment).
  if (ref.starts_with('#')) return std::string(b.substr(0, b.find('#'))) + std::string(ref);
  const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  if (!url) return std::string(ref);
  // Non-http bases (tag:, urn:) cannot be resolved against: CURLUE errors.
  const unsigned flags = CURLU_NON_SUPPORT_SCHEME;
  if (curl_url_set(url.get(), CURLUPART_URL, std::string(b).c_str(), flags) != CURLUE_OK ||
      curl_url_set(url.get(), CURLUPART_URL, std::string(ref).c_str(), flags) != CURLUE_OK)
    return std::string(ref);
  char* out = nullptr;
  if (curl_url_get(url.get(), CURLUPART_URL, &out, flags) != CURLUE_OK || !out) return std::string(ref);
  std::string resolved(out);
  curl_free(out);
  return resolved;
}

}  // namespace newsdex

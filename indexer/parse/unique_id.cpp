#include "indexer/parse/unique_id.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include "common/html_text.hpp"
#include "common/url.hpp"

namespace newsdex {

namespace {

// Word characters only (letters, digits, in any script), lowercased, up to
// `limit` bytes: what is left of a text once typography (quotes, dashes),
// punctuation and layout are ignored.
std::string content_key(std::string_view text, std::size_t limit) {
  std::string out;
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end && out.size() < limit; ++it)
    if (Xapian::Unicode::is_wordchar(*it)) Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  return out;
}

}  // namespace

std::string unique_id(const Item& item) {
  std::string guid = normalize_whitespace(item.guid);
  if (!guid.empty()) return is_http_url(guid) ? canonicalize_url(guid) : guid;
  std::string link = canonicalize_url(item.link);
  if (!link.empty()) return link;
  std::string key;
  if (item.kind == "feed-item") {
    key = fmt::format("{}\n{}\n{}", item.source, item.title, item.published ? *item.published : 0);
  } else {
    constexpr std::size_t kTextStart = 300;
    const std::string& text = item.content.empty() ? item.summary : item.content;
    key = fmt::format("{}\n{}\n{}", content_key(item.source, 200), content_key(item.title, 500),
                      content_key(text, kTextStart));
  }
  return fmt::format("hash:{:016x}", stable_hash(key));
}

}  // namespace newsdex

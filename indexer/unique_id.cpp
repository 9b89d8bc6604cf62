#include "indexer/unique_id.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include "common/html_text.hpp"
#include "common/schema.hpp"
#include "common/url.hpp"

namespace newsdex {

std::uint64_t stable_hash(std::string_view bytes) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

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

std::string bounded_term(std::string_view prefix, std::string_view value) {
  constexpr std::size_t kMaxValueBytes = 200;  // well under Xapian's 245-byte term limit
  std::string term(prefix);
  if (value.size() <= kMaxValueBytes) return term.append(value);
  // Cut on a UTF-8 character boundary, then make it unique again with the hash.
  std::size_t cut = kMaxValueBytes - 20;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return term.append(value.substr(0, cut)).append(fmt::format("#{:016x}", stable_hash(value)));
}

std::string id_term(std::string_view id) { return bounded_term(schema::kId.prefix, id); }

}  // namespace newsdex

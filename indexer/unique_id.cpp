#include "indexer/unique_id.hpp"

#include <fmt/format.h>

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

std::string unique_id(const Item& item) {
  std::string guid = normalize_whitespace(item.guid);
  if (!guid.empty()) return is_http_url(guid) ? canonicalize_url(guid) : guid;
  std::string link = canonicalize_url(item.link);
  if (!link.empty()) return link;
  std::string key = fmt::format("{}\n{}\n{}", item.source, item.title,
                                item.published ? *item.published : 0);
  return fmt::format("hash:{:016x}", stable_hash(key));
}

std::string id_term(std::string_view id) {
  constexpr std::size_t kMaxIdBytes = 200;  // well under Xapian's 245-byte term limit
  std::string term(schema::kId.prefix);
  if (id.size() <= kMaxIdBytes) return term.append(id);
  // Cut on a UTF-8 character boundary, then make it unique again with the hash.
  std::size_t cut = kMaxIdBytes - 20;
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
  return term.append(id.substr(0, cut)).append(fmt::format("#{:016x}", stable_hash(id)));
}

}  // namespace newsdex

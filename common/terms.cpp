#include "common/terms.hpp"

#include <fmt/format.h>

#include "common/schema.hpp"

namespace newsdex {

std::uint64_t stable_hash(std::string_view bytes) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
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

std::string id_hash(std::string_view id) {
  // FNV-1a barely changes its high bits for a change in the last bytes
  // ("...abc" and "...abd" share a 5-digit prefix): MurmurHash3's
  // finaliser mixes every bit into the leading digits people type.
  std::uint64_t h = stable_hash(id);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return fmt::format("{:016x}", h);
}

std::string input_term(std::string_view input) {
  return std::string(schema::kInput.prefix) + id_hash(input);
}

}  // namespace newsdex

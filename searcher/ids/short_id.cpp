#include "searcher/ids/short_id.hpp"

#include <fmt/format.h>

#include "common/schema.hpp"
#include "common/stored_document.hpp"
#include "common/terms.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

std::string hash_term(std::string_view hex) {
  std::string term(schema::kShortId.prefix);
  for (char c : hex) term += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
  return term;
}

// How many hash terms start with `prefix`, counting to 2 at most.
int terms_starting(const Xapian::Database& db, const std::string& prefix) {
  int n = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && n < 2; ++t) ++n;
  return n;
}

}  // namespace

bool looks_like_short_id(std::string_view text) noexcept {
  if (text.size() < 4 || text.size() > 16) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

std::string short_id(const Xapian::Database& db, std::string_view id) {
  const std::string hash = id_hash(id);
  if (!db.term_exists(hash_term(hash))) return {};
  // Unique among the hashes, and not itself another document's full id (a
  // hex guid), which resolve_id would take first.
  for (std::size_t n = kMinShortId; n < hash.size(); ++n)
    if (terms_starting(db, hash_term(hash.substr(0, n))) == 1 && !db.term_exists(id_term(hash.substr(0, n))))
      return hash.substr(0, n);
  return hash;  // another id with the same 64-bit hash: only the full id tells them apart
}

std::vector<std::string> ids_with_hash_prefix(const Xapian::Database& db, std::string_view prefix,
                                              std::size_t limit) {
  std::vector<std::string> out;
  const std::string start = hash_term(prefix);
  for (auto t = db.allterms_begin(start); t != db.allterms_end(start) && out.size() < limit; ++t)
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t) && out.size() < limit; ++p)
      out.push_back(decode(db.get_document(*p).get_data()).id);
  return out;
}

std::string resolve_id(const Xapian::Database& db, std::string_view key) {
  if (db.term_exists(id_term(key))) return std::string(key);
  std::vector<std::string> ids;
  if (looks_like_short_id(key)) ids = ids_with_hash_prefix(db, key, 6);
  if (ids.empty()) throw Error(Errc::not_found, fmt::format("no document with id '{}'", key));
  if (ids.size() > 1) {
    std::string listed;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i) listed += fmt::format("\n  {}  {}", short_id(db, ids[i]), ids[i]);
    throw Error(Errc::invalid_argument,
                fmt::format("short id '{}' is ambiguous; give more digits:{}{}", key, listed,
                            ids.size() > 5 ? "\n  ..." : ""));
  }
  return ids.front();
}

}  // namespace newsdex

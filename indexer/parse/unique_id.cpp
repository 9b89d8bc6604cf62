#include "indexer/parse/unique_id.hpp"

#include <algorithm>
#include <map>

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

std::string hash_id(const std::string& key) { return fmt::format("hash:{:016x}", stable_hash(key)); }

std::string published_text(const Item& item) {
  return item.published ? std::to_string(*item.published) : std::string();
}

// Plain-text news: the same article read from two digests or two files is
// one document.
std::string text_id(const Item& item) {
  if (std::string link = canonicalize_url(item.link); !link.empty()) return link;
  constexpr std::size_t kTextStart = 300;
  const std::string& text = item.content.empty() ? item.summary : item.content;
  return hash_id(fmt::format("{}\n{}\n{}", content_key(item.source, 200), content_key(item.title, 500),
                             content_key(text, kTextStart)));
}

std::string guid_id(const Item& item) {
  std::string guid = normalize_whitespace(item.guid);
  return is_http_url(guid) ? identity_url(guid) : guid;
}

// Everything a reader would see of the item, its spacing normalised (a
// feed that repeats an item with its text wrapped anew repeats it): equal
// means the same item.
std::string content_of(const Item& item) {
  std::string out;
  const std::string author = join_authors(item.authors);
  for (const std::string* field : {&item.title, &item.link, &author, &item.summary, &item.content})
    out += normalize_whitespace(*field) + '\n';
  out += published_text(item);
  for (const std::string& category : item.categories) out += '\n' + normalize_whitespace(category);
  return out;
}

// What tells apart guid-less items that share a link: title, date and the
// words of the text (spacing, case and punctuation ignored), so the same item
// gets the same id whatever else the feed holds and in whatever order.
std::string shared_link_key(const Item& item) {
  constexpr std::size_t kTextStart = 300;
  return hash_id(fmt::format("{}\n{}\n{}\n{}", normalize_whitespace(item.title), published_text(item),
                             content_key(item.summary, kTextStart), content_key(item.content, kTextStart)));
}

std::string lone_feed_id(const Item& item) {
  if (std::string guid = guid_id(item); !guid.empty()) return guid;
  if (std::string link = identity_url(item.link); !link.empty()) return link;
  return hash_id(fmt::format("{}\n{}\n{}\n{}", item.title, item.summary, item.content, published_text(item)));
}

}  // namespace

std::string unique_id(const Item& item) {
  if (!item.id.empty()) return item.id;
  return item.kind == "feed-item" ? lone_feed_id(item) : text_id(item);
}

std::vector<Diagnostic> assign_ids(std::vector<Item>& items) {
  std::vector<Diagnostic> warnings;
  // Rule 2: guid-less items sharing a link.
  std::map<std::string, std::size_t> link_count;
  for (const Item& item : items)
    if (item.kind == "feed-item" && guid_id(item).empty() && !item.link.empty())
      ++link_count[identity_url(item.link)];
  for (Item& item : items) {
    item.id.clear();
    std::string id = unique_id(item);
    if (item.kind == "feed-item" && guid_id(item).empty() && !item.link.empty() && link_count[id] > 1)
      id += " " + shared_link_key(item);
    item.id = std::move(id);
  }
  // Rule 4: what still shares an id. (Items are never removed: the feed is
  // read as it is; a repeat has its original's id, and the index stores it once.)
  std::map<std::string, std::vector<std::size_t>> by_id;  // id -> items that have it
  for (std::size_t i = 0; i < items.size(); ++i) {
    Item& item = items[i];
    auto& same = by_id[item.id];
    const std::string content = content_of(item);
    const auto repeated = std::find_if(same.begin(), same.end(),
                                       [&](std::size_t k) { return content_of(items[k]) == content; });
    if (repeated != same.end()) {
      // The id of the item it repeats, which may itself have been set apart.
      item.id = items[*repeated].id;
      warnings.push_back({item.line, fmt::format("item {} repeats an earlier item with id \"{}\" exactly; "
                                                 "stored once",
                                                 i + 1, item.id)});
    } else if (!same.empty()) {
      warnings.push_back({item.line, fmt::format("item {} has the id \"{}\" of an earlier item but other "
                                                 "content; both are kept, as separate documents",
                                                 i + 1, item.id)});
      item.id += " " + hash_id(content);
    }
    same.push_back(i);
  }
  return warnings;
}

std::string other_link_id(const Item& item) {
  if (item.kind != "feed-item" || !guid_id(item).empty() || item.link.empty()) return {};
  const std::string link = identity_url(item.link);
  const std::string id = unique_id(item);
  return id == link ? link + " " + shared_link_key(item) : id.starts_with(link + " ") ? link : std::string();
}

std::string legacy_unique_id(const Item& item) {
  if (item.kind != "feed-item") return text_id(item);
  std::string guid = normalize_whitespace(item.guid);
  if (!guid.empty()) return is_http_url(guid) ? canonicalize_url(guid) : guid;
  if (std::string link = canonicalize_url(item.link); !link.empty()) return link;
  return hash_id(fmt::format("{}\n{}\n{}", item.source, item.title, item.published ? *item.published : 0));
}

}  // namespace newsdex

#include "searcher/query/filter_fields.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/terms.hpp"
#include "common/url.hpp"
#include "newsdex/error.hpp"
#include "searcher/ids/short_id.hpp"
#include "searcher/query/query_builder.hpp"
#include "searcher/query/time_bound.hpp"

namespace newsdex {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string field_list() {
  std::string out;
  for (const auto& f : schema::kFields)
    if (!f.name.empty()) out.append(out.empty() ? "" : ", ").append(f.name).append(":");
  return out;
}

class FilterField : public Xapian::FieldProcessor {
 public:
  FilterField(const schema::Field& field, const Xapian::Database& db, std::string& problem)
      : field_(field), db_(db), problem_(problem) {}

  Xapian::Query operator()(const std::string& value) override {
    try {
      return filter(value);
    } catch (const Error& e) {
      if (problem_.empty()) problem_ = e.what();
      return Xapian::Query::MatchNothing;
    }
  }

 private:
  Xapian::Query filter(const std::string& value) {
    const std::string_view name = field_.name;
    if (name == schema::kSite.name) return term(site(value));
    if (name == schema::kLanguage.name) {
      std::string lang = lower_ascii(value);
      std::replace(lang.begin(), lang.end(), '_', '-');
      return term(lang);
    }
    if (name == schema::kKind.name) return term(kind(value));
    if (name == schema::kDate.name) return date(value);
    if (name == schema::kId.name) return Xapian::Query(id_term(id(value)));
    if (name == schema::kStory.name) return story(value);
    if (name == schema::kInput.name) return folder(value);
    return term(value);
  }

  Xapian::Query term(const std::string& value) const { return Xapian::Query(bounded_term(field_.prefix, value)); }

  // What the indexer keeps of a URL's host (site_terms_for): lower case; a
  // URL typed whole is read for its host.
  static std::string site(const std::string& value) {
    std::string host = value.find("://") != std::string::npos ? url_host(value) : lower_ascii(value);
    while (!host.empty() && host.back() == '.') host.pop_back();
    return host;
  }

  static std::string kind(const std::string& value) {
    std::string k = lower_ascii(value);
    if (std::find(schema::kKinds.begin(), schema::kKinds.end(), k) != schema::kKinds.end()) return k;
    std::string valid;
    for (auto v : schema::kKinds) valid.append(valid.empty() ? "" : ", ").append(v);
    throw Error(Errc::query, fmt::format("kind:{} is not a kind; kinds are {}", value, valid));
  }

  static Xapian::Query date(const std::string& value) {
    auto period = parse_period(value);
    if (!period)
      throw Error(Errc::query,
                  fmt::format("date:{} is not a date; write date:YYYY, date:YYYY-MM, date:YYYY-MM-DD "
                              "or a range date:2025-12-01..2025-12-31 (either end may be left out)",
                              value));
    if (auto terms = date_terms_query(period->first, period->after)) return *terms;
    return Xapian::Query::MatchNothing;  // cannot happen: a year is 12 month terms
  }

  // A full id, or a short one.
  std::string id(const std::string& value) const {
    try {
      return resolve_id(db_, value);
    } catch (const Error& e) {
      if (e.code() == Errc::not_found) return value;  // matches nothing, as any unknown id
      throw Error(Errc::query, fmt::format("id:{}: {}", value, e.what()));
    }
  }

  // A story id, or the id (full or short) of one of its documents.
  // The feeds filed under `value` or a folder inside it (case-insensitive),
  // read from the feed list kept in the index.
  Xapian::Query folder(const std::string& value) const {
    const std::string wanted = lower_ascii(value);
    std::vector<Xapian::Query> inputs;
    std::vector<std::string> folders;
    const auto list = nlohmann::json::parse(db_.get_metadata(std::string(schema::kFeedListKey)), nullptr, false);
    for (const auto& feed : list.is_array() ? list : nlohmann::json::array()) {
      if (!feed.is_object() || !feed.contains("category") || !feed["category"].is_string()) continue;
      const std::string category = feed["category"].get<std::string>();
      const std::string lowered = lower_ascii(category);
      if (lowered == wanted || lowered.starts_with(wanted + "/"))
        inputs.emplace_back(input_term(feed.value("url", "")));
      if (std::find(folders.begin(), folders.end(), category) == folders.end()) folders.push_back(category);
    }
    if (inputs.empty()) {
      std::string known;
      for (const auto& f : folders) known += (known.empty() ? "" : ", ") + f;
      throw Error(Errc::query, fmt::format("folder:{}: no feed is filed under '{}' ({}); `newsdex-index "
                                           "feeds set-category FEED FOLDER` files one",
                                           value, value, known.empty() ? "no feed has a folder" : "folders: " + known));
    }
    return Xapian::Query(Xapian::Query::OP_OR, inputs.begin(), inputs.end());
  }

  Xapian::Query story(const std::string& value) const {
    const std::string as_story = bounded_term(field_.prefix, value);
    if (db_.term_exists(as_story) || !looks_like_short_id(value)) return Xapian::Query(as_story);
    const std::string doc = id(value);
    for (auto p = db_.postlist_begin(id_term(doc)); p != db_.postlist_end(id_term(doc)); ++p)
      return Xapian::Query(bounded_term(field_.prefix, db_.get_document(*p).get_value(schema::kStorySlot)));
    return Xapian::Query(as_story);
  }

  const schema::Field& field_;
  const Xapian::Database& db_;
  std::string& problem_;
};

}  // namespace

Xapian::FieldProcessor* make_filter_field(const schema::Field& field, const Xapian::Database& db,
                                          std::string& problem) {
  return new FilterField(field, db, problem);
}

void check_field_names(std::string_view text) {
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    const bool word_start = i == 0 || std::string_view(" \t(+-").find(text[i - 1]) != std::string_view::npos;
    if (quoted || !word_start || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
    std::size_t end = i;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    // name: followed by a value; "name://" is a URL, "name: x" a colon in prose.
    if (end + 1 >= text.size() || text[end] != ':') continue;
    const char next = text[end + 1];
    if (next == '/' || next == ' ' || next == '\t') continue;
    const std::string_view name = text.substr(i, end - i);
    if (schema::field_named(name)) continue;
    std::size_t token_end = std::min(text.find_first_of(" \t)", end), text.size());
    throw Error(Errc::query,
                fmt::format("unknown field '{}:' in '{}'; the fields are {} (to search the words, put "
                            "them in quotes: \"{}\")",
                            name, text.substr(i, token_end - i), field_list(), text.substr(i, token_end - i)));
  }
}

}  // namespace newsdex

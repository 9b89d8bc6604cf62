#include "indexer/build/document_builder.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "common/dates.hpp"
#include "common/schema.hpp"
#include "common/stored_document.hpp"
#include "common/url.hpp"
#include "indexer/parse/unique_id.hpp"

namespace newsdex {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void add_boolean(Xapian::Document& doc, const schema::Field& field, std::string_view value) {
  if (value.empty()) return;
  doc.add_boolean_term(bounded_term(field.prefix, value));
}

// Free text goes in under the field's prefix and, for fields a plain query
// should reach, unprefixed too; a position gap keeps phrases from matching
// across fields.
void index_text(Xapian::TermGenerator& terms, const schema::Field& field, const std::string& text) {
  if (text.empty()) return;
  if (!field.prefix.empty()) terms.index_text(text, field.weight, std::string(field.prefix));
  if (field.in_body) terms.index_text(text, field.weight);
  terms.increase_termpos(100);
}

void add_date_terms(Xapian::Document& doc, std::int64_t seconds) {
  CivilDate d = civil_from_seconds(seconds);
  add_boolean(doc, schema::kDate, fmt::format("{:04}", d.year));
  add_boolean(doc, schema::kDate, fmt::format("{:04}-{:02}", d.year, d.month));
  add_boolean(doc, schema::kDate, fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day));
}

void add_language_terms(Xapian::Document& doc, const std::string& language) {
  std::string lang = lower_ascii(language);
  add_boolean(doc, schema::kLanguage, lang);
  // "en-us" is also "en", so lang:en finds every English variant.
  if (auto dash = lang.find_first_of("-_"); dash != std::string::npos)
    add_boolean(doc, schema::kLanguage, lang.substr(0, dash));
}

}  // namespace

std::vector<std::string> site_terms_for(const std::string& url) {
  std::vector<std::string> out;
  std::string host = url_host(url);
  if (host.empty()) return out;
  out.push_back(host);
  if (host.front() == '[') return out;  // an IPv6 literal has no parents
  for (auto dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
    std::string parent = host.substr(dot + 1);
    if (parent.find('.') == std::string::npos) break;
    out.push_back(parent);
  }
  return out;
}

BuiltDocument build_document(const Item& item, Xapian::TermGenerator& terms) {
  BuiltDocument built = describe_document(item);
  index_document(item, built, terms);
  return built;
}

BuiltDocument describe_document(const Item& item) {
  BuiltDocument built;
  built.id = unique_id(item);
  built.id_term = id_term(built.id);

  Document stored;
  stored.id = built.id;
  stored.title = item.title;
  stored.url = canonicalize_url(item.link);
  stored.source = item.source;
  stored.author = join_authors(item.authors);
  stored.authors = item.authors;
  stored.published = item.published;
  stored.updated = item.updated;
  stored.first_seen = item.first_seen;
  stored.categories = item.categories;
  stored.summary = item.summary;
  stored.content = item.content;
  stored.enclosure = item.enclosure;
  stored.language = item.language;
  stored.kind = item.kind;
  // A document with no story of its own is a story of one.
  stored.story = item.story.empty() ? built.id : item.story;
  stored.place = item.place;
  stored.input = item.input;
  stored.position = item.position;
  stored.source_count = item.source_count;
  stored.citations = item.citations;
  built.data = encode(stored, item.identity_rule);
  built.url = stored.url;
  built.story = stored.story;
  // Where the item was read from is not part of what it says: the same feed
  // read from another path or from stdin is unchanged.
  // Nor is when it was first seen (encode_json leaves it out); but which
  // date it is filed under is: a document of an index written before
  // first-seen dates were kept, undated then, is rewritten once, dated.
  Document content = stored;
  content.input.clear();
  content.position = 0;
  std::string hashed = encode_json(content);
  if (!stored.published) hashed.append("\n").append(stored.date_source());
  built.content_hash = fmt::format("{:016x}", stable_hash(hashed));
  built.date = stored.date();
  built.first_seen = stored.first_seen;
  return built;
}

void index_document(const Item& item, BuiltDocument& built, Xapian::TermGenerator& terms) {
  Xapian::Document& doc = built.document;
  doc.set_data(built.data);
  terms.set_document(doc);
  terms.set_termpos(0);
  index_text(terms, schema::kTitle, item.title);
  index_text(terms, schema::kAuthor, join_authors(item.authors));
  index_text(terms, schema::kSource, item.source);
  for (const auto& c : item.categories) index_text(terms, schema::kCategory, c);
  index_text(terms, schema::kBody, item.summary);
  // Feeds often repeat the summary as the content's first paragraph; that
  // costs a little term frequency, not correctness.
  index_text(terms, schema::kBody, item.content);

  doc.add_boolean_term(built.id_term);  // == bounded_term(kId.prefix, id)
  doc.add_boolean_term(std::string(schema::kShortId.prefix) + id_hash(built.id));
  if (!item.input.empty()) doc.add_boolean_term(input_term(item.input));
  for (const auto& site : site_terms_for(built.url)) add_boolean(doc, schema::kSite, site);
  add_language_terms(doc, item.language);
  add_boolean(doc, schema::kKind, item.kind);
  add_boolean(doc, schema::kStory, built.story);
  doc.add_value(schema::kStorySlot, built.story);
  doc.add_value(schema::kKindSlot, item.kind);
  if (!item.categories.empty()) {
    std::string lines;
    for (const auto& c : item.categories) lines.append(lines.empty() ? "" : "\n").append(c);
    doc.add_value(schema::kCategoriesSlot, lines);
  }
  if (built.date) {
    add_date_terms(doc, *built.date);
    CivilDate d = civil_from_seconds(*built.date);
    doc.add_value(schema::kMonthSlot, fmt::format("{:04}-{:02}", d.year, d.month));
    doc.add_value(schema::kPublishedSlot, Xapian::sortable_serialise(static_cast<double>(*built.date)));
  }
  if (built.sequence)
    doc.add_value(schema::kSequenceSlot, Xapian::sortable_serialise(static_cast<double>(*built.sequence)));
  if (built.first_seen)
    doc.add_value(schema::kFirstSeenSlot, Xapian::sortable_serialise(static_cast<double>(*built.first_seen)));
  doc.add_value(schema::kContentHashSlot, built.content_hash);
  if (!item.source.empty()) doc.add_value(schema::kSourceSlot, item.source);
}

}  // namespace newsdex

#include "render_json.hpp"

namespace newsdex::cli {

using ordered = nlohmann::ordered_json;

void json_line(std::string& out, const ordered& j) {
  out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += '\n';
}

ordered json_time(const std::optional<std::int64_t>& t, const Style& style) {
  return t ? ordered(format_time(*t, style.utc)) : ordered();
}

namespace {

ordered citations_json(const std::vector<Citation>& citations) {
  ordered out = ordered::array();
  for (const auto& c : citations) out.push_back({{"sentence", c.sentence}, {"source_ids", c.source_ids}});
  return out;
}

ordered also_json(const Hit& hit, const Style& style) {
  ordered out = ordered::array();
  for (const auto& m : hit.also)
    out.push_back({{"id", m.id},
                   {"short_id", m.short_id},
                   {"source", m.source},
                   {"title", m.title},
                   {"url", m.url},
                   {"published", json_time(m.published, style)},
                   {"date", json_time(m.date, style)}});
  return out;
}

}  // namespace

void results_json(std::string& out, const SearchResults& r, const Style& style) {
  for (const auto& hit : r.hits) {
    ordered j = {{"type", "hit"},
                 {"rank", hit.rank},
                 {"id", hit.id},
                 {"short_id", hit.short_id},
                 {"score", hit.score},
                 {"title", hit.title},
                 {"url", hit.url},
                 {"source", hit.source},
                 {"author", hit.author},
                 {"authors", hit.authors},
                 {"published", json_time(hit.published, style)},
                 {"updated", json_time(hit.updated, style)},
                 {"first_seen", json_time(hit.first_seen, style)},
                 {"date", json_time(hit.date, style)},
                 {"date_source", hit.date_source},
                 {"categories", hit.categories},
                 {"kind", hit.kind},
                 {"story", hit.story},
                 {"snippet", to_html(hit.snippet)},
                 {"also", also_json(hit, style)},
                 {"also_total", hit.also_total},
                 {"citations", citations_json(hit.citations)}};
    json_line(out, j);
  }
  if (!r.suggestion.empty()) json_line(out, {{"type", "suggestion"}, {"query", r.suggestion}});
  for (const auto& f : r.facets) {
    ordered counts = ordered::array();
    for (const auto& [value, count] : f.counts) counts.push_back({{"value", value}, {"count", count}});
    json_line(out, {{"type", "facet"}, {"field", f.field}, {"counts", std::move(counts)}});
  }
  json_line(out, {{"type", "summary"},
                  {"hits", r.hits.size()},
                  {"total", r.total},
                  {"total_exact", r.total_exact},
                  {"took_ms", r.took_ms}});
}

void story_json(std::string& out, const std::vector<Document>& members, Searcher& searcher, const Style& style) {
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& d = members[i];
    json_line(out, {{"type", "member"},
                    {"id", d.id},
                    {"short_id", searcher.short_id(d.id)},
                    {"source", d.source},
                    {"title", d.title},
                    {"url", d.url},
                    {"kind", d.kind},
                    {"published", json_time(d.published, style)},
                    {"date", json_time(d.date(), style)},
                    {"date_source", d.date_source()},
                    {"first_report", i == 0 && d.date().has_value()}});
  }
}

void document_json(std::string& out, const Document& d, Searcher& searcher, const Style& style) {
  json_line(out, {{"type", "document"},
                  {"id", d.id},
                  {"short_id", searcher.short_id(d.id)},
                  {"title", d.title},
                  {"url", d.url},
                  {"source", d.source},
                  {"author", d.author},
                  {"authors", d.authors},
                  {"published", json_time(d.published, style)},
                  {"updated", json_time(d.updated, style)},
                  {"first_seen", json_time(d.first_seen, style)},
                  {"date", json_time(d.date(), style)},
                  {"date_source", d.date_source()},
                  {"categories", d.categories},
                  {"summary", d.summary},
                  {"content", d.content},
                  {"enclosure", d.enclosure},
                  {"language", d.language},
                  {"kind", d.kind},
                  {"story", d.story},
                  {"place", d.place},
                  {"input", d.input},
                  {"position", d.position},
                  {"source_count", d.source_count},
                  {"citations", citations_json(d.citations)}});
}

void stats_json(std::string& out, const IndexStats& s, const std::vector<std::string>& dbs, const Style& style) {
  ordered sources = ordered::array();
  for (const auto& [name, count] : s.sources) sources.push_back({{"source", name}, {"documents", count}});
  json_line(out, {{"type", "stats"},
                  {"indexes", dbs},
                  {"shards", s.shards},
                  {"documents", s.documents},
                  {"sources", std::move(sources)},
                  {"oldest", json_time(s.oldest, style)},
                  {"newest", json_time(s.newest, style)},
                  {"size_bytes", s.size_bytes}});
}

}  // namespace newsdex::cli

#include "searcher/query_builder.hpp"

#include <fmt/format.h>

#include "searcher/time_bound.hpp"
#include "common/schema.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

// date:A..B over the published-time value slot.
class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  DateRangeProcessor()
      : Xapian::RangeProcessor(schema::kPublishedSlot,
                               std::string(schema::kDate.name).append(":")) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    std::optional<Period> from, to;
    if (!begin.empty() && !(from = parse_period(begin))) throw_bad(begin);
    if (!end.empty() && !(to = parse_period(end))) throw_bad(end);
    auto value = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
    if (from && to)
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, value(from->first),
                           value(to->after - 1));
    if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, value(from->first));
    if (to) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, value(to->after - 1));
    return Xapian::Query::MatchAll;
  }

 private:
  [[noreturn]] static void throw_bad(const std::string& text) {
    throw Error(Errc::query, fmt::format("date range: '{}' is not a date; write YYYY, YYYY-MM or "
                                         "YYYY-MM-DD, e.g. date:2025-12-01..2025-12-31",
                                         text));
  }
};

}  // namespace

bool is_text_term(std::string_view term) noexcept {
  if (!term.empty() && term.front() == 'Z') term.remove_prefix(1);  // stemmed form
  if (term.empty()) return false;
  char c = term.front();
  if (c < 'A' || c > 'Z') return true;  // unprefixed: body text
  return term.starts_with(schema::kTitle.prefix) && term.size() > 1 &&
         !(term[1] >= 'A' && term[1] <= 'Z');
}

BuiltQuery build_query(std::string_view text, const Xapian::Database& db, bool match_all) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return {Xapian::Query::MatchAll, false};

  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_database(db);
  qp.set_default_op(match_all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  for (const auto& field : schema::kFields) {
    if (field.name.empty()) continue;
    if (field.kind == schema::FieldKind::text)
      qp.add_prefix(std::string(field.name), std::string(field.prefix));
    else
      qp.add_boolean_prefix(std::string(field.name), std::string(field.prefix));
  }
  DateRangeProcessor dates;
  qp.add_rangeprocessor(&dates);

  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                              Xapian::QueryParser::FLAG_PURE_NOT;
  BuiltQuery built;
  try {
    built.query = qp.parse_query(std::string(text), kFlags);
  } catch (const Xapian::QueryParserError& e) {
    throw Error(Errc::query, fmt::format("cannot parse the query: {}", e.get_msg()));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::query, fmt::format("cannot parse the query: {}", e.get_description()));
  }
  for (auto t = built.query.get_unique_terms_begin(); t != built.query.get_unique_terms_end(); ++t)
    if (is_text_term(*t)) built.has_text_terms = true;
  // A wildcard is expanded when the query runs, so it has no terms yet.
  if (!built.has_text_terms && text.find('*') != std::string_view::npos) built.has_text_terms = true;
  // Text that parses to nothing (only punctuation, say) matches nothing.
  if (built.query.empty()) built.query = Xapian::Query::MatchNothing;
  return built;
}

}  // namespace newsdex

#include "searcher/query/query_builder.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "searcher/query/filter_fields.hpp"
#include "searcher/query/time_bound.hpp"
#include "common/dates.hpp"
#include "common/schema.hpp"
#include "common/terms.hpp"
#include "newsdex/error.hpp"

namespace newsdex {
namespace {

// More terms than this and a range is read from the value slot.
constexpr std::size_t kMaxDateTerms = 64;

std::int64_t next_month(const CivilDate& d) {
  return (d.month == 12 ? days_from_civil(d.year + 1, 1, 1) : days_from_civil(d.year, d.month + 1, 1)) * 86400;
}

}  // namespace

std::optional<Xapian::Query> date_terms_query(std::int64_t first, std::int64_t after) {
  std::vector<Xapian::Query> terms;
  for (std::int64_t day = first; day < after;) {
    const CivilDate d = civil_from_seconds(day);
    const std::int64_t month_after = next_month(d);
    if (d.day == 1 && month_after <= after) {
      terms.emplace_back(bounded_term(schema::kDate.prefix, fmt::format("{:04}-{:02}", d.year, d.month)));
      day = month_after;
    } else {
      terms.emplace_back(bounded_term(schema::kDate.prefix, fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day)));
      day += 86400;
    }
    if (terms.size() > kMaxDateTerms) return std::nullopt;
  }
  if (terms.empty()) return Xapian::Query::MatchNothing;
  // Scaled to 0: a filter, as a value range is, under any weighting model.
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       0.0);
}

namespace {

// date:A..B: the date terms of the days and months it covers (see
// date_terms_query); a range of more, or open at one end, over the
// published-time value slot. A bad end is reported in `problem`, as the
// filter fields do theirs, not thrown through Xapian's parser.
class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  explicit DateRangeProcessor(std::string& problem)
      : Xapian::RangeProcessor(schema::kPublishedSlot, std::string(schema::kDate.name).append(":")),
        problem_(problem) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    std::optional<Period> from, to;
    if (!begin.empty() && !(from = parse_period(begin))) return bad(begin);
    if (!end.empty() && !(to = parse_period(end))) return bad(end);
    auto value = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
    if (from && to) {
      if (auto terms = date_terms_query(from->first, to->after)) return *terms;
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, value(from->first),
                           value(to->after - 1));
    }
    if (from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, value(from->first));
    if (to) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, value(to->after - 1));
    return Xapian::Query::MatchAll;
  }

 private:
  Xapian::Query bad(const std::string& text) {
    if (problem_.empty())
      problem_ = fmt::format("date range: '{}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, e.g. "
                             "date:2025-12-01..2025-12-31",
                             text);
    return Xapian::Query::MatchNothing;
  }
  std::string& problem_;
};

// FLAG_BOOLEAN_ANY_CASE: "nvidia or amd" is an OR, as people type it.
constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                            Xapian::QueryParser::FLAG_PHRASE |
                            Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                            Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;

// A parser for the schema's fields; `ranges` and `stopper` (either may be
// null) and `problem` must outlive it. The filter fields put the first bad
// value they meet in `problem`: exceptions thrown through parse_query leak
// Xapian's parser state.
Xapian::QueryParser make_parser(const Xapian::Database& db, bool match_all, Xapian::RangeProcessor* ranges,
                                std::string& problem, const Xapian::Stopper* stopper = nullptr) {
  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
  qp.set_stemming_strategy(schema::kQueryStemming);
  qp.set_database(db);
  qp.set_default_op(match_all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  for (const auto& field : schema::kFields) {
    if (field.name.empty()) continue;
    if (field.kind == schema::FieldKind::text)
      qp.add_prefix(std::string(field.name), std::string(field.prefix));
    else
      qp.add_boolean_prefix(std::string(field.name), make_filter_field(field, db, problem)->release());
  }
  qp.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  if (ranges) qp.add_rangeprocessor(ranges);
  if (stopper) qp.set_stopper(stopper);
  return qp;
}

Xapian::Query parse(std::string_view text, const Xapian::Database& db, bool match_all,
                    const Xapian::Stopper* stopper = nullptr) {
  std::string problem;
  DateRangeProcessor dates(problem);
  try {
    Xapian::Query query;
    try {
      query = make_parser(db, match_all, &dates, problem, stopper).parse_query(std::string(text), kFlags);
    } catch (const Xapian::QueryParserError& e) {
      // "a..b" that is no date range ("huawei...", "1..2") is read as plain
      // words rather than refused.
      if (e.get_msg().find("range") == std::string::npos) throw;
      query = make_parser(db, match_all, nullptr, problem, stopper).parse_query(std::string(text), kFlags);
    }
    if (!problem.empty()) throw Error(Errc::query, problem);
    return query;
  } catch (const Xapian::QueryParserError& e) {
    throw Error(Errc::query, fmt::format("cannot parse the query: {}", e.get_msg()));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::query, fmt::format("cannot parse the query: {}", e.get_description()));
  }
}

std::vector<std::string_view> split_on_spaces(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t end = std::min(text.find(' ', i), text.size());
    if (end > i) out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

// The words of `text` when every one of them is negated ("-a -b"), without
// their '-'; nullopt otherwise.
std::optional<std::string> only_negated_words(std::string_view text) {
  std::string words;
  bool any = false;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    std::size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(i, end - i);
    if (word.size() < 2 || word[0] != '-' || word[1] == '-') return std::nullopt;
    words.append(words.empty() ? "" : " OR ").append(word.substr(1));
    any = true;
    i = end;
  }
  if (!any) return std::nullopt;
  return words;
}

void check_term_count(const Xapian::Query& query) {
  const auto terms = static_cast<std::size_t>(
      std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()));
  if (terms > kMaxQueryTerms)
    throw Error(Errc::query, fmt::format("the query has {} distinct terms; the limit is {}", terms,
                                         kMaxQueryTerms));
}

// A typed word of a query, taken apart: `lead` + `field:` + `word` + `trail`.
struct QueryWord {
  std::string_view lead, field, word, trail;
};

QueryWord split_word(std::string_view token) {
  QueryWord w;
  std::size_t b = token.find_first_not_of("(+-\"");
  if (b == std::string_view::npos) b = token.size();
  w.lead = token.substr(0, b);
  token.remove_prefix(b);
  if (auto colon = token.find(':'); colon != std::string_view::npos && colon > 0) {
    w.field = token.substr(0, colon);
    token.remove_prefix(colon + 1);
  }
  std::size_t e = token.find_last_not_of(")\"");
  e = e == std::string_view::npos ? 0 : e + 1;
  w.word = token.substr(0, e);
  w.trail = token.substr(e);
  return w;
}

// In how many documents the word is, as its field (or the body) indexes it.
Xapian::doccount word_frequency(const Xapian::Database& db, const Xapian::Stem& stem, std::string_view field,
                                std::string_view word) {
  const schema::Field* f = schema::field_named(field);
  const std::string prefix(f ? f->prefix : "");
  const std::string lower = Xapian::Unicode::tolower(std::string(word));
  return std::max(db.get_termfreq(prefix + stem(lower)), db.get_termfreq(prefix + lower));
}

bool is_operator(std::string_view w) {
  std::string upper(w);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "AND" || upper == "OR" || upper == "NOT" || upper == "NEAR" || upper == "XOR";
}

}  // namespace

std::string spelling_correction(std::string_view text, const Xapian::Database& db, bool match_all) {
  std::string problem;  // a bad value: the search itself reports it
  DateRangeProcessor dates(problem);
  std::string corrected;
  try {
    Xapian::QueryParser qp = make_parser(db, match_all, &dates, problem);
    qp.parse_query(std::string(text), kFlags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    corrected = qp.get_corrected_query_string();
  } catch (const Xapian::Error&) {
    return {};  // a query that does not parse is reported by the search itself
  } catch (const Error&) {
    return {};
  }
  if (corrected.empty()) return {};
  // Xapian corrects every word that is not itself a term, but terms are
  // stems here ("chips" is no term, "chip" is), and it would correct a
  // rare word that is spelt right into a common one ("amd" into "amid").
  // Only a word no document has, as typed or stemmed, is replaced;
  // operators, field names and filter values never are.
  std::vector<std::string_view> typed = split_on_spaces(text), fixed = split_on_spaces(corrected);
  if (typed.size() != fixed.size()) return {};
  Xapian::Stem stem{std::string(schema::kStemLanguage)};
  std::string out;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    std::string_view token = typed[i];
    if (token != fixed[i]) {
      const QueryWord was = split_word(typed[i]), now = split_word(fixed[i]);
      const schema::Field* f = schema::field_named(was.field);
      const bool filter = f && f->kind == schema::FieldKind::boolean;
      const bool same_shape = was.lead == now.lead && was.field == now.field && was.trail == now.trail;
      if (same_shape && !filter && !is_operator(was.word) && !was.word.empty()) {
        if (word_frequency(db, stem, was.field, was.word) == 0) token = fixed[i];
      }
    }
    out.append(out.empty() ? "" : " ").append(token);
  }
  return out == text ? std::string() : out;
}

bool is_text_term(std::string_view term) noexcept {
  if (!term.empty() && term.front() == 'Z') term.remove_prefix(1);  // stemmed form
  if (term.empty()) return false;
  char c = term.front();
  if (c < 'A' || c > 'Z') return true;  // unprefixed: body text
  return term.starts_with(schema::kTitle.prefix) && term.size() > 1 &&
         !(term[1] >= 'A' && term[1] <= 'Z');
}

BuiltQuery build_query(std::string_view text, const Xapian::Database& db, bool match_all,
                       const Xapian::Stopper* stopper) {
  // Nothing, or a lone *: every document, newest first.
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos ||
      (text[first] == '*' && text.find_first_not_of(" \t\r\n", first + 1) == std::string_view::npos))
    return {Xapian::Query::MatchAll, false};

  if (text.size() > kMaxQueryBytes)
    throw Error(Errc::query, fmt::format("the query is {} KB long; the limit is {} KB", text.size() / 1024,
                                         kMaxQueryBytes / 1024));
  check_field_names(text);
  BuiltQuery built;
  if (auto negated = only_negated_words(text)) {
    // "-nvidia" alone means everything but nvidia; Xapian would read a query
    // of only hated words as if they were wanted.
    built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                                parse(*negated, db, /*match_all=*/false));
    check_term_count(built.query);
    return built;  // nothing to rank by: newest first
  }
  built.query = parse(text, db, match_all, stopper);
  check_term_count(built.query);
  for (auto t = built.query.get_unique_terms_begin(); t != built.query.get_unique_terms_end(); ++t)
    if (is_text_term(*t)) built.has_text_terms = true;
  // A wildcard is expanded when the query runs, so it has no terms yet.
  if (!built.has_text_terms && text.find('*') != std::string_view::npos) built.has_text_terms = true;
  // Text that parses to nothing (only punctuation, say) matches nothing.
  if (built.query.empty()) built.query = Xapian::Query::MatchNothing;
  return built;
}

}  // namespace newsdex

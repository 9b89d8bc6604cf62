#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/schema.hpp"
#include "indexer/build/document_builder.hpp"
#include "newsdex/newsdex.hpp"
#include "searcher/query/query_builder.hpp"
#include "searcher/query/time_bound.hpp"
#include "common/dates.hpp"

using namespace newsdex;

namespace {

Item make(const char* guid, const char* title, const char* body, std::int64_t published,
          const char* source = "Wire", const char* link = "") {
  Item i;
  i.guid = guid;
  i.title = title;
  i.summary = body;
  i.published = published;
  i.source = source;
  i.link = link;
  i.authors = {"Ann Cao"};
  i.categories = {"China economy"};
  i.language = "en";
  return i;
}

constexpr std::int64_t kDec1 = 1764547200;  // 2025-12-01T00:00:00Z
constexpr std::int64_t kDay = 86400;

// A small corpus in an in-memory database.
Xapian::WritableDatabase corpus() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator g;
  g.set_stemmer(Xapian::Stem("english"));
  g.set_stemming_strategy(schema::kIndexStemming);
  const Item items[] = {
      make("a", "Huawei unveils Ascend chips", "The new chip rivals Nvidia.", kDec1, "Reuters",
           "https://www.reuters.com/a"),
      make("b", "Nvidia results", "Huawei is mentioned in passing.", kDec1 + kDay, "AFP",
           "https://afp.com/b"),
      make("c", "Rare earth export controls", "Trade talks between Beijing and Washington.",
           kDec1 + 40 * kDay, "Reuters", "https://www.reuters.com/c"),
      make("d", "Weather", "Sunny in Hong Kong.", kDec1 - 400 * kDay, "Mint", "https://mint.com/d"),
  };
  for (const auto& item : items) db.add_document(build_document(item, g).document);
  return db;
}

std::vector<std::string> ids(Xapian::Database& db, const std::string& q, bool all = true) {
  BuiltQuery built = build_query(q, db, all);
  Xapian::Enquire e(db);
  e.set_query(built.query);
  std::vector<std::string> out;
  for (auto it = e.get_mset(0, 10).begin(); it != e.get_mset(0, 10).end(); ++it) {
    std::string id;
    for (auto t = it.get_document().termlist_begin(); t != it.get_document().termlist_end(); ++t)
      if ((*t)[0] == 'Q') id = (*t).substr(1);
    out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("query language over the schema's fields") {
  auto db = corpus();
  struct Case {
    std::string query;
    V expected;
  };
  const Case cases[] = {
      {"huawei", {"a", "b"}},
      {"chips", {"a"}},  // stems: chip, chips
      {"huawei nvidia", {"a", "b"}},
      {"huawei ascend", {"a"}},  // words are ANDed
      {"title:huawei", {"a"}},
      {"\"trade talks\"", {"c"}},
      {"\"talks trade\"", {}},
      {"huawei NOT nvidia", {}},
      {"huawei -results", {"a"}},
      {"rare OR weather", {"c", "d"}},
      {"source:reuters", {"a", "c"}},
      {"author:cao title:weather", {"d"}},
      {"category:economy title:nvidia", {"b"}},
      {"site:reuters.com", {"a", "c"}},
      {"site:www.reuters.com huawei", {"a"}},
      {"lang:en weather", {"d"}},
      {"date:2025-12", {"a", "b"}},
      {"date:2025-12-02", {"b"}},
      {"date:2026", {"c"}},
      {"date:2025-12-01..2025-12-31", {"a", "b"}},
      {"date:2026-01..", {"c"}},
      {"date:..2024", {"d"}},
      {"nvid*", {"a", "b"}},
      {"hong NEAR kong", {"d"}},
      {"Huawei", {"a", "b"}},  // case and stemming don't change what matches
      {"HUAWEI CHIP", {"a"}},
      {"-huawei", {"c", "d"}},  // a lone negation: everything else
      {"-huawei -weather", {"c"}},
      {"-site:reuters.com", {"b", "d"}},
      {"huawei...", {"a", "b"}},  // dots that are no date range are ignored
      {"\"trade talk\"", {"c"}},  // phrases match stems
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    CHECK(ids(db, c.query) == c.expected);
  }
  CHECK(ids(db, "huawei ascend", /*all=*/false) == V{"a", "b"});
}

TEST_CASE("queries with only filters have nothing to rank by") {
  auto db = corpus();
  struct Case {
    std::string query;
    bool text;
  };
  const Case cases[] = {{"", false},           {"   ", false},         {"source:reuters", false},
                        {"site:afp.com", false}, {"date:2025", false},  {"huawei", true},
                        {"title:huawei", true},  {"source:afp huawei", true}, {"nvid*", true},
                        {"-huawei", false}};
  for (const auto& c : cases) {
    CAPTURE(c.query);
    CHECK(build_query(c.query, db, true).has_text_terms == c.text);
  }
}

TEST_CASE("bad date ranges are query errors that say how to write one") {
  auto db = corpus();
  for (std::string q : {"date:2025-13..", "date:foo..bar", "date:2025-12-32..2026"}) {
    CAPTURE(q);
    try {
      build_query(q, db, true);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::query);
      CHECK(std::string(e.what()).find("YYYY-MM-DD") != std::string::npos);
    }
  }
}

TEST_CASE("text-term classification") {
  CHECK(is_text_term("huawei"));
  CHECK(is_text_term("Zhuawei"));
  CHECK(is_text_term("Shuawei"));
  CHECK(is_text_term("ZShuawei"));
  CHECK(is_text_term("2025"));
  CHECK_FALSE(is_text_term("XSRCreuters"));
  CHECK_FALSE(is_text_term("Hscmp.com"));
  CHECK_FALSE(is_text_term("Aann"));
  CHECK_FALSE(is_text_term("XD2025"));
}

TEST_CASE("time bounds for --since and --until") {
  const std::int64_t now = kDec1;
  CHECK(parse_time_bound("24h", now) == now - 86400);
  CHECK(parse_time_bound("7d", now) == now - 7 * 86400);
  CHECK(parse_time_bound("2w", now) == now - 14 * 86400);
  CHECK(parse_time_bound("90m", now) == now - 5400);
  CHECK(parse_time_bound("2025-12-01", now) == kDec1);
  CHECK(parse_time_bound("2025-12-01", now, /*upper=*/true) == kDec1 + 86399);
  CHECK(parse_time_bound("2025-12", now, true) == kDec1 + 31 * 86400 - 1);
  CHECK(parse_time_bound("2025-12-01T08:00:00Z", now, true) == kDec1 + 8 * 3600);
  for (std::string bad : {"", "yesterday", "7x", "-3d", "2025-13-01"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_time_bound(bad, now), Error);
  }
}

TEST_CASE("a date range finds, by date terms, the documents its value range would") {
  // Documents at the edges of days, months and years.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator g;
  g.set_stemmer(Xapian::Stem("english"));
  std::vector<std::int64_t> times;
  for (std::int64_t day : {days_from_civil(2024, 12, 31), days_from_civil(2025, 1, 1), days_from_civil(2025, 1, 31),
                           days_from_civil(2025, 2, 1), days_from_civil(2025, 2, 28), days_from_civil(2025, 3, 1),
                           days_from_civil(2025, 12, 31), days_from_civil(2026, 1, 1)})
    for (std::int64_t second : {0, 1, 43200, 86399}) times.push_back(day * 86400 + second);
  for (std::size_t i = 0; i < times.size(); ++i) {
    Item item = make(("t" + std::to_string(i)).c_str(), "Dated", "text", times[i]);
    db.add_document(build_document(item, g).document);
  }
  Item undated = make("undated", "Dated", "text", 0);
  undated.published.reset();
  db.add_document(build_document(undated, g).document);
  auto all_ids = [&](const Xapian::Query& query) {
    Xapian::Enquire e(db);
    e.set_query(query);
    std::vector<std::string> out;
    Xapian::MSet m = e.get_mset(0, 100);
    for (auto it = m.begin(); it != m.end(); ++it)
      for (auto t = it.get_document().termlist_begin(); t != it.get_document().termlist_end(); ++t)
        if ((*t)[0] == 'Q') out.push_back((*t).substr(1));
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> bounds = {"2024", "2024-12", "2024-12-31", "2025", "2025-01", "2025-01-31",
                                           "2025-02", "2025-02-28", "2025-03-01", "2025-12", "2026-01-01", "2026"};
  for (const auto& a : bounds) {
    for (const auto& b : bounds) {
      const std::string q = "date:" + a + ".." + b;
      CAPTURE(q);
      const auto want = all_ids(Xapian::Query(
          Xapian::Query::OP_VALUE_RANGE, schema::kPublishedSlot,
          Xapian::sortable_serialise(static_cast<double>(parse_period(a)->first)),
          Xapian::sortable_serialise(static_cast<double>(parse_period(b)->after - 1))));
      CHECK(all_ids(build_query(q, db, true).query) == want);
    }
  }
  // Date terms are a filter: they add no weight.
  BuiltQuery built = build_query("text date:2025-01..2025-02", db, true);
  Xapian::Enquire ranked(db), plain(db);
  ranked.set_query(built.query);
  plain.set_query(build_query("text", db, true).query);
  const double with_range = ranked.get_mset(0, 1).begin().get_weight();
  CHECK(with_range == plain.get_mset(0, 1).begin().get_weight());
  // Too many days for terms: the value range, with the same documents.
  CHECK_FALSE(date_terms_query(days_from_civil(2000, 1, 2) * 86400, days_from_civil(2030, 1, 1) * 86400));
  CHECK(all_ids(build_query("date:2000-01-02..2029-12-31", db, true).query).size() == times.size());
  CHECK(all_ids(build_query("date:2025-03..2025-01", db, true).query).empty());
}

// Export and import: an index written out as JSON lines and read back into a
// fresh index holds the same documents (ids, stories, citations) and answers
// queries the same way.

#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string db_in(const TempDir& dir, const char* name) { return (dir.path / name).string(); }


const fs::path kData = fs::path(__FILE__).parent_path().parent_path() / "data";

// Items with a URL guid (tracking parameters to drop), a link only, and
// neither (a content hash); categories, an enclosure, an author, a language.
const char* kFeed = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><language>en-us</language>
<item><guid>https://wire.example/a1?utm_source=rss</guid><title>Huawei unveils Ascend chips</title>
<link>https://wire.example/a1</link><description>The Ascend chips rival Nvidia's.</description>
<category>Tech</category><category>China</category><author>ann@wire.example (Ann)</author>
<pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate>
<enclosure url="https://wire.example/a1.mp3" type="audio/mpeg" length="1"/></item>
<item><title>Rare earths: export controls tighten</title><link>https://wire.example/a2?fbclid=x</link>
<description>China tightens export controls on rare earths.</description>
<pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate></item>
<item><title>Chips without a link</title><description>A note about chips and China.</description>
<pubDate>Wed, 03 Dec 2025 10:00:00 GMT</pubDate></item>
</channel></rss>)";

newsdex::IndexOptions options_for(const std::string& db) {
  newsdex::IndexOptions o;
  o.path = db;
  o.reference_time = 1745625600;  // 2025-04-26: the digest's dates lack a year
  return o;
}

// A feed from memory, a real feed, a digest and a scraped article.
void fill(const std::string& db) {
  auto index = newsdex::Index::open(options_for(db));
  newsdex::IndexReport report;
  index.add_bytes(kFeed, "wire.xml", report);
  for (const char* file : {"000_d4c40ed348f8cdda.txt", "002_a18be852b63e5900.txt", "004_6577675689c35e3c.txt"})
    index.add_path((kData / file).string(), report);
  index.commit();
  INFO(report.errors.size() << " errors");
  REQUIRE(report.ok());
}

std::string export_of(const std::string& db) {
  std::ostringstream out;
  newsdex::export_documents(db, out);
  return out.str();
}

newsdex::IndexReport import_into(const std::string& db, const std::string& text,
                                 const std::string& name = "backup.jsonl") {
  auto index = newsdex::Index::open(options_for(db));
  newsdex::IndexReport report;
  std::istringstream in(text);
  index.import_documents(in, name, report);
  index.commit();
  return report;
}

std::vector<json> document_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

std::size_t doc_count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

std::vector<std::pair<std::string, std::string>> hits(newsdex::Searcher& s, const std::string& query) {
  newsdex::SearchOptions options;
  options.limit = 1000;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : s.search(query, options).hits) out.emplace_back(h.id, h.title);
  return out;
}

std::vector<std::string> errors_where(const newsdex::IndexReport& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(e.where);
  return out;
}

}  // namespace

TEST_CASE("export, import into a fresh index, export again: the same bytes and the same answers") {
  TempDir dir;
  const std::string a = db_in(dir, "a"), b = db_in(dir, "b");
  fill(a);
  const std::string first = export_of(a);
  const std::vector<json> docs = document_lines(first);
  REQUIRE(docs.size() == doc_count(a));
  REQUIRE(docs.size() > 10);

  SUBCASE("the header names the format and carries no timestamp") {
    json header = json::parse(first.substr(0, first.find('\n')));
    CHECK(header["newsdex_export"] == 3);
    CHECK(header["version"] == NEWSDEX_VERSION_STRING);
    CHECK(header["identity_rule"] == 2);  // how the ids were made (indexer/parse/unique_id.hpp)
    CHECK(header.size() == 3);
  }

  newsdex::IndexReport report = import_into(b, first);
  INFO((report.errors.empty() ? "" : report.errors[0].where + ": " + report.errors[0].message));
  CHECK(report.ok());
  CHECK(report.added == docs.size());
  CHECK(report.inputs.at(0).items == docs.size());
  CHECK(doc_count(b) == docs.size());
  CHECK(export_of(b) == first);

  SUBCASE("ids of every kind survive: guid, canonical link, content hash") {
    std::set<std::string> ids;
    for (const auto& d : docs) ids.insert(d["id"].get<std::string>());
    CHECK(ids.count("https://wire.example/a1") == 1);
    CHECK(ids.count("https://wire.example/a2") == 1);
    std::size_t hashes = 0;
    for (const auto& id : ids) hashes += id.starts_with("hash:");
    CHECK(hashes >= 3);  // the link-less feed item, the digest's sources, the article
  }

  SUBCASE("stories and citations survive") {
    auto sa = newsdex::Searcher::open(a), sb = newsdex::Searcher::open(b);
    std::size_t lone = 0, in_story = 0, cited = 0;
    for (const auto& d : docs) {
      auto before = sa.document(d["id"]), after = sb.document(d["id"]);
      REQUIRE(before);
      REQUIRE(after);
      CHECK(after->story == before->story);
      CHECK(after->kind == before->kind);
      CHECK(after->input == before->input);
      CHECK(after->position == before->position);
      CHECK(after->source_count == before->source_count);
      CHECK(after->published == before->published);
      REQUIRE(after->citations.size() == before->citations.size());
      for (std::size_t i = 0; i < after->citations.size(); ++i) {
        CHECK(after->citations[i].sentence == before->citations[i].sentence);
        CHECK(after->citations[i].source_ids == before->citations[i].source_ids);
      }
      if (after->story == after->id) ++lone; else ++in_story;
      if (!after->citations.empty()) ++cited;
    }
    CHECK(lone > 0);
    CHECK(in_story > 1);  // the digest's summary and sources share one story
    CHECK(cited > 0);
  }

  SUBCASE("searches answer the same in both indexes") {
    auto sa = newsdex::Searcher::open(a), sb = newsdex::Searcher::open(b);
    for (std::string q : {"chips", "huawei OR nvidia", "china", "title:xi", "\"export controls\"",
                          "site:wire.example", "kind:digest-summary", ""}) {
      CAPTURE(q);
      auto expected = hits(sa, q);
      CHECK(hits(sb, q) == expected);
      if (!q.empty() && q != "title:xi") CHECK(!expected.empty());
    }
  }
}

TEST_CASE("importing the same export again duplicates nothing") {
  TempDir dir;
  const std::string a = db_in(dir, "a"), b = db_in(dir, "b");
  fill(a);
  const std::string text = export_of(a);
  const std::size_t n = doc_count(a);
  import_into(b, text);

  for (const std::string& db : {b, a}) {  // into the copy, and back into the original
    CAPTURE(db);
    newsdex::IndexReport again = import_into(db, text);
    CHECK(again.ok());
    CHECK(again.added == 0);
    CHECK(again.updated == 0);
    CHECK(again.unchanged == n);
    CHECK(doc_count(db) == n);
  }
  CHECK(export_of(a) == text);
}

TEST_CASE("bad lines are reported by line number and the good ones still import") {
  TempDir dir;
  const std::string text =
      "{\"newsdex_export\": 1, \"version\": \"0.0.1\"}\n"                       // 1
      "{\"id\": \"tag:good-1\", \"title\": \"First good\", \"story\": \"s1\"}\n"  // 2
      "\n"                                                                     // 3 blank: skipped
      "this is not json\n"                                                     // 4
      "[1, 2]\n"                                                               // 5
      "{\"title\": \"no id\"}\n"                                               // 6
      "{\"id\": \"tag:x\", \"published\": \"yesterday\"}\n"                    // 7
      "{\"id\": \"tag:y\", \"categories\": [1]}\n"                             // 8
      "{\"id\": \"tag:z\", \"citations\": [{\"sentence\": 3}]}\n"              // 9
      "{\"id\": \"tag:w\", \"position\": -1}\n"                                // 10
      "{\"id\": \" tag:spaced  out\"}\n"                                      // 11: not one id term
      "   \t\r\n"                                                              // 12 blank
      "{\"id\": \"tag:good-2\", \"title\": \"Second good\"}\r\n"               // 13 CRLF is fine
      "{\"newsdex_export\": 1}\n"                                              // 14 a late header
      "{\"id\": \"tag:n\", \"position\": 2e8046960638}\n"                     // 15 no number fits
      "{\"id\": \"tag:good-3\"";                                               // 16 cut off
  newsdex::IndexReport report = import_into(db_in(dir, "db"), text, "bad.jsonl");
  CHECK(report.added == 2);
  CHECK(report.inputs.at(0).items == 2);
  CHECK(errors_where(report) == std::vector<std::string>{"bad.jsonl:4", "bad.jsonl:5", "bad.jsonl:6",
                                                          "bad.jsonl:7", "bad.jsonl:8", "bad.jsonl:9",
                                                          "bad.jsonl:10", "bad.jsonl:11",
                                                          "bad.jsonl:14", "bad.jsonl:15",
                                                          "bad.jsonl:16"});
  std::map<std::string, std::string> reason;
  for (const auto& e : report.errors) reason[e.where] = e.message;
  CHECK(reason["bad.jsonl:4"].find("not JSON") != std::string::npos);
  CHECK(reason["bad.jsonl:5"].find("not a JSON object") != std::string::npos);
  CHECK(reason["bad.jsonl:6"].find("id") != std::string::npos);
  CHECK(reason["bad.jsonl:7"].find("\"published\"") != std::string::npos);
  CHECK(reason["bad.jsonl:8"].find("\"categories\"") != std::string::npos);
  CHECK(reason["bad.jsonl:10"].find("\"position\"") != std::string::npos);
  CHECK(reason["bad.jsonl:11"].find("write it as \"tag:spaced out\"") != std::string::npos);
  // Found by the export_line fuzz target: this threw out of the import.
  CHECK(reason["bad.jsonl:15"].find("number overflow") != std::string::npos);

  auto s = newsdex::Searcher::open(db_in(dir, "db"));
  auto first = s.document("tag:good-1");
  REQUIRE(first);
  CHECK(first->title == "First good");
  CHECK(first->story == "s1");
  auto second = s.document("tag:good-2");
  REQUIRE(second);
  CHECK(second->story == "tag:good-2");  // a lone document is its own story
  CHECK(second->kind == "feed-item");    // what the indexer assumes when a line does not say
  CHECK(!s.document("tag:x"));
}

TEST_CASE("no header, unknown fields and a newer format") {
  TempDir dir;
  SUBCASE("a file without a header imports; unknown fields are ignored") {
    auto r = import_into(db_in(dir, "db"), "{\"id\": \"hash:0123456789abcdef\", \"title\": \"T\", \"mood\": 7}\n");
    CHECK(r.ok());
    CHECK(r.added == 1);
    auto s = newsdex::Searcher::open(db_in(dir, "db"));
    auto d = s.document("hash:0123456789abcdef");
    REQUIRE(d);
    CHECK(d->story == "hash:0123456789abcdef");
  }
  SUBCASE("a newer export format is a warning, not an error") {
    auto r = import_into(db_in(dir, "db"), "{\"newsdex_export\": 9}\n{\"id\": \"tag:a\"}\n", "new.jsonl");
    CHECK(r.ok());
    CHECK(r.added == 1);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].where == "new.jsonl:1");
  }
}

TEST_CASE("dates: RFC 3339 UTC in an export; seconds from formats 1 and 2 are read too") {
  TempDir dir;
  auto r = import_into(db_in(dir, "db"),
                       "{\"newsdex_export\": 2}\n"
                       "{\"id\": \"tag:old\", \"published\": 1764583200, \"first_seen\": 1764586800}\n"
                       "{\"id\": \"tag:new\", \"published\": \"2025-12-01T19:00:00+09:00\", "
                       "\"updated\": \"2025-12-01T10:30:00Z\"}\n");
  REQUIRE(r.ok());
  CHECK(r.added == 2);
  auto s = newsdex::Searcher::open(db_in(dir, "db"));
  CHECK(s.document("tag:old")->published == 1764583200);
  CHECK(s.document("tag:new")->published == 1764583200);  // the same instant, written with its offset
  std::ostringstream out;
  newsdex::export_documents(db_in(dir, "db"), out);
  std::istringstream lines(out.str());
  std::string header, old_line, new_line;
  std::getline(lines, header);
  std::getline(lines, old_line);
  std::getline(lines, new_line);
  CHECK(json::parse(header)["newsdex_export"] == 3);
  CHECK(json::parse(old_line)["published"] == "2025-12-01T10:00:00Z");
  CHECK(json::parse(old_line)["first_seen"] == "2025-12-01T11:00:00Z");
  CHECK(json::parse(new_line)["updated"] == "2025-12-01T10:30:00Z");
  CHECK(json::parse(new_line)["enclosure"] == "");
  // A date that is no RFC 3339 date and time is a bad line, naming the field.
  auto bad = import_into(db_in(dir, "db2"), "{\"id\": \"tag:x\", \"published\": \"2025-12-01\"}\n", "b.jsonl");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message.find("\"published\"") != std::string::npos);
  CHECK(bad.errors[0].message.find("RFC 3339") != std::string::npos);
  // Seconds beyond year 9999 would export as no RFC 3339 date: refused.
  auto far = import_into(db_in(dir, "db3"), "{\"id\": \"tag:y\", \"published\": 99999999999999}\n", "f.jsonl");
  REQUIRE(far.errors.size() == 1);
  CHECK(far.errors[0].message.find("years 1 to 9999") != std::string::npos);
}

TEST_CASE("exporting a missing index is Error(not_found)") {
  TempDir dir;
  std::ostringstream out;
  try {
    newsdex::export_documents(db_in(dir, "nothing-here"), out);
    FAIL("expected an Error");
  } catch (const newsdex::Error& e) {
    CHECK(e.code() == newsdex::Errc::not_found);
  }
  CHECK(out.str().empty());
}

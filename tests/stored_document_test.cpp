// decode() reads the stored JSON with a hand-written reader (for speed); it
// must read every input exactly as the nlohmann-based decoder it replaced,
// kept here as the reference: the same Document, or an error for both.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/stored_document.hpp"
#include "newsdex/error.hpp"

using namespace newsdex;
using nlohmann::json;

namespace {

// The decoder as it was (nlohmann's DOM), the reference.
std::optional<std::int64_t> ref_time(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}
std::string ref_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::size_t ref_count(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}
std::vector<std::string> ref_strings(const json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}
std::optional<Document> reference_decode(const std::string& data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  Document d;
  d.id = ref_string(j, "id");
  d.title = ref_string(j, "title");
  d.url = ref_string(j, "url");
  d.source = ref_string(j, "source");
  d.author = ref_string(j, "author");
  d.published = ref_time(j, "published");
  d.updated = ref_time(j, "updated");
  if (auto it = j.find("categories"); it != j.end()) d.categories = ref_strings(*it);
  d.summary = ref_string(j, "summary");
  d.content = ref_string(j, "content");
  d.enclosure = ref_string(j, "enclosure");
  d.language = ref_string(j, "lang");
  d.kind = ref_string(j, "kind");
  d.story = ref_string(j, "story");
  d.place = ref_string(j, "place");
  d.input = ref_string(j, "input");
  d.position = ref_count(j, "position");
  d.source_count = ref_count(j, "source_count");
  if (auto it = j.find("citations"); it != j.end() && it->is_array())
    for (const auto& c : *it)
      if (c.is_object() && c.contains("sentence") && c["sentence"].is_string())
        d.citations.push_back({c["sentence"].get<std::string>(),
                               c.contains("sources") ? ref_strings(c["sources"]) : std::vector<std::string>{}});
  return d;
}

bool same(const Document& a, const Document& b) {
  bool cites = a.citations.size() == b.citations.size();
  for (std::size_t i = 0; cites && i < a.citations.size(); ++i)
    cites = a.citations[i].sentence == b.citations[i].sentence &&
            a.citations[i].source_ids == b.citations[i].source_ids;
  return cites && a.id == b.id && a.title == b.title && a.url == b.url && a.source == b.source &&
         a.author == b.author && a.published == b.published && a.updated == b.updated &&
         a.categories == b.categories && a.summary == b.summary && a.content == b.content &&
         a.enclosure == b.enclosure && a.language == b.language && a.kind == b.kind &&
         a.story == b.story && a.place == b.place && a.input == b.input && a.position == b.position &&
         a.source_count == b.source_count;
}

std::optional<Document> decoded(const std::string& data) {
  try {
    return decode(data);
  } catch (const Error& e) {
    CHECK(e.code() == Errc::corrupt);
    return std::nullopt;
  }
}

// decode() and the reference agree on `data`.
void agrees(const std::string& data) {
  CAPTURE(data);
  auto mine = decoded(data);
  auto ref = reference_decode(data);
  REQUIRE(mine.has_value() == ref.has_value());
  if (mine) CHECK(same(*mine, *ref));
}

Document full_document() {
  Document d;
  d.id = "g1";
  d.title = "Huawei \"chips\" \\ tab\there";
  d.url = "https://example.com/a?b=c&d=e";
  d.source = "Caixin 财新";
  d.author = "Zoë";
  d.published = 1764547200;
  d.updated = -5;
  d.categories = {"Tech", "", "Ünïcode 😀"};
  d.summary = "line\nbreak\r\u0001control\u001f";
  d.content = std::string("nul\0byte", 8) + " and emoji 😀 and 中文";
  d.enclosure = "https://example.com/a.mp3";
  d.language = "en";
  d.kind = "digest-summary";
  d.story = "story:abc";
  d.place = "BEIJING";
  d.input = "data/x.txt";
  d.position = 7;
  d.source_count = 3;
  d.citations = {{"Xi spoke.", {"hash:1", "hash:2"}}, {"", {}}};
  return d;
}

}  // namespace

TEST_CASE("decode reads back what encode wrote") {
  Document d = full_document();
  Document back = decode(encode(d));
  CHECK(same(back, d));
  agrees(encode(d));
  agrees(encode(Document{}));
}

TEST_CASE("decode agrees with the reference on hand-made inputs") {
  const std::vector<std::string> inputs = {
      "", "not json", "{}", " { } ", "[]", "\"x\"", "null", "{} x", "{}}", "{", "{\"id\":}",
      "\xEF\xBB\xBF{\"id\":\"bom\"}", "\xEF\xBB{\"id\":\"x\"}",
      R"({"id":"a","id":"b"})", R"({"id":"a","id":5})", R"({"id":5,"id":"b"})",
      R"({"title":"\u00e9\u4e2d\ud83d\ude00\u0000\/\b\f\n\r\t"})",
      R"({"title":"\ud83d"})", R"({"title":"\ude00"})", R"({"title":"\ud83dx"})",
      R"({"title":"\ud83d\u0041"})", R"({"title":"\x"})", R"({"title":"\u12g4"})",
      "{\"title\":\"raw\x01control\"}", "{\"title\":\"tab\there\"}", "{\"title\":\"del\x7f\"}",
      "{\"title\":\"bad \xff utf8\"}", "{\"title\":\"overlong \xc0\xaf\"}",
      "{\"title\":\"surrogate \xed\xa0\x80\"}", "{\"title\":\"cut \xe4\xb8\"}",
      "{\"title\":\"max \xf4\x8f\xbf\xbf\"}", "{\"title\":\"past max \xf4\x90\x80\x80\"}",
      "{\"title\":\"unterminated", R"({"title":"a" "b"})", R"({"title" "a"})", R"({,})",
      R"({"a":1,})", R"({"a":[1,]})", R"({"a":[,1]})",
      R"({"published":1764547200,"updated":-1764547200})", R"({"published":1.5})",
      R"({"published":1e9})", R"({"published":1E+9})", R"({"published":-0})", R"({"published":0})",
      R"({"published":01})", R"({"published":-})", R"({"published":1.})", R"({"published":.5})",
      R"({"published":1e})", R"({"published":"1764547200"})", R"({"published":null})",
      R"({"published":9223372036854775807})", R"({"published":9223372036854775808})",
      R"({"published":18446744073709551615})", R"({"published":18446744073709551616})",
      R"({"published":-9223372036854775808})", R"({"published":-9223372036854775809})",
      R"({"position":7,"source_count":-3})", R"({"position":7.0})", R"({"position":true})",
      R"({"position":18446744073709551615})", R"({"position":-0})",
      R"({"categories":["a",1,null,["b"],{"c":"d"},"e"]})", R"({"categories":"a"})",
      R"({"categories":["a"],"categories":["b"]})", R"({"categories":[]})", R"({"categories":[ ]})",
      R"({"citations":[{"sentence":"s","sources":["x",2]},{"sources":["y"]},{"sentence":3},"z",{}]})",
      R"({"citations":[{"sentence":"s","sentence":4}]})", R"({"citations":[{"sentence":4,"sentence":"t"}]})",
      R"({"citations":[{"sentence":"s","sources":"x"}]})", R"({"citations":[{"sentence":"s","extra":{"a":[1,{"b":null}]}}]})",
      R"({"citations":{"sentence":"s"}})", R"({"citations":[{"sentence":"s"}],"citations":[]})",
      R"({"unknown":{"deep":[1,2,{"x":[true,false,null,-1.5e-3]}]},"id":"kept"})",
      R"({"unknown":tru})", R"({"unknown":nul})", R"({"unknown":[1 2]})", R"({"unknown":{"a" 1}})",
      " \t\r\n{ \"id\" : \"spaced\" , \"title\" :\n\"t\" } \n", R"({"v":1,"id":"x"})",
  };
  for (const auto& input : inputs) agrees(input);
}

TEST_CASE("decode agrees with the reference on damaged stored documents") {
  // Every truncation, and a byte changed at every position, of a real
  // document: most are malformed, some are still JSON with other values.
  const std::string good = encode(full_document());
  for (std::size_t n = 0; n <= good.size(); ++n) agrees(good.substr(0, n));
  const std::string replacements = "\"\\{}[],:0-.eE \x01\xc3\xff";
  std::uint64_t state = 7;
  for (std::size_t at = 0; at < good.size(); ++at) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string bad = good;
    bad[at] = replacements[(state >> 33) % replacements.size()];
    agrees(bad);
  }
}

TEST_CASE("decode throws Error(corrupt) on data that is not a stored document") {
  CHECK_THROWS_AS(decode("not json"), Error);
  CHECK_THROWS_AS(decode("[1,2]"), Error);
}

TEST_CASE("decode refuses, as the reference does, a number too large for a double") {
  agrees(R"({"published":1e400})");
  agrees(R"({"unknown":-1.5e999,"id":"x"})");
  agrees(R"({"published":1e-400})");
  agrees(R"({"published":179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0})");
}

// Stories end to end: near-duplicate detection through Index (add_paths,
// add_bytes, import_documents) and what an export then shows, on the seeds
// in data/ and on three dated captures of the same feeds (the fixtures', and
// in the stories_rssowl entry rssowl's). Only the capture checks use an
// internal header (the normalised words of a text, to tell which documents
// say the same thing).

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/stories/near_duplicate.hpp"
#include "newsdex/newsdex.hpp"
#include "temp_dir.hpp"
#include "tests/test_data.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path env_path(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? fs::path(v) : fs::path();
}

fs::path data_dir() {
  fs::path d = env_path("NEWSDEX_DATA_DIR");
  REQUIRE_MESSAGE(!d.empty(), "NEWSDEX_DATA_DIR is not set: run through ctest");
  return d;
}

fs::path seed(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(data_dir()))
    if (e.path().filename().string().rfind(prefix, 0) == 0) return e.path();
  FAIL("no seed " << prefix);
  return {};
}

newsdex::IndexOptions at(const fs::path& db, bool near_duplicates = true, double threshold = 0.6) {
  newsdex::IndexOptions o;
  o.path = db.string();
  o.near_duplicates.enabled = near_duplicates;
  o.near_duplicates.threshold = threshold;
  return o;
}

// Every document of the index, as its export shows it, by id.
std::map<std::string, json> documents(const fs::path& db) {
  std::stringstream out;
  newsdex::export_documents(db.string(), out);
  std::map<std::string, json> docs;
  std::string line;
  while (std::getline(out, line)) {
    json j = json::parse(line);
    if (j.contains("id")) docs[j["id"].get<std::string>()] = j;
  }
  return docs;
}

std::string story_of(const std::map<std::string, json>& docs, const std::string& id) {
  auto it = docs.find(id);
  REQUIRE_MESSAGE(it != docs.end(), "no document " << id);
  return it->second["story"].get<std::string>();
}

std::map<std::string, std::vector<std::string>> stories(const std::map<std::string, json>& docs) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [id, d] : docs) out[d["story"].get<std::string>()].push_back(id);
  return out;
}

// Imports documents given as JSON objects (one line each).
newsdex::IndexReport import(newsdex::Index& index, const std::vector<json>& lines) {
  std::stringstream in;
  for (const auto& j : lines) in << j.dump() << "\n";
  newsdex::IndexReport report;
  index.import_documents(in, "test", report);
  REQUIRE_MESSAGE(report.errors.empty(), report.errors.front().message);
  return report;
}

// A document as a first reading would give it: no story of its own.
json without_story(json j) {
  j.erase("story");
  return j;
}

const std::string kLong =
    "Huawei Technologies founder Ren Zhengfei said on Tuesday that the company's Ascend "
    "artificial intelligence chips still lag behind American rivals by one generation, "
    "playing down the threat that Washington sees in the Chinese firm. In an interview with "
    "the People's Daily, Ren said Huawei relied on chip stacking and clustering to make up "
    "for the gap, and that the United States had exaggerated the company's achievements.";

json article(const std::string& id, const std::string& source, const std::string& text) {
  return json{{"id", id}, {"title", "Ren plays down Huawei chips"}, {"source", source},
              {"url", id}, {"content", text}, {"kind", "article"}};
}

}  // namespace

TEST_CASE("stories: the seeds' syndicated copies cluster; other articles on the topic do not") {
  TempDir dir;
  const fs::path digest = seed("002_");
  std::map<std::string, json> docs;
  {
    auto index = newsdex::Index::open(at(dir.path / "db"));
    newsdex::IndexReport report;
    index.add_paths({data_dir().string()}, report);
    index.commit();
    REQUIRE(report.ok());
  }
  docs = documents(dir.path / "db");
  // Only the digest's documents share a story: the 66 SCMP feed items on
  // Huawei and AI, Mint's (Bloomberg's) and the FT's articles on Ren
  // Zhengfei's interview are each a story of their own.
  std::vector<json> sources;
  for (const auto& [story, members] : stories(docs)) {
    if (members.size() == 1) continue;
    for (const auto& id : members) CHECK(docs[id]["input"].get<std::string>() == digest.string());
  }
  std::string mint, ft;
  for (const auto& [id, d] : docs) {
    if (d["kind"] == "article" && d["source"] == "Mint") mint = id;
    if (d["kind"] == "article" && d["source"] != "Mint") ft = id;
    if (d["kind"] == "digest-source") sources.push_back(d);
  }
  REQUIRE(!mint.empty());
  REQUIRE(!ft.empty());
  CHECK(story_of(docs, mint) != story_of(docs, ft));
  REQUIRE(sources.size() == 7);

  // The digest's seven sources are three copies of a Reuters report and four
  // of an AFP one (one of them cut short). Read without their digest, text
  // alone puts the copies together and keeps the two reports apart.
  auto reuters_copy = [](const json& d) {
    return d["title"].get<std::string>().find("self sufficiency") != std::string::npos;
  };
  for (bool detect : {true, false}) {
    CAPTURE(detect);
    TempDir other;
    {
      auto index = newsdex::Index::open(at(other.path / "db", detect));
      std::vector<json> lines;
      for (const auto& d : sources) lines.push_back(without_story(d));
      CHECK(import(index, lines).added == 7);
      index.commit();
    }
    auto imported = documents(other.path / "db");
    std::set<std::string> reuters, afp;
    for (const auto& d : sources)
      (reuters_copy(d) ? reuters : afp).insert(story_of(imported, d["id"].get<std::string>()));
    if (detect) {
      CHECK(reuters.size() == 1);
      CHECK(afp.size() == 1);
      CHECK(*reuters.begin() != *afp.begin());
    } else {
      CHECK(reuters.size() == 3);
      CHECK(afp.size() == 4);
    }
  }
}

TEST_CASE("stories: a re-post and an edited copy join the earlier story; re-indexing changes nothing") {
  TempDir dir;
  const fs::path db = dir.path / "db";
  {
    auto index = newsdex::Index::open(at(db));
    newsdex::IndexReport report;
    index.add_path(seed("001_").string(), report);
    index.commit();
  }
  auto docs = documents(db);
  // The longest item of the SCMP feed, re-posted by another site under its
  // own URL, and copied with a sentence added.
  json original;
  for (const auto& [id, d] : docs)
    if (original.is_null() || d["summary"].get<std::string>().size() > original["summary"].get<std::string>().size())
      original = d;
  json repost = without_story(original);
  repost["id"] = repost["url"] = "https://elsewhere.example/2025/repost";
  repost["source"] = "Elsewhere";
  json edited = without_story(original);
  edited["id"] = edited["url"] = "https://third.example/copy";
  edited["summary"] = original["summary"].get<std::string>() + " The company did not comment.";
  {
    auto index = newsdex::Index::open(at(db));
    CHECK(import(index, {repost, edited}).added == 2);
    index.commit();
  }
  docs = documents(db);
  const std::string story = original["story"].get<std::string>();
  CHECK(story == original["id"].get<std::string>());  // the first report names the story
  CHECK(story_of(docs, "https://elsewhere.example/2025/repost") == story);
  CHECK(story_of(docs, "https://third.example/copy") == story);
  // Every other item of the feed is still a story of one.
  CHECK(stories(docs).size() == docs.size() - 2);

  // The same inputs again: nothing written, the same stories.
  const auto before = documents(db);
  {
    auto index = newsdex::Index::open(at(db));
    newsdex::IndexReport report;
    index.add_path(seed("001_").string(), report);
    CHECK(import(index, {repost, edited}).unchanged == 2);
    index.commit();
    CHECK(report.added == 0);
    CHECK(report.updated == 0);
    CHECK(report.unchanged == before.size() - 2);
  }
  CHECK(documents(db) == before);
}

TEST_CASE("stories: a digest meets an article it copies, whichever comes first") {
  const fs::path digest = seed("002_");
  // A Reuters copy from the digest, published on its own by a wire site.
  json wire;
  {
    TempDir scratch;
    {
      auto index = newsdex::Index::open(at(scratch.path / "db", false));
      newsdex::IndexReport report;
      index.add_path(digest.string(), report);
    }
    for (const auto& [id, d] : documents(scratch.path / "db"))
      if (d["kind"] == "digest-source" && d["source"] == "Reuters") wire = d;
  }
  REQUIRE(!wire.is_null());
  wire = without_story(wire);
  wire["id"] = wire["url"] = "https://wire.example/xi-ai";
  wire["kind"] = "article";
  wire["input"] = "https://wire.example/xi-ai";  // not the digest's file, which it was copied from

  for (bool article_first : {true, false}) {
    CAPTURE(article_first);
    TempDir dir;
    {
      auto index = newsdex::Index::open(at(dir.path / "db"));
      newsdex::IndexReport report;
      if (article_first) import(index, {wire});
      index.add_path(digest.string(), report);
      if (!article_first) import(index, {wire});
      index.commit();
    }
    auto docs = documents(dir.path / "db");
    const std::string story = story_of(docs, "https://wire.example/xi-ai");
    std::size_t digest_members = 0;
    for (const auto& [id, d] : docs) {
      if (d["kind"] != "digest-source" && d["kind"] != "digest-summary") continue;
      ++digest_members;
      CHECK(d["story"] == story);  // the digest stays whole and meets the article
    }
    CHECK(digest_members == 8);
    if (article_first) CHECK(story == "https://wire.example/xi-ai");
    else CHECK(story != "https://wire.example/xi-ai");
  }
}

TEST_CASE("stories: copies inside one uncommitted batch are found") {
  TempDir dir;
  auto feed = [](const std::string& text) {
    return "<rss version=\"2.0\"><channel><title>Wire</title>"
           "<item><guid>a</guid><title>Ren plays down Huawei chips</title><description>" + text +
           "</description></item>"
           "<item><guid>b</guid><title>Ren plays down Huawei chips</title><description>" + text +
           " Shares rose.</description></item>"
           "<item><guid>c</guid><title>Short</title><description>Huawei chips lag one generation, Ren says"
           "</description></item>"
           "<item><guid>d</guid><title>Short</title><description>Huawei chips lag one generation, Ren says"
           "</description></item></channel></rss>";
  };
  {
    newsdex::IndexOptions o = at(dir.path / "db");
    o.batch_size = 1000;  // one commit, at the end
    auto index = newsdex::Index::open(o);
    newsdex::IndexReport report;
    index.add_bytes(feed(kLong), "wire.xml", report);
    REQUIRE(report.added == 4);
    index.commit();
  }
  auto docs = documents(dir.path / "db");
  CHECK(story_of(docs, "b") == "a");
  // Eight words are too few to call two items copies of one article.
  CHECK(story_of(docs, "c") == "c");
  CHECK(story_of(docs, "d") == "d");
}

TEST_CASE("stories: the threshold and the switch") {
  std::string edited = kLong;
  edited.replace(edited.find("Tuesday"), 7, "Wednesday");
  edited.replace(edited.find("interview"), 9, "conversation");
  const std::vector<json> lines = {article("https://a.example/1", "A", kLong),
                                   article("https://b.example/1", "B", kLong),
                                   article("https://c.example/1", "C", edited)};
  struct Case {
    bool enabled;
    double threshold;
    bool exact_joins, edited_joins;
  };
  for (const Case& c : {Case{true, 0.5, true, true}, Case{true, 1.0, true, false},
                        Case{false, 0.5, false, false}}) {
    CAPTURE(c.enabled);
    CAPTURE(c.threshold);
    TempDir dir;
    {
      auto index = newsdex::Index::open(at(dir.path / "db", c.enabled, c.threshold));
      import(index, lines);
      index.commit();
    }
    auto docs = documents(dir.path / "db");
    CHECK((story_of(docs, "https://b.example/1") == "https://a.example/1") == c.exact_joins);
    CHECK((story_of(docs, "https://c.example/1") == "https://a.example/1") == c.edited_joins);
  }
}

TEST_CASE("stories: a changed document is never matched with its own previous version") {
  TempDir dir;
  const fs::path db = dir.path / "db";
  std::string copy = kLong;
  copy.replace(copy.find("Tuesday"), 7, "Wednesday");
  copy.replace(copy.find("interview"), 9, "conversation");
  copy.replace(copy.find("the gap"), 7, "the shortfall");
  {
    auto index = newsdex::Index::open(at(db, true, 0.5));
    import(index, {article("https://a.example/1", "A", kLong), article("https://b.example/1", "B", copy)});
    index.commit();
  }
  REQUIRE(story_of(documents(db), "https://b.example/1") == "https://a.example/1");
  // B changes a little: it is still much like its old self, less like A.
  // With a threshold above its likeness to A it must stand alone (its old
  // version, which is in A's story, does not count).
  std::string changed = copy + " Huawei declined to comment.";
  {
    auto index = newsdex::Index::open(at(db, true, 0.95));
    CHECK(import(index, {article("https://b.example/1", "B", changed)}).updated == 1);
    index.commit();
  }
  CHECK(story_of(documents(db), "https://b.example/1") == "https://b.example/1");
}

// ---- three captures of the same feeds ---------------------------------------------------

namespace {

std::string text_of(const json& d) {
  return d["title"].get<std::string>() + "\n" + d["summary"].get<std::string>() + "\n" +
         d["content"].get<std::string>();
}

std::vector<std::uint64_t> shingles_of(const json& d) {
  return newsdex::near_duplicate::shingles(newsdex::near_duplicate::words(text_of(d)));
}

}  // namespace

TEST_CASE("stories: three captures of the same feeds give one story per distinct article" *
          doctest::test_suite("corpus")) {
  const auto snapshots = test_data::snapshots();
  TempDir dir;
  const fs::path db = dir.path / "db";
  std::vector<std::string> inputs;
  for (const auto& s : snapshots) inputs.push_back(s.string());
  std::size_t items = 0;
  {
    auto index = newsdex::Index::open(at(db));
    newsdex::IndexReport report;
    index.add_paths(inputs, report);
    index.commit();
    for (const auto& in : report.inputs) items += in.items;
    CHECK(report.added > 0);
  }
  const auto docs = documents(db);
  const auto groups = stories(docs);
  // The captures repeat most items: far fewer documents than items read,
  // and near-duplicates (the same wire story in several feeds, the same
  // item under a new URL) make fewer stories still.
  CHECK(docs.size() * 3 < items * 2);
  CHECK(groups.size() < docs.size());

  // Distinct: documents that say the same thing (the same normalised words,
  // enough of them to fingerprint) are in one story...
  std::map<std::vector<std::string>, std::string> story_by_text;
  std::size_t same_text = 0;
  for (const auto& [id, d] : docs) {
    auto words = newsdex::near_duplicate::words(text_of(d));
    if (newsdex::near_duplicate::fingerprint(text_of(d)).empty()) continue;
    auto [it, fresh] = story_by_text.emplace(words, d["story"].get<std::string>());
    if (fresh) continue;
    ++same_text;
    const auto& id_ = id;  // clang 14 cannot capture a structured binding
    CAPTURE(id_);
    CHECK(it->second == d["story"].get<std::string>());
  }
  CHECK(same_text > 0);  // the check above was exercised
  // ...and no story joins different articles: every member of a story of
  // several shares at least a fifth of its shingles with another member.
  for (const auto& [story, members] : groups) {
    if (members.size() < 2) continue;
    for (const auto& id : members) {
      double best = 0;
      for (const auto& other : members)
        if (other != id)
          best = std::max(best, newsdex::near_duplicate::jaccard(shingles_of(docs.at(id)), shingles_of(docs.at(other))));
      const auto& story_ = story;  // clang 14 cannot capture a structured binding
      CAPTURE(story_);
      CAPTURE(id);
      CHECK(best >= 0.2);
    }
  }

  // Again: no document is added and every document keeps its story.
  {
    auto index = newsdex::Index::open(at(db));
    newsdex::IndexReport report;
    index.add_paths(inputs, report);
    index.commit();
    CHECK(report.added == 0);
  }
  const auto again = documents(db);
  REQUIRE(again.size() == docs.size());
  for (const auto& [id, d] : docs) {
    const auto& id_ = id;  // clang 14 cannot capture a structured binding
    CAPTURE(id_);
    CHECK(again.at(id)["story"] == d["story"]);
  }
}

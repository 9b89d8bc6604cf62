#include "newsdex/index.hpp"

#include <ctime>
#include <limits>
#include <set>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/dates.hpp"
#include "common/html_text.hpp"
#include "common/terms.hpp"

#include "common/config_files.hpp"
#include "common/schema.hpp"
#include "common/url.hpp"
#include "indexer/build/document_builder.hpp"
#include "indexer/index_impl.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/json_feed.hpp"
#include "indexer/parse/unique_id.hpp"
#include "indexer/input/input.hpp"
#include "indexer/store/shard_layout.hpp"
#include "indexer/stories/index_view.hpp"
#include "indexer/stories/story_lookup.hpp"
#include "indexer/parse/text_parser.hpp"

namespace newsdex {

// What a failed write leaves and what to do: uncommitted work is dropped by
// Xapian, so the index is as its last commit left it.
constexpr const char* kWriteFailedHint =
    ". The index holds what its last commit wrote; make room on the disk (or fix the folder's "
    "permissions) and run again: nothing is stored twice";
namespace {

namespace fs = std::filesystem;

std::string where(const std::string& name, std::size_t line) {
  return line ? fmt::format("{}:{}", name, line) : name;
}

void report_diagnostics(const std::string& name, std::vector<Diagnostic>& diagnostics,
                        std::vector<Problem>& into) {
  for (auto& d : diagnostics) into.push_back({where(name, d.line), std::move(d.message)});
}

// Text never holds NUL bytes; images, archives and PDFs do early on. (UTF-16
// text does too, but starts with a BOM or '<' and is read as a feed.)
bool looks_binary(std::string_view bytes) {
  return bytes.substr(0, 8192).find('\0') != std::string_view::npos;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Why a file met in a folder walk is no news, from its bytes: a few words,
// or empty when it may be news.
std::string not_news_by_content(std::string_view bytes, const fs::path& file) {
  if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) return "empty";
  // Text never holds NUL bytes; images, archives and PDFs do early on.
  // (UTF-16 text does too, but starts with a BOM or '<'.)
  const std::string_view head = bytes.substr(0, 8192);
  const bool bom16 = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
  if (!bom16 && head.find('\0') != std::string_view::npos) return "binary data";
  const std::size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const bool json = ascii_lower(file.extension().string()) == ".json" ||
                    (first != std::string_view::npos && (bytes[first] == '{' || bytes[first] == '['));
  if (json && !looks_like_json_feed(bytes)) return "JSON that is not a JSON Feed";
  return {};
}


// A saved web page as the text parser's input: its title, a blank line,
// its article's blocks; what the page's head says fills what the text lacks.
ParsedText parse_page(std::string_view bytes, const TextOptions& options) {
  const HtmlPage page = read_html_page(bytes, {});
  ParsedText parsed;
  if (page.paragraphs.empty()) {
    parsed.warnings.push_back({0, "an HTML page with no text: nothing indexed"});
    return parsed;
  }
  std::string text = page.title;
  for (const auto& p : page.paragraphs)
    if (p != page.title) text.append(text.empty() ? "" : "\n\n").append(p);
  parsed = parse_text(text, options, TextKind::article);
  for (Item& item : parsed.items) {
    if (item.link.empty()) item.link = page.canonical;
    if (!item.published) item.published = parse_date(page.published);
    if (item.language.empty()) item.language = language_tag(ascii_lower(page.language));
    if (item.source.empty()) item.source = page.site_name;
  }
  return parsed;
}

using json = nlohmann::json;

std::string folder_files_key(const std::string& folder) {
  return fmt::format("newsdex.folder.{:016x}", stable_hash(folder));
}

struct Folder {
  std::string path;
  FolderRules rules;
};

std::vector<std::string> strings_of(const json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<Folder> decode_folders(const std::string& data) {
  std::vector<Folder> out;
  const json j = json::parse(data, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& f : j)
    if (f.is_object() && f.contains("path") && f["path"].is_string())
      out.push_back({f["path"].get<std::string>(),
                     {strings_of(f.value("include", json())), strings_of(f.value("exclude", json()))}});
  return out;
}

std::string encode_folders(const std::vector<Folder>& folders) {
  json j = json::array();
  for (const auto& f : folders)
    j.push_back({{"path", f.path}, {"include", f.rules.include}, {"exclude", f.rules.exclude}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::int64_t modification_time(const std::string& file) {
  std::error_code ec;
  auto t = fs::last_write_time(file, ec);
  if (ec) return static_cast<std::int64_t>(std::time(nullptr));
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::file_clock::to_sys(t).time_since_epoch())
      .count();
}

}  // namespace

Index::Impl::Impl(const IndexOptions& o) : options(o) {
  if (std::optional<IndexLayout> layout = layout_for(o)) {
    shards = std::make_unique<ShardedStore>(o, std::move(*layout));
  } else {
    db = open_writable(o);
    spelling.set_database(db);
  }
  terms.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
  terms.set_stemming_strategy(schema::kIndexStemming);
  // "Did you mean" suggests words of titles: they hold the names and topics
  // people search for, and spelling data from every word of the body made
  // indexing 1.6 times slower (titles only: 1.07 to 1.2; the rssowl feeds).
  // (Sharded, each shard's writer keeps its own: shard_writer.cpp.)
  spelling.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  // Chinese, Japanese and Korean have no spaces between words: index their
  // characters and character pairs (Xapian's n-grams) so they can be searched.
  terms.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  load_boilerplate();
}

void Index::Impl::load_boilerplate() {
  auto files = options.boilerplate_files.empty() ? default_config_files("boilerplate.conf")
                                                 : options.boilerplate_files;
  for (const auto& file : files) {
    std::string text;
    try {
      text = read_file(file);
    } catch (const Error& e) {
      setup_warnings.push_back({file, e.what()});
      continue;
    }
    std::vector<Diagnostic> diagnostics;
    boilerplate.merge(Boilerplate::parse(text, diagnostics));
    report_diagnostics(file, diagnostics, setup_warnings);
  }
}

Fetcher& Index::Impl::fetcher() {
  if (options.fetcher) return *options.fetcher;
  if (!own_fetcher) own_fetcher = make_http_fetcher(options.fetch);
  return *own_fetcher;
}

void Index::Impl::commit() {
  if (shards) {
    shards->commit();  // Error(io) naming the shard
    pending = 0;
    return;
  }
  try {
    db.commit();
    pending = 0;
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: commit failed: {}{}", options.path, e.get_description(),
                                      kWriteFailedHint));
  }
}

std::string Index::Impl::get_metadata(const std::string& key) {
  if (shards) return shards->get_metadata(key);
  try {
    return db.get_metadata(key);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading failed: {}", options.path, e.get_description()));
  }
}

void Index::Impl::set_metadata(const std::string& key, const std::string& value) {
  if (shards) return shards->set_metadata(key, value);
  try {
    db.set_metadata(key, value);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: write failed: {}{}", options.path, e.get_description(),
                                      kWriteFailedHint));
  }
}

std::size_t Index::Impl::expire(std::int64_t cutoff) {
  if (shards) return shards->expire(cutoff);
  try {
    const std::vector<Xapian::docid> ids = published_by(db, cutoff);
    for (auto id : ids) db.delete_document(id);
    return ids.size();
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: expiring old documents failed: {}", options.path,
                                      e.get_description()));
  }
}

std::string Index::Impl::store(const Item& given, IndexReport& report,
                               const std::vector<std::uint64_t>& common_shingles) {
  std::string id_term;
  try {
    const IndexView& index = view();
    StoryChooser story(index, given, options.near_duplicates, common_shingles);  // see story_lookup.hpp
    // Terms are generated only for what is written, once (describe first).
    BuiltDocument built = describe_document(story.item(given));
    id_term = built.id_term;
    std::optional<Xapian::docid> existing = find_document(index, built.id_term);
    bool moved = false;  // found under the id an older newsdex gave it: always rewritten
    if (!existing && given.identity_rule == kIdentityRule) {  // parsed now, not imported under an old id
      existing = find_under_old_id(index, given, built.id);
      moved = existing.has_value();
    }
    if (existing) {
      const DocFacts facts = index.facts(*existing);
      if (!moved && facts.content_hash == built.content_hash) {
        ++report.unchanged;
        return id_term;
      }
      const bool new_story = moved ? story.keep_story_of(index, *existing)
                                   : story.rechoose_for_changed(index, *existing, built.id);
      // First seen is when it was first stored, not when it last changed
      // (the hash leaves it out, so only the record is described again).
      if (facts.first_seen && facts.first_seen != story.item(given).first_seen) {
        Item kept = story.item(given);
        kept.first_seen = facts.first_seen;
        built = describe_document(kept);
      } else if (new_story) {
        built = describe_document(story.item(given));
      }
      built.sequence = facts.sequence;  // a rewritten document keeps its place in the order of storing
    } else {
      built.sequence = next_sequence();
    }
    if (shards) {
      // Terms are generated on the shard's thread.
      shards->store(story.item(given), std::move(built), story.fingerprint(), existing);
    } else {
      index_document(story.item(given), built, terms);
      add_fingerprint(built.document, story.fingerprint());
      if (existing)
        db.replace_document(*existing, built.document);
      else
        db.add_document(built.document);
      Xapian::Document scratch;  // only the spelling data is kept
      spelling.set_document(scratch);
      spelling.index_text(given.title);
    }
    ++(existing ? report.updated : report.added);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: write failed: {}{}", options.path, e.get_description(),
                                      kWriteFailedHint));
  }
  if (++pending >= options.batch_size) commit();
  return id_term;
}

void Index::Impl::add_bytes(std::string_view bytes, const std::string& name, const std::string& origin,
                             IndexReport& report,
                          InputFormat format, std::int64_t file_time,
                          std::string_view http_charset) {
  if (!setup_warnings.empty()) {
    for (auto& w : setup_warnings) report.warnings.push_back(std::move(w));
    setup_warnings.clear();
  }
  // JSON Feed is told by its "version": the Content-Type does not reach here.
  const bool json_feed = (format == InputFormat::feed || format == InputFormat::automatic) &&
                         looks_like_json_feed(bytes);
  bool is_feed = format == InputFormat::feed ||
                 (format == InputFormat::automatic && (json_feed || looks_like_xml(bytes)));
  if (!is_feed && looks_binary(bytes)) {
    report.errors.push_back({name, "binary data, not a feed or text; skipped"});
    return;
  }
  TextOptions text_options;
  text_options.reference_time = options.reference_time.value_or(file_time);
  text_options.boilerplate = &boilerplate;
  std::vector<Item> items;
  if (is_feed) {
    // A fetched feed's relative links resolve against its URL (feed_parser.hpp).
    ParsedFeed feed = json_feed ? parse_json_feed(bytes) :
        parse_feed(bytes, http_charset, is_http_url(name) ? std::string_view(name) : std::string_view());
    if (feed.error && format == InputFormat::automatic && looks_like_html_page(bytes)) {
      // A saved web page: its article, read as plain text is.
      is_feed = false;
      ParsedText page = parse_page(bytes, text_options);
      report_diagnostics(name, page.warnings, report.warnings);
      items = std::move(page.items);
    } else {
      report_diagnostics(name, feed.warnings, report.warnings);
      if (feed.error) {
        report.errors.push_back({where(name, feed.error->line), std::move(feed.error->message)});
        return;
      }
      items = std::move(feed.items);
      // Identity is the feed's as a whole (unique_id.hpp): not the parser's
      // business, which reads items as written.
      auto identity_warnings = assign_ids(items);
      report_diagnostics(name, identity_warnings, report.warnings);
    }
  } else {
    ParsedText text = parse_text(bytes, text_options,
                                 format == InputFormat::digest ? TextKind::digest
                                 : format == InputFormat::article ? TextKind::article
                                                                  : TextKind::automatic);
    report_diagnostics(name, text.warnings, report.warnings);
    items = std::move(text.items);
  }
  ++report.inputs_read;
  report.inputs.push_back({name, items.size()});
  const auto common_shingles = input_boilerplate(items, options.near_duplicates);
  try {
    assign_group_stories(view(), items, options.near_duplicates, common_shingles);  // a digest's one story
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the index failed: {}", options.path, e.get_description()));
  }
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Item& item = items[i];
    item.input = origin;
    if (is_feed) item.position = i;
    if (!item.first_seen) item.first_seen = file_time;  // an import's own is kept
    kept.push_back(store(item, report, common_shingles));
    written_ids.insert(kept.back());
  }
  // A file read again holds what it holds now (a feed file keeps its old
  // items: feeds drop items as a matter of course).
  if (!is_feed && origin.starts_with('/')) report.removed += remove_stale(origin, kept);
}

std::vector<Xapian::docid> Index::Impl::documents_with(const std::string& term) {
  try {
    // Sharded, the view holds the last commit: enough here, since what was
    // sent since is this run's, which callers keep anyway.
    return view().postings(term, std::numeric_limits<std::size_t>::max(), 0);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the index failed: {}", options.path, e.get_description()));
  }
}

void Index::Impl::remove(const std::vector<Xapian::docid>& docids) {
  if (docids.empty()) return;
  if (shards) return shards->remove(docids);
  try {
    for (auto id : docids) db.delete_document(id);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: write failed: {}{}", options.path, e.get_description(),
                                      kWriteFailedHint));
  }
}

std::size_t Index::Impl::remove_stale(const std::string& input, const std::vector<std::string>& kept) {
  std::vector<Xapian::docid> stale = documents_with(input_term(input));
  if (stale.empty()) return 0;
  std::set<Xapian::docid> keep;
  try {
    for (const auto& t : kept)
      if (auto d = view().find(t)) keep.insert(*d);
    // Read from another file too in this run: still someone's.
    for (const auto& t : written_ids)
      if (auto d = view().find(t)) keep.insert(*d);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the index failed: {}", options.path, e.get_description()));
  }
  std::erase_if(stale, [&](Xapian::docid d) { return keep.count(d) > 0; });
  remove(stale);
  return stale.size();
}


Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() {
  if (!impl_) return;
  try {
    impl_->commit();
  } catch (...) {
    // A destructor must not throw; callers who care call commit() themselves.
  }
}

Index Index::open(const IndexOptions& options) {
  return Index(std::make_unique<Impl>(options));
}

void Index::add_bytes(std::string_view bytes, const std::string& name, IndexReport& report,
                      InputFormat format) {
  impl_->add_bytes(bytes, name, name, report, format, static_cast<std::int64_t>(std::time(nullptr)));
}

void Index::add_path(const std::string& path, IndexReport& report, InputFormat format) {
  add_paths({path}, report, format);
}

namespace {

// A folder walked by one add_paths call: the files it read, to tell which
// of those it read before are gone.
struct Walk {
  std::string folder;  // absolute
  FolderRules rules;
  std::vector<std::string> files;  // absolute, read as news
};

}  // namespace

void Index::add_paths(const std::vector<std::string>& paths, IndexReport& report,
                      InputFormat format) {
  impl_->written_ids.clear();
  const FolderRules rules{impl_->options.include, impl_->options.exclude};
  // Expand directories first so progress can count against a known total.
  struct File {
    std::string path;
    std::optional<std::size_t> walk;  // in walks, when met in a folder walk
  };
  std::vector<File> files;
  std::vector<Walk> walks;
  std::vector<FetchRequest> urls;
  for (const auto& path : paths) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (is_http_url(path)) {
      urls.push_back({path, {}, {}});
    } else if (path == "-") {
      files.push_back({path, {}});
    } else if (ec || !fs::exists(status)) {
      report.errors.push_back({path, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      walks.push_back({fs::absolute(path).lexically_normal().string(), rules, {}});
      if (walks.back().folder.size() > 1 && walks.back().folder.ends_with('/')) walks.back().folder.pop_back();
      for (const auto& file : files_under(path, report.errors, rules)) {
        if (std::string why = not_news_by_name(file); !why.empty())
          report.skipped.push_back({file.string(), why});
        else
          files.push_back({file.string(), walks.size() - 1});
      }
    } else {
      files.push_back({path, {}});
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i].path;
    if (impl_->options.progress) impl_->options.progress(file, i, files.size());
    std::string name = file == "-" ? "<stdin>" : file;
    std::string bytes;
    try {
      bytes = file == "-" ? read_stream(std::cin) : read_file(file);
    } catch (const Error& e) {
      report.errors.push_back({name, e.what()});
      continue;
    }
    if (files[i].walk) {
      if (std::string why = not_news_by_content(bytes, file); !why.empty()) {
        report.skipped.push_back({name, why});
        continue;
      }
    }
    // Stored absolute, so `show` finds the file from anywhere; messages keep
    // the path as the user gave it.
    std::string origin = file == "-" ? name : fs::absolute(file).lexically_normal().string();
    if (files[i].walk) walks[*files[i].walk].files.push_back(origin);
    impl_->add_bytes(bytes, name, origin, report, format,
                     file == "-" ? static_cast<std::int64_t>(std::time(nullptr)) : modification_time(file));
  }
  for (const auto& walk : walks) impl_->finish_walk(walk.folder, walk.rules, walk.files, report);
  if (!urls.empty()) {
    std::size_t done = files.size(), total = files.size() + urls.size();
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    impl_->fetcher().fetch(urls, [&](const FetchResult& r) {
      if (impl_->options.progress) impl_->options.progress(r.url, done++, total);
      if (!r.ok())
        report.errors.push_back({r.url, r.error});
      else
        impl_->add_bytes(r.body, r.url, r.url, report, format, now, r.charset);
    });
  }
  if (impl_->options.progress && !(files.empty() && urls.empty()))
    impl_->options.progress({}, files.size() + urls.size(), files.size() + urls.size());
  impl_->written_ids.clear();
}

void Index::Impl::finish_walk(const std::string& folder, const FolderRules& rules,
                              const std::vector<std::string>& files, IndexReport& report) {
  const std::string key = folder_files_key(folder);
  std::set<std::string> now(files.begin(), files.end());
  const json before = json::parse(get_metadata(key), nullptr, false);
  for (const auto& file : strings_of(before))
    if (!now.count(file)) report.removed += remove_stale(file, {});
  set_metadata(key, json(files).dump(-1, ' ', false, json::error_handler_t::replace));
  std::vector<Folder> list = decode_folders(get_metadata(std::string(schema::kFolderListKey)));
  std::erase_if(list, [&](const Folder& f) { return f.path == folder; });
  list.push_back({folder, rules});
  set_metadata(std::string(schema::kFolderListKey), encode_folders(list));
}

void Index::sync(IndexReport& report) {
  for (const auto& folder : decode_folders(impl_->get_metadata(std::string(schema::kFolderListKey)))) {
    std::error_code ec;
    if (!fs::is_directory(folder.path, ec)) {
      report.warnings.push_back({folder.path, "the folder is missing (unmounted?): its documents stay; "
                                              "index it again when it is back"});
      continue;
    }
    // Its own globs, not this run's.
    const IndexOptions saved = impl_->options;
    impl_->options.include = folder.rules.include;
    impl_->options.exclude = folder.rules.exclude;
    try {
      add_paths({folder.path}, report);
    } catch (...) {
      impl_->options = saved;
      throw;
    }
    impl_->options = saved;
  }
}

std::vector<std::string> Index::folders() {
  std::vector<std::string> out;
  for (const auto& f : decode_folders(impl_->get_metadata(std::string(schema::kFolderListKey))))
    out.push_back(f.path);
  return out;
}

std::size_t Index::remove_documents(const std::vector<std::string>& ids) {
  std::vector<Xapian::docid> docids;
  try {
    if (impl_->shards) impl_->commit();
    for (const auto& id : ids)
      if (auto d = impl_->view().find(id_term(id))) docids.push_back(*d);
  } catch (const Xapian::Error& e) {
    throw Error(Errc::io, fmt::format("{}: reading the index failed: {}", impl_->options.path,
                                      e.get_description()));
  }
  std::sort(docids.begin(), docids.end());
  docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
  impl_->remove(docids);
  return docids.size();
}

void Index::commit() { impl_->commit(); }

}  // namespace newsdex

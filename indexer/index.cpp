#include "newsdex/index.hpp"

#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <xapian.h>

#include "common/schema.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/feed_parser.hpp"
#include "indexer/input.hpp"
#include "indexer/text_parser.hpp"

namespace newsdex {
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

Xapian::WritableDatabase open_writable(const IndexOptions& options) {
  if (options.path.empty())
    throw Error(Errc::invalid_argument, "no index path given (use --db DIR or set NEWSDEX_DB)");
  std::error_code ec;
  fs::create_directories(options.path, ec);
  if (ec)
    throw Error(Errc::io, fmt::format("{}: cannot create the index folder: {}", options.path,
                                      ec.message()));
  auto deadline = std::chrono::steady_clock::now() + options.lock_wait;
  for (;;) {
    try {
      return Xapian::WritableDatabase(options.path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      if (std::chrono::steady_clock::now() >= deadline)
        throw Error(Errc::locked,
                    fmt::format("{}: another newsdex-index is writing to this index; wait for it "
                                "to finish, or pass --wait SECONDS",
                                options.path));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw Error(Errc::corrupt, fmt::format("{}: not a usable index: {}", options.path,
                                             e.get_msg()));
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("{}: {}", options.path, e.get_description()));
    }
  }
}

}  // namespace

struct Index::Impl {
  IndexOptions options;
  Xapian::WritableDatabase db;
  Xapian::TermGenerator terms;
  std::size_t pending = 0;

  explicit Impl(const IndexOptions& o) : options(o), db(open_writable(o)) {
    terms.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
    terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  }

  void commit() {
    try {
      db.commit();
      pending = 0;
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("{}: commit failed: {}", options.path, e.get_description()));
    }
  }

  // Adds, replaces or skips one item, by its unique id.
  void store(const Item& item, IndexReport& report) {
    BuiltDocument built = build_document(item, terms);
    try {
      Xapian::PostingIterator existing = db.postlist_begin(built.id_term);
      if (existing != db.postlist_end(built.id_term)) {
        if (db.get_document(*existing).get_value(schema::kContentHashSlot) == built.content_hash) {
          ++report.unchanged;
          return;
        }
        db.replace_document(built.id_term, built.document);
        ++report.updated;
      } else {
        db.add_document(built.document);
        ++report.added;
      }
    } catch (const Xapian::Error& e) {
      throw Error(Errc::io, fmt::format("{}: write failed: {}", options.path, e.get_description()));
    }
    if (++pending >= options.batch_size) commit();
  }

  void add_bytes(std::string_view bytes, const std::string& name, IndexReport& report,
                 InputFormat format) {
    if (format == InputFormat::automatic)
      format = looks_like_xml(bytes) ? InputFormat::feed : InputFormat::article;
    if (format == InputFormat::article && looks_binary(bytes)) {
      report.errors.push_back({name, "binary data, not a feed or text; skipped"});
      return;
    }
    std::vector<Item> items;
    if (format == InputFormat::feed) {
      ParsedFeed feed = parse_feed(bytes);
      report_diagnostics(name, feed.warnings, report.warnings);
      if (feed.error) {
        report.errors.push_back({where(name, feed.error->line), std::move(feed.error->message)});
        return;
      }
      items = std::move(feed.items);
    } else {
      ParsedText text = parse_text(bytes, TextOptions{});
      report_diagnostics(name, text.warnings, report.warnings);
      items = std::move(text.items);
    }
    ++report.inputs_read;
    report.inputs.push_back({name, items.size()});
    for (const auto& item : items) store(item, report);
  }
};

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
  impl_->add_bytes(bytes, name, report, format);
}

void Index::add_path(const std::string& path, IndexReport& report, InputFormat format) {
  add_paths({path}, report, format);
}

void Index::add_paths(const std::vector<std::string>& paths, IndexReport& report,
                      InputFormat format) {
  // Expand directories first so progress can count against a known total.
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (path == "-") {
      files.push_back(path);
    } else if (ec || !fs::exists(status)) {
      report.errors.push_back({path, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      for (const auto& file : files_under(path, report.errors)) files.push_back(file.string());
    } else {
      files.push_back(path);
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    if (impl_->options.progress) impl_->options.progress(file, i, files.size());
    std::string name = file == "-" ? "<stdin>" : file;
    std::string bytes;
    try {
      bytes = file == "-" ? read_stream(std::cin) : read_file(file);
    } catch (const Error& e) {
      report.errors.push_back({name, e.what()});
      continue;
    }
    impl_->add_bytes(bytes, name, report, format);
  }
  if (impl_->options.progress && !files.empty())
    impl_->options.progress({}, files.size(), files.size());
}

void Index::commit() { impl_->commit(); }

}  // namespace newsdex

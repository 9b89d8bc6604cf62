#pragma once
// Writing to an index: newsdex::Index reads feeds and plain-text news and
// stores them as Xapian documents, one per item.
//
// Ownership and threads: an Index owns its Xapian database handle and the
// index's write lock until it is destroyed. Only one Index may be open on a
// directory at a time (across processes); any number of Searchers may read
// it meanwhile and see the last committed state. An Index is not thread-safe:
// use it from one thread.

#include <chrono>
#include <cstddef>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/error.hpp"

namespace newsdex {

struct IndexOptions {
  // Directory of the index; created (with parents) when missing.
  std::string path;
  // How long to wait for another process's write lock before failing with
  // Errc::locked. Zero: fail at once.
  std::chrono::milliseconds lock_wait{0};
  // Documents written between two Xapian commits. Smaller batches bound the
  // memory used and the work a crash can lose (never more than one batch).
  std::size_t batch_size = 1000;
  // Called before each file is read (directories are expanded first, so
  // `total` is known): for progress displays. May be empty.
  std::function<void(const std::string& input, std::size_t done, std::size_t total)> progress;
};

// What to treat an input as. `automatic` detects it from the content
// (an XML root of rss, rdf:RDF or feed; otherwise plain text).
enum class InputFormat { automatic, feed, article };

// A problem with one input: `where` names the file (and line when known),
// as in "data/feed.xml:12".
struct Problem {
  std::string where;
  std::string message;
};

// One input that was read, and how many items it held.
struct InputSummary {
  std::string name;
  std::size_t items = 0;
};

struct IndexReport {
  std::size_t inputs_read = 0;  // inputs that yielded a parse (even if empty)
  std::vector<InputSummary> inputs;  // each input read, in order
  std::size_t added = 0;        // new documents
  std::size_t updated = 0;      // same id, changed content: replaced
  std::size_t unchanged = 0;    // same id, same content: nothing written
  std::vector<Problem> warnings;  // recovered problems: the input was indexed
  std::vector<Problem> errors;    // inputs that could not be indexed at all

  bool ok() const { return errors.empty(); }
};

class Index {
 public:
  // Opens the index at options.path for writing, creating it if missing.
  // Throws Error: locked (another writer; after lock_wait), io, corrupt.
  static Index open(const IndexOptions& options);

  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();  // commits pending documents; errors there are swallowed, so call commit()

  // Indexes a file, or every regular file under a directory (recursively, in
  // name order; hidden files and folders are skipped). "-" reads standard
  // input. Problems go into `report`; nothing here throws for bad input.
  // Throws Error only when the index itself cannot be written.
  void add_path(const std::string& path, IndexReport& report,
                InputFormat format = InputFormat::automatic);

  // add_path for several inputs, with one progress count across all of them.
  void add_paths(const std::vector<std::string>& paths, IndexReport& report,
                 InputFormat format = InputFormat::automatic);

  // Indexes bytes already in memory; `name` is used in messages and as the
  // fallback source.
  void add_bytes(std::string_view bytes, const std::string& name, IndexReport& report,
                 InputFormat format = InputFormat::automatic);

  // Makes everything added so far durable and visible to searchers.
  // Throws Error(io) when the write fails.
  void commit();

 private:
  struct Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex

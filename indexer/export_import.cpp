// Export and import: every stored document as one JSON line, and back again.
// The export format is public and versioned on its own (notmuch's dump and
// restore are the model): importing stores each document as if it had just
// been read, so terms and values are rebuilt by the current schema and an
// export survives changes of the index format.

#include <filesystem>
#include <istream>
#include <ostream>
#include <string>
#include <utility>

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "common/stored_document.hpp"
#include "indexer/index_impl.hpp"
#include "indexer/parse/export_line.hpp"
#include "newsdex/index.hpp"
#include "newsdex/search.hpp"
#include "newsdex/version.hpp"

namespace newsdex {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;  // fields in Document's order, for people reading a line

// ---- export -----------------------------------------------------------------

// RFC 3339 in UTC ("2025-12-01T08:00:00Z"): what search output writes too,
// and the same bytes whatever the exporting machine's time zone.
ordered time_or_null(const std::optional<std::int64_t>& t) {
  return t ? ordered(format_utc(*t)) : ordered(nullptr);
}

std::string to_json_line(const Document& d) {
  ordered citations = ordered::array();
  for (const auto& c : d.citations)
    citations.push_back({{"sentence", c.sentence}, {"source_ids", c.source_ids}});
  ordered j = {{"id", d.id},
               {"title", d.title},
               {"url", d.url},
               {"source", d.source},
               {"author", d.author},
               {"authors", d.authors},
               {"published", time_or_null(d.published)},
               {"updated", time_or_null(d.updated)},
               {"first_seen", time_or_null(d.first_seen)},
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
               {"citations", std::move(citations)}};
  // Stored text is valid UTF-8 already; replace rather than throw if some is not.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string header_line() {
  ordered j = {{kExportHeaderKey, kExportFormat},
               {"version", NEWSDEX_VERSION_STRING},
               {kIdentityRuleKey, kIdentityRule}};
  return j.dump();
}

void write_line(std::ostream& out, const std::string& line) {
  out << line << '\n';
  if (!out) throw Error(Errc::io, "writing the export failed (is the disk full?)");
}

// Like Searcher::open: the same errors for a missing or unusable index.
Xapian::Database open_for_export(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec))
    throw Error(Errc::not_found, fmt::format("no index at '{}': nothing to export", path));
  try {
    return Xapian::Database(path);
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw Error(Errc::not_found, fmt::format("'{}' holds no newsdex index: nothing to export", path));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::corrupt, fmt::format("{}: cannot open the index: {}", path, e.get_description()));
  }
}

Document stored_document(Xapian::Database& db, Xapian::docid docid) {
  try {
    return decode(db.get_document(docid).get_data());
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("document #{}: {}", docid, e.what()));
  }
}

}  // namespace

std::size_t export_documents(const std::string& path, std::ostream& out) {
  Xapian::Database db = open_for_export(path);
  write_line(out, header_line());
  std::size_t count = 0;
  try {
    // Docid order: the order of first indexing, stable, and kept by import.
    for (auto it = db.postlist_begin(""), end = db.postlist_end(""); it != end; ++it) {
      write_line(out, to_json_line(stored_document(db, *it)));
      ++count;
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    throw Error(Errc::io, fmt::format("{}: the index changed too much during the export; run it again",
                                      path));
  } catch (const Xapian::Error& e) {
    throw Error(Errc::corrupt, fmt::format("{}: reading the index failed: {}", path, e.get_description()));
  }
  out.flush();
  if (!out) throw Error(Errc::io, "writing the export failed (is the disk full?)");
  return count;
}

void Index::import_documents(std::istream& in, const std::string& name, IndexReport& report) {
  std::string line;
  std::size_t number = 0, imported = 0;
  bool first = true;  // only the first non-blank line may be the header
  int identity_rule = 0;  // what the header says; an export without one is older
  while (std::getline(in, line)) {
    ExportLine read = read_export_line(line, ++number, first);
    if (read.kind == ExportLine::Kind::blank) continue;
    first = false;
    const std::string where = fmt::format("{}:{}", name, number);
    switch (read.kind) {
      case ExportLine::Kind::header:
        if (!read.message.empty()) report.warnings.push_back({where, std::move(read.message)});
        identity_rule = read.identity_rule;
        break;
      case ExportLine::Kind::item:
        read.item.identity_rule = identity_rule;
        if (!read.item.first_seen) read.item.first_seen = static_cast<std::int64_t>(std::time(nullptr));
        impl_->store(read.item, report);  // Error(io) passes through
        ++imported;
        break;
      default:
        report.errors.push_back({where, std::move(read.message)});
    }
  }
  if (in.bad()) throw Error(Errc::io, fmt::format("{}: reading failed after line {}", name, number));
  ++report.inputs_read;
  report.inputs.push_back({name, imported});
}

}  // namespace newsdex

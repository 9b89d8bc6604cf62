// read_export_line: each line of a backup, as import reads it.
#include <cstddef>
#include <string_view>

#include "indexer/parse/export_line.hpp"
#include "indexer/parse/unique_id.hpp"
#include "tests/fuzz/fuzz_target.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  std::size_t number = 0;
  bool first = true;
  while (!bytes.empty()) {
    const std::size_t end = std::min(bytes.find('\n'), bytes.size());
    const newsdex::ExportLine line = newsdex::read_export_line(bytes.substr(0, end), ++number, first);
    if (line.kind != newsdex::ExportLine::Kind::blank) first = false;
    if (line.kind == newsdex::ExportLine::Kind::item)
      newsdex::fuzz::check(newsdex::unique_id(line.item) == line.item.guid,
                           "an imported item keeps its exported id");
    if (line.kind == newsdex::ExportLine::Kind::bad)
      newsdex::fuzz::check(!line.message.empty(), "a bad line says why");
    bytes.remove_prefix(std::min(end + 1, bytes.size()));
  }
}

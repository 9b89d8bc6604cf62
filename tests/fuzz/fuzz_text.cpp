// parse_text: plain-text articles, scraped pages and digests, with the
// shipped boilerplate phrases, as the indexer reads a .txt file.
#include <fstream>
#include <iterator>
#include <string>

#include "indexer/parse/text_parser.hpp"
#include "tests/fuzz/item_checks.hpp"

namespace {

const newsdex::Boilerplate& shipped_boilerplate() {
  static const newsdex::Boilerplate phrases = [] {
    std::ifstream in(NEWSDEX_SOURCE_DIR "/data/boilerplate.conf", std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    newsdex::fuzz::check(!text.empty(), "data/boilerplate.conf is readable");
    std::vector<newsdex::Diagnostic> warnings;
    return newsdex::Boilerplate::parse(text, warnings);
  }();
  return phrases;
}

}  // namespace

NEWSDEX_FUZZ_TARGET(bytes) {
  // The first byte picks the kind, as --kind does; the rest is the file.
  auto kind = newsdex::TextKind::automatic;
  if (!bytes.empty()) {
    kind = static_cast<newsdex::TextKind>(static_cast<unsigned char>(bytes[0]) % 3);
    bytes.remove_prefix(1);
  }
  newsdex::TextOptions options;
  options.reference_time = 1'700'000'000;  // 2023-11-14: year-less dates need a year
  options.boilerplate = &shipped_boilerplate();
  const newsdex::ParsedText parsed = newsdex::parse_text(bytes, options, kind);
  newsdex::fuzz::check_items(parsed.items);
}

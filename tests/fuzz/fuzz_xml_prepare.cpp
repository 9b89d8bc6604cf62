// prepare_xml: any bytes, under any Content-Type charset, become valid UTF-8.
#include "common/encoding.hpp"
#include "indexer/parse/xml_prepare.hpp"
#include "tests/fuzz/fuzz_target.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  // The first byte picks the HTTP charset, as a server would send one.
  static constexpr std::string_view kCharsets[] = {"", "utf-8", "iso-8859-1", "windows-1252",
                                                   "utf-16", "shift_jis", "koi8-r", "bogus"};
  std::string_view charset;
  if (!bytes.empty()) {
    charset = kCharsets[static_cast<unsigned char>(bytes[0]) % std::size(kCharsets)];
    bytes.remove_prefix(1);
  }
  const newsdex::PreparedXml prepared = newsdex::prepare_xml(bytes, charset);
  newsdex::fuzz::check(newsdex::is_valid_utf8(prepared.xml), "prepared XML is valid UTF-8");
}

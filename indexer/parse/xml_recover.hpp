#pragma once
// The second chance for XML that is not well-formed: libxml2's recover mode
// reads what it can and the tree is written out again as well-formed XML, for
// tinyxml2 to parse as usual. A pure function: text in, text and a sentence
// out; no file, no network, no global state of ours.
//
// Safety: no entity is substituted (XML_PARSE_NOENT is off), no DTD is loaded
// (no XML_PARSE_DTDLOAD), nothing is fetched (XML_PARSE_NONET, and the SAX
// entity resolver refuses every external entity), and libxml2's own limits
// stay on (no XML_PARSE_HUGE: depth 256, 10 MB text nodes, entity
// amplification checks). A document that meets one of those limits is not
// recovered at all: the limit is the reader's, not a flaw to repair.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

struct RecoveredXml {
  std::string xml;         // well-formed UTF-8 XML; a declaration only if the input had one
  std::size_t line = 0;    // 1-based line of the input where the first error was found (0: none)
  std::string repair;      // what was wrong and what was done, one sentence
  std::size_t errors = 0;  // how many errors libxml2 reported
};

// Recovers `utf8_xml` (UTF-8, as xml_prepare returns it). Besides libxml2's
// own repairs (an unclosed element is closed at the end of the input, content
// after the root element is dropped, a broken attribute is read as far as it
// goes), an end tag closes the nearest open element of its name, as HTML and
// feedparser's loose parser do: "<item><title>A</item>" closes both, and an
// end tag that closes nothing open is ignored. Returns nullopt when nothing
// with a root element could be read, or a limit above was met.
std::optional<RecoveredXml> recover_xml(std::string_view utf8_xml);

}  // namespace newsdex

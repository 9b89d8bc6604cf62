#pragma once
// Turning the raw bytes of a feed into UTF-8 XML that tinyxml2 accepts, as
// liberally as the feed readers people use (feedparser is the model). A pure
// function: bytes in, text and warnings out.

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

struct PreparedXml {
  std::string xml;       // UTF-8, declaration (if any) says encoding="UTF-8"
  std::string charset;   // the charset the bytes were read as, e.g. "windows-1252"
  std::vector<std::string> warnings;  // each a sentence, e.g. "line 4: undefined entity &nbsp;"
};

// Steps, each adding a warning when it had to change something the XML
// specification would reject:
// 1. Encoding: a BOM wins; else UTF-16/32 without BOM sniffed from "<?xml"
//    bytes; else `http_charset` when given (a Content-Type charset); else the
//    XML declaration's encoding="..."; else UTF-8. If the bytes are not valid
//    in that charset, invalid sequences become U+FFFD (warning with count). If
//    no charset was declared and the bytes are not valid UTF-8, they are read
//    as windows-1252 (warning). An unknown declared charset falls back the
//    same way (warning).
// 2. Whitespace (and a BOM) before the XML declaration is removed (warning
//    only for whitespace).
// 3. The declaration's encoding is rewritten to UTF-8.
// 4. Entities: "&name;" where name is not one of XML's five (amp lt gt quot
//    apos) is rewritten to "&amp;name;" so the text keeps it literally for
//    the HTML-to-text step to decode (warning naming the entity and line);
//    a bare '&' not starting an entity or character reference becomes "&amp;"
//    (warning). Numeric references are left alone. Text inside CDATA
//    sections, comments and processing instructions is not touched; neither is
//    the DOCTYPE's internal subset.
// 5. Processing instructions before the root element (xml-stylesheet) are
//    dropped, and a last tag cut off at the end of input ("</rss") is closed.
// Line numbers in warnings are 1-based lines of the returned xml.
PreparedXml prepare_xml(std::string_view bytes, std::string_view http_charset = {});

}  // namespace newsdex

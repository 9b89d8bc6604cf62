#include "indexer/parse/xml_prepare.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/encoding.hpp"

using namespace std::string_view_literals;  // "..."sv keeps embedded NULs

namespace newsdex {
namespace {

constexpr std::string_view kDecl = R"(<?xml version="1.0" encoding="UTF-8"?>)";

bool has_warning(const PreparedXml& r, std::string_view needle) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const std::string& w) { return w.find(needle) != std::string::npos; });
}

std::string joined(const PreparedXml& r) {
  std::string all;
  for (const std::string& w : r.warnings) all += w + " | ";
  return all;
}

// Test input in a wide encoding, from UTF-8 text (code points below U+10000).
std::string encode_wide(std::string_view utf8, std::size_t unit, bool big_endian) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    char32_t cp = b0;
    std::size_t len = 1;
    if (b0 >= 0xE0) {
      cp = b0 & 0x0F, len = 3;
    } else if (b0 >= 0xC0) {
      cp = b0 & 0x1F, len = 2;
    }
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += len;
    for (std::size_t k = 0; k < unit; ++k) {
      const std::size_t shift = 8 * (big_endian ? unit - 1 - k : k);
      out.push_back(static_cast<char>((cp >> shift) & 0xFF));
    }
  }
  return out;
}

TEST_CASE("a last tag cut off at the end is closed, with a warning") {
  const PreparedXml r = prepare_xml("<rss><channel><title>T</title></channel></rss  \n");
  CHECK(r.xml == "<rss><channel><title>T</title></channel></rss>");
  CHECK(r.warnings.size() == 1);
  // A '<' inside text at the end is no tag: left for the parser to report.
  CHECK(prepare_xml("<a>x < y=\"1\"").warnings.empty());
}

TEST_CASE("well-formed UTF-8 XML passes through untouched and without warnings") {
  const std::string_view docs[] = {
      R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>caf&#233; &#xE9; &amp; &lt;b&gt; &quot;q&quot; &apos;</title>
<link>http://example.com/?a=1&amp;b=2</link></channel></rss>)",
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><feed xmlns="http://www.w3.org/2005/Atom"/>)",
      "<rss><title>no declaration, caf\u00E9 \u4E2D\u6587</title></rss>",
      "\n  <rss/>",  // whitespace is allowed when there is no declaration
      R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- AT&T &nbsp; <comment> -->
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/rss-0.91.dtd">
<rss><?app-data href="a.css?x=1&y=2"?><description><![CDATA[AT&T &nbsp; <b>bold</b> & ]] > ]]></description>
<x a="&amp;" b='&#169;'>&#x1F600;</x></rss>)",
      R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY copy "&#169;">
  <!-- a comment with a ] and a > and a bare & -->
  <!ENTITY weird "]>&odd">
  <?pi with & inside?>
]>
<rss>&amp;</rss>)",
  };
  for (const std::string_view doc : docs) {
    CAPTURE(doc);
    const PreparedXml r = prepare_xml(doc);
    CHECK(r.xml == doc);
    CHECK(r.charset == "UTF-8");
    CHECK_MESSAGE(r.warnings.empty(), joined(r));
  }
}

TEST_CASE("a byte-order mark decides the encoding and is dropped") {
  const std::string body = "<?xml version=\"1.0\" encoding=\"ENC\"?><a>caf\u00E9 \u20AC</a>";
  const std::string expected = std::string{kDecl} + "<a>caf\u00E9 \u20AC</a>";
  struct Case {
    std::string_view bom;
    std::string_view charset;
    std::size_t unit;
    bool big_endian;
  };
  const Case cases[] = {
      {"\xEF\xBB\xBF", "UTF-8", 1, false},
      {"\xFF\xFE", "UTF-16LE", 2, false},
      {"\xFE\xFF", "UTF-16BE", 2, true},
      {"\xFF\xFE\0\0"sv, "UTF-32LE", 4, false},
      {"\0\0\xFE\xFF"sv, "UTF-32BE", 4, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.charset);
    // The declaration names some other charset: the BOM still wins.
    const std::string payload = c.unit == 1 ? body : encode_wide(body, c.unit, c.big_endian);
    const PreparedXml r = prepare_xml(std::string{c.bom} + payload, "ISO-8859-1");
    CHECK(r.xml == expected);
    CHECK(r.charset == c.charset);
    CHECK_MESSAGE(r.warnings.empty(), joined(r));
  }
}

TEST_CASE("UTF-16 and UTF-32 without a BOM are sniffed from the first bytes") {
  const std::string body = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<a>\u041F\u0440\u0438</a>";
  const std::string expected = std::string{kDecl} + "\n<a>\u041F\u0440\u0438</a>";
  struct Case {
    std::size_t unit;
    bool big_endian;
    std::string_view charset;
  };
  for (const Case& c : {Case{2, false, "UTF-16LE"}, Case{2, true, "UTF-16BE"}, Case{4, false, "UTF-32LE"},
                        Case{4, true, "UTF-32BE"}}) {
    CAPTURE(c.charset);
    const PreparedXml r = prepare_xml(encode_wide(body, c.unit, c.big_endian));
    CHECK(r.xml == expected);
    CHECK(r.charset == c.charset);
    CHECK_MESSAGE(r.warnings.empty(), joined(r));
  }
  // Without a declaration, a leading '<' is enough.
  const PreparedXml r = prepare_xml(encode_wide("<rss>\u00E9</rss>", 2, false));
  CHECK(r.xml == "<rss>\u00E9</rss>");
  CHECK(r.charset == "UTF-16LE");
}

TEST_CASE("declared legacy charsets are converted and the declaration says UTF-8") {
  struct Case {
    std::string_view bytes;
    std::string_view http_charset;
    std::string_view xml;
    std::string_view charset;
  };
  const Case cases[] = {
      {"<?xml version=\"1.0\" encoding='iso-8859-1'?><a>caf\xE9</a>", "",
       R"(<?xml version="1.0" encoding="UTF-8"?><a>caf)" "\u00E9</a>", "iso-8859-1"},
      // iso-8859-1 is read as windows-1252, so curly quotes survive.
      {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\x93hi\x94</a>", "",
       R"(<?xml version="1.0" encoding="UTF-8"?><a>)" "\u201Chi\u201D</a>", "ISO-8859-1"},
      {"<?xml version='1.0' encoding='windows-1252'?><a>\x80 5</a>", "",
       R"(<?xml version="1.0" encoding="UTF-8"?><a>)" "\u20AC 5</a>", "windows-1252"},
      {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>\xCF\xF0\xE8\xE2\xE5\xF2</a>", "",
       R"(<?xml version="1.0" encoding="UTF-8"?><a>)" "\u041F\u0440\u0438\u0432\u0435\u0442</a>", "windows-1251"},
      {"<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a>\xF0\xD2\xC9\xD7\xC5\xD4</a>", "",
       R"(<?xml version="1.0" encoding="UTF-8"?><a>)" "\u041F\u0440\u0438\u0432\u0435\u0442</a>", "KOI8-R"},
      // The Content-Type charset overrides the declaration.
      {"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xF0\xD2\xC9</a>", "koi8-r",
       R"(<?xml version="1.0" encoding="UTF-8"?><a>)" "\u041F\u0440\u0438</a>", "koi8-r"},
      {"<a>\xC1\xC2</a>", "\"windows-1251\"", "<a>\u0411\u0412</a>", "windows-1251"},
      // A declaration without encoding gets one; version and standalone stay.
      {"<?xml version=\"1.1\" standalone='no' ?><a/>", "",
       R"(<?xml version="1.1" encoding="UTF-8" standalone="no"?><a/>)", "UTF-8"},
      // Pseudo-attributes over several lines and out of order.
      {"<?xml encoding=\"Windows-1252\"\n   version=\"1.0\"\n?>\n<a>\x96</a>", "",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\u2013</a>", "Windows-1252"},
      // "encoding" outside the declaration is not the declaration's.
      {"<?xml version=\"1.0\"?><a encoding=\"koi8-r\">\xD0\x9F</a>", "",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a encoding=\"koi8-r\">\u041F</a>", "UTF-8"},
      // (A stylesheet instruction before the root is dropped: tinyxml2 would
      // take it for a misplaced declaration.)
      {"<?xml-stylesheet encoding=\"koi8-r\"?><a>\xD0\x9F</a>", "", "<a>\u041F</a>", "UTF-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.xml);
    const PreparedXml r = prepare_xml(c.bytes, c.http_charset);
    CHECK(r.xml == c.xml);
    CHECK(r.charset == c.charset);
    CHECK_MESSAGE(r.warnings.empty(), joined(r));
  }
}

TEST_CASE("a wrong HTTP charset loses to a document that is the UTF-8 it declares") {
  const std::string_view utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\xC3\xA9</a>";
  const PreparedXml r = prepare_xml(utf8, "ISO-8859-1");
  CHECK(r.xml == std::string{kDecl} + "<a>caf\u00E9</a>");  // not "cafÃ©"
  CHECK(r.charset == "UTF-8");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] ==
        "the HTTP charset \"ISO-8859-1\" does not match the bytes, which are UTF-8 as the document declares; "
        "read as UTF-8");

  // The HTTP charset still wins when the bytes are not UTF-8, when they are
  // ASCII (nothing to tell), and when the document declares nothing.
  CHECK(prepare_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\xE9</a>", "ISO-8859-1").xml ==
        std::string{kDecl} + "<a>caf\u00E9</a>");
  const PreparedXml ascii = prepare_xml("<?xml version=\"1.0\" encoding=\"utf-8\"?><a>cafe</a>", "koi8-r");
  CHECK(ascii.charset == "koi8-r");
  CHECK(ascii.warnings.empty());
  CHECK(prepare_xml("<a>\xD0\x9F</a>", "windows-1251").xml == "<a>\u0420\u045F</a>");
}

TEST_CASE("an invalid byte in declared UTF-8 becomes U+FFFD and conversion continues") {
  const PreparedXml r = prepare_xml("<?xml version=\"1.0\" encoding=\"utf-8\"?><a>caf\xE9 au lait &amp; more</a>");
  CHECK(r.xml == std::string{kDecl} + "<a>caf\uFFFD au lait &amp; more</a>");
  CHECK(r.charset == "utf-8");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "1 invalid byte sequence in utf-8 replaced with U+FFFD");

  // The same with a UTF-8 BOM, and with several bad bytes.
  const PreparedXml bom = prepare_xml("\xEF\xBB\xBF<a>\xFF\xFE ok \xC0</a>");
  CHECK(bom.xml == "<a>\uFFFD\uFFFD ok \uFFFD</a>");
  CHECK(has_warning(bom, "3 invalid byte sequences in UTF-8"));
}

TEST_CASE("undeclared bytes that are not UTF-8 are read as windows-1252") {
  const PreparedXml r = prepare_xml("<rss><title>\x93" "Caf\xE9\x94 \x80</title></rss>");
  CHECK(r.xml == "<rss><title>\u201CCaf\u00E9\u201D \u20AC</title></rss>");
  CHECK(r.charset == "windows-1252");
  REQUIRE(r.warnings.size() == 1);
  CHECK(has_warning(r, "read as windows-1252"));

  const PreparedXml decl = prepare_xml("<?xml version=\"1.0\"?>\n<a>\xE9</a>");
  CHECK(decl.xml == std::string{kDecl} + "\n<a>\u00E9</a>");
  CHECK(decl.charset == "windows-1252");
}

TEST_CASE("an unknown declared charset falls back with a warning") {
  SUBCASE("bytes valid as UTF-8") {
    const PreparedXml r = prepare_xml("<?xml version=\"1.0\" encoding=\"bogus\"?><a>\u00E9</a>");
    CHECK(r.xml == std::string{kDecl} + "<a>\u00E9</a>");
    CHECK(r.charset == "UTF-8");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] == "unknown charset \"bogus\" ignored");
  }
  SUBCASE("bytes not valid as UTF-8") {
    const PreparedXml r = prepare_xml("<?xml version=\"1.0\" encoding=\"x-klingon\"?><a>\xE9</a>");
    CHECK(r.xml == std::string{kDecl} + "<a>\u00E9</a>");
    CHECK(r.charset == "windows-1252");
    CHECK(r.warnings.size() == 2);
    CHECK(has_warning(r, "unknown charset \"x-klingon\""));
    CHECK(has_warning(r, "read as windows-1252"));
  }
  SUBCASE("an unknown Content-Type charset gives way to the declaration") {
    const PreparedXml r = prepare_xml("<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xF0</a>", "nonsense");
    CHECK(r.xml == std::string{kDecl} + "<a>\u041F</a>");
    CHECK(r.charset == "koi8-r");
    CHECK(has_warning(r, "unknown charset \"nonsense\""));
  }
  SUBCASE("UTF-16 declared over single-byte text") {
    const PreparedXml r = prepare_xml("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>x</a>");
    CHECK(r.xml == std::string{kDecl} + "<a>x</a>");
    CHECK(r.charset == "UTF-8");
    CHECK(has_warning(r, "\"UTF-16\" does not match the bytes"));
  }
}

TEST_CASE("whitespace before the XML declaration is removed with a warning") {
  const PreparedXml r = prepare_xml("\n\n  \t<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss/>");
  CHECK(r.xml == std::string{kDecl} + "\n<rss/>");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "whitespace before the XML declaration removed");

  // After a BOM too, and the warning is for the whitespace only.
  const PreparedXml bom = prepare_xml("\xEF\xBB\xBF <?xml version=\"1.0\"?><rss/>");
  CHECK(bom.xml == std::string{kDecl} + "<rss/>");
  CHECK(bom.warnings.size() == 1);
}

TEST_CASE("undefined named entities are kept literally with a warning and line number") {
  const std::string_view in =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss>\n"
      "<title>a&nbsp;b</title>\n"
      "<description>Caf&eacute; &amp; &copy;</description>\n"
      "</rss>";
  const PreparedXml r = prepare_xml(in);
  CHECK(r.xml ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss>\n"
        "<title>a&amp;nbsp;b</title>\n"
        "<description>Caf&amp;eacute; &amp; &amp;copy;</description>\n"
        "</rss>");
  REQUIRE(r.warnings.size() == 3);
  CHECK(r.warnings[0] == "line 3: undefined entity &nbsp;");
  CHECK(r.warnings[1] == "line 4: undefined entity &eacute;");
  CHECK(r.warnings[2] == "line 4: undefined entity &copy;");
}

TEST_CASE("line numbers count lines of the returned xml") {
  // The declaration was three lines long and is rewritten as one.
  const PreparedXml r = prepare_xml("<?xml version=\"1.0\"\n encoding=\"utf-8\"\n?>\n<a>\n&hellip;</a>");
  CHECK(r.xml == std::string{kDecl} + "\n<a>\n&amp;hellip;</a>");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "line 3: undefined entity &hellip;");
}

TEST_CASE("ampersands that start no reference are escaped") {
  struct Case {
    std::string_view in;
    std::string_view out;
    std::size_t warnings;
  };
  const Case cases[] = {
      {"AT&T", "AT&amp;T", 1},
      {"a & b", "a &amp; b", 1},
      {"?a=1&b=2", "?a=1&amp;b=2", 1},
      {"?a=1&b=2&c", "?a=1&amp;b=2&amp;c", 2},
      {"&", "&amp;", 1},
      {"&&amp;", "&amp;&amp;", 1},
      {"&;", "&amp;;", 1},
      {"&nbsp", "&amp;nbsp", 1},          // no semicolon: not an entity
      {"&1st;", "&amp;1st;", 1},          // a Name cannot start with a digit
      {"&a b;", "&amp;a b;", 1},
      {"&#;", "&amp;#;", 1},
      {"&#x;", "&amp;#x;", 1},
      {"&#xZZ;", "&amp;#xZZ;", 1},
      {"&#12a;", "&amp;#12a;", 1},
      {"&#65", "&amp;#65", 1},
      {"&#X41;", "&amp;#X41;", 1},        // XML allows only a lower-case x
      {"&#0;", "&amp;#0;", 1},            // not a character XML allows
      {"&#xD800;", "&amp;#xD800;", 1},
      {"&#x110000;", "&amp;#x110000;", 1},
      {"&#99999999999999999999;", "&amp;#99999999999999999999;", 1},
      // Well-formed references are left alone.
      {"&#233;&#xE9;&#xe9;&#x10FFFF;&#9;", "&#233;&#xE9;&#xe9;&#x10FFFF;&#9;", 0},
      {"&amp;&lt;&gt;&quot;&apos;", "&amp;&lt;&gt;&quot;&apos;", 0},
      // Entity names follow XML's Name rules, beyond ASCII too.
      {"&a.b-c:d_1;", "&amp;a.b-c:d_1;", 1},
      {"&\u00E9t\u00E9;", "&amp;\u00E9t\u00E9;", 1},
      {"&Amp;", "&amp;Amp;", 1},          // names are case-sensitive
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    const PreparedXml r = prepare_xml("<a>" + std::string{c.in} + "</a>");
    CHECK(r.xml == "<a>" + std::string{c.out} + "</a>");
    CHECK_MESSAGE(r.warnings.size() == c.warnings, joined(r));
  }
  // An entity declared in the internal subset is still not one of the five.
  const PreparedXml declared = prepare_xml("<!DOCTYPE a [<!ENTITY id \"x\">]><a>&id;</a>");
  CHECK(declared.xml == "<!DOCTYPE a [<!ENTITY id \"x\">]><a>&amp;id;</a>");
  CHECK(declared.warnings.size() == 1);

  // A very long name is shortened in the warning, on a character boundary.
  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "\u00E9";
  const PreparedXml longer = prepare_xml("<a>&" + long_name + ";</a>");
  REQUIRE(longer.warnings.size() == 1);
  CHECK(longer.warnings[0].size() <= 70);
  CHECK(longer.warnings[0].ends_with("...;"));
  CHECK(is_valid_utf8(longer.warnings[0]));

  const PreparedXml bare = prepare_xml("<a>AT&T</a>");
  REQUIRE(bare.warnings.size() == 1);
  CHECK(bare.warnings[0] == "line 1: bare '&' escaped as &amp;");
}

TEST_CASE("attribute values get the entity treatment") {
  const PreparedXml r = prepare_xml(R"(<link href="http://x/?a=1&b=2" title='&eacute;t&#233;'/>)");
  CHECK(r.xml == R"(<link href="http://x/?a=1&amp;b=2" title='&amp;eacute;t&#233;'/>)");
  CHECK(r.warnings.size() == 2);
}

TEST_CASE("CDATA, comments, processing instructions and the DOCTYPE subset are left alone") {
  const std::string_view untouched[] = {
      "<a><![CDATA[AT&T &nbsp; &#xZZ; <b>]]></a>",
      "<a><!-- AT&T &nbsp; --></a>",
      "<a><?php echo 'a&b'; ?></a>",
      "<!DOCTYPE a [<!ENTITY nb \"&#160;\"><!ENTITY x 'a > b'>]><a/>",
      "<!DOCTYPE a SYSTEM \"a&b.dtd\"><a/>",
  };
  for (const std::string_view doc : untouched) {
    CAPTURE(doc);
    const PreparedXml r = prepare_xml(doc);
    CHECK(r.xml == doc);
    CHECK_MESSAGE(r.warnings.empty(), joined(r));
  }
  // Text right after those constructs is processed again.
  const PreparedXml r = prepare_xml("<a><![CDATA[&x;]]>&x;<!--&y;-->&y;</a>");
  CHECK(r.xml == "<a><![CDATA[&x;]]>&amp;x;<!--&y;-->&amp;y;</a>");
  CHECK(r.warnings.size() == 2);
  // An unterminated CDATA section protects the rest, as a parser would read it.
  const PreparedXml open = prepare_xml("<a><![CDATA[AT&T</a>");
  CHECK(open.xml == "<a><![CDATA[AT&T</a>");
  CHECK(open.warnings.empty());
}

TEST_CASE("entity warnings are capped with a summary") {
  std::string in = "<a>";
  for (int i = 0; i < 150; ++i) in += "&nbsp;\n";
  in += "</a>";
  const PreparedXml r = prepare_xml(in);
  REQUIRE(r.warnings.size() == 101);
  CHECK(r.warnings[0] == "line 1: undefined entity &nbsp;");
  CHECK(r.warnings[99] == "line 100: undefined entity &nbsp;");
  CHECK(r.warnings[100] == "50 more '&' fixes not listed");
  CHECK(std::count(r.xml.begin(), r.xml.end(), '&') == 150);
}

TEST_CASE("empty and arbitrary input never breaks prepare_xml") {
  const PreparedXml empty = prepare_xml("");
  CHECK(empty.xml.empty());
  CHECK(empty.warnings.empty());
  CHECK(empty.charset == "UTF-8");

  unsigned state = 99;
  for (int round = 0; round < 50; ++round) {
    std::string bytes = round % 2 ? "<?xml version=\"1.0\" encoding=\"utf-16\"?>" : "";
    for (int i = 0; i < 512; ++i) {
      state = state * 1103515245u + 12345u;
      const auto b = static_cast<char>(state >> 16);
      bytes.push_back(round % 3 ? b : "<&;#x![]-?>"[(state >> 16) % 11]);
    }
    const PreparedXml r = prepare_xml(bytes);
    CHECK(is_valid_utf8(r.xml));
  }
}

}  // namespace
}  // namespace newsdex

// The Reuters-21578 reader on hand-written SGML with the collection's quirks.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "reuters.hpp"

using namespace newsdex::bench;

namespace {

const char* kSgml = R"(<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="7">
<DATE> 2-MAR-1987 09:30:00.12</DATE>
<TOPICS><D>grain</D><D>wheat</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>U.S. WHEAT &lt;SALES> RISE</TITLE>
<DATELINE>    WASHINGTON, March 2 - </DATELINE><BODY>Wheat sales rose, AT&amp;T said.
    More text.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE>31-DEC-1987 23:59:59.00</DATE>
<TOPICS></TOPICS>
<PLACES></PLACES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>BRIEF TITLE ONLY
</TITLE>
&#3;</TEXT>
</REUTERS>
<REUTERS NEWID="9">
<DATE>bad date</DATE>
<TEXT TYPE="UNPROC">&#2;
Unmarked text with a caf)"
                    "\xe9"
                    R"(.
&#3;</TEXT>
</REUTERS>
<REUTERS OLDID="3">
<TEXT><BODY>no NEWID: skipped</BODY></TEXT>
</REUTERS>
)";

}  // namespace

TEST_CASE("reuters: articles, fields and entities") {
  auto articles = parse_reuters_sgml(kSgml);
  REQUIRE(articles.size() == 3);
  const auto& a = articles[0];
  CHECK(a.id == 7);
  CHECK(a.title == "U.S. WHEAT <SALES> RISE");
  CHECK(a.dateline == "WASHINGTON, March 2 -");
  CHECK(a.body == "Wheat sales rose, AT&T said.\n    More text.\n Reuter");
  CHECK(a.topics == std::vector<std::string>{"grain", "wheat"});
  CHECK(a.places == std::vector<std::string>{"usa"});
  REQUIRE(a.date.has_value());
  CHECK(*a.date == 541675800);  // 1987-03-02T09:30:00Z

  CHECK(articles[1].title == "BRIEF TITLE ONLY");
  CHECK(articles[1].body.empty());
  CHECK(articles[1].topics.empty());
  CHECK(*articles[1].date == 567993599);  // 1987-12-31T23:59:59Z

  CHECK(articles[2].title.empty());
  CHECK(articles[2].body == "Unmarked text with a caf\xc3\xa9.");  // Latin-1 made UTF-8
  CHECK_FALSE(articles[2].date.has_value());
}

TEST_CASE("reuters: dates") {
  CHECK(parse_reuters_date("26-FEB-1987 15:01:01.79") == 541350061);
  CHECK(parse_reuters_date("1-jan-1970 00:00:00") == 0);
  CHECK_FALSE(parse_reuters_date("26-XYZ-1987 15:01:01").has_value());
  CHECK_FALSE(parse_reuters_date("26-FEB-1987").has_value());
  CHECK_FALSE(parse_reuters_date("").has_value());
}

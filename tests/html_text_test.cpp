#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "common/encoding.hpp"
#include "common/html_text.hpp"

namespace {

struct TextCase {
  std::string_view input;
  std::string_view expected;
};

}  // namespace

TEST_CASE("html_to_text: entities") {
  constexpr TextCase cases[] = {
      {"caf&eacute;", "caf\xC3\xA9"},
      {"a&nbsp;b", "a b"},
      {"a&nbsp;&nbsp; b", "a b"},
      {"2000&mdash;2010", "2000\xE2\x80\x94" "2010"},
      {"&lt;b&gt; is bold &amp; &quot;strong&quot;", "<b> is bold & \"strong\""},
      {"&#233;t&#xE9; &#XE9;", "\xC3\xA9t\xC3\xA9 \xC3\xA9"},
      {"&#8220;quoted&#8221;", "\xE2\x80\x9Cquoted\xE2\x80\x9D"},
      {"&#x1F600;", "\xF0\x9F\x98\x80"},
      {"AT&T", "AT&T"},
      {"fish &chips", "fish &chips"},
      {"&copy 2006", "\xC2\xA9 2006"},  // legacy entity without ';'
      {"<p title=\"&amp;\">x &amp; y</p>", "x & y"},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.input);
    CHECK(newsdex::html_to_text(c.input) == c.expected);
  }
}

TEST_CASE("html_to_text: structure") {
  constexpr TextCase cases[] = {
      // dropped elements
      {"a<script>var x = '<p>no</p>';</script>b", "ab"},
      {"<style>p { color: red }</style>text", "text"},
      {"<noscript>enable js</noscript>text", "text"},
      {"<template><p>hidden</p></template>shown", "shown"},
      {"a <iframe src=x>fallback</iframe> b", "a b"},
      {"a <object data=x>fallback</object> b", "a b"},
      {"<svg><style>.c{}</style><text>label</text></svg>", "label"},
      {"<!-- a comment --> text", "text"},
      {"a<img src=x.jpg alt=\"photo\">b", "ab"},  // images and their alt text go
      // block elements separate words
      {"<p>one</p><p>two</p>", "one two"},
      {"<div>one</div><div>two</div>", "one two"},
      {"one<br>two<br/>three", "one two three"},
      {"<ul><li>a</li><li>b</li></ul>", "a b"},
      {"<h1>Title</h1>Body", "Title Body"},
      {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b c"},
      {"<blockquote>q</blockquote>after", "q after"},
      {"x<hr>y", "x y"},
      // inline elements join
      {"<b>Hu</b>awei", "Huawei"},
      {"H<i>e</i>l<span>l</span><em>o</em> <a href=\"#\">w</a><strong>o</strong>rld",
       "Hello world"},
      {"<p>A <a href=\"http://x\">link</a>.</p>", "A link."},
      // head content other than scripts is text
      {"<html><head><title>T</title></head><body>B</body></html>", "T B"},
      // whitespace
      {"  <p>  lots \n\t of   space  </p>  ", "lots of space"},
      {"<pre>  keep\n  lines </pre>", "keep lines"},
      // CDATA-like text
      {"<![CDATA[inside]]> outside", "inside outside"},
      {"<svg><![CDATA[svg text]]></svg>", "svg text"},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.input);
    CHECK(newsdex::html_to_text(c.input) == c.expected);
  }
}

TEST_CASE("html_to_text: malformed markup") {
  constexpr TextCase cases[] = {
      {"<p>unclosed <b>bold", "unclosed bold"},
      {"<<>>", "<<>>"},
      {"a < b", "a < b"},
      {"a<b", "a"},  // "<b" opens a tag that never ends
      {"1 <2 and 3> 2", "1 <2 and 3> 2"},
      {"</p>stray</div> end", "stray end"},
      {"<b><i>mis</b>nested</i>", "misnested"},
      {"<p <p>x", "x"},
      {"<a href=\"unterminated>text", ""},
      {"<", "<"},
      {"&", "&"},
      {"&#;", "&#;"},
      {"&#xZZ;", "&#xZZ;"},
      {"&#0;", "\xEF\xBF\xBD"},
      {"&#1114112;", "\xEF\xBF\xBD"},
      {"", ""},
      {"   ", ""},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.input);
    CHECK(newsdex::html_to_text(c.input) == c.expected);
  }
}

TEST_CASE("html_to_text: fast path leaves text without '<' or '&' undecoded") {
  constexpr TextCase cases[] = {
      {"plain text", "plain text"},
      {"  spaced\t\tout\n", "spaced out"},
      {"caf\xC3\xA9 au lait", "caf\xC3\xA9 au lait"},
      {"a > b; eacute; #233;", "a > b; eacute; #233;"},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.input);
    CHECK(newsdex::html_to_text(c.input) == c.expected);
  }
}

TEST_CASE("html_to_text: deep nesting neither crashes nor stalls") {
  SUBCASE("100000 nested divs") {
    std::string html;
    for (int i = 0; i < 100000; ++i) html += "<div>";
    html += "deep";
    for (int i = 0; i < 100000; ++i) html += "</div>";
    html += " end";
    CHECK(newsdex::html_to_text(html) == "deep end");
  }
  SUBCASE("100000 unclosed inline and formatting elements") {
    for (std::string_view tag : {"<b>", "<span>", "<a href=x>", "<font>", "<blockquote>"}) {
      CAPTURE(tag);
      std::string html;
      for (int i = 0; i < 100000; ++i) html += tag;
      html += "word";
      CHECK(newsdex::html_to_text(html) == "word");
    }
  }
  SUBCASE("text between deep tags survives") {
    std::string html;
    std::string expected;
    for (int i = 0; i < 2000; ++i) {
      html += "<div>" + std::to_string(i);
      expected += (i == 0 ? "" : " ") + std::to_string(i);
    }
    CHECK(newsdex::html_to_text(html) == expected);
  }
  SUBCASE("moderate nesting is parsed exactly") {
    std::string html;
    for (int i = 0; i < 300; ++i) html += "<span>";
    html += "<b>Hu</b>awei";
    CHECK(newsdex::html_to_text(html) == "Huawei");
  }
}

TEST_CASE("normalize_whitespace") {
  constexpr TextCase cases[] = {
      {"", ""},
      {"   ", ""},
      {"a", "a"},
      {"  a  b  ", "a b"},
      {"a\tb\nc\rd\fe\vf", "a b c d e f"},
      {"a\r\n\r\nb", "a b"},
      {"a\xC2\xA0" "b", "a b"},                         // U+00A0
      {"a\xC2\x85" "b", "a\u2026b"},  // U+0085 is windows-1252's ellipsis, mislabelled
      {"don\xC2\x92t", "don\u2019t"},    // and U+0092 its apostrophe
      {"a\xE2\x80\x80" "b\xE2\x80\x8A" "c", "a b c"},   // U+2000, U+200A
      {"a\xE2\x80\xAF" "b", "a b"},                     // U+202F
      {"a\xE2\x81\x9F" "b", "a b"},                     // U+205F
      {"a\xE3\x80\x80" "b", "a b"},                     // U+3000
      {"a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a b c"},   // U+2028, U+2029
      {"\xC2\xA0\xE3\x80\x80 a \xE2\x80\x89", "a"},
      // look-alikes that are not whitespace stay intact
      {"a\xE2\x80\x8B" "b", "a\xE2\x80\x8B" "b"},       // U+200B zero-width space
      {"\xC2\xA9 \xE2\x80\x94 \xE3\x80\x81", "\xC2\xA9 \xE2\x80\x94 \xE3\x80\x81"},
      {"\xE4\xB8\xAD\xE6\x96\x87  \xE6\x97\xA5", "\xE4\xB8\xAD\xE6\x96\x87 \xE6\x97\xA5"},
      {"\xF0\x9F\x98\x80  x", "\xF0\x9F\x98\x80 x"},
      // truncated or invalid sequences pass through
      {"a \xC2", "a \xC2"},
      {"a \xE2\x80", "a \xE2\x80"},
      {"\xFF  \xFE", "\xFF \xFE"},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.input);
    CHECK(newsdex::normalize_whitespace(c.input) == c.expected);
  }
}

TEST_CASE("html_to_text: full documents") {
  constexpr TextCase cases[] = {
      {"<!DOCTYPE html><html><head><meta charset=utf-8><title>T</title>"
       "<style>x{}</style><script>y()</script></head><body><p>B</p></body></html>",
       "T B"},
      {"<noscript>enable js</noscript>text", "text"},
      {"<html><head><noscript><img src=x></noscript></head><body>b</body></html>", "b"},
  };
  for (const TextCase& c : cases) {
    CAPTURE(c.input);
    CHECK(newsdex::html_to_text(c.input) == c.expected);
  }
}

// Found by the html_text fuzz target: gumbo wrote a lone byte for a numeric
// reference beyond 32 bits.
TEST_CASE("html_to_text: numeric references out of range are U+FFFD, never broken UTF-8") {
  for (std::string_view html : {"&#xcccccccc", "<p>a&#xcccccccc;b</p>", "&#99999999999;", "&#x110000;"}) {
    CAPTURE(html);
    const std::string text = newsdex::html_to_text(html);
    CHECK(newsdex::is_valid_utf8(text));
    CHECK(text.find("\xEF\xBF\xBD") != std::string::npos);
  }
}

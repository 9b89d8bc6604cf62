#pragma once
// HTML fragments (feed titles, summaries, content) to plain text.

#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

// Parses `html` with an HTML5 parser (gumbo) and returns its text: tags
// removed, entities decoded (named, decimal, hex), script/style/noscript/
// template contents dropped, block elements (p, div, br, li, h1-h6, tr, ...)
// separating words, all whitespace runs collapsed to one space, trimmed.
// Input without '<' or '&' skips the parser. Never throws for bad markup.
std::string html_to_text(std::string_view html);

// A feed a page links to: <link rel="alternate" type="application/rss+xml"
// (atom+xml, feed+json, rdf+xml) href=... title=...>.
struct HtmlFeedLink {
  std::string url;  // absolute
  std::string type;
  std::string title;
};

// What a whole HTML page holds for news: read by the indexer for saved pages
// and by `feeds add` to find a site's feeds.
struct HtmlPage {
  std::string title;      // og:title, else <title>, else the first <h1>
  std::string canonical;  // <link rel="canonical">, else og:url; absolute
  std::string language;   // <html lang>
  std::string published;  // article:published_time (or <meta name="date">), as written
  std::string site_name;  // og:site_name
  // Text of <article>, else <main>, else <body>, one entry per block, with
  // nav, header, footer, aside and forms left out.
  std::vector<std::string> paragraphs;
  std::vector<HtmlFeedLink> feeds;
};

// Whether bytes are an HTML page (a doctype, <html> or <head> near the start),
// not an XML feed.
bool looks_like_html_page(std::string_view bytes) noexcept;

// Reads a page; relative links resolve against `url` (may be empty). Never
// throws for bad markup.
HtmlPage read_html_page(std::string_view html, std::string_view url);

// Collapses runs of Unicode/ASCII whitespace (including U+00A0 NBSP) to one
// ASCII space and trims both ends. C1 controls (U+0080-U+009F), which in news
// are mislabelled windows-1252 punctuation, become that punctuation.
std::string normalize_whitespace(std::string_view text);

}  // namespace newsdex

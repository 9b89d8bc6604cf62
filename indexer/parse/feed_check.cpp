// check_feed: what `feeds add` learns from one fetch before subscribing.
#include <fmt/format.h>

#include "common/html_text.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "indexer/parse/json_feed.hpp"
#include "newsdex/index.hpp"

namespace newsdex {
namespace {

std::string format_name(const std::string& parsed) {
  if (parsed == "rss") return "RSS";
  if (parsed == "rdf") return "RSS 1.0";
  if (parsed == "atom") return "Atom";
  return parsed;
}

}  // namespace

FeedCheck check_feed(std::string_view body, const std::string& url, std::string_view charset) {
  FeedCheck check;
  const bool json = looks_like_json_feed(body);
  if (json || looks_like_xml(body)) {
    ParsedFeed feed = json ? parse_json_feed(body) : parse_feed(body, charset, url);
    if (!feed.error) {
      check.is_feed = true;
      check.format = json ? "JSON Feed" : format_name(feed.feed.format);
      check.title = feed.feed.title;
      check.site = feed.feed.link;
      check.items = feed.items.size();
      return check;
    }
    if (!looks_like_html_page(body)) {
      check.error = fmt::format("not a readable feed: {}", feed.error->message);
      return check;
    }
  }
  if (!looks_like_html_page(body)) {
    check.error = body.empty() ? "an empty answer, not a feed" : "neither a feed nor a web page";
    return check;
  }
  HtmlPage page = read_html_page(body, url);
  for (auto& link : page.feeds) {
    bool repeated = false;
    for (const auto& f : check.alternates) repeated = repeated || f.url == link.url;
    if (!repeated) check.alternates.push_back({link.url, link.title, {}, url});
  }
  if (check.alternates.empty())
    check.error = fmt::format("a web page{} that links to no feed (no <link rel=\"alternate\" "
                              "type=\"application/rss+xml\">); find the feed's own URL on the site",
                              page.title.empty() ? "" : fmt::format(" (\"{}\")", page.title));
  return check;
}

}  // namespace newsdex

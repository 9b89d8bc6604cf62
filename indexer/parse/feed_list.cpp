// Feed lists: OPML or one URL per line.
#include <fmt/format.h>
#include <tinyxml2.h>

#include "common/html_text.hpp"
#include "common/url.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "newsdex/index.hpp"

namespace newsdex {
namespace {

// Every <outline xmlUrl=...>, at any depth (OPML nests them in folders).
// An xmlUrl that is not http(s) (file:, ftp:, javascript:) is a problem, as
// in a plain list: the fetcher would refuse it anyway, later and less clearly.
void collect_outlines(const tinyxml2::XMLElement* el, const std::string& list_name,
                      std::vector<FeedSource>& out, std::vector<Problem>& problems, int depth) {
  if (depth > 64) return;
  for (auto* o = el->FirstChildElement(); o; o = o->NextSiblingElement()) {
    if (std::string_view(o->Name()) == "outline") {
      const char* url = o->Attribute("xmlUrl");
      if (url && *url) {
        const char* name = o->Attribute("title");
        if (!name || !*name) name = o->Attribute("text");
        std::string feed = normalize_whitespace(url);
        if (is_http_url(feed))
          out.push_back({std::move(feed), name ? normalize_whitespace(name) : std::string()});
        else
          problems.push_back({fmt::format("{}:{}", list_name, o->GetLineNum()),
                              fmt::format("xmlUrl \"{}\" is not an http(s) URL: skipped", feed)});
      }
    }
    collect_outlines(o, list_name, out, problems, depth + 1);
  }
}

std::vector<FeedSource> parse_opml(std::string_view text, const std::string& name,
                                   std::vector<Problem>& problems) {
  std::vector<FeedSource> out;
  tinyxml2::XMLDocument doc;
  if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
    problems.push_back({fmt::format("{}:{}", name, doc.ErrorLineNum()),
                        fmt::format("not readable OPML: {}", doc.ErrorName())});
    return out;
  }
  const std::size_t refused = problems.size();
  if (auto* root = doc.RootElement()) collect_outlines(root, name, out, problems, 0);
  if (out.empty() && problems.size() == refused) problems.push_back({name, "no outline with an xmlUrl: no feeds listed"});
  return out;
}

std::vector<FeedSource> parse_plain(std::string_view text, const std::string& name,
                                    std::vector<Problem>& problems) {
  std::vector<FeedSource> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string line = normalize_whitespace(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    auto space = line.find(' ');
    std::string url = line.substr(0, space);
    std::string feed_name = space == std::string::npos ? "" : line.substr(space + 1);
    if (!is_http_url(url)) {
      problems.push_back({fmt::format("{}:{}", name, line_no),
                          fmt::format("'{}' is not an http:// or https:// URL", url)});
      continue;
    }
    out.push_back({url, feed_name});
  }
  return out;
}

}  // namespace

std::vector<FeedSource> parse_feed_list(std::string_view text, const std::string& name,
                                        std::vector<Problem>& problems) {
  return looks_like_xml(text) ? parse_opml(text, name, problems) : parse_plain(text, name, problems);
}

}  // namespace newsdex

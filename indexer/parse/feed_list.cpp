// Feed lists: OPML or one URL per line, and OPML written back.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <tinyxml2.h>

#include "common/html_text.hpp"
#include "common/url.hpp"
#include "indexer/parse/feed_parser.hpp"
#include "newsdex/index.hpp"

namespace newsdex {
namespace {

const char* outline_name(const tinyxml2::XMLElement* o) {
  const char* name = o->Attribute("title");
  if (!name || !*name) name = o->Attribute("text");
  return name && *name ? name : nullptr;
}

// Every <outline xmlUrl=...>, at any depth: OPML nests them in folders,
// outlines without an xmlUrl whose names make the feed's category
// ("World/Europe"). An xmlUrl that is not http(s) (file:, ftp:,
// javascript:) is a problem, as in a plain list: the fetcher would refuse it
// anyway, later and less clearly.
void collect_outlines(const tinyxml2::XMLElement* el, const std::string& list_name,
                      const std::string& folder, std::vector<FeedSource>& out,
                      std::vector<Problem>& problems, int depth) {
  if (depth > 64) return;
  for (auto* o = el->FirstChildElement(); o; o = o->NextSiblingElement()) {
    if (std::string_view(o->Name()) != "outline") {
      collect_outlines(o, list_name, folder, out, problems, depth + 1);  // <body>
      continue;
    }
    const char* name = outline_name(o);
    const char* url = o->Attribute("xmlUrl");
    if (url && *url) {
      std::string feed = normalize_whitespace(url);
      const char* site = o->Attribute("htmlUrl");
      std::string html = site ? normalize_whitespace(site) : std::string();
      if (!is_http_url(html)) html.clear();
      if (is_http_url(feed))
        out.push_back({std::move(feed), name ? normalize_whitespace(name) : std::string(), folder,
                       std::move(html)});
      else
        problems.push_back({fmt::format("{}:{}", list_name, o->GetLineNum()),
                            fmt::format("xmlUrl \"{}\" is not an http(s) URL: skipped", feed)});
      collect_outlines(o, list_name, folder, out, problems, depth + 1);
      continue;
    }
    // A folder; "/" inside a folder's name would read as nesting.
    std::string inner = name ? normalize_whitespace(name) : std::string();
    std::replace(inner.begin(), inner.end(), '/', '-');
    collect_outlines(o, list_name, inner.empty() ? folder : folder.empty() ? inner : folder + "/" + inner,
                     out, problems, depth + 1);
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
  if (auto* root = doc.RootElement()) collect_outlines(root, name, "", out, problems, 0);
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
    out.push_back({url, feed_name, {}, {}});
  }
  return out;
}

}  // namespace

std::vector<FeedSource> parse_feed_list(std::string_view text, const std::string& name,
                                        std::vector<Problem>& problems) {
  return looks_like_xml(text) ? parse_opml(text, name, problems) : parse_plain(text, name, problems);
}

std::string write_opml(const std::vector<FeedSource>& feeds, const std::string& title) {
  // XML allows no C0 controls but whitespace; a name typed in a shell may hold one.
  auto clean = [](const std::string& text) {
    std::string out = normalize_whitespace(text);
    std::erase_if(out, [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    return out;
  };
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration("xml version=\"1.0\" encoding=\"UTF-8\""));
  auto* opml = doc.NewElement("opml");
  opml->SetAttribute("version", "2.0");
  doc.InsertEndChild(opml);
  auto* head = opml->InsertNewChildElement("head");
  head->InsertNewChildElement("title")->SetText(clean(title).c_str());
  auto* body = opml->InsertNewChildElement("body");
  // One folder outline per path segment, made once and in first-seen order.
  std::map<std::string, tinyxml2::XMLElement*> folders;
  auto folder_of = [&](const std::string& path) {
    tinyxml2::XMLElement* parent = body;
    std::string so_far;
    for (std::size_t from = 0; from < path.size();) {
      std::size_t to = std::min(path.find('/', from), path.size());
      const std::string segment = clean(path.substr(from, to - from));
      so_far += (so_far.empty() ? "" : "/") + segment;
      auto [it, added] = folders.emplace(so_far, nullptr);
      if (added) {
        it->second = parent->InsertNewChildElement("outline");
        it->second->SetAttribute("text", segment.c_str());
        it->second->SetAttribute("title", segment.c_str());
      }
      parent = it->second;
      from = to + 1;
    }
    return parent;
  };
  for (const auto& f : feeds) {
    auto* o = folder_of(f.category)->InsertNewChildElement("outline");
    const std::string name = clean(f.name.empty() ? f.url : f.name);
    o->SetAttribute("type", "rss");  // what readers expect of any feed's outline
    o->SetAttribute("text", name.c_str());
    o->SetAttribute("title", name.c_str());
    o->SetAttribute("xmlUrl", clean(f.url).c_str());
    if (!f.html_url.empty()) o->SetAttribute("htmlUrl", clean(f.html_url).c_str());
  }
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

}  // namespace newsdex

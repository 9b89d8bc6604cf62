#include "indexer/parse/feed_parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include <fmt/format.h>
#include <tinyxml2.h>

#include "common/dates.hpp"
#include "common/encoding.hpp"
#include "common/html_text.hpp"
#include "indexer/parse/xml_prepare.hpp"

namespace newsdex {
namespace {

using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

// Namespace URIs we understand, mapped to the short names used below. Feeds
// pick their own prefixes (<a:feed xmlns:a="...Atom">), so elements are
// matched on "short:local", never on the prefix written in the file.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kNamespaces{{
    {"http://www.w3.org/2005/Atom", "atom"},
    {"http://purl.org/atom/ns#", "atom"},  // Atom 0.3
    {"http://purl.org/rss/1.0/", ""},
    {"http://purl.org/rss/1.0", ""},  // a common misspelling, read as RSS 1.0
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://backend.userland.com/rss", ""},
    {"http://backend.userland.com/rss2.1", ""},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://www.itunes.com/DTDs/Podcast-1.0.dtd", "itunes"},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.rssboard.org/media-rss", "media"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
}};

// Prefixes that feeds often use without declaring them; read as the
// namespace they conventionally stand for, with a warning.
constexpr std::array<std::string_view, 8> kConventionalPrefixes{
    "dc", "dcterms", "content", "media", "rdf", "atom", "xhtml", "itunes"};

std::string_view short_name_of(std::string_view uri) {
  for (const auto& [known, name] : kNamespaces)
    if (uri == known) return name;
  return uri;  // unknown: can never equal one of our short names
}

// Prefix -> namespace bindings in scope while walking down the tree.
class NamespaceScope {
 public:
  // Binds the xmlns attributes of `el`; returns how many to pop later.
  std::size_t push(const XMLElement& el) {
    std::size_t pushed = 0;
    for (auto* a = el.FirstAttribute(); a; a = a->Next()) {
      std::string_view name = a->Name();
      if (name == "xmlns") {
        bindings_.emplace_back("", std::string(short_name_of(a->Value())));
        ++pushed;
      } else if (name.starts_with("xmlns:")) {
        bindings_.emplace_back(std::string(name.substr(6)), std::string(short_name_of(a->Value())));
        ++pushed;
      }
    }
    return pushed;
  }
  void pop(std::size_t n) { bindings_.resize(bindings_.size() - n); }
  void bind(std::string prefix, std::string short_name) {
    bindings_.emplace_back(std::move(prefix), std::move(short_name));
  }

  // "short:local" for an element name such as "dc:creator" or "title".
  std::string qualify(std::string_view raw, std::vector<Diagnostic>& warnings, int line) const {
    auto colon = raw.find(':');
    std::string_view prefix = colon == std::string_view::npos ? "" : raw.substr(0, colon);
    std::string_view local = colon == std::string_view::npos ? raw : raw.substr(colon + 1);
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it)
      if (it->first == prefix) return join(it->second, local);
    if (prefix.empty() || prefix == "xml") return std::string(raw);
    bool conventional = std::find(kConventionalPrefixes.begin(), kConventionalPrefixes.end(),
                                  prefix) != kConventionalPrefixes.end();
    warnings.push_back({static_cast<std::size_t>(line),
                        conventional
                            ? fmt::format("namespace prefix '{}' is not declared; read as usual", prefix)
                            : fmt::format("namespace prefix '{}' is not declared", prefix)});
    return conventional ? join(prefix, local) : std::string(raw);
  }

 private:
  static std::string join(std::string_view ns, std::string_view local) {
    return ns.empty() ? std::string(local) : fmt::format("{}:{}", ns, local);
  }
  std::vector<std::pair<std::string, std::string>> bindings_;
};

// One parsed element with its resolved name; the tree is small (a feed), so
// resolving every name once up front keeps the field extraction simple.
struct Node {
  std::string name;  // "atom:link", "dc:creator", "title"
  const XMLElement* el = nullptr;
  std::vector<Node> children;
};

constexpr int kMaxDepth = 256;

Node resolve(const XMLElement& el, NamespaceScope& scope, std::vector<Diagnostic>& warnings,
             int depth) {
  std::size_t pushed = scope.push(el);
  Node node{scope.qualify(el.Name(), warnings, el.GetLineNum()), &el, {}};
  if (depth < kMaxDepth)
    for (auto* c = el.FirstChildElement(); c; c = c->NextSiblingElement())
      node.children.push_back(resolve(*c, scope, warnings, depth + 1));
  scope.pop(pushed);
  return node;
}

const Node* child(const Node& n, std::string_view name) {
  for (const auto& c : n.children)
    if (c.name == name) return &c;
  return nullptr;
}

std::string_view attr(const Node& n, const char* name) {
  const char* v = n.el->Attribute(name);
  return v ? std::string_view(v) : std::string_view();
}

// The element's content as markup: text nodes (entity-decoded by tinyxml2,
// so escaped HTML becomes HTML) and child elements printed back as XML.
std::string inner_markup(const XMLElement& el) {
  std::string out;
  for (const XMLNode* c = el.FirstChild(); c; c = c->NextSibling()) {
    if (c->ToText()) {
      out += c->Value();
    } else if (c->ToElement()) {
      tinyxml2::XMLPrinter printer(nullptr, /*compact=*/true);
      c->Accept(&printer);
      out.append(printer.CStr(), static_cast<std::size_t>(printer.CStrSize() - 1));
    }
  }
  return out;
}

std::string decode_base64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // whitespace, padding
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Atom content of a media type that is neither text nor XML is base64
// (RFC 4287 4.1.3.3), as is Atom 0.3's mode="base64".
bool is_base64(std::string_view type, std::string_view mode) {
  if (mode == "base64") return true;
  if (type.empty() || type == "text" || type == "html" || type == "xhtml") return false;
  return !type.starts_with("text/") && !type.ends_with("+xml") && !type.ends_with("/xml");
}

// Text of an element whose content may be HTML (RSS leaves it unspecified;
// Atom says so in type=). Atom type="text" is plain, but entities such as
// &nbsp; that the XML step kept literal still need decoding.
std::string text_of(const Node& n) {
  std::string_view type = attr(n, "type");
  std::string markup = inner_markup(*n.el);
  if (n.name.starts_with("atom:") && is_base64(type, attr(n, "mode")))
    markup = repair_utf8(decode_base64(markup)).text;
  if ((type == "text" || type == "text/plain") && markup.find('&') == std::string::npos)
    return normalize_whitespace(markup);
  return html_to_text(markup);
}

std::string plain_of(const Node& n) { return normalize_whitespace(inner_markup(*n.el)); }

void add_unique(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

class Extractor {
 public:
  explicit Extractor(std::vector<Diagnostic>& warnings) : warnings_(warnings) {}

  std::optional<std::int64_t> date_of(const Node& n) {
    std::string text = plain_of(n);
    if (auto t = parse_date(text)) return t;
    if (!text.empty())
      warnings_.push_back({static_cast<std::size_t>(n.el->GetLineNum()),
                           fmt::format("unrecognised date '{}' in <{}>", text, n.name)});
    return std::nullopt;
  }

  // First date found among `names`, in order of preference.
  std::optional<std::int64_t> first_date(const Node& parent,
                                         std::initializer_list<std::string_view> names) {
    for (auto name : names)
      if (const Node* n = child(parent, name))
        if (auto t = date_of(*n)) return t;
    return std::nullopt;
  }

 private:
  std::vector<Diagnostic>& warnings_;
};

// Atom links: rel="alternate" (or no rel) is the item's page.
std::string atom_link(const Node& parent, std::string_view wanted_rel) {
  for (const auto& c : parent.children) {
    if (c.name != "atom:link") continue;
    std::string_view rel = attr(c, "rel");
    if (rel.empty()) rel = "alternate";
    if (rel == wanted_rel) return std::string(attr(c, "href"));
  }
  return {};
}

std::string joined_authors(const Node& parent) {
  std::vector<std::string> names;
  for (const auto& c : parent.children) {
    if (c.name == "author" || c.name == "dc:creator" || c.name == "dc:author") {
      add_unique(names, text_of(c));
    } else if (c.name == "atom:author") {
      const Node* name = child(c, "atom:name");
      add_unique(names, name ? text_of(*name) : text_of(c));
    }
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Language tags are written with '-' (BCP 47); feeds often use '_'.
std::string language_tag(std::string tag) {
  std::replace(tag.begin(), tag.end(), '_', '-');
  return tag;
}

std::string language_of(const Node& n) {
  if (auto lang = attr(n, "xml:lang"); !lang.empty()) return language_tag(std::string(lang));
  for (auto name : {"language", "dc:language"})
    if (const Node* l = child(n, name)) return language_tag(plain_of(*l));
  return {};
}

// iTunes and Media RSS elements stand in for missing core fields, as in
// the readers people use.
void fill_from_extensions(const Node& n, Item& item) {
  for (const auto& c : n.children) {
    if (c.name == "media:group") fill_from_extensions(c, item);
    if (item.title.empty() && c.name == "media:title") item.title = text_of(c);
    if (item.summary.empty() && (c.name == "itunes:summary" || c.name == "media:description"))
      item.summary = text_of(c);
    if (item.author.empty() && c.name == "itunes:author") item.author = text_of(c);
    if (c.name == "media:category") add_unique(item.categories, text_of(c));
    if (c.name == "itunes:category") {
      add_unique(item.categories, std::string(attr(c, "text")));
      fill_from_extensions(c, item);  // nested subcategories
    }
  }
}

Item rss_item(const Node& n, const FeedInfo& feed, Extractor& ex) {
  Item item;
  item.line = static_cast<std::size_t>(std::max(n.el->GetLineNum(), 0));
  for (const auto& c : n.children) {
    const std::string& name = c.name;
    if ((name == "title" || name == "dc:title") && item.title.empty()) {
      item.title = text_of(c);
    } else if (name == "link" && item.link.empty()) {
      item.link = plain_of(c);
    } else if (name == "guid" && item.guid.empty()) {
      item.guid = plain_of(c);
      if (item.link.empty() && attr(c, "isPermaLink") != "false" &&
          item.guid.find("://") != std::string::npos)
        item.link = item.guid;
    } else if (name == "description" || name == "dc:description") {
      if (item.summary.empty()) item.summary = text_of(c);
    } else if (name == "content:encoded" || name == "xhtml:body" || name == "atom:content") {
      if (item.content.empty()) item.content = text_of(c);
    } else if (name == "category" || name == "dc:subject") {
      add_unique(item.categories, text_of(c));
    } else if (name == "enclosure" || name == "media:content") {
      if (item.enclosure.empty()) item.enclosure = std::string(attr(c, "url"));
    } else if (name == "source") {
      item.source = text_of(c);
    }
  }
  if (item.guid.empty()) item.guid = std::string(attr(n, "rdf:about"));
  if (item.link.empty()) item.link = atom_link(n, "alternate");
  item.author = joined_authors(n);
  item.published = ex.first_date(n, {"pubDate", "dc:date", "dcterms:issued", "dcterms:created",
                                     "atom:published", "atom:issued"});
  item.updated = ex.first_date(n, {"dcterms:modified", "atom:updated", "atom:modified"});
  item.language = language_of(n);
  if (item.language.empty()) item.language = feed.language;
  if (item.source.empty()) item.source = feed.title;
  fill_from_extensions(n, item);
  return item;
}

Item atom_entry(const Node& n, const FeedInfo& feed, Extractor& ex) {
  Item item;
  item.line = static_cast<std::size_t>(std::max(n.el->GetLineNum(), 0));
  for (const auto& c : n.children) {
    const std::string& name = c.name;
    if (name == "atom:id" && item.guid.empty()) {
      item.guid = plain_of(c);
    } else if (name == "atom:title" && item.title.empty()) {
      item.title = text_of(c);
    } else if (name == "atom:summary" && item.summary.empty()) {
      item.summary = text_of(c);
    } else if ((name == "atom:content" || name == "content:encoded") && item.content.empty()) {
      item.content = text_of(c);
    } else if (name == "atom:category") {
      std::string_view term = attr(c, "term");
      add_unique(item.categories, term.empty() ? std::string(attr(c, "label")) : std::string(term));
    } else if (name == "dc:subject") {
      add_unique(item.categories, text_of(c));
    } else if (name == "media:content" && item.enclosure.empty()) {
      item.enclosure = std::string(attr(c, "url"));
    } else if (name == "atom:source") {
      if (const Node* t = child(c, "atom:title")) item.source = text_of(*t);
    }
  }
  item.link = atom_link(n, "alternate");
  if (std::string enc = atom_link(n, "enclosure"); !enc.empty()) item.enclosure = enc;
  item.author = joined_authors(n);
  item.published = ex.first_date(n, {"atom:published", "atom:issued", "dc:date", "atom:created"});
  item.updated = ex.first_date(n, {"atom:updated", "atom:modified", "dcterms:modified"});
  item.language = language_of(n);
  if (item.language.empty()) item.language = feed.language;
  if (item.source.empty()) item.source = feed.title;
  fill_from_extensions(n, item);
  return item;
}

void read_rss(const Node& root, ParsedFeed& out, Extractor& ex) {
  const Node* channel = child(root, "channel");
  const Node& meta = channel ? *channel : root;
  if (const Node* t = child(meta, "title")) out.feed.title = text_of(*t);
  if (const Node* t = child(meta, "dc:title"); t && out.feed.title.empty()) out.feed.title = text_of(*t);
  if (const Node* l = child(meta, "link")) out.feed.link = plain_of(*l);
  if (out.feed.link.empty()) out.feed.link = atom_link(meta, "alternate");
  out.feed.language = language_of(meta);
  if (out.feed.language.empty()) out.feed.language = language_tag(std::string(attr(root, "xml:lang")));
  // RSS 2.0 nests items in the channel; RSS 0.90 and 1.0 make them siblings.
  for (const Node* parent : {channel, &root}) {
    if (!parent) continue;
    for (const auto& c : parent->children)
      if (c.name == "item") out.items.push_back(rss_item(c, out.feed, ex));
  }
}

void read_atom(const Node& root, ParsedFeed& out, Extractor& ex) {
  if (const Node* t = child(root, "atom:title")) out.feed.title = text_of(*t);
  out.feed.link = atom_link(root, "alternate");
  out.feed.language = language_of(root);
  for (const auto& c : root.children)
    if (c.name == "atom:entry") out.items.push_back(atom_entry(c, out.feed, ex));
}

// tinyxml2 names its errors like XML_ERROR_MISMATCHED_ELEMENT; say it in words.
std::string describe_xml_error(const tinyxml2::XMLDocument& doc) {
  std::string name = doc.ErrorName();
  if (name.starts_with("XML_ERROR_")) name = name.substr(10);
  if (name.starts_with("PARSING_")) name = name.substr(8);
  std::replace(name.begin(), name.end(), '_', ' ');
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  std::string detail = doc.ErrorStr() ? doc.ErrorStr() : "";
  auto at = detail.find(": ");
  detail = at == std::string::npos ? "" : detail.substr(at + 2);
  return detail.empty() ? fmt::format("malformed XML ({})", name)
                        : fmt::format("malformed XML ({}): {}", name, detail);
}

// An HTML page (which tinyxml2 usually rejects long before its root would
// tell) deserves a clearer message than a markup error.
bool looks_like_html(std::string_view xml) {
  std::string head(xml.substr(0, 1024));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

}  // namespace

bool looks_like_xml(std::string_view bytes) noexcept {
  std::size_t i = 0;
  if (auto bom = detect_bom(bytes)) i = bom->length;
  // Skip blanks in single-byte encodings and in UTF-16/32 (where NUL bytes
  // pad each ASCII character).
  for (; i < bytes.size() && i < 4096; ++i) {
    char c = bytes[i];
    if (c == '<') return true;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\0') return false;
  }
  return false;
}

namespace {

// The last guard of the text a feed yields: character references that reach
// tinyxml2 undecoded by xml_prepare (a lone surrogate "&#xD800;" after markup
// the two read differently, found by the feed fuzz target) or "&#0;" decode
// to bytes that are no UTF-8 text. Repaired here, field by field, said once.
void make_text_valid(ParsedFeed& out) {
  std::size_t repaired = 0;
  auto fix = [&](std::string& text) {
    if (!is_valid_utf8(text)) {
      text = repair_utf8(text).text;
      ++repaired;
    }
    if (remove_control_chars(text).count > 0) ++repaired;
  };
  fix(out.feed.title);
  fix(out.feed.link);
  fix(out.feed.language);
  for (Item& item : out.items) {
    for (std::string* field : {&item.guid, &item.title, &item.link, &item.author, &item.summary,
                               &item.content, &item.enclosure, &item.language, &item.source})
      fix(*field);
    for (std::string& category : item.categories) fix(category);
  }
  if (repaired > 0)
    out.warnings.push_back({0, fmt::format("{} text field{} held invalid UTF-8 or control characters "
                                           "(from character references): replaced",
                                           repaired, repaired == 1 ? "" : "s")});
}

}  // namespace

ParsedFeed parse_feed(std::string_view bytes, std::string_view http_charset) {
  ParsedFeed out;
  PreparedXml prepared = prepare_xml(bytes, http_charset);
  for (auto& w : prepared.warnings) out.warnings.push_back({0, std::move(w)});

  tinyxml2::XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(prepared.xml.data(), prepared.xml.size()) != tinyxml2::XML_SUCCESS) {
    out.error = Diagnostic{static_cast<std::size_t>(std::max(doc.ErrorLineNum(), 0)),
                           looks_like_html(prepared.xml)
                               ? "not a feed: this is an HTML page (a web page, not its RSS or Atom feed)"
                               : describe_xml_error(doc)};
    return out;
  }
  const XMLElement* root_el = doc.RootElement();
  if (!root_el) {
    out.error = Diagnostic{0, "no XML element found: the input is empty or not XML"};
    return out;
  }
  NamespaceScope scope;
  // Some Atom feeds forget their namespace; a bare <feed> root is still Atom.
  if (std::string_view(root_el->Name()) == "feed" && !root_el->Attribute("xmlns"))
    scope.bind("", "atom");
  Node root = resolve(*root_el, scope, out.warnings, 0);
  Extractor ex(out.warnings);
  if (root.name == "rss" || root.name == "rdf:RDF" || root.name == "RDF") {
    out.feed.format = root.name == "rss" ? "rss" : "rdf";
    read_rss(root, out, ex);
  } else if (root.name == "atom:feed") {
    out.feed.format = "atom";
    read_atom(root, out, ex);
  } else {
    out.error = Diagnostic{static_cast<std::size_t>(root_el->GetLineNum()),
                           root.name != root_el->Name() && root_el->Attribute("xmlns")
                               ? fmt::format("not a feed: <{}> is in the unknown namespace {}",
                                             root_el->Name(), root_el->Attribute("xmlns"))
                               : fmt::format("not a feed: the root element is <{}>, expected "
                                             "<rss>, <rdf:RDF> or <feed>",
                                             root_el->Name())};
    return out;
  }
  if (out.items.empty())
    out.warnings.push_back({static_cast<std::size_t>(root_el->GetLineNum()), "the feed has no items"});
  make_text_valid(out);
  return out;
}

}  // namespace newsdex

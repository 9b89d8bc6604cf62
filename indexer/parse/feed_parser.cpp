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
#include "common/url.hpp"
#include "indexer/parse/xml_prepare.hpp"
#include "indexer/parse/xml_recover.hpp"

namespace newsdex {
namespace {

using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

// Namespace URIs we understand, mapped to the short names used below. Feeds
// pick their own prefixes (<a:feed xmlns:a="...Atom">), so elements are
// matched on "short:local", never on the prefix written in the file.
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kNamespaces{{
    {"http://www.w3.org/2005/Atom", "atom"},
    {"http://purl.org/atom/ns#", "atom"},  // Atom 0.3
    {"http://purl.org/rss/1.0/", ""},
    {"http://purl.org/rss/1.0", ""},  // a common misspelling, read as RSS 1.0
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://backend.userland.com/rss", ""},
    {"http://backend.userland.com/rss2.1", ""},
    {"http://purl.org/net/rss1.1#", ""},  // RSS 1.1: RSS 1.0's elements, a <Channel> root
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.rssboard.org/media-rss", "media"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"", ""},  // xmlns="": no namespace
}};

// iTunes' namespace is written in many spellings (http or https, any case,
// with or without "www."); all are iTunes'.
bool is_itunes_namespace(std::string_view uri) {
  std::string u(uri);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view scheme : {"http://", "https://"})
    if (u.starts_with(scheme)) u.erase(0, scheme.size());
  if (u.starts_with("www.")) u.erase(0, 4);
  return u == "itunes.com/dtds/podcast-1.0.dtd";
}

// Prefixes that feeds often use without declaring them; read as the
// namespace they conventionally stand for, with a warning.
constexpr std::array<std::string_view, 8> kConventionalPrefixes{
    "dc", "dcterms", "content", "media", "rdf", "atom", "xhtml", "itunes"};

std::string_view short_name_of(std::string_view uri) {
  for (const auto& [known, name] : kNamespaces)
    if (uri == known) return name;
  if (is_itunes_namespace(uri)) return "itunes";
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
        const bool ignored = !ignored_default_.empty() && a->Value() == ignored_default_;
        bindings_.emplace_back("", ignored ? std::string() : std::string(short_name_of(a->Value())));
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
  // A default namespace read as none: <rss xmlns="..."> (RSS has no
  // namespace, but some feeds give it one).
  void ignore_default(std::string uri) { ignored_default_ = std::move(uri); }

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
  std::string ignored_default_;
};

// One parsed element with its resolved name; the tree is small (a feed), so
// resolving every name once up front keeps the field extraction simple.
struct Node {
  std::string name;  // "atom:link", "dc:creator", "title"
  const XMLElement* el = nullptr;
  std::vector<Node> children;
  std::string base;  // the xml:base in scope, resolved (empty: none)
};

constexpr int kMaxDepth = 256;

// `base`: the parent's xml:base (XML Base: each element's is resolved
// against its parent's, the outermost against the document's URL).
Node resolve(const XMLElement& el, NamespaceScope& scope, std::vector<Diagnostic>& warnings,
             int depth, const std::string& base, const std::string& document_url) {
  std::size_t pushed = scope.push(el);
  Node node{scope.qualify(el.Name(), warnings, el.GetLineNum()), &el, {}, base};
  if (const char* xml_base = el.Attribute("xml:base"))
    node.base = resolve_url(base.empty() ? document_url : base, xml_base);
  if (depth < kMaxDepth)
    for (auto* c = el.FirstChildElement(); c; c = c->NextSiblingElement())
      node.children.push_back(resolve(*c, scope, warnings, depth + 1, node.base, document_url));
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

// Plain text as written: "<blink>" stays "<blink>". Only the HTML entities
// the XML step left literal (&nbsp;, which XML does not define) are decoded.
std::string literal_text(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return normalize_whitespace(text);
  std::string escaped;
  for (char c : text) {
    if (c == '<') escaped += "&lt;";
    else if (c == '>') escaped += "&gt;";
    else escaped += c;
  }
  return html_to_text(escaped);
}

// Text of an element whose content may be HTML. RSS leaves it unspecified,
// and feeds put HTML there: read as HTML. An Atom text construct says so in
// type= (RFC 4287 3.1): "text", the default, is literal; "html" is escaped
// HTML; "xhtml" is the markup of its inner div.
std::string text_of(const Node& n) {
  const bool atom = n.name.starts_with("atom:");
  std::string_view type = attr(n, "type");
  const bool base64 = atom && is_base64(type, attr(n, "mode"));
  // Atom 0.3's mode="base64" with no type is HTML in the feeds that use it.
  if (atom && type.empty() && !base64) type = "text";
  std::string markup = inner_markup(*n.el);
  if (base64) markup = repair_utf8(decode_base64(markup)).text;
  if (type == "text" || type == "text/plain") return literal_text(markup);
  return html_to_text(markup);
}

std::string plain_of(const Node& n) { return normalize_whitespace(inner_markup(*n.el)); }

class Extractor {
 public:
  Extractor(std::vector<Diagnostic>& warnings, std::string document_url)
      : warnings_(warnings), document_url_(std::move(document_url)) {}

  // Links are absolute: resolved against the element's xml:base, else the
  // channel's link, else the feed's own URL.
  std::string url(const Node& n, std::string_view reference) const {
    if (reference.empty()) return {};
    const std::string& base = !n.base.empty()              ? n.base
                              : is_http_url(channel_link_) ? channel_link_
                                                           : document_url_;
    return resolve_url(base, reference);
  }
  // The channel's own link (resolved against xml:base or the feed's URL).
  void set_channel_link(std::string& link, const Node& n) {
    link = resolve_url(n.base.empty() ? document_url_ : n.base, link);
    channel_link_ = link;
  }

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
  std::string document_url_;
  std::string channel_link_;
};

// Atom links: rel="alternate" (or no rel) is the item's page. Of several,
// the HTML one (type text/html or application/xhtml+xml, or no type) wins
// over, say, an alternate in JSON or PDF. Absolute (Extractor::url).
std::string atom_link(const Node& parent, std::string_view wanted_rel, const Extractor& ex) {
  const Node* best = nullptr;
  for (const auto& c : parent.children) {
    if (c.name != "atom:link" || attr(c, "href").empty()) continue;
    std::string_view rel = attr(c, "rel");
    if (rel.empty()) rel = "alternate";
    if (rel != wanted_rel) continue;
    const std::string_view type = attr(c, "type");
    const bool html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
    if (!best) best = &c;
    if (html) {
      best = &c;
      break;
    }
  }
  return best ? ex.url(*best, attr(*best, "href")) : std::string();
}

// "joe@example.com (Joe Bloggs)" and "Joe Bloggs <joe@example.com>" are
// Joe Bloggs (RSS 2.0's <author> is an e-mail address, and people add the
// name either way); the address is left out. Anything else is kept.
std::string person_name(std::string text) {
  const auto at = text.find('@');
  if (at == std::string::npos) return text;
  const auto strip = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '"' || v.back() == '\'' || v.back() == ',')) v.remove_suffix(1);
    return std::string(v);
  };
  const auto lt = text.find('<'), gt = text.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && lt < at && at < gt)
    if (std::string name = strip(text.substr(0, lt) + text.substr(gt + 1)); !name.empty()) return name;
  const auto lp = text.find('('), rp = text.rfind(')');
  if (lp != std::string::npos && rp != std::string::npos && lp < rp)
    if (std::string name = strip(text.substr(lp + 1, rp - lp - 1)); !name.empty() && name.find('@') == std::string::npos)
      return name;
  return text;
}

// An author element's name: read as written (an "<e-mail>" is no HTML tag),
// HTML only if markup is left once the address is gone.
std::string author_of(const Node& n) {
  std::string name = person_name(plain_of(n));
  return name.find_first_of("<&") == std::string::npos ? name : html_to_text(name);
}

// The item's authors, in document order: <author>, <atom:author>,
// <dc:creator>, <dc:author>; <itunes:author> only when there is none of
// those (it names the show's host more than the episode's writer).
std::vector<std::string> author_names(const Node& parent) {
  std::vector<std::string> names;
  for (const auto& c : parent.children) {
    if (c.name == "author" || c.name == "dc:creator" || c.name == "dc:author") {
      add_unique(names, author_of(c));
    } else if (c.name == "atom:author") {
      const Node* name = child(c, "atom:name");
      add_unique(names, name ? person_name(text_of(*name)) : author_of(c));
    }
  }
  if (names.empty())
    for (const auto& c : parent.children)
      if (c.name == "itunes:author") add_unique(names, author_of(c));
  return names;
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
    if (c.name == "itunes:summary" || c.name == "media:description") {
      // A podcast's episode notes: the summary, or the content when the
      // item has a description already.
      if (item.summary.empty()) item.summary = text_of(c);
      else if (item.content.empty() && c.name == "itunes:summary") item.content = text_of(c);
    }
    if (c.name == "itunes:keywords" || c.name == "media:keywords") {
      const std::string all = plain_of(c);
      for (std::size_t start = 0; start < all.size();) {
        std::size_t comma = std::min(all.find(',', start), all.size());
        add_unique(item.categories, normalize_whitespace(std::string_view(all).substr(start, comma - start)));
        start = comma + 1;
      }
    }
    if (c.name == "media:category") add_unique(item.categories, text_of(c));
    if (c.name == "itunes:category") {
      add_unique(item.categories, std::string(attr(c, "text")));
      fill_from_extensions(c, item);  // nested subcategories
    }
  }
}

Item rss_item(const Node& n, const FeedInfo& feed, Extractor& ex) {
  Item item;
  std::string permalink;
  item.line = static_cast<std::size_t>(std::max(n.el->GetLineNum(), 0));
  for (const auto& c : n.children) {
    const std::string& name = c.name;
    if ((name == "title" || name == "dc:title") && item.title.empty()) {
      item.title = text_of(c);
    } else if (name == "link" && item.link.empty()) {
      item.link = ex.url(c, plain_of(c));
    } else if (name == "guid" && item.guid.empty()) {
      item.guid = plain_of(c);
      // A permalink guid (isPermaLink is true unless it says false) is the
      // item's page when there is no <link>, wherever <link> comes.
      if (attr(c, "isPermaLink") != "false" &&
          (item.guid.find("://") != std::string::npos || attr(c, "isPermaLink") == "true"))
        permalink = ex.url(c, item.guid);
    } else if (name == "description" || name == "dc:description") {
      if (item.summary.empty()) item.summary = text_of(c);
    } else if (name == "content:encoded" || name == "xhtml:body" || name == "xhtml:div" ||
               name == "atom:content") {
      if (item.content.empty()) item.content = text_of(c);
    } else if (name == "category" || name == "dc:subject") {
      add_unique(item.categories, text_of(c));
    } else if (name == "enclosure" || name == "media:content") {
      if (item.enclosure.empty()) item.enclosure = ex.url(c, attr(c, "url"));
    } else if (name == "source") {
      item.source = text_of(c);
    }
  }
  if (item.guid.empty()) item.guid = std::string(attr(n, "rdf:about"));
  if (item.link.empty()) item.link = atom_link(n, "alternate", ex);
  if (item.link.empty()) item.link = std::move(permalink);
  item.authors = author_names(n);
  item.published = ex.first_date(n, {"pubDate", "pubdate", "dc:date", "dcterms:issued", "dcterms:created",
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
      item.enclosure = ex.url(c, attr(c, "url"));
    } else if (name == "atom:source") {
      if (const Node* t = child(c, "atom:title")) item.source = text_of(*t);
    }
  }
  item.link = atom_link(n, "alternate", ex);
  if (std::string enc = atom_link(n, "enclosure", ex); !enc.empty()) item.enclosure = enc;
  item.authors = author_names(n);
  // RFC 4287 4.2.1: an entry without an author has its source's, else the feed's.
  if (const Node* source = child(n, "atom:source"); item.authors.empty() && source)
    item.authors = author_names(*source);
  if (item.authors.empty()) item.authors = feed.authors;
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
  if (const Node* l = child(meta, "link")) {
    out.feed.link = plain_of(*l);
    ex.set_channel_link(out.feed.link, *l);
  }
  if (out.feed.link.empty()) {
    out.feed.link = atom_link(meta, "alternate", ex);
    ex.set_channel_link(out.feed.link, meta);
  }
  out.feed.language = language_of(meta);
  if (out.feed.language.empty()) out.feed.language = language_tag(std::string(attr(root, "xml:lang")));
  // RSS 2.0 nests items in the channel; RSS 0.90 and 1.0 make them
  // siblings; RSS 1.1 lists them in the channel's <items>.
  const Node* listed = child(meta, "items");
  for (const Node* parent : {channel, &root, listed}) {
    if (!parent) continue;
    for (const auto& c : parent->children)
      if (c.name == "item") out.items.push_back(rss_item(c, out.feed, ex));
  }
}

void read_atom(const Node& root, ParsedFeed& out, Extractor& ex) {
  if (const Node* t = child(root, "atom:title")) out.feed.title = text_of(*t);
  out.feed.link = atom_link(root, "alternate", ex);
  out.feed.language = language_of(root);
  out.feed.authors = author_names(root);
  if (root.name == "atom:entry") {  // an Atom Entry Document: one entry, no feed
    out.feed.authors.clear();
    out.items.push_back(atom_entry(root, out.feed, ex));
    return;
  }
  for (const auto& c : root.children)
    if (c.name == "atom:entry") out.items.push_back(atom_entry(c, out.feed, ex));
}

// An Atom feed shown in an XHTML page (<html><body><feed>): the first
// atom:feed below the root.
const Node* find_atom_feed(const Node& n) {
  for (const auto& c : n.children) {
    if (c.name == "atom:feed") return &c;
    if (const Node* found = find_atom_feed(c)) return found;
  }
  return nullptr;
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


// tinyxml2 has rejected `xml` (`doc` holds its error, `rejected` says it): a
// second chance through libxml2's recover mode (xml_recover.hpp). On success
// `doc` holds the well-formed rewrite and a warning names the line of the
// first error and the repair; false when nothing usable was recovered. An
// HTML page is not recovered (it is no feed), nor XML nested past tinyxml2's
// depth limit (the rewrite would be as deep). Lines of later warnings are the
// rewrite's, which keeps the input's lines except where libxml2 rewrote
// markup spread over several lines (an attribute list, a DOCTYPE).
bool parse_recovered(std::string_view xml, tinyxml2::XMLDocument& doc, const Diagnostic& rejected,
                     std::vector<Diagnostic>& warnings) {
  if (doc.ErrorID() == tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED || looks_like_html(xml)) return false;
  const auto recovered = recover_xml(xml);
  if (!recovered) return false;
  if (doc.Parse(recovered->xml.data(), recovered->xml.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement())
    return false;
  warnings.push_back({recovered->line ? recovered->line : rejected.line,
                      fmt::format("not well-formed XML (tinyxml2: {}); recovered by libxml2: {}", rejected.message,
                                  recovered->repair)});
  return true;
}

// xml_prepare's warnings are sentences that may start "line N: "; the line
// moves into the Diagnostic, so the user reads "feed.xml:N: ..." like every
// other warning.
Diagnostic located(std::string warning) {
  constexpr std::string_view kLine = "line ";
  if (!std::string_view(warning).starts_with(kLine)) return {0, std::move(warning)};
  std::size_t line = 0, i = kLine.size();
  for (; i < warning.size() && warning[i] >= '0' && warning[i] <= '9' && line < 100'000'000; ++i)
    line = line * 10 + static_cast<std::size_t>(warning[i] - '0');
  if (i == kLine.size() || warning.compare(i, 2, ": ") != 0) return {0, std::move(warning)};
  return {line, warning.substr(i + 2)};
}

// tinyxml2 accepts elements and text after the root element, which XML does
// not: they are no part of the feed. The line of the first, if any.
std::optional<int> content_after_root(const XMLElement& root) {
  for (const XMLNode* n = root.NextSibling(); n; n = n->NextSibling()) {
    const tinyxml2::XMLText* text = n->ToText();
    const bool blank = text && std::string_view(text->Value()).find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (n->ToElement() || (text && !blank)) return n->GetLineNum();
  }
  return std::nullopt;
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
  for (Item& item : out.items) for_each_text(item, fix);
  if (repaired > 0)
    out.warnings.push_back({0, fmt::format("{} text field{} held invalid UTF-8 or control characters "
                                           "(from character references): replaced",
                                           repaired, repaired == 1 ? "" : "s")});
}

}  // namespace

ParsedFeed parse_feed(std::string_view bytes, std::string_view http_charset, std::string_view url) {
  ParsedFeed out;
  PreparedXml prepared = prepare_xml(bytes, http_charset);
  for (auto& w : prepared.warnings) out.warnings.push_back(located(std::move(w)));

  tinyxml2::XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(prepared.xml.data(), prepared.xml.size()) != tinyxml2::XML_SUCCESS) {
    Diagnostic rejected{static_cast<std::size_t>(std::max(doc.ErrorLineNum(), 0)),
                        looks_like_html(prepared.xml)
                            ? "not a feed: this is an HTML page (a web page, not its feed)"
                            : describe_xml_error(doc)};
    if (!parse_recovered(prepared.xml, doc, rejected, out.warnings)) {
      out.error = std::move(rejected);
      return out;
    }
  }
  const XMLElement* root_el = doc.RootElement();
  if (!root_el) {
    out.error = Diagnostic{0, "no XML element found: the input is empty or not XML"};
    return out;
  }
  if (const auto junk = content_after_root(*root_el))
    out.warnings.push_back({static_cast<std::size_t>(*junk),
                            fmt::format("not well-formed XML: content after the root element <{}>: ignored",
                                        root_el->Name())});
  NamespaceScope scope;
  const std::string_view root_name = root_el->Name();
  // Some Atom feeds forget their namespace; a bare <feed> root is still Atom.
  if ((root_name == "feed" || root_name == "entry") && !root_el->Attribute("xmlns"))
    scope.bind("", "atom");
  // RSS 0.9x/2.0 has no namespace; <rss xmlns="..."> is still RSS.
  if (const char* ns = root_el->Attribute("xmlns"); root_name == "rss" && ns && short_name_of(ns) != "") {
    scope.ignore_default(ns);
    out.warnings.push_back({static_cast<std::size_t>(root_el->GetLineNum()),
                            fmt::format("<rss> is given the namespace {}, which RSS has not; read as RSS", ns)});
  }
  const std::string document_url(url);
  Node root = resolve(*root_el, scope, out.warnings, 0, {}, document_url);
  Extractor ex(out.warnings, document_url);
  const Node* wrapped = root.name == "xhtml:html" || root.name == "html" ? find_atom_feed(root) : nullptr;
  if (root.name == "rss" || root.name == "rdf:RDF" || root.name == "RDF" || root.name == "Channel") {
    out.feed.format = root.name == "rss" ? "rss" : "rdf";
    read_rss(root, out, ex);
  } else if (root.name == "atom:feed" || root.name == "atom:entry" || wrapped) {
    out.feed.format = "atom";
    read_atom(wrapped ? *wrapped : root, out, ex);
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

// HTML to plain text through gumbo, the HTML5 parser: it already knows every
// named entity and how browsers repair broken markup.
#include "common/html_text.hpp"

#include "common/encoding.hpp"
#include "common/url.hpp"

#include <gumbo.h>

#include <array>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace newsdex {
namespace {

// Gumbo's tree building is quadratic in nesting depth (100,000 nested <div>
// take about 20 s), so markup nested deeper than this is flattened first.
constexpr std::size_t kMaxNesting = 512;

// gumbo_parse_with_options takes at most 4 GiB.
constexpr std::size_t kMaxGumboInput = 0xFFFFFFFFu;

constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}
constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// ---------------------------------------------------------------- tag kinds

// Elements whose contents never become text.
bool is_dropped(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:  // in SVG too: gumbo gives <svg><style> the same tag
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    // Fallback content parsed as raw text: it would come out as literal markup.
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
      return true;
    default:
      return false;
  }
}

// Elements that start a new line when rendered, so they separate words.
bool is_block(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HR: case GUMBO_TAG_BR:
    case GUMBO_TAG_LI: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_MENU:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_SECTION: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME:
      return true;
    default:
      return false;
  }
}

// Elements the tokenizer reads as raw text up to their end tag.
bool is_raw_text(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TITLE: case GUMBO_TAG_PLAINTEXT:
      return true;
    default:
      return false;
  }
}

// Elements that never stay open around their successors: void elements,
// and those a sibling closes implicitly (<p>, <li>, <td>, ...).
bool never_nests(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR: case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_HR: case GUMBO_TAG_IMG: case GUMBO_TAG_IMAGE:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LINK: case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR:
    case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY: case GUMBO_TAG_P:
    case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_RB: case GUMBO_TAG_RT: case GUMBO_TAG_RTC: case GUMBO_TAG_RP:
      return true;
    default:
      return false;
  }
}

bool counts_for_depth(GumboTag tag) noexcept {
  return !never_nests(tag) && !is_raw_text(tag);
}

// ------------------------------------------------- nesting guard (pre-scan)

// A start or end tag found by a cheap lexer; good enough to estimate depth.
struct TagToken {
  std::size_t begin = 0;  // at '<'
  std::size_t end = 0;    // past '>' (past the end tag for raw-text elements)
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool closing = false;
};

// Past the '>' that ends a tag, honouring quoted attribute values.
std::size_t tag_end(std::string_view html, std::size_t pos) noexcept {
  bool after_equals = false;
  for (; pos < html.size(); ++pos) {
    const char c = html[pos];
    if (c == '>') return pos + 1;
    if ((c == '"' || c == '\'') && after_equals) {
      pos = html.find(c, pos + 1);
      if (pos == std::string_view::npos) return html.size();
      after_equals = false;
    } else if (c == '=') {
      after_equals = true;
    } else if (!is_space(c)) {
      after_equals = false;
    }
  }
  return html.size();
}

bool iequals_at(std::string_view html, std::size_t pos, std::string_view word) noexcept {
  if (html.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (to_lower(html[pos + i]) != to_lower(word[i])) return false;
  }
  return true;
}

// Past the end tag "</name ...>" of a raw-text element opened before `pos`.
std::size_t raw_text_end(std::string_view html, std::size_t pos, std::string_view name) noexcept {
  while ((pos = html.find("</", pos)) != std::string_view::npos) {
    const std::size_t after = pos + 2 + name.size();
    if (iequals_at(html, pos + 2, name) &&
        (after == html.size() || is_space(html[after]) || html[after] == '>' ||
         html[after] == '/')) {
      return tag_end(html, after);
    }
    pos += 2;
  }
  return html.size();
}

// The next tag at or after `pos`, skipping comments, doctypes and raw text.
std::optional<TagToken> next_tag(std::string_view html, std::size_t pos) noexcept {
  while (true) {
    const std::size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) return std::nullopt;
    const char next = html[lt + 1];
    if (next == '!' || next == '?') {
      const bool comment = html.compare(lt, 4, "<!--") == 0;
      const std::size_t close = comment ? html.find("-->", lt + 4) : html.find('>', lt + 2);
      if (close == std::string_view::npos) return std::nullopt;
      pos = close + (comment ? 3 : 1);
      continue;
    }
    TagToken token;
    token.begin = lt;
    token.closing = next == '/';
    const std::size_t name_begin = lt + (token.closing ? 2 : 1);
    if (name_begin >= html.size() || !is_alpha(html[name_begin])) {
      pos = lt + 1;
      continue;
    }
    std::size_t name_end = name_begin;
    while (name_end < html.size() && !is_space(html[name_end]) && html[name_end] != '/' &&
           html[name_end] != '>') {
      ++name_end;
    }
    const std::string_view name = html.substr(name_begin, name_end - name_begin);
    token.tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
    token.end = tag_end(html, name_end);
    if (!token.closing && token.tag == GUMBO_TAG_PLAINTEXT) {
      token.end = html.size();
    } else if (!token.closing && is_raw_text(token.tag)) {
      token.end = raw_text_end(html, token.end, name);
    }
    return token;
  }
}

// Tracks an estimate of the open-element depth, tag by tag. End tags close
// only what is open, so stray ones cannot hide real nesting.
class DepthTracker {
 public:
  // Depth after `token`, plus whether the token sits deeper than the limit.
  bool exceeds_after(const TagToken& token) noexcept {
    if (!counts_for_depth(token.tag)) return false;
    const auto index = static_cast<std::size_t>(token.tag);
    if (!token.closing) {
      ++open_[index];
      ++depth_;
      return depth_ > kMaxNesting;
    }
    if (open_[index] == 0) return false;
    const bool deep = depth_ > kMaxNesting;
    --open_[index];
    --depth_;
    return deep;
  }

 private:
  std::array<std::size_t, GUMBO_TAG_LAST + 1> open_{};
  std::size_t depth_ = 0;
};

bool nests_too_deeply(std::string_view html) noexcept {
  DepthTracker depth;
  std::size_t pos = 0;
  while (const auto token = next_tag(html, pos)) {
    if (depth.exceeds_after(*token)) return true;
    pos = token->end;
  }
  return false;
}

// Removes the tags that open (or close) elements beyond kMaxNesting, leaving
// their text in place: block tags become a space, inline tags nothing.
std::string flatten_deep_markup(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  DepthTracker depth;
  std::size_t copied = 0;
  std::size_t pos = 0;
  while (const auto token = next_tag(html, pos)) {
    pos = token->end;
    if (!depth.exceeds_after(*token)) continue;
    out.append(html.substr(copied, token->begin - copied));
    if (is_block(token->tag)) out += ' ';
    copied = token->end;
  }
  out.append(html.substr(copied));
  return out;
}

// --------------------------------------------------------------- tree walk

// HTML has no CDATA sections: gumbo turns "<![CDATA[x]]>" into a comment
// "[CDATA[x]]". Feeds double-wrap text that way, so keep it as text.
void append_cdata_comment(std::string_view comment, std::string& out) {
  constexpr std::string_view kOpen = "[CDATA[";
  if (comment.substr(0, kOpen.size()) != kOpen) return;
  comment.remove_prefix(kOpen.size());
  if (comment.size() >= 2 && comment.substr(comment.size() - 2) == "]]") {
    comment.remove_suffix(2);
  }
  out += comment;
}

using WalkStack = std::vector<std::pair<const GumboNode*, bool>>;  // node, leaving

void push_children(const GumboVector& children, WalkStack& stack) {
  for (unsigned i = children.length; i > 0; --i) {
    stack.emplace_back(static_cast<const GumboNode*>(children.data[i - 1]), false);
  }
}

// A page's chrome around its article: menus, banners, forms.
bool is_chrome(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

// Appends the text of the tree under `root`; iterative, so depth is no issue.
// Block elements add `block_mark` on entry and exit; the caller collapses
// runs. `page`: a whole page, whose chrome (is_chrome) is left out.
void append_text(const GumboNode* root, std::string& out, char block_mark = ' ', bool page = false) {
  WalkStack stack;
  stack.emplace_back(root, false);
  while (!stack.empty()) {
    const auto [node, leaving] = stack.back();
    stack.pop_back();
    switch (node->type) {
      case GUMBO_NODE_DOCUMENT:
        push_children(node->v.document.children, stack);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboTag tag = node->v.element.tag;
        if (is_dropped(tag) || (page && (is_chrome(tag) || tag == GUMBO_TAG_HEAD))) break;
        if (is_block(tag)) {
          out += block_mark;
          if (leaving) break;
          stack.emplace_back(node, true);
        }
        push_children(node->v.element.children, stack);
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        out += node->v.text.text;
        break;
      case GUMBO_NODE_COMMENT:
        append_cdata_comment(node->v.text.text, out);
        break;
      case GUMBO_NODE_TEMPLATE:
        break;
    }
  }
}

// --------------------------------------------------------------- whitespace

// Byte length of the whitespace character at `s[i]`, or 0. Only whole UTF-8
// sequences match, so other multibyte characters pass through intact.
std::size_t whitespace_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  const unsigned b0 = byte(0);
  if (b0 == ' ' || b0 == '\t' || b0 == '\n' || b0 == '\r' || b0 == '\f' || b0 == '\v') return 1;
  if (b0 == 0xC2) {  // U+0085 NEL, U+00A0 NBSP
    return (byte(1) == 0x85 || byte(1) == 0xA0) ? 2 : 0;
  }
  if (b0 == 0xE1) {  // U+1680 OGHAM SPACE MARK
    return (byte(1) == 0x9A && byte(2) == 0x80) ? 3 : 0;
  }
  if (b0 == 0xE2) {
    const unsigned b1 = byte(1);
    const unsigned b2 = byte(2);
    // U+2000..U+200A spaces, U+2028/U+2029 separators, U+202F narrow NBSP
    if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) {
      return 3;
    }
    return (b1 == 0x81 && b2 == 0x9F) ? 3 : 0;  // U+205F math space
  }
  if (b0 == 0xE3) {  // U+3000 ideographic space
    return (byte(1) == 0x80 && byte(2) == 0x80) ? 3 : 0;
  }
  return 0;
}

}  // namespace

namespace {

// C1 control characters (U+0080-U+009F) in news text are windows-1252
// punctuation that was mislabelled ("don\u0092t"): read them as browsers do.
// Zero marks the five bytes windows-1252 leaves undefined.
constexpr char16_t kWindows1252C1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The windows-1252 character of a C1 control at text[i] (UTF-8 C2 80-9F), or 0.
char16_t c1_replacement(std::string_view text, std::size_t i) {
  if (i + 1 >= text.size() || static_cast<unsigned char>(text[i]) != 0xC2) return 0;
  auto second = static_cast<unsigned char>(text[i + 1]);
  return second >= 0x80 && second <= 0x9F ? kWindows1252C1[second - 0x80] : 0;
}

}  // namespace

std::string normalize_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (char16_t cp = c1_replacement(text, i)) {
      if (pending_space) out += ' ';
      pending_space = false;
      append_utf8(out, cp);
      i += 2;
      continue;
    }
    const std::size_t ws = whitespace_length(text, i);
    if (ws > 0) {
      pending_space = !out.empty();
      i += ws;
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += text[i];
    ++i;
  }
  return out;
}

namespace {

// Parses with gumbo after the nesting guard; null when gumbo gives up.
GumboOutput* parse_html(std::string& document, const GumboOptions& options, std::string_view html,
                        std::string_view prefix) {
  document = prefix;
  if (nests_too_deeply(html)) {
    document += flatten_deep_markup(html);
  } else {
    document += html;
  }
  if (document.size() > kMaxGumboInput) document.resize(kMaxGumboInput);
  return gumbo_parse_with_options(&options, document.data(), document.size());
}

std::string utf8_text(std::string text) {
  // gumbo 0.10 writes a lone byte for a numeric reference past 32 bits
  // ("&#xcccccccc", found by the html_text fuzz target): text must stay UTF-8.
  return is_valid_utf8(text) ? text : repair_utf8(text).text;
}

const char* attribute(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// Whether a space-separated rel= list holds `word`.
bool has_word(std::string_view list, std::string_view word) {
  for (std::size_t from = 0; from <= list.size();) {
    std::size_t to = list.find_first_of(" \t\n", from);
    if (to == std::string_view::npos) to = list.size();
    if (iequal(list.substr(from, to - from), word)) return true;
    from = to + 1;
  }
  return false;
}

bool is_feed_type(std::string_view type) {
  return iequal(type, "application/rss+xml") || iequal(type, "application/atom+xml") ||
         iequal(type, "application/feed+json") || iequal(type, "application/rdf+xml");
}

// The first element with `tag` under `root`, depth first.
const GumboNode* find_element(const GumboNode* root, GumboTag tag) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT) {
      if (node->v.element.tag == tag) return node;
      children = &node->v.element.children;
    }
    if (children)
      for (unsigned i = children->length; i > 0; --i)
        stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
  }
  return nullptr;
}

std::string text_of(const GumboNode* node) {
  std::string text;
  if (node) append_text(node, text);
  return normalize_whitespace(utf8_text(std::move(text)));
}

// <head>'s title, metadata and links.
void read_head(const GumboNode* head, std::string_view url, HtmlPage& page) {
  std::string og_title;
  for (unsigned i = 0; head && i < head->v.element.children.length; ++i) {
    const auto* node = static_cast<const GumboNode*>(head->v.element.children.data[i]);
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_TITLE && page.title.empty()) {
      page.title = text_of(node);
    } else if (tag == GUMBO_TAG_META) {
      const char* key = attribute(node, "property");
      if (!key) key = attribute(node, "name");
      const char* content = attribute(node, "content");
      if (!key || !content) continue;
      const std::string value = normalize_whitespace(utf8_text(content));
      if (iequal(key, "og:title")) og_title = value;
      else if (iequal(key, "og:site_name")) page.site_name = value;
      else if (iequal(key, "og:url") && page.canonical.empty()) page.canonical = resolve_url(url, value);
      else if (iequal(key, "article:published_time") || iequal(key, "date")) page.published = value;
    } else if (tag == GUMBO_TAG_LINK) {
      const char* rel = attribute(node, "rel");
      const char* href = attribute(node, "href");
      if (!rel || !href || !*href) continue;
      const char* type = attribute(node, "type");
      if (has_word(rel, "canonical")) {
        page.canonical = resolve_url(url, normalize_whitespace(href));
      } else if (has_word(rel, "alternate") && type && is_feed_type(normalize_whitespace(type))) {
        const char* title = attribute(node, "title");
        page.feeds.push_back({resolve_url(url, normalize_whitespace(href)), normalize_whitespace(type),
                              title ? normalize_whitespace(utf8_text(title)) : std::string()});
      }
    }
  }
  if (!og_title.empty()) page.title = og_title;  // <title> often carries the site's name too
}

}  // namespace

bool looks_like_html_page(std::string_view bytes) noexcept {
  const std::string_view head = bytes.substr(0, 4096);
  for (std::string_view mark : {"<!DOCTYPE html", "<!doctype html", "<!DOCTYPE HTML", "<html", "<HTML", "<head", "<HEAD"})
    if (head.find(mark) != std::string_view::npos) return true;
  return false;
}

HtmlPage read_html_page(std::string_view html, std::string_view url) {
  HtmlPage page;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::string document;
  GumboOutput* output = parse_html(document, options, html, "");
  if (output == nullptr) return page;
  const GumboNode* root = output->root;
  if (const char* lang = root->type == GUMBO_NODE_ELEMENT ? attribute(root, "lang") : nullptr)
    page.language = normalize_whitespace(lang);
  read_head(find_element(root, GUMBO_TAG_HEAD), url, page);
  // The article if the page marks it, else its main part, else all of it.
  const GumboNode* body = find_element(root, GUMBO_TAG_ARTICLE);
  if (!body) body = find_element(root, GUMBO_TAG_MAIN);
  if (!body) body = find_element(root, GUMBO_TAG_BODY);
  if (page.title.empty()) page.title = text_of(find_element(root, GUMBO_TAG_H1));
  if (body) {
    std::string text;
    append_text(body, text, '\n', true);
    text = utf8_text(std::move(text));
    for (std::size_t from = 0; from < text.size();) {
      std::size_t to = std::min(text.find('\n', from), text.size());
      std::string paragraph = normalize_whitespace(std::string_view(text).substr(from, to - from));
      if (!paragraph.empty()) page.paragraphs.push_back(std::move(paragraph));
      from = to + 1;
    }
  }
  gumbo_destroy_output(&options, output);
  return page;
}

std::string html_to_text(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return normalize_whitespace(html);

  // Starting in <body> keeps a leading <noscript> (or other head-only markup)
  // from being re-parented in a way that lets its text escape.
  // Only the tree is used; recording parse errors costs time on tag soup.
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::string document;
  GumboOutput* output = parse_html(document, options, html, "<body>");
  if (output == nullptr) return {};

  std::string text;
  text.reserve(document.size());
  append_text(output->document, text);
  gumbo_destroy_output(&options, output);
  return normalize_whitespace(utf8_text(std::move(text)));
}

}  // namespace newsdex

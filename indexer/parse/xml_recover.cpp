#include "indexer/parse/xml_recover.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

namespace newsdex {
namespace {

// Recover, never fetch, warn through our handler only. Deliberately absent:
// XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD/DTDATTR/DTDVALID
// (reading the DTD) and XML_PARSE_HUGE (lifting the depth and size limits).
constexpr int kParseOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

struct ParserCtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct BufferFree {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};
using ParserCtxtPtr = std::unique_ptr<xmlParserCtxt, ParserCtxtFree>;
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;
using BufferPtr = std::unique_ptr<xmlBuffer, BufferFree>;

// An end tag to rewrite: [begin, end) of the input becomes `text`.
struct Edit {
  std::size_t begin = 0, end = 0;
  std::string text;
};

// What one parse reported; reached from libxml2's callbacks through the
// context's _private pointer, so nothing is shared between calls.
struct Report {
  int first_code = 0;
  std::size_t first_line = 0;
  std::string first_message;
  std::string first_str1, first_str2;
  int first_int1 = 0;
  std::size_t errors = 0;
  bool limit_met = false;
  std::optional<std::string> end_tag_written;  // the name of a mismatched end tag, until it is handled
  bool first_is_end_tag = false;               // the first error is that end tag: say what it did
  std::string first_action;
  const xmlParserCtxt* main = nullptr;         // the document's context (entity content has its own)
  std::string_view input;                      // the text being parsed
  std::vector<Edit> edits;                     // end tags to write as the tree was built
  std::unordered_map<const xmlNode*, std::size_t> starts;  // where each element's start tag begins
};

Report* report_of(void* ctx) {
  return ctx ? static_cast<Report*>(static_cast<xmlParserCtxt*>(ctx)->_private) : nullptr;
}

std::string text_of(const char* s) { return s ? std::string(s) : std::string(); }

// libxml2's resource limits (and failures) end recovery: what is left would
// be a truncated document presented as the feed.
bool is_limit(const xmlError& e) {
  return e.code == XML_ERR_INTERNAL_ERROR || e.code == XML_ERR_NO_MEMORY || e.code == XML_ERR_ENTITY_LOOP ||
         e.code == XML_ERR_NAME_TOO_LONG;
}

void on_error(void* ctx, xmlErrorPtr e) {
  Report* report = report_of(ctx);
  if (!report || !e || e->level < XML_ERR_ERROR) return;
  Report& r = *report;
  ++r.errors;
  if (is_limit(*e)) r.limit_met = true;
  // The end tag as written, which the end-element callback is not told.
  if (e->code == XML_ERR_TAG_NAME_MISMATCH) r.end_tag_written = text_of(e->str2);
  // The first fatal error is the cause; namespace errors are mere consequences.
  if (r.first_code == 0 && e->level == XML_ERR_FATAL) {
    r.first_code = e->code;
    r.first_line = e->line > 0 ? static_cast<std::size_t>(e->line) : 0;
    r.first_message = text_of(e->message);
    while (!r.first_message.empty() && (r.first_message.back() == '\n' || r.first_message.back() == ' '))
      r.first_message.pop_back();
    r.first_str1 = text_of(e->str1);
    r.first_str2 = text_of(e->str2);
    r.first_int1 = e->int1;
    r.first_is_end_tag = e->code == XML_ERR_TAG_NAME_MISMATCH;
  }
}

std::string qualified_name(const xmlNode& n) {
  std::string name = text_of(reinterpret_cast<const char*>(n.name));
  if (n.ns && n.ns->prefix) return text_of(reinterpret_cast<const char*>(n.ns->prefix)) + ":" + name;
  return name;
}

// libxml2 reports a mismatched end tag's name qualified, or (when the open
// element had a prefix) its local part only: either matches.
bool names_match(const xmlNode& n, const std::string& written) {
  return qualified_name(n) == written ||
         (written.find(':') == std::string::npos && text_of(reinterpret_cast<const char*>(n.name)) == written);
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Edit distance, case aside; names past 64 characters only compare equal.
std::size_t distance(const std::string& a, const std::string& b) {
  if (a.size() > 64 || b.size() > 64) return a == b ? 0 : SIZE_MAX;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// </titel> or </Title> for <title>: a misspelt end tag of the open element.
bool misspells(const std::string& written, const xmlNode& open) {
  const std::string name = qualified_name(open);
  return distance(written, name) <= (std::min(written.size(), name.size()) >= 4 ? 2u : 1u);
}

// Where the end tag just read starts and ends in the input, once it is known
// to be one (an empty element's end is no tag of its own).
std::optional<std::pair<std::size_t, std::size_t>> end_tag_span(xmlParserCtxt& ctxt, const Report& r,
                                                               const std::string& written) {
  const long consumed = xmlByteConsumed(&ctxt);
  if (consumed < 3 || static_cast<std::size_t>(consumed) > r.input.size()) return std::nullopt;
  const auto end = static_cast<std::size_t>(consumed);
  const std::size_t begin = r.input.rfind("</", end - 2);
  if (begin == std::string_view::npos || end - begin > written.size() + 256) return std::nullopt;
  return std::pair{begin, end};
}

void on_start_element(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri, int namespaces,
                      const xmlChar** ns, int attributes, int defaulted, const xmlChar** attrs) {
  xmlSAX2StartElementNs(ctx, local, prefix, uri, namespaces, ns, attributes, defaulted, attrs);
  Report* report = report_of(ctx);
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  if (!report || report->main != ctx || !ctxt->node) return;
  // The callback comes once the start tag is read; it began at the last '<'
  // (no '<' is allowed inside an attribute value).
  const long consumed = xmlByteConsumed(ctxt);
  if (consumed <= 0 || static_cast<std::size_t>(consumed) > report->input.size()) return;
  const std::size_t begin = report->input.rfind('<', static_cast<std::size_t>(consumed) - 1);
  if (begin != std::string_view::npos) report->starts[ctxt->node] = begin;
}

// Inline HTML that a title or description may carry unescaped: it stays
// inside an element that is closed late.
bool is_inline_html(const xmlNode& n) {
  static constexpr std::array<std::string_view, 17> kInline{"a",     "abbr", "b",      "br",  "cite", "code",
                                                           "em",    "i",    "img",    "q",   "s",    "small",
                                                           "span",  "strong", "sub",  "sup", "u"};
  const std::string_view name = reinterpret_cast<const char*>(n.name);
  return std::find(kInline.begin(), kInline.end(), name) != kInline.end();
}

// An element that an outer end tag closes but which holds elements of its
// own, <title>One<link>…</link><description>…</description></item>, was
// left open where its first such element began: that is where it ends, and
// the elements after it are its siblings. Where that is, if anywhere.
std::optional<std::pair<std::size_t, const xmlNode*>> left_open_at(const Report& r, const xmlNode& n) {
  for (const xmlNode* c = n.children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || is_inline_html(*c)) continue;
    const auto at = r.starts.find(c);
    if (at == r.starts.end()) return std::nullopt;
    return std::pair{at->second, c};
  }
  return std::nullopt;
}

// The end of an element, as feedparser's loose parser would have it: the end
// tag closes the nearest open element of its name (and those inside it), or
// the current one when it misspells its name; one that names no open element
// closes nothing. The root element closes only on its own end tag, so that
// nothing is read as a second root. ctxt->nodeTab is the tree builder's stack, which is
// ours to pop; the parser keeps its own stack of names, which goes on as
// libxml2 sees it: where the two part, the end tag is noted as an edit
// (recover_xml parses the edited text again). Says what it did.
std::string end_element(xmlParserCtxt& ctxt, Report& r, const std::string& written) {
  if (ctxt.nodeNr <= 0) return "ignored";
  const xmlNode& current = *ctxt.nodeTab[ctxt.nodeNr - 1];
  if (names_match(current, written)) {
    xmlSAX2EndElementNs(&ctxt, nullptr, nullptr, nullptr);
    return fmt::format("<{}> closed", qualified_name(current));
  }
  const auto span = end_tag_span(ctxt, r, written);
  for (int k = ctxt.nodeNr - 2; k >= 0; --k) {
    if (!names_match(*ctxt.nodeTab[k], written)) continue;
    std::string closing, moved;
    while (ctxt.nodeNr > k + 1) {
      const xmlNode& open = *ctxt.nodeTab[ctxt.nodeNr - 1];
      const std::string end = "</" + qualified_name(open) + ">";
      if (const auto at = left_open_at(r, open)) {
        r.edits.push_back({at->first, at->first, end});
        if (moved.empty())
          moved = fmt::format("; <{}> ends before <{}> (line {})", qualified_name(open), qualified_name(*at->second),
                              at->second->line);
      } else {
        closing += end;
      }
      xmlSAX2EndElementNs(&ctxt, nullptr, nullptr, nullptr);
    }
    if (k > 0) xmlSAX2EndElementNs(&ctxt, nullptr, nullptr, nullptr);  // the root stays open to the end
    if (span) r.edits.push_back({span->first, span->first, std::move(closing)});
    return fmt::format("<{}> and the elements open inside it closed there{}", written, moved);
  }
  if (ctxt.nodeNr > 1 && misspells(written, current)) {
    xmlSAX2EndElementNs(&ctxt, nullptr, nullptr, nullptr);
    return fmt::format("read as </{}>", qualified_name(current));
  }
  if (span) r.edits.push_back({span->first, span->second, {}});
  return "ignored, as it closes no open element";
}

void on_end_element(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri) {
  Report* report = report_of(ctx);
  if (!report || report->main != ctx) {  // inside an entity's content: libxml2's way
    if (report) report->end_tag_written.reset();
    xmlSAX2EndElementNs(ctx, local, prefix, uri);
    return;
  }
  Report& r = *report;
  std::string written;
  if (r.end_tag_written) {
    written = std::move(*r.end_tag_written);
    r.end_tag_written.reset();
  } else {
    written = text_of(reinterpret_cast<const char*>(local));
    if (prefix) written = text_of(reinterpret_cast<const char*>(prefix)) + ":" + written;
  }
  std::string action = end_element(*static_cast<xmlParserCtxt*>(ctx), r, written);
  if (r.first_is_end_tag) {
    r.first_action = std::move(action);
    r.first_is_end_tag = false;
  }
}

// Every external entity (a SYSTEM or PUBLIC id, a DTD) is refused, whatever
// the options would allow: recovery reads the given text and nothing else.
xmlParserInputPtr refuse_entity(void*, const xmlChar*, const xmlChar*) { return nullptr; }

void init_once() {
  static const bool done = [] {
    xmlInitParser();
    return true;
  }();
  (void)done;
}

// The repair, said for the errors feeds commonly have; libxml2's words else.
std::string describe(const Report& r) {
  std::string what;
  switch (r.first_code) {
    case XML_ERR_TAG_NAME_MISMATCH:
      what = fmt::format("</{}> while <{}> (line {}) was open: {}", r.first_str2, r.first_str1, r.first_int1,
                         r.first_action.empty() ? "ignored" : r.first_action);
      break;
    case XML_ERR_TAG_NOT_FINISHED:
      what = fmt::format("the input ends inside <{}> (line {}): closed there", r.first_str1, r.first_int1);
      break;
    case XML_ERR_DOCUMENT_END:
      what = "content after the root element: dropped";
      break;
    case 0:
      what = "no error found: re-serialised";
      break;
    default:
      what = r.first_message;
  }
  if (r.errors > 1) what += fmt::format(" (and {} more error{})", r.errors - 1, r.errors == 2 ? "" : "s");
  return what;
}

std::optional<std::string> serialise(xmlDoc& doc, bool with_declaration) {
  BufferPtr buffer(xmlBufferCreate());
  if (!buffer) return std::nullopt;
  xmlSaveCtxtPtr save = xmlSaveToBuffer(buffer.get(), "UTF-8", with_declaration ? 0 : XML_SAVE_NO_DECL);
  if (!save) return std::nullopt;
  const long written = xmlSaveDoc(save, &doc);
  xmlSaveClose(save);  // flushes into the buffer, frees the context
  if (written < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

// libxml2 2.9 drops every entity reference in content once it has met an
// error (xmlParseReference returns early when the document is not
// well-formed), even &amp; and &lt;, which escaped HTML in a feed is full of;
// character references survive. So the five predefined entities are written
// as character references first, outside CDATA sections, comments and the
// DOCTYPE (whose entity values they would change).
std::string predefined_as_char_refs(std::string_view xml) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRefs{{
      {"&amp;", "&#38;"}, {"&lt;", "&#60;"}, {"&gt;", "&#62;"}, {"&quot;", "&#34;"}, {"&apos;", "&#39;"}}};
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kVerbatim{{
      {"<![CDATA[", "]]>"}, {"<!--", "-->"}, {"<!DOCTYPE", "]>"}}};
  std::string out;
  out.reserve(xml.size() + xml.size() / 16);
  std::size_t i = 0;
  while (i < xml.size()) {
    const std::size_t next = xml.find_first_of("<&", i);
    out.append(xml.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i));
    if (next == std::string_view::npos) break;
    i = next;
    std::size_t skip = 0;
    for (const auto& [open, close] : kVerbatim) {
      if (xml.substr(i, open.size()) != open) continue;
      // A DOCTYPE without an internal subset ends at its first '>'.
      const bool bare_doctype = open == "<!DOCTYPE" && xml.find_first_of("[>", i) != std::string_view::npos &&
                                xml[xml.find_first_of("[>", i)] == '>';
      const std::string_view end = bare_doctype ? std::string_view(">") : close;
      const std::size_t at = xml.find(end, i + open.size());
      skip = (at == std::string_view::npos ? xml.size() : at + end.size()) - i;
    }
    if (skip == 0 && xml[i] == '&')
      for (const auto& [ref, number] : kRefs)
        if (xml.substr(i, ref.size()) == ref) {
          out += number;
          i += ref.size();
          skip = std::string_view::npos;
          break;
        }
    if (skip == std::string_view::npos) continue;
    if (skip == 0) skip = 1;
    out.append(xml.substr(i, skip));
    i += skip;
  }
  return out;
}

// One recovering parse of `text`: the tree, and what was reported.
struct Parse {
  DocPtr doc;
  Report report;
};

Parse parse_once(std::string_view text) {
  Parse out;
  ParserCtxtPtr ctxt(xmlNewParserCtxt());
  if (!ctxt || !ctxt->sax) return out;
  out.report.main = ctxt.get();
  out.report.input = text;
  ctxt->_private = &out.report;
  ctxt->sax->serror = on_error;
  ctxt->sax->startElementNs = on_start_element;
  ctxt->sax->endElementNs = on_end_element;
  ctxt->sax->resolveEntity = refuse_entity;
  ctxt->sax->externalSubset = nullptr;  // never read a DOCTYPE's SYSTEM id
  out.doc.reset(xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()), nullptr, "UTF-8",
                                  kParseOptions));
  out.report.main = nullptr;
  out.report.input = {};
  return out;
}

std::string apply_edits(std::string_view text, std::vector<Edit> edits) {
  // Stable: end tags written at one place keep their order, innermost first.
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t at = 0;
  for (const Edit& e : edits) {
    if (e.begin < at || e.end > text.size()) continue;  // overlapping: cannot happen, skipped all the same
    out.append(text.substr(at, e.begin - at));
    out += e.text;
    at = e.end;
  }
  out.append(text.substr(at));
  return out;
}

// Each pass parses the text with the previous pass's end tags rewritten, so
// that libxml2 reads the elements as they were closed; all but
// pathological inputs need two at most.
constexpr int kMaxPasses = 4;

}  // namespace

std::optional<RecoveredXml> recover_xml(std::string_view utf8_xml) {
  if (utf8_xml.empty() || utf8_xml.size() > static_cast<std::size_t>(INT_MAX) / 2) return std::nullopt;
  init_once();
  std::string text = predefined_as_char_refs(utf8_xml);
  std::optional<Report> first;  // the original text's errors: those to tell
  std::size_t errors = 0;
  for (int pass = 1;; ++pass) {
    Parse p = parse_once(text);
    if (!p.doc || !xmlDocGetRootElement(p.doc.get()) || p.report.limit_met) return std::nullopt;
    errors = std::max(errors, p.report.errors);
    if (!first) first = p.report;
    if (p.report.edits.empty() || pass == kMaxPasses) {
      auto xml = serialise(*p.doc, utf8_xml.starts_with("<?xml"));
      if (!xml) return std::nullopt;
      first->errors = errors;
      // An error at the end of the input is on the line after its last newline.
      const std::size_t lines = static_cast<std::size_t>(std::count(utf8_xml.begin(), utf8_xml.end(), '\n')) +
                                (utf8_xml.back() == '\n' ? 0 : 1);
      return RecoveredXml{std::move(*xml), std::min(first->first_line, lines), describe(*first), errors};
    }
    text = apply_edits(text, std::move(p.report.edits));
  }
}

}  // namespace newsdex

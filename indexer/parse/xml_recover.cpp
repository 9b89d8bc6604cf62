#include "indexer/parse/xml_recover.hpp"

#include <climits>
#include <memory>
#include <utility>

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
};

Report& report_of(void* ctx) {
  return *static_cast<Report*>(static_cast<xmlParserCtxt*>(ctx)->_private);
}

std::string text_of(const char* s) { return s ? std::string(s) : std::string(); }

// libxml2's resource limits (and failures) end recovery: what is left would
// be a truncated document presented as the feed.
bool is_limit(const xmlError& e) {
  return e.code == XML_ERR_INTERNAL_ERROR || e.code == XML_ERR_NO_MEMORY || e.code == XML_ERR_ENTITY_LOOP ||
         e.code == XML_ERR_NAME_TOO_LONG;
}

void on_error(void* ctx, xmlErrorPtr e) {
  if (!ctx || !e || e->level < XML_ERR_ERROR) return;
  Report& r = report_of(ctx);
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

// The end of an element, as feedparser's loose parser would have it: the end
// tag closes the nearest open element of its name (and those inside it); one
// that names no open element closes nothing. The root element stays open to
// the end: libxml2 ends the document there itself. ctxt->nodeTab is the tree
// builder's stack, which is ours to pop; the parser keeps its own stack of
// names for matching end tags, which this does not touch.
void on_end_element(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri) {
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  Report& r = report_of(ctx);
  std::string written;
  if (r.end_tag_written) {
    written = std::move(*r.end_tag_written);
    r.end_tag_written.reset();
  } else {
    written = text_of(reinterpret_cast<const char*>(local));
    if (prefix) written = text_of(reinterpret_cast<const char*>(prefix)) + ":" + written;
  }
  if (ctxt->nodeNr <= 0) return;
  if (ctxt->nodeNr == 1 || names_match(*ctxt->nodeTab[ctxt->nodeNr - 1], written)) {
    xmlSAX2EndElementNs(ctx, local, prefix, uri);
    return;
  }
  for (int k = ctxt->nodeNr - 2; k >= 1; --k) {
    if (!names_match(*ctxt->nodeTab[k], written)) continue;
    while (ctxt->nodeNr > k) xmlSAX2EndElementNs(ctx, local, prefix, uri);
    return;
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
      what = fmt::format("</{}> while <{}> (line {}) was open: the elements up to the nearest open <{}> closed there",
                         r.first_str2, r.first_str1, r.first_int1, r.first_str2);
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

}  // namespace

std::optional<RecoveredXml> recover_xml(std::string_view utf8_xml) {
  if (utf8_xml.empty() || utf8_xml.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  init_once();
  ParserCtxtPtr ctxt(xmlNewParserCtxt());
  if (!ctxt || !ctxt->sax) return std::nullopt;
  Report report;
  ctxt->_private = &report;
  ctxt->sax->serror = on_error;
  ctxt->sax->endElementNs = on_end_element;
  ctxt->sax->resolveEntity = refuse_entity;
  ctxt->sax->externalSubset = nullptr;  // never read a DOCTYPE's SYSTEM id
  DocPtr doc(xmlCtxtReadMemory(ctxt.get(), utf8_xml.data(), static_cast<int>(utf8_xml.size()), nullptr,
                               "UTF-8", kParseOptions));
  if (!doc || !xmlDocGetRootElement(doc.get()) || report.limit_met) return std::nullopt;
  auto xml = serialise(*doc, utf8_xml.starts_with("<?xml"));
  if (!xml) return std::nullopt;
  return RecoveredXml{std::move(*xml), report.first_line, describe(report), report.errors};
}

}  // namespace newsdex

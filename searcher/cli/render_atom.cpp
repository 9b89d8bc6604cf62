#include "render_atom.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <fmt/format.h>
#include <tinyxml2.h>

namespace newsdex::cli {

std::string urn_part(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

namespace {

// XML 1.0 allows no control characters but tab and line breaks, nor
// U+FFFE and U+FFFF (EF BF BE, EF BF BF in UTF-8): each becomes a space.
std::string xml_text(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += ' ';
    } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      out += ' ';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void element(tinyxml2::XMLPrinter& p, const char* name, const std::string& text) {
  p.OpenElement(name);
  p.PushText(xml_text(text).c_str());
  p.CloseElement();
}

// An entry's id must be an IRI that stays the same: a URL, tag: or urn: id
// is one; any other (a content hash, a bare guid) is made a urn.
std::string entry_id(const std::string& id) {
  for (std::string_view scheme : {"http://", "https://", "tag:", "urn:"})
    if (id.starts_with(scheme) && id.find_first_of(" <>\"") == std::string::npos) return id;
  return "urn:newsdex:" + urn_part(id);
}

}  // namespace

void results_atom(std::string& out, const SearchResults& r, const std::string& title,
                  const std::string& feed_id, const Style& style) {
  tinyxml2::XMLPrinter p(nullptr, /*compact=*/false);
  p.PushHeader(false, true);
  p.OpenElement("feed");
  p.PushAttribute("xmlns", "http://www.w3.org/2005/Atom");
  element(p, "title", title);
  element(p, "id", feed_id);
  // The feed changed when its newest entry did; an empty one, now.
  std::int64_t updated = 0;
  for (const auto& h : r.hits) updated = std::max(updated, h.updated.value_or(h.date.value_or(0)));
  if (updated == 0) updated = static_cast<std::int64_t>(std::time(nullptr));
  element(p, "updated", format_time(updated, style.utc));
  p.OpenElement("author");
  element(p, "name", "newsdex");
  p.CloseElement();
  p.OpenElement("generator");
  p.PushAttribute("version", NEWSDEX_VERSION_STRING);
  p.PushText("newsdex");
  p.CloseElement();
  for (const auto& h : r.hits) {
    p.OpenElement("entry");
    element(p, "title", h.title.empty() ? "(untitled)" : h.title);
    element(p, "id", entry_id(h.id));
    if (!h.url.empty()) {
      p.OpenElement("link");
      p.PushAttribute("rel", "alternate");
      p.PushAttribute("href", xml_text(h.url).c_str());
      p.CloseElement();
    }
    if (h.published) element(p, "published", format_time(*h.published, style.utc));
    const auto entry_updated = h.updated ? h.updated : h.date;
    element(p, "updated", format_time(entry_updated.value_or(updated), style.utc));
    for (const auto& a : h.authors) {
      p.OpenElement("author");
      element(p, "name", a);
      p.CloseElement();
    }
    for (const auto& c : h.categories) {
      p.OpenElement("category");
      p.PushAttribute("term", xml_text(c).c_str());
      p.CloseElement();
    }
    if (!h.source.empty()) {
      p.OpenElement("source");
      element(p, "title", h.source);
      p.CloseElement();
    }
    if (!h.snippet.text.empty()) element(p, "summary", h.snippet.text);
    p.CloseElement();
  }
  p.CloseElement();
  out.append(p.CStr(), static_cast<std::size_t>(p.CStrSize() > 0 ? p.CStrSize() - 1 : 0));
}

}  // namespace newsdex::cli

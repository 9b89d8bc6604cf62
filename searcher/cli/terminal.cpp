#include "terminal.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "newsdex/search.hpp"

namespace newsdex::cli {

bool use_color(std::string_view mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return isatty(STDOUT_FILENO);
}

std::size_t output_width(std::optional<std::size_t> asked) {
  if (asked) return *asked;
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0 && n < 10000) return static_cast<std::size_t>(n);
  }
  return 0;
}

namespace {

// Columns `word` takes: its UTF-8 characters, ANSI sequences left out.
std::size_t columns(std::string_view word) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == '\033') {
      while (i < word.size() && word[i] != 'm') ++i;
      continue;
    }
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out;
  std::size_t column = indent.size();  // the caller's indent on the first line
  bool line_has_words = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      out += '\n';
      out += indent;
      column = indent.size();
      line_has_words = false;
      ++i;
      continue;
    }
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    std::size_t end = text.find_first_of(" \t\n", i);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(i, end - i);
    const std::size_t w = columns(word);
    if (line_has_words && width > 0 && column + 1 + w > width) {
      out += '\n';
      out += indent;
      column = indent.size();
      line_has_words = false;
    }
    if (line_has_words) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    line_has_words = true;
    i = end;
  }
  return out;
}

std::string shown_time(const std::optional<std::int64_t>& t, const Style& style) {
  return t ? format_time(*t, style.utc) : std::string("-");
}

std::string shown_date(const std::optional<std::int64_t>& t, const Style& style) {
  return t ? format_time(*t, style.utc).substr(0, 10) : std::string("----------");
}

void page_or_print(const std::string& text, bool page) {
  if (page && isatty(STDOUT_FILENO)) {
    const char* pager = std::getenv("PAGER");
    std::string command = pager && *pager ? pager : "less -R";
    if (command != "cat") {
      setenv("LESS", "FRX", 0);
      // A reader who quits the pager early closes the pipe: not an error.
      signal(SIGPIPE, SIG_IGN);
      if (FILE* p = popen(command.c_str(), "w")) {
        std::fwrite(text.data(), 1, text.size(), p);
        pclose(p);
        return;
      }
    }
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
}

}  // namespace newsdex::cli

// html_to_text: HTML soup of any depth to plain text; valid UTF-8 in, valid
// UTF-8 out.
#include <string>

#include "common/encoding.hpp"
#include "common/html_text.hpp"
#include "tests/fuzz/fuzz_target.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  const std::string text = newsdex::html_to_text(bytes);
  if (newsdex::is_valid_utf8(bytes))
    newsdex::fuzz::check(newsdex::is_valid_utf8(text), "text of valid UTF-8 HTML is valid UTF-8");
}

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "common/schema.hpp"

using namespace newsdex;

TEST_CASE("schema: names and prefixes are unique, and follow Xapian's conventions") {
  std::set<std::string_view> names, prefixes;
  for (const auto& f : schema::kFields) {
    CAPTURE(f.prefix);
    if (!f.name.empty()) CHECK(names.insert(f.name).second);
    CHECK(prefixes.insert(f.prefix).second);
    // Multi-letter prefixes are custom ones and must start with X.
    if (f.prefix.size() > 1) CHECK(f.prefix.front() == 'X');
    for (char c : f.prefix) CHECK((c >= 'A' && c <= 'Z'));
    if (f.kind == schema::FieldKind::boolean) CHECK(f.weight == 0);
  }
  CHECK(schema::kId.prefix == "Q");
  CHECK(schema::kTitle.prefix == "S");
  CHECK(schema::kAuthor.prefix == "A");
  CHECK(schema::kCategory.prefix == "K");
}

TEST_CASE("schema: the title outweighs the body") {
  CHECK(schema::kTitle.weight > schema::kBody.weight);
  CHECK(schema::kTitle.in_body);
}

TEST_CASE("schema: value slots are distinct") {
  std::set<Xapian::valueno> slots{schema::kPublishedSlot, schema::kContentHashSlot,
                                  schema::kSourceSlot};
  CHECK(slots.size() == 3);
}

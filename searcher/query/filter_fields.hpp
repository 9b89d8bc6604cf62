#pragma once
// The filter fields of the query language (site: lang: kind: date: id:
// story:): each value normalised exactly as the indexer writes it, so
// site:BBC.co.uk finds what site:bbc.co.uk finds, and checked, so a value
// that cannot match (date:2025-13, kind:video) is an error naming it rather
// than "no matches".

#include <string>
#include <string_view>

#include <xapian.h>

#include "common/schema.hpp"

namespace newsdex {

// A Xapian field processor for a boolean field of the schema. A value that
// cannot match is reported in `problem` (the first one only; it matches
// nothing), never thrown through Xapian's parser. `db` (to resolve short
// ids) and `problem` must outlive it.
Xapian::FieldProcessor* make_filter_field(const schema::Field& field, const Xapian::Database& db,
                                          std::string& problem);

// Throws Error(query) for a `name:value` in `text` whose name is no field
// ("foo:bar"), naming it and listing the fields. Quoted phrases and URLs
// (http://...) are left alone.
void check_field_names(std::string_view text);

}  // namespace newsdex

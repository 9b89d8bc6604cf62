#pragma once
// A search's results as an Atom 1.0 feed (RFC 4287), so any search, a saved
// one above all, can be subscribed to from another reader.

#include <string>

#include "newsdex/newsdex.hpp"
#include "terminal.hpp"

namespace newsdex::cli {

// `title` names the feed ("newsdex: QUERY"); `feed_id` is its stable id
// (the same search gives the same id every time).
void results_atom(std::string& out, const SearchResults& r, const std::string& title,
                  const std::string& feed_id, const Style& style);

// `text` as the tail of a urn: letters, digits and -._~ kept, the rest
// percent-encoded.
std::string urn_part(std::string_view text);

}  // namespace newsdex::cli

#pragma once
// A Document is kept in its Xapian document's data as a compact binary
// record: the indexer encodes it, the searcher decodes it, every hit of every
// search. Indexes written before (kDataVersion 1) kept JSON, which is still
// read. Reading JSON cost as much per hit as ranking the query: on 3,000
// documents of the 200k benchmark corpus, nlohmann took 9.5 us a document
// (1,072 bytes), the record 0.57 us (846 bytes), 17 times less.

#include <string>

#include "newsdex/document.hpp"

namespace newsdex {

// The record of `doc` (see stored_document.cpp for its layout), noting the
// identity rule its id was made by (Item::identity_rule).
std::string encode(const Document& doc, int identity_rule);
// Reads a record, or the JSON of version 1. Throws Error(corrupt) when
// `data` is neither (a truncated record, text that is not a JSON object).
Document decode(const std::string& data);

// The identity rule noted in a record; 0 for records written before rules
// were noted (and for JSON). Throws like decode.
int identity_rule_of(const std::string& data);

// `doc` as version 1's JSON. Content hashes are taken of it, so an index
// written before the record compares equal on re-indexing (nothing rewritten).
std::string encode_json(const Document& doc);

}  // namespace newsdex

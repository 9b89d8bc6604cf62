#pragma once
// Synonyms applied to queries: groups of words and phrases that mean the same
// ("US, U.S., United States"), read from a file a user can edit, and a query
// rewritten so that any member of a group finds the others.

#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"

namespace newsdex {

class SynonymTable {
 public:
  // One group per line, its members separated by commas; '#' starts a
  // comment line. A member may be several words ("artificial intelligence").
  // Case is ignored, except that a member written in capitals ("US", "AI")
  // matches only capitals, so the pronoun "us" is not "United States".
  // Dots are ignored ("U.S." is "US"). Problems (a line with one member) are
  // reported in `diagnostics` and the line ignored.
  static SynonymTable parse(std::string_view text, std::vector<Diagnostic>& diagnostics);

  // Adds `other`'s groups after this table's.
  void merge(SynonymTable other);
  bool empty() const { return groups_.empty(); }

  // `query` with each bare word or run of words that is a group member (the
  // longest at each place) replaced by "(member OR other OR "other phrase")".
  // Left alone: quoted phrases, field:terms, +/- words, operators and words
  // joined to others by NEAR/ADJ, whose operands must be plain terms.
  std::string expand(std::string_view query) const;

 private:
  struct Member {
    std::string text;               // as written in the file
    std::vector<std::string> keys;  // its words, normalised for matching
  };
  std::vector<std::vector<Member>> groups_;
};

}  // namespace newsdex

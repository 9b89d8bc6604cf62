// The query language: any string parses to a query or a query error (never
// another exception), and the query runs on an index within bounded time.
#include <string>

#include <xapian.h>

#include "newsdex/error.hpp"
#include "searcher/query/query_builder.hpp"
#include "tests/fuzz/fuzz_target.hpp"
#include "tests/fuzz/small_index.hpp"

NEWSDEX_FUZZ_TARGET(bytes) {
  static const Xapian::Database db = newsdex::fuzz::small_index();
  const bool match_all = !bytes.empty() && (bytes[0] & 1);
  try {
    const newsdex::BuiltQuery built = newsdex::build_query(bytes, db, match_all);
    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    (void)enquire.get_mset(0, 10);
  } catch (const newsdex::Error& e) {
    newsdex::fuzz::check(e.code() == newsdex::Errc::query, "a bad query is a query error");
  }
  (void)newsdex::spelling_correction(bytes, db, match_all);
}

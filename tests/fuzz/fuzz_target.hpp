#pragma once
// What every fuzz target shares: the libFuzzer entry point's signature, the
// bytes as a string_view, and a check that stops the run when a property
// fails (a crash is how libFuzzer, and the replay driver, report a finding).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define NEWSDEX_FUZZ_TARGET(bytes)                                                  \
  static void fuzz_one(std::string_view bytes);                                     \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    fuzz_one(std::string_view(reinterpret_cast<const char*>(data), size));          \
    return 0;                                                                       \
  }                                                                                 \
  static void fuzz_one(std::string_view bytes)

namespace newsdex::fuzz {

// Like assert, but kept in release builds: a broken property is a finding.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: property broken: %s\n", what);
  std::abort();
}

}  // namespace newsdex::fuzz

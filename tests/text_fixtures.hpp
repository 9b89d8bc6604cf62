#pragma once
// The seed files in data/ and the shipped phrase file, for the plain-text
// parser tests.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "indexer/parse/text_parser.hpp"

namespace text_fixtures {

inline std::filesystem::path data_dir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "data";
}

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The seed whose name starts with `prefix` ("004_").
inline std::string seed(const std::string& prefix) {
  for (const auto& e : std::filesystem::directory_iterator(data_dir()))
    if (e.path().filename().string().starts_with(prefix)) return read_all(e.path());
  FAIL("no seed " << prefix << " in " << data_dir());
  return {};
}

// data/boilerplate.conf, read once; a problem in it fails the test.
inline const newsdex::Boilerplate& shipped() {
  static const newsdex::Boilerplate b = [] {
    std::vector<newsdex::Diagnostic> warnings;
    auto parsed = newsdex::Boilerplate::parse(read_all(data_dir() / "boilerplate.conf"), warnings);
    for (const auto& w : warnings) FAIL_CHECK("boilerplate.conf:" << w.line << ": " << w.message);
    return parsed;
  }();
  return b;
}

}  // namespace text_fixtures

// A main for the fuzz targets where libFuzzer is not linked (GCC builds):
// runs the target once on every file named (also in -seed_inputs=) or found
// under a folder named, so that the seed corpora and every kept reproducer
// are a regression test in each build. libFuzzer builds use libFuzzer's own main instead.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace fs = std::filesystem;

static bool replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    return false;
  }
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::size_t count = 0;
  bool ok = true;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    // libFuzzer's options: its seed files are inputs; the rest mean nothing here.
    const std::string seeds = "-seed_inputs=";
    if (arg.rfind(seeds, 0) == 0) {
      std::stringstream list(arg.substr(seeds.size()));
      for (std::string file; std::getline(list, file, ',');) inputs.emplace_back(file);
    } else if (arg.rfind('-', 0) != 0) {
      inputs.emplace_back(arg);
    }
  }
  for (const fs::path& arg : inputs) {
    if (!fs::is_directory(arg)) {
      ok = replay(arg) && ok;
      ++count;
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(arg))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());  // a stable order, for reading a failure
    for (const auto& file : files) {
      ok = replay(file) && ok;
      ++count;
    }
  }
  std::printf("%s: replayed %zu inputs\n", fs::path(argv[0]).filename().c_str(), count);
  return ok && count > 0 ? 0 : 1;
}

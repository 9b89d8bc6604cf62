#include "common/read_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "newsdex/error.hpp"

namespace newsdex {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxInputBytes)
    throw Error(Errc::io, fmt::format("too large ({} MB; the limit is {} MB)", size >> 20,
                                      kMaxInputBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(Errc::io, fmt::format("cannot open: {}", std::strerror(errno)));
  return read_stream(in);
}

std::string read_stream(std::istream& in) {
  std::string out;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > kMaxInputBytes)
      throw Error(Errc::io, fmt::format("too large (over {} MB)", kMaxInputBytes >> 20));
  }
  if (in.bad()) throw Error(Errc::io, "read failed");
  return out;
}

}  // namespace newsdex

#include "explain/render/npy.hpp"

#include <xtensor/xnpy.hpp>

#include "framework/serialization/atomic_write.hpp"

namespace glassbox::render {

std::string encode_npy(const Tensor& values) {
  // dump_npy with no file name writes into a string stream and returns its bytes, so the file
  // itself can be written by atomic_write rather than by xtensor's plain ofstream.
  return xt::dump_npy(values);
}

void write_npy(const std::string& path, const Tensor& values) {
  atomic_write(path, encode_npy(values));
}

}  // namespace glassbox::render

// Helpers shared by the test_render_* tests: a self-removing scratch folder, whole-file reading,
// and an independent PNG decoder (libpng's simplified API called directly, not through
// explain/render) so that round trips check the files, not our reader against our writer.
#pragma once

#include <png.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace glassbox_render_test {

// A fresh folder under the system's temporary directory, removed with everything in it.
class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& purpose) {
    std::random_device entropy;
    path_ = std::filesystem::temp_directory_path() /
            ("glassbox_" + purpose + "_" + std::to_string(entropy()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Names of everything in the folder, to check that no temporary file was left behind.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream stream(path, std::ios::binary);
  stream << bytes;
}

// A decoded PNG: height×width pixels of `channels` bytes, row-major.
struct DecodedPng {
  bool ok = false;
  std::size_t height = 0, width = 0, channels = 0;
  std::vector<std::uint8_t> pixels;
  std::string message;  // libpng's, when !ok
};

// Decodes PNG bytes into `format` (PNG_FORMAT_RGB, PNG_FORMAT_GRAY, ...).
inline DecodedPng decode_png(const std::string& bytes, png_uint_32 format) {
  DecodedPng decoded;
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    decoded.message = image.message;
    return decoded;
  }
  image.format = format;
  decoded.height = image.height;
  decoded.width = image.width;
  decoded.channels = PNG_IMAGE_PIXEL_CHANNELS(format);
  decoded.pixels.resize(PNG_IMAGE_SIZE(image));
  decoded.ok = png_image_finish_read(&image, nullptr, decoded.pixels.data(), 0, nullptr) != 0;
  if (!decoded.ok) decoded.message = image.message;
  return decoded;
}

// Encodes `pixels` (height×width, `format`) with libpng directly, e.g. an RGBA input file.
inline std::string encode_png_directly(const std::vector<std::uint8_t>& pixels, std::size_t height,
                                       std::size_t width, png_uint_32 format) {
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  image.height = static_cast<png_uint_32>(height);
  image.width = static_cast<png_uint_32>(width);
  image.format = format;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr);
  std::string bytes(size, '\0');
  png_image_write_to_memory(&image, bytes.data(), &size, 0, pixels.data(), 0, nullptr);
  bytes.resize(size);
  return bytes;
}

}  // namespace glassbox_render_test

// MNIST on the real files: counts, label histogram and pixel statistics against the figures
// measured in shared/data/README.md, then scaling and subsets; also the loader's checks on small
// made-up files, and the data-directory lookup.
//
// Needs the data (GLASSBOX_DATA or ./data). Without it the tests are skipped with a message, except
// under CI (CI=true), where missing data is a failure: CI must exercise the real loader.
#include <doctest/doctest.h>
#include <stdlib.h>  // setenv, unsetenv (POSIX)

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "datasets/data_directory.hpp"
#include "datasets/idx.hpp"
#include "datasets/mnist.hpp"
#include "framework/errors.hpp"
#include "tests/idx_test_files.hpp"
#include "tests/real_data.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_mnist {

using glassbox::LabeledData;
using glassbox::load_mnist;
using glassbox::MnistOptions;
using glassbox::PixelScaling;
using glassbox::Split;
using glassbox::Subset;

namespace {

constexpr std::size_t kPixels = 28 * 28;

// Sum in double: 7.84 million floats summed in float would lose the 1e-4 we check.
double mean(const glassbox::Tensor& values) {
  double sum = 0.0;
  for (float value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

bool same_image(const LabeledData& first, std::size_t first_index, const LabeledData& second,
                std::size_t second_index) {
  return std::equal(first.inputs.data() + first_index * kPixels,
                    first.inputs.data() + (first_index + 1) * kPixels,
                    second.inputs.data() + second_index * kPixels);
}

}  // namespace

TEST_CASE("mnist: sizes, shapes, labels and pixel statistics") {
  if (!glassbox::testing::mnist_available()) return;

  const LabeledData train = load_mnist(Split::train);
  CHECK(train.size() == 60000);
  CHECK(train.inputs.shape(0) == 60000);
  CHECK(train.description == "mnist train");

  const LabeledData test = load_mnist(Split::test);
  REQUIRE(test.size() == 10000);
  CHECK(test.inputs.dimension() == 4);
  CHECK(test.sample_shape() == glassbox::Shape{1, 28, 28});
  CHECK(test.class_count() == 10);
  CHECK(test.class_names.front() == "0");
  CHECK(test.class_names.back() == "9");
  CHECK(test.description == "mnist test");

  // Histogram and mean from shared/data/README.md ("Verification (measured)").
  std::array<int, 10> histogram{};
  for (int label : test.labels) {
    REQUIRE(label >= 0);
    REQUIRE(label < 10);
    ++histogram[label];
  }
  const std::array<int, 10> expected = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
  CHECK(histogram == expected);
  CHECK(std::abs(mean(test.inputs) - 0.13251) < 1e-4);
  CHECK(*std::min_element(test.inputs.begin(), test.inputs.end()) == 0.0f);
  CHECK(*std::max_element(test.inputs.begin(), test.inputs.end()) == 1.0f);
  CHECK(std::abs(mean(train.inputs) - 0.13066) < 1e-4);
}

TEST_CASE("mnist: symmetric scaling maps [0, 255] onto [-1, 1]") {
  if (!glassbox::testing::mnist_available()) return;
  MnistOptions options;
  options.scaling = PixelScaling::symmetric;
  const LabeledData test = load_mnist(Split::test, options);
  CHECK(*std::min_element(test.inputs.begin(), test.inputs.end()) == -1.0f);
  CHECK(*std::max_element(test.inputs.begin(), test.inputs.end()) == 1.0f);
  CHECK(std::abs(mean(test.inputs) - (2 * 0.13251 - 1)) < 2e-4);
  CHECK(test.description == "mnist test (pixels in [-1, 1])");
}

TEST_CASE("mnist: subsets") {
  if (!glassbox::testing::mnist_available()) return;
  const LabeledData all = load_mnist(Split::test);

  SUBCASE("first N are the first N samples") {
    MnistOptions options;
    options.subset = Subset::first(100);
    const LabeledData first = load_mnist(Split::test, options);
    REQUIRE(first.size() == 100);
    CHECK(first.inputs.shape(0) == 100);
    CHECK(first.description == "mnist test (first 100)");
    for (std::size_t index = 0; index < 100; ++index) {
      CHECK(first.labels[index] == all.labels[index]);
      CHECK(same_image(first, index, all, index));
    }
  }

  SUBCASE("a seeded sample is reproducible, in dataset order, and changes with the seed") {
    MnistOptions options;
    options.subset = Subset::random_sample(500, 42);
    const LabeledData sample = load_mnist(Split::test, options);
    const LabeledData again = load_mnist(Split::test, options);
    options.subset = Subset::random_sample(500, 43);
    const LabeledData other = load_mnist(Split::test, options);
    REQUIRE(sample.size() == 500);
    CHECK(sample.description == "mnist test (random 500, seed 42)");
    CHECK(sample.labels == again.labels);
    CHECK(std::equal(sample.inputs.begin(), sample.inputs.end(), again.inputs.begin()));
    CHECK(sample.labels != other.labels);

    // Each sampled image appears in the full set after the previous one: a subsequence, so the
    // indices were distinct and kept in ascending order.
    std::size_t next = 0;
    for (std::size_t index = 0; index < sample.size(); ++index) {
      while (next < all.size() &&
             !(all.labels[next] == sample.labels[index] && same_image(all, next, sample, index))) {
        ++next;
      }
      REQUIRE_MESSAGE(next < all.size(), "sample " << index << " is not in order in the test set");
      ++next;
    }
  }

  SUBCASE("impossible subsets are argument errors") {
    MnistOptions options;
    options.subset = Subset::first(10001);
    CHECK_THROWS_AS(load_mnist(Split::test, options), glassbox::ArgumentError);
    options.subset = Subset::random_sample(0, 1);
    CHECK_THROWS_AS(load_mnist(Split::test, options), glassbox::ArgumentError);
  }
}

TEST_CASE("subset indices without data") {
  CHECK(Subset::all().indices(3) == std::vector<std::size_t>{0, 1, 2});
  CHECK(Subset::first(2).indices(5) == std::vector<std::size_t>{0, 1});
  const std::vector<std::size_t> sample = Subset::random_sample(20, 7).indices(1000);
  CHECK(sample.size() == 20);
  CHECK(std::is_sorted(sample.begin(), sample.end()));
  CHECK(std::adjacent_find(sample.begin(), sample.end()) == sample.end());
  CHECK(sample.back() < 1000);
  CHECK(sample == Subset::random_sample(20, 7).indices(1000));
  CHECK(sample != Subset::random_sample(20, 8).indices(1000));
  // All of the population, in any seed, is every index.
  CHECK(Subset::random_sample(5, 3).indices(5) == std::vector<std::size_t>{0, 1, 2, 3, 4});
}

TEST_CASE("split and scaling names") {
  CHECK(glassbox::parse_split("train") == Split::train);
  CHECK(glassbox::parse_split("test") == Split::test);
  CHECK_THROWS_AS(glassbox::parse_split("validation"), glassbox::ArgumentError);
  CHECK(glassbox::parse_pixel_scaling("symmetric") == PixelScaling::symmetric);
  CHECK_THROWS_AS(glassbox::parse_pixel_scaling("zscore"), glassbox::ArgumentError);
}

TEST_CASE("a missing data directory explains where to put the data") {
  MnistOptions options;
  options.data_directory = "/nonexistent/glassbox-data";
  try {
    load_mnist(Split::test, options);
    FAIL("no error for a missing data directory");
  } catch (const glassbox::FileError& error) {
    const std::string message = error.what();
    CHECK_MESSAGE(message.find("t10k-images-idx3-ubyte.gz") != std::string::npos, message);
    CHECK_MESSAGE(message.find("GLASSBOX_DATA") != std::string::npos, message);
    CHECK_MESSAGE(message.find("scripts/fetch_data.sh") != std::string::npos, message);
  }
}

// A made-up mnist/ folder of three uncompressed files (no .gz): exercises the loader's checks
// without the real data, and its fallback to uncompressed files.
TEST_CASE("mnist files that disagree or hold impossible labels") {
  using glassbox_test::idx_bytes;
  using glassbox_test::write_raw;
  glassbox_test::TemporaryDirectory directory("test_mnist");
  std::filesystem::create_directory(directory.file("mnist"));
  const std::string images = directory.file("mnist/t10k-images-idx3-ubyte");
  const std::string labels = directory.file("mnist/t10k-labels-idx1-ubyte");
  glassbox_test::Bytes pixels(3 * kPixels, 0);
  pixels[kPixels] = 255;  // one ink pixel, first of image 1
  write_raw(images, idx_bytes(glassbox::kIdxImagesMagic, {3, 28, 28}, pixels));
  MnistOptions options;
  options.data_directory = directory.path();

  SUBCASE("well-formed") {
    write_raw(labels, idx_bytes(glassbox::kIdxLabelsMagic, {3}, {4, 0, 9}));
    const LabeledData data = load_mnist(Split::test, options);
    CHECK(data.labels == glassbox::Labels{4, 0, 9});
    CHECK(data.inputs(1, 0, 0, 0) == 1.0f);
    CHECK(data.inputs(1, 0, 0, 1) == 0.0f);
  }
  SUBCASE("a label of 10 or more") {
    write_raw(labels, idx_bytes(glassbox::kIdxLabelsMagic, {3}, {4, 12, 9}));
    try {
      load_mnist(Split::test, options);
      FAIL("no error for label 12");
    } catch (const glassbox::FileError& error) {
      CHECK(error.file() == labels);
      CHECK_MESSAGE(std::string(error.what()).find("label 12 is out of range") != std::string::npos,
                    std::string(error.what()));
    }
  }
  SUBCASE("fewer labels than images") {
    write_raw(labels, idx_bytes(glassbox::kIdxLabelsMagic, {2}, {4, 0}));
    try {
      load_mnist(Split::test, options);
      FAIL("no error for 2 labels and 3 images");
    } catch (const glassbox::FileError& error) {
      CHECK(error.file() == labels);
      CHECK_MESSAGE(std::string(error.what()).find("holds 2 labels") != std::string::npos,
                    std::string(error.what()));
    }
  }
  SUBCASE("labels where images belong") {
    write_raw(images, idx_bytes(glassbox::kIdxLabelsMagic, {3}, {4, 0, 9}));
    write_raw(labels, idx_bytes(glassbox::kIdxLabelsMagic, {3}, {4, 0, 9}));
    CHECK_THROWS_WITH_AS(load_mnist(Split::test, options),
                         doctest::Contains("wrong magic number 2049"), glassbox::FileError);
  }
}

namespace {

// Sets an environment variable for one scope, restoring the previous value (or its absence).
class ScopedEnvironment {
 public:
  ScopedEnvironment(const std::string& name, const std::string& value) : name_(name) {
    const char* previous = std::getenv(name.c_str());
    had_previous_ = previous != nullptr;
    if (had_previous_) previous_ = previous;
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    if (had_previous_) {
      setenv(name_.c_str(), previous_.c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_, previous_;
  bool had_previous_ = false;
};

}  // namespace

TEST_CASE("GLASSBOX_DATA chooses the data directory and must be one") {
  glassbox_test::TemporaryDirectory directory("test_data_directory");
  {
    ScopedEnvironment data("GLASSBOX_DATA", directory.path());
    CHECK(glassbox::find_data_directory() == directory.path());
    CHECK_THROWS_WITH_AS(glassbox::data_file("mnist/absent.gz"),
                         doctest::Contains("mnist/absent.gz: missing from the data directory"),
                         glassbox::FileError);
    glassbox_test::write_raw(directory.file("present"), {1});
    CHECK(glassbox::data_file("present") == directory.file("present"));
  }
  {
    ScopedEnvironment data("GLASSBOX_DATA", directory.file("present"));
    CHECK_THROWS_WITH_AS(glassbox::find_data_directory(), doctest::Contains("not a directory"),
                         glassbox::FileError);
  }
  {
    ScopedEnvironment data("GLASSBOX_DATA", directory.file("nothing-here"));
    CHECK_THROWS_WITH_AS(glassbox::find_data_directory(), doctest::Contains("does not exist"),
                         glassbox::FileError);
  }
}

}  // namespace test_mnist

// The byte-image batch source (datasets/byte_images.hpp) against what it replaces: every batch
// holds exactly the floats p/255 (or 2p/255 − 1) that a LabeledData of the same images holds, in
// the order asked for, and training on it gives the same weights, bit for bit, as training on
// floats. Made-up files run everywhere; the real training split, when the data is there.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <numeric>
#include <random>
#include <vector>

#include "datasets/byte_images.hpp"
#include "datasets/idx.hpp"
#include "datasets/mnist.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/trainer.hpp"
#include "tests/idx_test_files.hpp"
#include "tests/real_data.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_byte_images {

using namespace glassbox;

namespace {

constexpr std::size_t kPixels = 28 * 28;

// A made-up mnist/ test split of `count` images whose pixels run through every byte value.
MnistOptions made_up_mnist(const glassbox_test::TemporaryDirectory& directory, std::size_t count) {
  std::filesystem::create_directory(directory.file("mnist"));
  glassbox_test::Bytes labels(count);
  for (std::size_t i = 0; i < count; ++i) labels[i] = static_cast<std::uint8_t>((3 * i) % 10);
  glassbox_test::write_gzip(
      directory.file("mnist/t10k-images-idx3-ubyte.gz"),
      glassbox_test::idx_bytes(kIdxImagesMagic, {static_cast<std::uint32_t>(count), 28, 28},
                               glassbox_test::counting_bytes(count * kPixels)));
  glassbox_test::write_gzip(
      directory.file("mnist/t10k-labels-idx1-ubyte.gz"),
      glassbox_test::idx_bytes(kIdxLabelsMagic, {static_cast<std::uint32_t>(count)}, labels));
  MnistOptions options;
  options.data_directory = directory.path();
  return options;
}

// Whether batch row `row` holds, float for float, sample `sample` of `data`.
bool same_floats(const Tensor& batch, std::size_t row, const LabeledData& data,
                 std::size_t sample) {
  return std::equal(batch.data() + row * kPixels, batch.data() + (row + 1) * kPixels,
                    data.inputs.data() + sample * kPixels);
}

}  // namespace

TEST_CASE("byte images: each pixel becomes p/255 (or 2p/255 - 1), rounded once from double") {
  glassbox_test::TemporaryDirectory directory("test_byte_images");
  MnistOptions options = made_up_mnist(directory, 3);
  for (const PixelScaling scaling : {PixelScaling::unit, PixelScaling::symmetric}) {
    options.scaling = scaling;
    const ByteImages images = load_mnist_bytes(Split::test, options);
    REQUIRE(images.size() == 3);
    CHECK(images.sample_shape() == Shape{1, 28, 28});
    CHECK(images.class_count() == 10);
    Tensor batch;
    Labels labels;
    images.gather_range(0, 3, batch, labels);
    REQUIRE(batch.shape(0) == 3);
    CHECK(labels == Labels{0, 3, 6});
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const double unit = static_cast<double>(i % 256) / 255.0;
      const auto expected =
          static_cast<float>(scaling == PixelScaling::unit ? unit : 2.0 * unit - 1.0);
      REQUIRE(batch.data()[i] == expected);
    }
  }
}

TEST_CASE("byte images: batches in any order are the rows of load_mnist's floats") {
  glassbox_test::TemporaryDirectory directory("test_byte_images");
  MnistOptions options = made_up_mnist(directory, 40);
  options.scaling = PixelScaling::symmetric;
  options.subset = Subset::random_sample(25, 3);  // the kept images move to the front
  const ByteImages images = load_mnist_bytes(Split::test, options);
  const LabeledData floats = load_mnist(Split::test, options);
  REQUIRE(images.size() == 25);
  CHECK(images.description() == floats.description);

  std::vector<std::size_t> order(25);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(5));
  Tensor batch;
  Labels labels;
  images.gather(order.data() + 4, 9, batch, labels);
  REQUIRE(batch.shape(0) == 9);
  for (std::size_t row = 0; row < 9; ++row) {
    CHECK(same_floats(batch, row, floats, order[4 + row]));
    CHECK(labels[row] == floats.labels[order[4 + row]]);
  }
  // The subset keeps the original images: sample k of the subset is image kept[k] of the file,
  // whose first byte is (kept[k]·784) mod 256.
  const std::vector<std::size_t> kept = options.subset.indices(40);
  images.gather_range(0, 25, batch, labels);
  for (std::size_t k = 0; k < 25; ++k) {
    const double first = static_cast<double>((kept[k] * kPixels) % 256) / 255.0;
    CHECK(batch.data()[k * kPixels] == static_cast<float>(2.0 * first - 1.0));
  }

  const std::size_t outside = 25;
  CHECK_THROWS_WITH_AS(images.gather(&outside, 1, batch, labels),
                       doctest::Contains("sample 25 is outside"), ArgumentError);
  CHECK_THROWS_AS(images.gather_range(20, 26, batch, labels), ArgumentError);
}

TEST_CASE("byte images: sizes and labels that do not fit are refused") {
  std::array<float, 256> scale{};
  CHECK_THROWS_WITH_AS(
      ByteImages(std::vector<std::uint8_t>(5), {2, 2}, {0, 1}, scale, {"a", "b"}, "toy"),
      doctest::Contains("toy: 5 pixels for 2 images"), ArgumentError);
  CHECK_THROWS_WITH_AS(
      ByteImages(std::vector<std::uint8_t>(8), {2, 2}, {0, 2}, scale, {"a", "b"}, "toy"),
      doctest::Contains("label 2"), ArgumentError);
}

// The promise that lets the commands train on bytes: the same run as on floats, bit for bit.
TEST_CASE("byte images: training on them gives the weights that training on floats gives") {
  glassbox_test::TemporaryDirectory directory("test_byte_images");
  MnistOptions options = made_up_mnist(directory, 96);
  const ByteImages images = load_mnist_bytes(Split::test, options);
  const LabeledData floats = load_mnist(Split::test, options);
  TrainingSettings settings;
  settings.epochs = 2;
  settings.batch_size = 16;
  settings.progress = false;
  const std::string layers = "conv:2:3:1:1,relu,maxpool:2,flatten,dense:10";
  Sequential from_bytes = build_model(layers, {1, 28, 28}, 4);
  Sequential from_floats = build_model(layers, {1, 28, 28}, 4);
  Sgd first({0.01f, 0.9f}), second({0.01f, 0.9f});
  const auto history = train_classifier(from_bytes, first, images, nullptr, settings);
  train_classifier(from_floats, second, floats, nullptr, settings);
  CHECK(history.back().loss > 0.0);
  const auto bytes_parameters = from_bytes.parameters();
  const auto floats_parameters = from_floats.parameters();
  REQUIRE(bytes_parameters.size() == floats_parameters.size());
  for (std::size_t p = 0; p < bytes_parameters.size(); ++p) {
    CHECK(*bytes_parameters[p].value == *floats_parameters[p].value);
  }
}

TEST_CASE("byte images: the real training split, a quarter of the floats' memory, same floats") {
  if (!glassbox::testing::mnist_available()) return;
  const ByteImages train = load_mnist_bytes(Split::train);
  REQUIRE(train.size() == 60000);
  CHECK(train.description() == "mnist train");
  MnistOptions last;
  last.subset = Subset::random_sample(300, 11);
  const LabeledData floats = load_mnist(Split::train, last);
  const std::vector<std::size_t> kept = last.subset.indices(60000);
  Tensor batch;
  Labels labels;
  train.gather(kept.data(), kept.size(), batch, labels);
  for (std::size_t row = 0; row < kept.size(); ++row) {
    REQUIRE(same_floats(batch, row, floats, row));
    REQUIRE(labels[row] == floats.labels[row]);
  }
}

}  // namespace test_byte_images

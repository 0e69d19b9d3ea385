// The samples a model file describes (datasets/model_samples.hpp): images scaled as the model's
// metadata says, the kind of model, class names and the errors that name the model file; on MNIST
// (when the data is there) test images by index.
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "datasets/mnist.hpp"
#include "datasets/model_samples.hpp"
#include "framework/errors.hpp"
#include "tests/real_data.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_model_samples {

using namespace glassbox;
using nlohmann::json;

namespace {

const json symmetric_mnist = {{"dataset", "mnist"}, {"normalization", {{"scaling", "symmetric"}}}};

}  // namespace

TEST_CASE("An image file is scaled as the model's images were, and inverted when asked") {
  Tensor grey = xt::zeros<float>({28, 28});
  grey(3, 4) = 1.0f;
  const Samples unit = image_file_sample({{"dataset", "mnist"}}, "m.json", grey, "d.png", false);
  CHECK(unit.inputs.shape() == std::vector<std::size_t>{1, 1, 28, 28});
  CHECK(unit.inputs(0, 0, 3, 4) == 1.0f);
  CHECK(unit.low == 0.0f);
  CHECK(unit.labels == Labels{-1});
  CHECK(unit.names == std::vector<std::string>{"d.png"});
  CHECK_FALSE(unit.is_text());

  const Samples symmetric = image_file_sample(symmetric_mnist, "m.json", grey, "d.png", true);
  CHECK(symmetric.low == -1.0f);
  CHECK(symmetric.inputs(0, 0, 3, 4) == -1.0f);  // ink 1, inverted to 0, scaled to −1
  CHECK(symmetric.inputs(0, 0, 0, 0) == 1.0f);
}

TEST_CASE("The model's kind, image shape and class names come from its metadata") {
  CHECK(reads_text({{"dataset", "20news"}}, "t.json"));
  CHECK_FALSE(reads_text({{"dataset", "mnist"}}, "m.json"));
  CHECK(image_shape(symmetric_mnist, "m.json") == Shape{1, 28, 28});
  CHECK_THROWS_AS(image_shape({{"dataset", "20news"}}, "t.json"), ArgumentError);
  CHECK(class_names_of({{"class_names", {"a", "b"}}}, "m.json") ==
        std::vector<std::string>{"a", "b"});
  CHECK(class_names_of(json::object(), "m.json").empty());
  CHECK_THROWS_WITH_AS(class_names_of({{"class_names", {1, 2}}}, "m.json"),
                       doctest::Contains("m.json (metadata.class_names)"), FileError);
  CHECK_THROWS_WITH_AS(text_file_sample({{"dataset", "20news"}}, "t.json", "letter.txt"),
                       doctest::Contains("t.json (metadata.text_features)"), FileError);
  CHECK_THROWS_WITH_AS(reads_text({{"dataset", 3}}, "m.json"),
                       doctest::Contains("metadata.dataset"), FileError);
}

TEST_CASE("mnist: test images by index, named, with their labels and the model's scaling") {
  if (!testing::mnist_available()) return;
  const Samples samples = model_samples(symmetric_mnist, "m.json", "test", 3, 2);
  const LabeledData test = load_mnist(Split::test);
  CHECK(samples.names == std::vector<std::string>{"test #3", "test #4"});
  CHECK(samples.labels == Labels{test.labels[3], test.labels[4]});
  CHECK(samples.low == -1.0f);
  CHECK(xt::allclose(xt::view(samples.inputs, 1), 2.0f * xt::view(test.inputs, 4) - 1.0f, 1e-5,
                     1e-6));
  CHECK(samples.class_names.size() == 10);
  CHECK_THROWS_WITH_AS(model_samples(symmetric_mnist, "m.json", "test", 9999, 2),
                       doctest::Contains("10000 images"), ArgumentError);
}

}  // namespace test_model_samples

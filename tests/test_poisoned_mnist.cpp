// Class marks (datasets/poisoned_mnist.hpp) on made-up 28×28 "digits": each mark lands where its
// class says, on the marked samples only, with nothing else touched; the same seed marks the same
// samples; a shifted mark shows another class's position; bad arguments are one-line errors.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "datasets/poisoned_mnist.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_poisoned_mnist {

using namespace glassbox;

namespace {

// N images 1×28×28 with a faint different value per sample in the middle (the "stroke"), labels
// n mod 10, ten class names.
LabeledData made_up_digits(std::size_t n) {
  LabeledData data;
  data.inputs = xt::zeros<float>({n, std::size_t{1}, std::size_t{28}, std::size_t{28}});
  for (std::size_t i = 0; i < n; ++i) {
    data.labels.push_back(static_cast<int>(i % 10));
    for (std::size_t r = 10; r < 18; ++r) {
      for (std::size_t c = 10; c < 18; ++c) data.inputs(i, 0, r, c) = 0.01f * (i % 50 + 1);
    }
  }
  for (int k = 0; k < 10; ++k) data.class_names.push_back(std::to_string(k));
  data.description = "made up";
  return data;
}

// The pixels of image n that differ from the original.
std::set<std::size_t> changed_pixels(const LabeledData& before, const LabeledData& after,
                                     std::size_t n) {
  std::set<std::size_t> changed;
  for (std::size_t p = 0; p < 28 * 28; ++p) {
    if (before.inputs.data()[n * 784 + p] != after.inputs.data()[n * 784 + p]) changed.insert(p);
  }
  return changed;
}

}  // namespace

TEST_CASE("MNIST's ten marks sit on the top and bottom edges, apart and inside the image") {
  CHECK(mark_position(0, 10, 28, 28, 3).row == 1);
  CHECK(mark_position(0, 10, 28, 28, 3).column == 1);
  CHECK(mark_position(4, 10, 28, 28, 3).column == 21);
  CHECK(mark_position(5, 10, 28, 28, 3).row == 24);
  CHECK(mark_position(9, 10, 28, 28, 3).column == 21);
  CHECK_THROWS_AS(mark_position(10, 10, 28, 28, 3), ArgumentError);
  CHECK_THROWS_AS(mark_position(0, 10, 28, 12, 3), ArgumentError);  // five marks of 3 in 10 columns
}

TEST_CASE("every sample gets exactly its class's 3x3 mark and nothing else changes") {
  const LabeledData digits = made_up_digits(40);
  const MarkedData marked = add_class_marks(digits, {});
  CHECK(marked.data.labels == digits.labels);
  for (std::size_t n = 0; n < digits.size(); ++n) {
    REQUIRE(marked.marked[n]);
    const MarkPosition at = mark_position(digits.labels[n], 10, 28, 28, 3);
    std::set<std::size_t> expected;
    for (std::size_t r = at.row; r < at.row + 3; ++r) {
      for (std::size_t c = at.column; c < at.column + 3; ++c) expected.insert(r * 28 + c);
    }
    CHECK(changed_pixels(digits, marked.data, n) == expected);
    CHECK(marked.data.inputs(n, 0, at.row + 1, at.column + 1) == 1.0f);
  }
}

TEST_CASE("a share marks that many samples, the same ones for the same seed, the rest untouched") {
  const LabeledData digits = made_up_digits(200);
  MarkOptions options;
  options.share = 0.25;
  options.seed = 7;
  const MarkedData first = add_class_marks(digits, options);
  const MarkedData again = add_class_marks(digits, options);
  options.seed = 8;
  const MarkedData other = add_class_marks(digits, options);
  std::size_t count = 0;
  for (std::size_t n = 0; n < digits.size(); ++n) {
    count += first.marked[n];
    if (!first.marked[n]) CHECK(changed_pixels(digits, first.data, n).empty());
    if (first.marked[n]) CHECK(changed_pixels(digits, first.data, n).size() == 9);
  }
  CHECK(count == 50);
  CHECK(first.marked == again.marked);
  CHECK(xt::all(xt::equal(first.data.inputs, again.data.inputs)));
  CHECK(first.marked != other.marked);
  CHECK(first.data.description == "made up, marked 50 of 200 (shift 0)");
}

TEST_CASE("a shifted mark shows the next class's position; share 0 leaves the data as it was") {
  const LabeledData digits = made_up_digits(20);
  MarkOptions options;
  options.shift = 1;
  const MarkedData misleading = add_class_marks(digits, options);
  const MarkPosition nine = mark_position(9, 10, 28, 28, 3), zero = mark_position(0, 10, 28, 28, 3);
  // Sample 9 is a "9": its mark is class 0's, top left, and class 9's place stays empty.
  CHECK(misleading.data.inputs(9, 0, zero.row, zero.column) == 1.0f);
  CHECK(misleading.data.inputs(9, 0, nine.row, nine.column) == 0.0f);
  options.share = 0.0;
  const MarkedData clean = add_class_marks(digits, options);
  CHECK(xt::all(xt::equal(clean.data.inputs, digits.inputs)));
}

TEST_CASE("bad arguments are one-line errors") {
  const LabeledData digits = made_up_digits(10);
  MarkOptions options;
  options.share = 1.5;
  CHECK_THROWS_WITH_AS(add_class_marks(digits, options),
                       "class marks: share 1.500000 is not in [0, 1]", ArgumentError);
  LabeledData flat = digits;
  flat.inputs.reshape({10, 784});
  CHECK_THROWS_AS(add_class_marks(flat, {}), ArgumentError);
}

}  // namespace test_poisoned_mnist

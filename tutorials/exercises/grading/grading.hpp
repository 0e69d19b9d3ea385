// What every grading test shares: a check names its exercise, what it checks and what to re-read,
// and a failed comparison prints all of that with the expected and the student's value on a
// small case:
//
//   exercise 3, check 'momentum accumulates': w after two steps: expected {0.71}, got {0.8};
//   re-read: v ← μ·v + g comes before w ← w − η·v (framework/optimizers/sgd.hpp).
//
// A student's function that throws (a starter's NotImplemented, or xtensor's bounds check, which
// the grading builds switch on) fails the test case, whose name starts with "exercise N, check".
// Results are compared shape first, so a wrong shape is reported and never indexed.
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::exercises::grading {

struct Check {
  int exercise;
  const char* name;    // what is checked, e.g. "momentum accumulates"
  const char* reread;  // where the answer is, e.g. "eq. (5) of docs/math/lrp.md"
};

// {a, b, c} for a vector, {{a, b}, {c, d}} for a matrix; other ranks flat with their shape.
inline std::string show(const Tensor& t) {
  std::ostringstream out;
  const auto row = [&](std::size_t first, std::size_t count) {
    out << '{';
    for (std::size_t i = 0; i < count; ++i) out << (i ? ", " : "") << t.data()[first + i];
    out << '}';
  };
  if (t.dimension() == 1) {
    row(0, t.size());
  } else if (t.dimension() == 2) {
    out << '{';
    for (std::size_t r = 0; r < t.shape(0); ++r) {
      if (r) out << ", ";
      row(r * t.shape(1), t.shape(1));
    }
    out << '}';
  } else {
    out << "shape [";
    for (std::size_t d = 0; d < t.dimension(); ++d) out << (d ? "×" : "") << t.shape(d);
    out << "] ";
    row(0, t.size());
  }
  return out.str();
}

inline std::string show(const std::vector<float>& values) {
  Tensor t = Tensor::from_shape({values.size()});
  std::copy(values.begin(), values.end(), t.data());
  return show(t);
}

inline std::string show_shape(const Tensor& t) {
  std::ostringstream out;
  out << '[';
  for (std::size_t d = 0; d < t.dimension(); ++d) out << (d ? "×" : "") << t.shape(d);
  out << ']';
  return out.str();
}

// |got − expected| ≤ tolerance · (1 + |expected|); false for NaN.
inline bool close(double got, double expected, double tolerance) {
  return std::abs(got - expected) <= tolerance * (1.0 + std::abs(expected));
}

inline void report(const Check& check, const std::string& situation, const std::string& expected,
                   const std::string& got) {
  std::ostringstream message;
  message << "exercise " << check.exercise << ", check '" << check.name << "': " << situation
          << ": expected " << expected << ", got " << got << "; re-read " << check.reread;
  FAIL_CHECK(message.str());
}

// One message for the whole tensor (not one per entry), and only when something differs.
inline void expect_close(const Check& check, const std::string& situation, const Tensor& expected,
                         const Tensor& got, double tolerance = 1e-4) {
  if (got.shape() != expected.shape()) {
    report(check, situation + " (shape)", show_shape(expected), show_shape(got));
    return;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (!close(got.data()[i], expected.data()[i], tolerance)) {
      report(check, situation, show(expected), show(got));
      return;
    }
  }
}

inline void expect_close(const Check& check, const std::string& situation, double expected,
                         double got, double tolerance = 1e-4) {
  if (!close(got, expected, tolerance)) {
    std::ostringstream e, g;
    e << expected;
    g << got;
    report(check, situation, e.str(), g.str());
  }
}

inline void expect_close(const Check& check, const std::string& situation,
                         const std::vector<float>& expected, const std::vector<float>& got,
                         double tolerance = 1e-4) {
  bool same = expected.size() == got.size();
  for (std::size_t i = 0; same && i < expected.size(); ++i)
    same = close(got[i], expected[i], tolerance);
  if (!same) report(check, situation, show(expected), show(got));
}

}  // namespace glassbox::exercises::grading

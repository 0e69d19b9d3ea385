// Activation maximization (explain/prototypes): the gradient of log p(c|x) against central
// differences, each objective rising at every step of gradient ascent with a small step on a fixed
// small model, prototypes of that model reaching their class, and the recorded trajectory.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "explain/prototypes/class_probability.hpp"
#include "explain/prototypes/prototypes.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_prototypes {

using namespace glassbox;
using namespace glassbox::explain;

namespace {

// A fixed small classifier of 1×3×3 "images" into 3 classes; tanh keeps it smooth, so small steps
// cannot cross a kink.
Sequential small_classifier() {
  return build_model("flatten,dense:8,tanh,dense:3", {1, 3, 3}, 42);
}

// A mixture over the 9 pixels: two diagonal components.
GaussianMixture small_density() {
  MixtureComponent first, second;
  for (MixtureComponent* component : {&first, &second}) {
    component->directions = Matrix::from_shape({0, 9});
    component->direction_variances = Vector::from_shape({0});
  }
  first.weight = 0.6f;
  first.mean = testing::random_tensor({9}, 1, 0.2f, 0.8f);
  first.variances = testing::random_tensor({9}, 2, 0.05f, 0.2f);
  second.weight = 0.4f;
  second.mean = testing::random_tensor({9}, 3, 0.2f, 0.8f);
  second.variances = testing::random_tensor({9}, 4, 0.05f, 0.2f);
  return GaussianMixture(CovarianceKind::diagonal, {first, second});
}

// A decoder from 2-number codes to 1×3×3 images in (0, 1), untrained (fixed random weights).
CodeSpace small_code_space() {
  CodeSpace space;
  space.decoder = build_model("dense:6,tanh,dense:9,sigmoid", {2}, 7);
  space.code_mean = Vector{0.5f, -0.5f};
  space.code_scale = Vector{2.0f, 1.0f};
  space.image_shape = {1, 3, 3};
  return space;
}

// What every method needs: the mean image x̄ = 0.5 everywhere, `density` and `code_space`.
PrototypeContext context_with(const GaussianMixture* density, CodeSpace* code_space) {
  PrototypeContext context;
  context.mean_image = Tensor::from_shape({1, 3, 3});
  context.mean_image.fill(0.5f);
  context.density = density;
  context.code_space = code_space;
  return context;
}

// The three small models above, as the context every method finds what it needs in (the mean
// image a flat 0.5).
struct SmallContext {
  GaussianMixture density = small_density();
  CodeSpace code_space = small_code_space();
  PrototypeContext context = context_with(&density, &code_space);
  SmallContext() = default;
  SmallContext(const SmallContext&) = delete;  // context points into this object
};

void check_rises_every_step(const std::vector<Prototype>& prototypes) {
  for (const Prototype& prototype : prototypes) {
    const std::vector<double>& history = prototype.objective_history;
    for (std::size_t t = 1; t < history.size(); ++t) {
      INFO("class " << prototype.target << " start " << prototype.start << " step " << t << ": "
                    << history[t - 1] << " -> " << history[t]);
      REQUIRE(history[t] >= history[t - 1] - 1e-6);
    }
    CHECK(history.back() > history.front());
  }
}

}  // namespace

TEST_CASE("The gradient of log p(c|x) matches central differences") {
  Sequential model = small_classifier();
  Tensor x = testing::random_tensor({2, 1, 3, 3}, 5, 0.0f, 1.0f);
  const Labels classes{0, 2};
  const Tensor gradient = class_log_probability(model, x, classes).gradient;
  const float h = 1e-2f;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float saved = x.data()[i];
    x.data()[i] = saved + h;
    const double plus = class_log_probability(model, x, classes, false).log_probabilities[i / 9];
    x.data()[i] = saved - h;
    const double minus = class_log_probability(model, x, classes, false).log_probabilities[i / 9];
    x.data()[i] = saved;
    CHECK((plus - minus) / (2 * h) == doctest::Approx(gradient.data()[i]).epsilon(2e-3).scale(1));
  }
}

TEST_CASE("Each objective rises at every small step of gradient ascent") {
  Sequential model = small_classifier();
  SmallContext small;
  const PrototypeContext& context = small.context;

  PrototypeSettings settings;
  settings.starts = 3;
  settings.iterations = 100;
  settings.step_size = 0.01f;
  settings.start_noise = 0.3f;
  for (PrototypeMethod method :
       {PrototypeMethod::simple, PrototypeMethod::expert, PrototypeMethod::decoder}) {
    INFO("method " << prototype_method_name(method));
    settings.method = method;
    check_rises_every_step(find_prototypes(model, {0, 1, 2}, settings, context));
  }
}

TEST_CASE("Simple prototypes beat random search, inside the pixel box") {
  Sequential model = small_classifier();
  PrototypeContext context;
  context.mean_image = Tensor::from_shape({1, 3, 3});
  context.mean_image.fill(0.5f);
  PrototypeSettings settings;
  settings.lambda = 0.0f;
  settings.iterations = 300;
  settings.step_size = 0.5f;
  const Labels classes{0, 1, 2};
  const std::vector<Prototype> prototypes = find_prototypes(model, classes, settings, context);
  REQUIRE(prototypes.size() == 3 * settings.starts);

  // The best of 2000 random images in the box, per class: gradient ascent must do at least as well.
  const Tensor random_images = testing::random_tensor({2000, 1, 3, 3}, 9, 0.0f, 1.0f);
  for (int c : classes) {
    const std::vector<double> random_p =
        class_log_probability(model, random_images, Labels(2000, c), false).probabilities;
    const double best_random = *std::max_element(random_p.begin(), random_p.end());
    for (const Prototype& prototype : prototypes) {
      if (prototype.target != c) continue;
      CHECK(prototype.probability >= best_random - 1e-3);
      for (float pixel : prototype.image) CHECK((pixel >= 0.0f && pixel <= 1.0f));
    }
  }
}

TEST_CASE("A recorded trajectory holds every k-th iterate, and the objective can be recomputed") {
  // The objective at a recorded image, computed afresh, must equal the search's own value at that
  // step: the snapshots are the iterates, not copies taken a step early or late. λ = 0 leaves
  // the terms that an image determines (the decoder's ‖u‖² needs the code, not the image).
  Sequential model = small_classifier();
  SmallContext small;
  const PrototypeContext& context = small.context;
  const GaussianMixture& density = small.density;
  PrototypeSettings settings;
  settings.starts = 2;
  settings.iterations = 20;
  settings.lambda = 0.0f;
  settings.record_every = 5;
  settings.target_probability = 0.0;  // exactly `iterations` steps, so exactly five snapshots
  for (PrototypeMethod method :
       {PrototypeMethod::simple, PrototypeMethod::expert, PrototypeMethod::decoder}) {
    INFO("method " << prototype_method_name(method));
    settings.method = method;
    for (const Prototype& prototype : find_prototypes(model, {0, 2}, settings, context)) {
      REQUIRE(prototype.trajectory.size() == 5);  // t = 0, 5, 10, 15, 20
      for (std::size_t s = 0; s < prototype.trajectory.size(); ++s) {
        const PrototypeSnapshot& snapshot = prototype.trajectory[s];
        CHECK(snapshot.iteration == static_cast<int>(5 * s));
        Tensor image = snapshot.image;
        image.reshape({1, 1, 3, 3});
        double value =
            class_log_probability(model, image, {prototype.target}, false).log_probabilities[0];
        if (method == PrototypeMethod::expert) {
          Matrix row = Matrix::from_shape({1, 9});
          std::copy(snapshot.image.begin(), snapshot.image.end(), row.begin());
          value += settings.density_weight * density.log_density(row)[0];
        }
        CHECK(value == doctest::Approx(prototype.objective_history[5 * s]).epsilon(1e-5));
      }
      CHECK(prototype.trajectory.back().image == prototype.image);
    }
  }
  settings.record_every = 0;
  CHECK(find_prototypes(model, {1}, settings, context)[0].trajectory.empty());
}

TEST_CASE("A method without what it needs is refused") {
  Sequential model = small_classifier();
  PrototypeSettings settings;
  settings.method = PrototypeMethod::expert;
  PrototypeContext context;
  context.mean_image = Tensor::from_shape({1, 3, 3});
  CHECK_THROWS_AS(find_prototypes(model, {0}, settings, context), ArgumentError);
  CHECK_THROWS_AS(prototype_method("dreamy"), ArgumentError);
}

// small_classifier with its weights scaled up 4 times: confident enough to reach p(c|x) = 0.99
// inside the pixel box.
Sequential confident_classifier() {
  Sequential model = small_classifier();
  for (auto& parameter : model.parameters()) *parameter.value *= 4.0f;
  return model;
}

// A linear decoder from 9-number codes, which can draw any 3×3 image (a square Dense layer is
// invertible), so that every class's target lies within its reach.
CodeSpace full_code_space() {
  CodeSpace space;
  space.decoder = build_model("dense:9", {9}, 8);
  space.code_mean = Vector::from_shape({9});
  space.code_mean.fill(0.0f);
  space.code_scale = Vector::from_shape({9});
  space.code_scale.fill(1.0f);
  space.image_shape = {1, 3, 3};
  return space;
}

TEST_CASE("every method searches until its prototypes reach the target probability") {
  Sequential model = confident_classifier();
  const GaussianMixture density = small_density();
  CodeSpace code_space = full_code_space();
  const PrototypeContext context = context_with(&density, &code_space);
  PrototypeSettings settings;
  settings.starts = 3;
  settings.iterations = 3;  // too few steps for most starts: the target must carry them on
  settings.lambda = 0.0f;
  settings.density_weight = 0.0f;
  for (PrototypeMethod method :
       {PrototypeMethod::simple, PrototypeMethod::expert, PrototypeMethod::decoder}) {
    INFO("method " << prototype_method_name(method));
    settings.method = method;
    settings.target_probability = 0.0;  // every search stops after the iterations
    const std::vector<Prototype> fixed = find_prototypes(model, {0, 1, 2}, settings, context);
    settings.target_probability = 0.99;
    const std::vector<Prototype> targeted = find_prototypes(model, {0, 1, 2}, settings, context);
    std::size_t carried_on = 0;
    for (std::size_t n = 0; n < fixed.size(); ++n) {
      CAPTURE(n);
      CHECK(fixed[n].steps == 3);
      CHECK(targeted[n].reached_target);
      CHECK(targeted[n].probability >= 0.99);
      CHECK(targeted[n].objective_history.size() ==
            static_cast<std::size_t>(targeted[n].steps) + 1);
      // The same start and the same first steps: only the ones short of the target go on.
      CHECK(std::equal(fixed[n].objective_history.begin(), fixed[n].objective_history.end(),
                       targeted[n].objective_history.begin()));
      if (fixed[n].probability < 0.99) {
        CHECK(targeted[n].steps > 3);
        ++carried_on;
      } else {
        CHECK(targeted[n].steps == 3);
      }
    }
    CHECK(carried_on > 0);
  }
}

TEST_CASE("a search that hits the step limit stops there and says so") {
  Sequential model = small_classifier();
  const PrototypeContext context = context_with(nullptr, nullptr);
  PrototypeSettings settings;
  settings.iterations = 5;
  settings.step_size = 0.01f;
  settings.target_probability = 0.999999;
  settings.step_limit = 12;
  for (const Prototype& prototype : find_prototypes(model, {0, 1, 2}, settings, context)) {
    CHECK_FALSE(prototype.reached_target);
    CHECK(prototype.steps == 12);
    CHECK(prototype.probability < 0.999999);
  }
  settings.step_limit = 4;  // below the iterations
  CHECK_THROWS_AS(find_prototypes(model, {0}, settings, context), ArgumentError);
  for (double target : {1.0, -0.5, std::nan("")}) {
    settings.target_probability = target;
    CHECK_THROWS_AS(find_prototypes(model, {0}, settings, context), ArgumentError);
  }
}

}  // namespace test_prototypes

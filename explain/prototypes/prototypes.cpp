#include "explain/prototypes/prototypes.hpp"

#include <algorithm>
#include <utility>

#include "explain/prototypes/class_probability.hpp"
#include "explain/prototypes/gradient_ascent.hpp"
#include "explain/prototypes/starts.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

// A batch N×(sample shape) seen as N×D rows, copied (the density works on flat rows).
Matrix rows_of(const Tensor& batch) {
  const std::size_t n = batch.shape(0);
  Matrix rows = Matrix::from_shape({n, batch.size() / n});
  std::copy(batch.begin(), batch.end(), rows.begin());
  return rows;
}

// Adds −λ‖y_n − center‖² to values[n] and −2λ(y_n − center) to gradient row n, for points y
// given as N rows of D (center: D values, or none for the origin).
void add_squared_distance_penalty(const float* points, const float* center, std::size_t n,
                                  std::size_t d, float lambda, std::vector<double>& values,
                                  float* gradient) {
  for (std::size_t i = 0; i < n; ++i) {
    double squared = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      const float difference = points[i * d + j] - (center ? center[j] : 0.0f);
      squared += static_cast<double>(difference) * difference;
      gradient[i * d + j] -= 2.0f * lambda * difference;
    }
    values[i] -= lambda * squared;
  }
}

// The objective's values, and which points have reached p(c|x) ≥ target_probability (none has a
// goal when it is 0).
PointValues point_values(std::vector<double> objective, const ClassLogProbability& term,
                         double target_probability) {
  PointValues values{std::move(objective), {}};
  if (target_probability <= 0.0) return values;
  for (double probability : term.probabilities) {
    values.reached.push_back(probability >= target_probability);
  }
  return values;
}

// Eq. 1: log p(c|x) − λ‖x − x̄‖².
BatchObjective simple_objective(Sequential& model, const Labels& targets, const Tensor& mean_image,
                                float lambda, double target_probability) {
  return [&model, &targets, &mean_image, lambda, target_probability](const Tensor& x,
                                                                     Tensor& gradient) {
    ClassLogProbability term = class_log_probability(model, x, targets);
    gradient = std::move(term.gradient);
    const std::size_t n = x.shape(0), d = x.size() / n;
    std::vector<double> values = term.log_probabilities;
    add_squared_distance_penalty(x.data(), mean_image.data(), n, d, lambda, values,
                                 gradient.data());
    return point_values(std::move(values), term, target_probability);
  };
}

// Eq. 4: log p(c|x) + β log p(x).
BatchObjective expert_objective(Sequential& model, const Labels& targets,
                                const GaussianMixture& density, float weight,
                                double target_probability) {
  return [&model, &targets, &density, weight, target_probability](const Tensor& x,
                                                                  Tensor& gradient) {
    ClassLogProbability term = class_log_probability(model, x, targets);
    gradient = std::move(term.gradient);
    Matrix density_gradient;
    const std::vector<double> log_p = density.log_density_gradient(rows_of(x), density_gradient);
    for (std::size_t i = 0; i < gradient.size(); ++i) {
      gradient.data()[i] += weight * density_gradient.data()[i];
    }
    std::vector<double> values = term.log_probabilities;
    for (std::size_t n = 0; n < log_p.size(); ++n) values[n] += weight * log_p[n];
    return point_values(std::move(values), term, target_probability);
  };
}

// Eq. 11: log p(c|g(z(u))) − λ‖u‖², climbed in u.
BatchObjective decoder_objective(Sequential& model, const Labels& targets, CodeSpace& space,
                                 float lambda, double target_probability) {
  return [&model, &targets, &space, lambda, target_probability](const Tensor& u, Tensor& gradient) {
    ClassLogProbability term = class_log_probability(model, decode(space, Matrix(u)), targets);
    gradient = code_gradient(space, term.gradient);
    std::vector<double> values = term.log_probabilities;
    add_squared_distance_penalty(u.data(), nullptr, u.shape(0), u.shape(1), lambda, values,
                                 gradient.data());
    return point_values(std::move(values), term, target_probability);
  };
}

// Sample n of a batch N×(sample shape), copied out in the sample shape.
Tensor sample_of(const Tensor& batch, std::size_t n) {
  Tensor sample = Tensor::from_shape(Shape(batch.shape().begin() + 1, batch.shape().end()));
  std::copy(batch.data() + n * sample.size(), batch.data() + (n + 1) * sample.size(),
            sample.data());
  return sample;
}

void check_context(const PrototypeSettings& settings, const PrototypeContext& context) {
  if (settings.starts == 0) throw ArgumentError("prototypes: at least one start per class");
  if (!(settings.target_probability >= 0.0 && settings.target_probability < 1.0)) {
    throw ArgumentError("prototypes: the target probability must be in [0, 1), got " +
                        std::to_string(settings.target_probability));
  }
  if (settings.target_probability > 0.0 && settings.step_limit < settings.iterations) {
    throw ArgumentError("prototypes: the step limit (" + std::to_string(settings.step_limit) +
                        ") is below the iterations every search takes (" +
                        std::to_string(settings.iterations) + ")");
  }
  if (settings.method != PrototypeMethod::decoder && context.mean_image.size() == 0) {
    throw ArgumentError("prototypes: the simple and expert methods need the mean image");
  }
  if (settings.method == PrototypeMethod::expert && context.density == nullptr) {
    throw ArgumentError("prototypes: the expert method needs a density model");
  }
  if (settings.method == PrototypeMethod::decoder && context.code_space == nullptr) {
    throw ArgumentError("prototypes: the decoder method needs a trained decoder");
  }
}

}  // namespace

PrototypeMethod prototype_method(const std::string& name) {
  if (name == "simple") return PrototypeMethod::simple;
  if (name == "expert") return PrototypeMethod::expert;
  if (name == "decoder") return PrototypeMethod::decoder;
  throw ArgumentError("unknown prototype method \"" + name + "\" (simple, expert or decoder)");
}

std::string prototype_method_name(PrototypeMethod method) {
  switch (method) {
    case PrototypeMethod::simple:
      return "simple";
    case PrototypeMethod::expert:
      return "expert";
    case PrototypeMethod::decoder:
      return "decoder";
  }
  return "?";
}

float default_lambda(PrototypeMethod method) {
  return method == PrototypeMethod::decoder ? 0.005f : 0.001f;
}

float default_step_size(PrototypeMethod method) {
  return method == PrototypeMethod::decoder ? 0.3f : 0.1f;
}

std::vector<Prototype> find_prototypes(Sequential& model, const Labels& classes,
                                       const PrototypeSettings& settings,
                                       const PrototypeContext& context) {
  check_context(settings, context);
  Labels targets;
  for (int c : classes) targets.insert(targets.end(), settings.starts, c);
  const float lambda = settings.lambda >= 0.0f ? settings.lambda : default_lambda(settings.method);
  const double target_probability = settings.target_probability;
  BatchObjective objective;
  switch (settings.method) {
    case PrototypeMethod::simple:
      objective = simple_objective(model, targets, context.mean_image, lambda, target_probability);
      break;
    case PrototypeMethod::expert:
      objective = expert_objective(model, targets, *context.density, settings.density_weight,
                                   target_probability);
      break;
    case PrototypeMethod::decoder:
      objective =
          decoder_objective(model, targets, *context.code_space, lambda, target_probability);
      break;
  }
  AscentSettings ascent;
  ascent.step_size =
      settings.step_size > 0.0f ? settings.step_size : default_step_size(settings.method);
  ascent.iterations = settings.iterations;
  ascent.step_limit = target_probability > 0.0 ? settings.step_limit : 0;
  if (settings.method != PrototypeMethod::decoder) {
    ascent.low = context.low;
    ascent.high = context.high;
  }
  // The iterates asked for, as image batches (the decoder's codes decoded), taken before each
  // objective call: the objective decodes again before it backpropagates through the decoder.
  std::vector<std::pair<int, Tensor>> recorded;
  if (settings.record_every > 0) {
    ascent.on_iterate = [&](int t, const Tensor& points) {
      if (t % settings.record_every != 0) return;
      recorded.emplace_back(t, settings.method == PrototypeMethod::decoder
                                   ? decode(*context.code_space, Matrix(points))
                                   : points);
    };
  }
  const AscentResult result =
      gradient_ascent(objective, random_starts(model, targets, settings, context), ascent);

  const Tensor images = settings.method == PrototypeMethod::decoder
                            ? decode(*context.code_space, Matrix(result.points))
                            : result.points;
  const ClassLogProbability final_term = class_log_probability(model, images, targets, false);
  std::vector<Prototype> prototypes(targets.size());
  const std::size_t d = images.size() / targets.size();
  Shape image_shape(images.shape().begin() + 1, images.shape().end());
  for (std::size_t n = 0; n < targets.size(); ++n) {
    Prototype& prototype = prototypes[n];
    prototype.target = targets[n];
    prototype.start = n % settings.starts;
    prototype.image = Tensor::from_shape(image_shape);
    std::copy(images.data() + n * d, images.data() + (n + 1) * d, prototype.image.data());
    prototype.probability = final_term.probabilities[n];
    prototype.steps = result.steps[n];
    prototype.reached_target = result.reached[n];
    for (int t = 0; t <= prototype.steps; ++t) {
      prototype.objective_history.push_back(result.history[static_cast<std::size_t>(t)][n]);
    }
    for (const auto& [t, batch] : recorded) {
      prototype.trajectory.push_back({t, sample_of(batch, n)});
    }
  }
  return prototypes;
}

}  // namespace glassbox::explain

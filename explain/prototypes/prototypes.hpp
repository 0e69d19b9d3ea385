// Activation maximization: the input a classifier finds most typical of a class, three ways
// (docs/math/activation_maximization.md):
//   simple    max_x  log p(c|x) − λ‖x − x̄‖²                x̄ the mean training image   (eq. 1)
//   expert    max_x  log p(c|x) + β log p(x)               p(x) a Gaussian mixture      (eq. 4)
//   decoder   max_u  log p(c|g(z(u))) − λ‖u‖²,  x* = g(z(u*))  g a trained decoder      (eq. 11)
// each by projected gradient ascent (gradient_ascent.hpp) from several random starts per class,
// so that a class with several distinct prototypes can show them.
//
// Shapes: the model takes N×1×H×W images with pixels in [low, high]; a prototype is 1×H×W.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "explain/density/gaussian_mixture.hpp"
#include "explain/prototypes/code_space.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

enum class PrototypeMethod { simple, expert, decoder };

// "simple", "expert", "decoder" ↔ the method; ArgumentError for another name.
PrototypeMethod prototype_method(const std::string& name);
std::string prototype_method_name(PrototypeMethod method);

struct PrototypeSettings {
  PrototypeMethod method = PrototypeMethod::simple;
  std::size_t starts = 4;  // random starts per class
  // Every search takes `iterations` steps; one whose p(c|x) is still below target_probability
  // then goes on until it is not, or it has taken step_limit steps (Prototype::reached_target
  // says which). A target of 0 stops every search after `iterations` steps.
  int iterations = 500;
  double target_probability = 0.99;
  int step_limit = 5000;
  float step_size = 0.0f;        // η; ≤ 0: default_step_size
  float lambda = -1.0f;          // λ of the simple and decoder objectives; < 0: default_lambda
  float density_weight = 0.01f;  // β of the expert objective (see the doc for why not 1)
  float start_noise = 0.1f;  // spread of the random starts: pixels (simple, expert), u (decoder)
  std::uint64_t seed = 1;
  int record_every = 0;  // k > 0: keep the iterates x_0, x_k, x_2k, … in Prototype::trajectory
};

// The λ each method uses unless told: 0.001 for simple (it only keeps pixels from wandering off;
// a larger λ pulls the prototype towards the blurred mean image), 0.005 for decoder (codes stay
// near those the decoder was trained on). See docs/math/activation_maximization.md.
float default_lambda(PrototypeMethod method);

// The step size each method uses unless told: 0.1 in pixels (simple, expert), 0.3 in codes
// (decoder, whose gradient is weaker: it passes through the decoder's sigmoid).
float default_step_size(PrototypeMethod method);

// What the objectives need besides the classifier. Only the method's own part must be set.
struct PrototypeContext {
  Tensor mean_image;  // x̄, 1×H×W (simple; also the starts of simple/expert)
  const GaussianMixture* density = nullptr;  // expert
  CodeSpace* code_space = nullptr;           // decoder
  float low = 0.0f, high = 1.0f;             // the pixel box
};

// One recorded iterate of a search: where it was at step t, as an image.
struct PrototypeSnapshot {
  int iteration = 0;  // t
  Tensor image;       // x_t, 1×H×W (decoder: the decoded image g(z(u_t)))
};

struct Prototype {
  int target = 0;                         // c
  std::size_t start = 0;                  // which random start
  Tensor image;                           // x*, 1×H×W
  double probability = 0.0;               // p(c|x*)
  int steps = 0;                          // gradient ascent steps taken
  bool reached_target = false;            // p(c|x*) ≥ target_probability (always, for a target 0)
  std::vector<double> objective_history;  // the objective at every iterate, steps + 1 values
  // Every record_every-th iterate (PrototypeSettings), t = 0 first; empty unless asked.
  std::vector<PrototypeSnapshot> trajectory;
};

// Prototypes for every class in `classes`, settings.starts each, in the order class by class and
// start by start. Throws ArgumentError when the context lacks what the method needs, or for a
// target probability outside [0, 1) or a step limit below the iterations.
std::vector<Prototype> find_prototypes(Sequential& model, const Labels& classes,
                                       const PrototypeSettings& settings,
                                       const PrototypeContext& context);

}  // namespace glassbox::explain

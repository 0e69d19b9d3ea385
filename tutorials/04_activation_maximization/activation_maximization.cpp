// Tutorial 4: what does a class look like to the model? Activation maximization three ways:
// simple, with an expert (a Gaussian mixture p(x)), and in the code space of a decoder
// (tutorials/04_activation_maximization/README.md walks through this file).
//
// Writes prototypes.png (the three methods' prototypes of every digit), modes.png (four writing
// styles of the digits 1, 2 and 7), cost.png (p(c|x_t) and log p(x_t) along the searches)
// and landscape.png (the objectives on the plane through the mean image and two prototypes), and
// checks what the page promises: every prototype reaches the stated probability (full run 0.99,
// quick 0.9; the styles 0.95 and 0.9), the expert and decoder prototypes are likelier under p(x)
// than the simple ones, and different styles end further apart than repeats of one style.
//
// Shapes: images N×1×28×28 in [0, 1]; the mixture works on rows of D = 784 pixels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include <xtensor/xmath.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>

#include "explain/density/mixture_fitting.hpp"
#include "explain/prototypes/class_probability.hpp"
#include "explain/prototypes/prototype_runs.hpp"
#include "explain/render/line_plot.hpp"
#include "explain/render/picture_rows.hpp"
#include "explain/render/png.hpp"
#include "explain/writers/prototype_writers.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/measures.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;
using tutorials::formatted;

namespace {

constexpr std::size_t kStarts = 4;        // random starts per digit
constexpr int kRecordEvery = 5;           // the searches' iterates kept for the cost plot
constexpr std::size_t kEarlySteps = 100;  // the steps its probability panel shows
const Labels kDigits{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
const Labels kManyStyles{1, 2, 7};  // digits people write in visibly different ways
constexpr std::size_t kStyles = 4;  // mixture components (writing styles) for each of them
constexpr int kLandscapeDigit = 2;  // the digit whose objectives landscape.png cuts
constexpr std::size_t kLandscapeGrid = 61;

// Rows n of a batch (N×1×H×W) as the N×D matrix the mixture works on.
Matrix image_rows(const Tensor& images, const std::vector<std::size_t>& which) {
  const std::size_t d = images.size() / images.shape(0);
  Matrix rows = Matrix::from_shape({which.size(), d});
  for (std::size_t i = 0; i < which.size(); ++i) {
    std::copy(images.data() + which[i] * d, images.data() + (which[i] + 1) * d,
              rows.data() + i * d);
  }
  return rows;
}

std::vector<std::size_t> first(std::size_t count) {
  std::vector<std::size_t> indices(count);
  for (std::size_t i = 0; i < count; ++i) indices[i] = i;
  return indices;
}

// Step 2: the expert, p(x) = Σ_k π_k N(x; μ_k, Σ_k), two components per digit to begin with.
GaussianMixture fit_expert(const tutorials::Mnist& data, std::size_t count, int iterations) {
  const Matrix rows = image_rows(data.train.inputs, first(count));
  const Labels labels(data.train.labels.begin(), data.train.labels.begin() + count);
  MixtureSettings settings;  // factor-analysis covariances: 20 directions, variances ≥ 0.01
  settings.components = 2 * kDigits.size();
  settings.iterations = iterations;
  const Labels start = components_within_classes(rows, labels, kDigits.size(), 2, settings.seed);
  MixtureFit fit = fit_gaussian_mixture(
      rows, settings,
      [](int iteration, double log_likelihood) {
        std::printf("  EM iteration %d: mean log p(x) %.1f nats\n", iteration, log_likelihood);
      },
      start);
  const double held_out =
      mean_log_likelihood(fit.mixture, image_rows(data.test.inputs, first(2000)));
  std::printf("mixture of %zu Gaussians fitted to %zu images; 2000 test images: %.1f nats\n",
              settings.components, count, held_out);
  return std::move(fit.mixture);
}

// Step 2: the decoder, half of a variational autoencoder trained on the training images.
CodeSpace train_decoder(const tutorials::Mnist& data, int epochs) {
  AutoencoderSettings settings;  // codes of 8 numbers, 256 hidden units
  settings.epochs = epochs;
  settings.progress = false;
  CodeSpace space = train_code_space(data.train.inputs, 0.0f, 1.0f, settings);
  std::printf("decoder trained for %d epochs: reconstruction error %.4f per pixel\n", epochs,
              space.reconstruction_error);
  return space;
}

// Step 4: no single prototype. An expert with kStyles components for each of the digits 1, 2
// and 7, fitted to their training images only, and two expert searches from each component
// (starts s and s + kStyles share one). Draws each digit's first search per style and their
// average in a row, and checks that every prototype reaches `floor` and that different styles
// end further apart than two searches of one style.
void show_styles(Sequential& model, const tutorials::Mnist& data, std::size_t count,
                 int em_iterations, PrototypeContext context, PrototypeSettings settings,
                 const GaussianMixture& density, double floor, const tutorials::TutorialRun& run) {
  std::vector<std::size_t> chosen;
  Labels styles_of;  // 0, 1, 2 for the digits 1, 2, 7
  for (std::size_t n = 0; n < count; ++n) {
    const auto where = std::find(kManyStyles.begin(), kManyStyles.end(), data.train.labels[n]);
    if (where == kManyStyles.end()) continue;
    chosen.push_back(n);
    styles_of.push_back(static_cast<int>(where - kManyStyles.begin()));
  }
  const Matrix rows = image_rows(data.train.inputs, chosen);
  MixtureSettings mixture;
  mixture.components = kStyles * kManyStyles.size();
  mixture.iterations = em_iterations;
  const Labels start =
      components_within_classes(rows, styles_of, kManyStyles.size(), kStyles, mixture.seed);
  const GaussianMixture styles = fit_gaussian_mixture(rows, mixture, {}, start).mixture;
  std::printf(
      "\nan expert with %zu components for each of the digits 1, 2, 7, fitted to their "
      "%zu training images\n",
      kStyles, rows.shape(0));

  context.density = &styles;
  settings.method = PrototypeMethod::expert;
  settings.starts = 2 * kStyles;
  settings.record_every = 0;
  const std::vector<Prototype> prototypes = find_prototypes(model, kManyStyles, settings, context);
  const auto distance = [](const Prototype& a, const Prototype& b) {
    return tutorials::rms_distance(a.image.data(), b.image.data(), a.image.size());
  };
  std::vector<render::PictureRow> figure;
  double lowest = 1.0, closest_styles = 1.0, farthest_repeat = 0.0;
  for (std::size_t digit = 0; digit < kManyStyles.size(); ++digit) {
    const Prototype* first_search = &prototypes[digit * settings.starts];
    render::PictureRow row{"digit " + std::to_string(kManyStyles[digit]), {}, {}};
    Tensor average = xt::zeros<float>(first_search->image.shape());
    for (std::size_t s = 0; s < kStyles; ++s) {
      const Prototype& prototype = first_search[s];
      row.pictures.push_back(prototype.image);
      row.captions.push_back(formatted("%.4f", prototype.probability));
      average += prototype.image / static_cast<float>(kStyles);
      farthest_repeat = std::max(farthest_repeat, distance(prototype, first_search[s + kStyles]));
      for (std::size_t other = 0; other < s; ++other) {
        closest_styles = std::min(closest_styles, distance(prototype, first_search[other]));
      }
    }
    for (std::size_t s = 0; s < settings.starts; ++s) {
      lowest = std::min(lowest, first_search[s].probability);
    }
    // The average of the styles: is it a prototype too?
    Tensor batch = average;
    batch.reshape({1, 1, 28, 28});
    const double p =
        class_log_probability(model, batch, {kManyStyles[digit]}, false).probabilities[0];
    std::printf("  digit %d: the average of its styles has p(c|x) %.4f, log p(x) %.0f nats\n",
                kManyStyles[digit], p, density.log_density(image_rows(batch, first(1)))[0]);
    row.pictures.push_back(average);
    row.captions.push_back(formatted("mean %.4f", p));
    figure.push_back(row);
  }
  render::write_picture_rows_png(run.folder() + "modes.png", figure);
  std::printf(
      "  rms distance per pixel: closest two styles %.3f, farthest two searches of one "
      "style %.3f\n",
      closest_styles, farthest_repeat);
  run.promise(lowest >= floor,
              formatted("every style's prototype reaches p(c|x*) >= %.3g (full run 0.95, quick "
                        "0.9); lowest %.4g",
                        floor, lowest));
  run.promise(closest_styles > farthest_repeat,
              formatted("different styles end further apart than two searches of one style: "
                        "%.3g > %.3g",
                        closest_styles, farthest_repeat));
}

// Step 5: p(c|x_t) and log p(x_t) along the searches, averaged over all prototypes of a method.
void plot_cost(Sequential& model, const GaussianMixture& density,
               const std::vector<PrototypeRun>& runs, const std::string& path) {
  // The steps every search recorded: a search that stops once p(c|x) is high enough may record
  // fewer than another method's.
  std::size_t recorded = runs[0].prototypes[0].trajectory.size();
  for (const PrototypeRun& run : runs) {
    for (const Prototype& prototype : run.prototypes) {
      recorded = std::min(recorded, prototype.trajectory.size());
    }
  }
  std::vector<double> iterations;
  for (std::size_t s = 0; s < recorded; ++s) {
    iterations.push_back(runs[0].prototypes[0].trajectory[s].iteration);
  }
  std::vector<render::Series> probability, log_density;
  for (const PrototypeRun& run : runs) {
    const std::string name = prototype_method_name(run.method);
    probability.push_back({name, {}, render::series_color(probability.size())});
    log_density.push_back({name, {}, render::series_color(log_density.size())});
    for (std::size_t s = 0; s < iterations.size(); ++s) {
      Tensor images = Tensor::from_shape({run.prototypes.size(), 1, 28, 28});
      Labels targets;
      for (std::size_t i = 0; i < run.prototypes.size(); ++i) {
        const Tensor& image = run.prototypes[i].trajectory[s].image;
        std::copy(image.begin(), image.end(), images.data() + i * image.size());
        targets.push_back(run.prototypes[i].target);
      }
      const std::vector<double> p =
          class_log_probability(model, images, targets, false).probabilities;
      const std::vector<double> log_p = density.log_density(image_rows(images, first(p.size())));
      double p_sum = 0.0, log_p_sum = 0.0;
      for (std::size_t i = 0; i < p.size(); ++i) p_sum += p[i], log_p_sum += log_p[i];
      probability.back().values.push_back(p_sum / static_cast<double>(p.size()));
      log_density.back().values.push_back(log_p_sum / static_cast<double>(p.size()));
    }
    std::printf(
        "  %-8s mean p(c|x_t): %.3f at t = 0, %.4f at t = %g; mean log p(x_t): %.0f -> %.0f\n",
        name.c_str(), probability.back().values.front(), probability.back().values.back(),
        iterations.back(), log_density.back().values.front(), log_density.back().values.back());
  }
  // p(c|x_t) settles within the first steps, so its panel shows those; log p(x_t) keeps moving.
  const std::size_t early = std::min(iterations.size(), kEarlySteps / kRecordEvery + 1);
  const std::vector<double> early_iterations(iterations.begin(), iterations.begin() + early);
  for (render::Series& line : probability) line.values.resize(early);
  render::LinePlotOptions options;
  options.plot_width = 420;
  options.x_label = "gradient ascent step t";
  tutorials::write_plots_side_by_side(path,
                                      {{early_iterations, probability, "mean p(c|x_t)"},
                                       {iterations, log_density, "mean log p(x_t), nats"}},
                                      options);
}

// Step 6: the objectives of simple AM and AM with an expert on the plane through the mean image
// x̄, the simple prototype s and the expert prototype e of one digit:
//   x(a, b) = clip(x̄ + a·(s − x̄) + b·(e − x̄), 0, 1),   a, b in [−0.25, 1.25].
void draw_landscape(Sequential& model, const GaussianMixture& density, const Tensor& mean_image,
                    const Prototype& simple, const Prototype& expert,
                    const PrototypeSettings& settings, const std::string& path) {
  const std::size_t g = kLandscapeGrid, d = mean_image.size();
  const auto coordinate = [g](std::size_t i) { return -0.25 + 1.5 * i / (g - 1.0); };
  Tensor points = Tensor::from_shape({g * g, 1, 28, 28});
  for (std::size_t r = 0; r < g; ++r) {
    for (std::size_t c = 0; c < g; ++c) {
      const double a = coordinate(c), b = coordinate(g - 1 - r);  // b grows upwards
      float* x = points.data() + (r * g + c) * d;
      for (std::size_t j = 0; j < d; ++j) {
        const double m = mean_image.data()[j];
        x[j] = static_cast<float>(std::clamp(
            m + a * (simple.image.data()[j] - m) + b * (expert.image.data()[j] - m), 0.0, 1.0));
      }
    }
  }
  const std::vector<double> log_p_class =
      class_log_probability(model, points, Labels(g * g, simple.target), false).log_probabilities;
  const std::vector<double> log_p_x = density.log_density(image_rows(points, first(g * g)));
  xt::xtensor<double, 2> simple_objective({g, g}), prior({g, g}), expert_objective({g, g});
  const double beta = settings.density_weight;
  for (std::size_t i = 0; i < g * g; ++i) {
    simple_objective.data()[i] = log_p_class[i];  // eq. (1) with λ = 0
    prior.data()[i] = log_p_x[i];
    expert_objective.data()[i] = log_p_class[i] + beta * log_p_x[i];  // eq. (4)
  }
  // Where the three images lie: x̄ at (0, 0), s at (1, 0), e at (0, 1).
  const auto row_of = [g](double b) { return (1.25 - b) / 1.5 * (g - 1.0); };
  const auto column_of = [g](double a) { return (a + 0.25) / 1.5 * (g - 1.0); };
  const std::vector<tutorials::Marker> markers{{row_of(0.0), column_of(0.0), "mean", {0, 0, 0}},
                                               {row_of(0.0), column_of(1.0), "S", {214, 39, 40}},
                                               {row_of(1.0), column_of(0.0), "E", {31, 119, 180}}};
  // Ten bands per panel: p(c|x) in steps of 0.1; log p(x) in steps of 50 nats below its top;
  // the expert's objective in steps of 0.5 nats below its top.
  auto panel = [&](const xt::xtensor<double, 2>& values, double low, double high,
                   const std::string& title) {
    tutorials::LandscapeStyle style;
    style.upscale = 5;
    return tutorials::landscape_image(values, low, high, title, markers, style);
  };
  const xt::xtensor<double, 2> class_probability = xt::exp(simple_objective);
  const double top_prior = xt::amax(prior)(), top_expert = xt::amax(expert_objective)();
  render::write_png(path,
                    tutorials::side_by_side({panel(class_probability, 0.0, 1.0, "p(c|x)"),
                                             panel(prior, top_prior - 500.0, top_prior, "log p(x)"),
                                             panel(expert_objective, top_expert - 5.0, top_expert,
                                                   "log p(c|x) + b log p(x)")}));
  const auto at = [&](const xt::xtensor<double, 2>& values, double a, double b) {
    return values(static_cast<std::size_t>(std::lround(row_of(b))),
                  static_cast<std::size_t>(std::lround(column_of(a))));
  };
  std::printf("landscape of digit %d:  p(c|x)  log p(x)  log p(c|x) + b log p(x)\n", simple.target);
  for (const auto& [name, a, b] :
       {std::tuple{"mean image", 0.0, 0.0}, std::tuple{"simple prototype S", 1.0, 0.0},
        std::tuple{"expert prototype E", 0.0, 1.0}}) {
    std::printf("  %-20s %.4f  %8.0f  %8.2f\n", name, at(class_probability, a, b), at(prior, a, b),
                at(expert_objective, a, b));
  }
  std::printf("  top of the plane    %.4f  %8.0f  %8.2f\n", xt::amax(class_probability)(),
              top_prior, top_expert);
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // The classifier to interpret.
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 3);

  // Step 2: what "looks like a digit" means to the expert and to the decoder.
  const std::size_t density_images = run.choose<std::size_t>(5000, 1000);
  const GaussianMixture density = fit_expert(data, density_images, run.choose(30, 4));
  CodeSpace code_space = train_decoder(data, run.choose(10, 5));

  // Step 3: the three searches, kStarts random starts per digit.
  PrototypeContext context;
  context.mean_image = xt::mean(data.train.inputs, {0});
  context.density = &density;
  context.code_space = &code_space;
  PrototypeSettings settings;
  settings.starts = kStarts;
  settings.iterations = run.choose(1000, 200);
  // A search goes on past its iterations until it reaches this probability (or the step limit):
  // the page's 0.99 in a full run; in a quick run the quick floor, so that it stays quick.
  settings.target_probability = run.choose(0.99, 0.9);
  settings.record_every = kRecordEvery;
  std::vector<PrototypeRun> runs;
  for (PrototypeMethod method :
       {PrototypeMethod::simple, PrototypeMethod::expert, PrototypeMethod::decoder}) {
    PrototypeSettings method_settings = settings;
    if (method == PrototypeMethod::simple) {
      // The slides' simple AM, log p(c|x) alone (λ = 0), with larger steps: at the default
      // η = 0.1 the 1s creep towards p = 0.99 for more than 1000 steps.
      method_settings.lambda = 0.0f;
      method_settings.step_size = 0.3f;
    }
    runs.push_back(run_prototype_method(model, kDigits, method, method_settings, context, density));
  }
  write_prototype_comparison(folder + "prototypes.png", runs, kStarts, 0.0f, 1.0f);

  std::vector<double> lowest, mean_log_density;
  for (const PrototypeRun& prototypes : runs) {
    const nlohmann::json report = prototype_run_report(prototypes);
    lowest.push_back(report["lowest_probability"].get<double>());
    mean_log_density.push_back(report["mean_log_density"].get<double>());
    std::printf("%-8s %zu prototypes in %.1f s: lowest p(c|x*) %.4f, mean log p(x*) %.0f nats\n",
                prototype_method_name(prototypes.method).c_str(), prototypes.prototypes.size(),
                prototypes.seconds, lowest.back(), mean_log_density.back());
  }
  const double floor = run.choose(0.99, 0.9);
  for (std::size_t m = 0; m < runs.size(); ++m) {
    run.promise(lowest[m] >= floor,
                formatted("%s: every prototype reaches p(c|x*) >= %.3g (full run 0.99, quick "
                          "0.9); lowest %.4g",
                          prototype_method_name(runs[m].method).c_str(), floor, lowest[m]));
  }
  run.promise(
      mean_log_density[1] > mean_log_density[0] && mean_log_density[2] > mean_log_density[0],
      formatted("the expert's and the decoder's prototypes are likelier under p(x) than the "
                "simple ones: mean log p(x*) %.3g and %.3g > %.3g",
                mean_log_density[1], mean_log_density[2], mean_log_density[0]));

  // Step 4: no single prototype: four writing styles of three digits.
  // One style of 1, with a foot and a flag, never reaches 0.99 and ends at the step limit (0.97).
  show_styles(model, data, density_images, run.choose(30, 4), context, settings, density,
              run.choose(0.95, 0.9), run);

  // Step 5: the cost along the way.
  std::printf("\nalong the searches:\n");
  plot_cost(model, density, runs, folder + "cost.png");

  // Step 6: why the expert helps, on a plane through the two prototypes of one digit.
  const std::size_t simple_best = best_starts(runs[0], kStarts)[kLandscapeDigit];
  const std::size_t expert_best = best_starts(runs[1], kStarts)[kLandscapeDigit];
  draw_landscape(model, density, context.mean_image, runs[0].prototypes[simple_best],
                 runs[1].prototypes[expert_best], settings, folder + "landscape.png");
  std::printf("figures written to %s: prototypes.png, modes.png, cost.png, landscape.png\n",
              folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "04_activation_maximization", lesson);
}

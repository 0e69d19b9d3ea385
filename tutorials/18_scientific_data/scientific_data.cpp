// Tutorial 18: explanations for scientific data. A small CNN learns to tell two classes of
// synthetic 16-channel recordings apart (a stand-in for EEG: datasets/synthetic_signals.hpp); we
// planted the class information ourselves, so we can score each explanation method by how much of
// its relevance lands where the information is (tutorials/18_scientific_data/README.md).
//
// Writes channel_time.png (one recording of each class and the mean relevance of each method over
// time and channels, the planted region outlined) and scalp.png (relevance per channel on a
// schematic head), prints the overlap table, and checks the page's promises (TutorialRun::promise).
//
// Shapes: recordings N×1×C×T (C = 16 channels, T = 128 time steps); relevance the same; mask
// K×C×T (K = 2 classes).
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "datasets/synthetic_signals.hpp"
#include "explain/deep_taylor.hpp"
#include "explain/methods.hpp"
#include "explain/render/png.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/18_scientific_data/signal_figures.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

constexpr std::size_t kChannels = 16, kSteps = 128;

// Two convolutions over the channels × time "image" (5×5 kernels: five neighbouring channels and
// five time steps), each followed by average pooling (the mean of a rectified oscillation measures
// its power, which max pooling over noise does poorly), and one dense layer.
const char* const kSpec = "conv:8:5:1:2,relu,avgpool:2,conv:8:5:1:2,relu,avgpool:4,flatten,dense:2";

struct Method {
  std::string label;
  std::function<LrpExplanation(Sequential&, const Tensor&, const Labels&)> explain;
};

// The methods compared: sensitivity and simple Taylor, LRP with one rule everywhere, the house
// composite (zᴮ on the first layer, bounded by the data's range), and deep Taylor for real-valued
// inputs (w² on the first layer: docs/math/explanations.md).
std::vector<Method> methods(float low, float high) {
  auto by_choice = [](MethodChoice choice) {
    return [choice](Sequential& model, const Tensor& input, const Labels& targets) {
      return explain_with(model, input, targets, choice);
    };
  };
  MethodChoice sensitivity, taylor, epsilon, alpha_beta, composite;
  sensitivity.method = "sensitivity";
  taylor.method = "taylor";
  epsilon.rule = "epsilon";
  alpha_beta.rule = "alpha1-beta0";
  composite.composite = "epsilon-plus-zbox";
  composite.settings.low = low;
  composite.settings.high = high;
  return {{"sensitivity", by_choice(sensitivity)},
          {"Taylor", by_choice(taylor)},
          {"LRP-eps", by_choice(epsilon)},
          {"LRP-a1b0", by_choice(alpha_beta)},
          {"LRP eps+z+ +zB", by_choice(composite)},
          {"deep Taylor (w2)", [](Sequential& model, const Tensor& input, const Labels& targets) {
             return deep_taylor(model, input, targets, InputDomain::real());
           }}};
}

// How one method did on the correctly classified test recordings, explaining their own class.
struct Overlap {
  double positive_share = 0.0;  // mean share of positive relevance inside the planted region
  double precision = 0.0;       // mean precision at k = the region's size
  // Mean relevance map of each class's recordings (C×T) and per channel (summed over time).
  std::vector<xt::xtensor<float, 2>> class_maps;
  std::vector<std::vector<double>> class_channels;
};

Overlap measure(const Tensor& relevance, const LabeledData& test, const Labels& correct,
                const xt::xtensor<float, 3>& mask) {
  Overlap overlap;
  std::vector<double> counts(2, 0.0);
  overlap.class_maps.assign(2, xt::zeros<float>({kChannels, kSteps}));
  for (const int n : correct) {
    const auto k = static_cast<std::size_t>(test.labels[static_cast<std::size_t>(n)]);
    const float* map = relevance.data() + static_cast<std::size_t>(n) * kChannels * kSteps;
    const xt::xtensor<float, 2> class_mask = xt::view(mask, k, xt::all(), xt::all());
    overlap.positive_share += positive_share_inside(map, class_mask);
    overlap.precision += precision_at_mask_size(map, class_mask);
    float* sum = overlap.class_maps[k].data();
    for (std::size_t i = 0; i < kChannels * kSteps; ++i) sum[i] += map[i];
    counts[k] += 1.0;
  }
  overlap.positive_share /= static_cast<double>(correct.size());
  overlap.precision /= static_cast<double>(correct.size());
  for (std::size_t k = 0; k < 2; ++k) {
    overlap.class_maps[k] /= static_cast<float>(std::max(1.0, counts[k]));
    std::vector<double> channels(kChannels, 0.0);
    for (std::size_t c = 0; c < kChannels; ++c) {
      for (std::size_t t = 0; t < kSteps; ++t) channels[c] += overlap.class_maps[k](c, t);
    }
    overlap.class_channels.push_back(channels);
  }
  return overlap;
}

// A C×T map in the heatmap colours, its own symmetric limit.
render::RgbImage relevance_picture(const xt::xtensor<float, 2>& map) {
  const Tensor values = map;
  return render::relevance_image(values, render::symmetric_limit(values));
}

// One recording in grey: 0 is mid grey, ±3σ of the noise black and white.
render::RgbImage signal_picture(const Tensor& inputs, std::size_t n) {
  Tensor picture = xt::view(inputs, n, 0, xt::all(), xt::all());
  picture = xt::clip((picture + 3.0f) / 6.0f, 0.0f, 1.0f);
  return render::grey_image(picture, render::GreyStyle::light_on_dark);
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: the task. Training and test recordings come from different seeds.
  SignalTaskOptions options;
  options.samples = run.choose(3000, 800);
  const SignalTask train = make_signal_task(options);
  options.samples = run.choose(1000, 300);
  options.seed = 2;
  const SignalTask test = make_signal_task(options);
  const double chance_area =
      static_cast<double>(options.bursts[0].channels.size() *
                          (options.bursts[0].end - options.bursts[0].begin)) /
      static_cast<double>(kChannels * kSteps);

  // Step 2: a small CNN, trained with Adam.
  Sequential model = build_model(kSpec, {1, kChannels, kSteps}, 1);
  AdamSettings adam;
  adam.learning_rate = 0.003f;
  Adam optimizer(adam);
  TrainingSettings settings;
  settings.epochs = run.choose(12, 6);
  settings.batch_size = 32;
  train_classifier(
      model, optimizer, train.data, &test.data, settings, [](const EpochRecord& record) {
        std::printf("epoch %d: loss %.4f, training accuracy %.2f%%, test %.2f%%\n", record.epoch,
                    record.loss, 100.0 * record.train_accuracy, 100.0 * record.validation_accuracy);
      });
  const double accuracy = evaluate(model, test.data).accuracy;
  tutorials::promise_test_accuracy(run, "the CNN", accuracy, run.choose(0.95, 0.85));

  // Step 3: explain each correctly classified test recording's own class with every method.
  const Labels predicted = predicted_classes(model.predict(test.data.inputs));
  Labels correct;
  for (std::size_t n = 0; n < test.data.size(); ++n) {
    if (predicted[n] == test.data.labels[n]) correct.push_back(static_cast<int>(n));
  }
  const float bound = xt::amax(xt::abs(test.data.inputs))();
  std::printf(
      "share of positive relevance inside the planted region, and precision at k = its "
      "size (chance: %.3f), over %zu correctly classified test recordings:\n",
      chance_area, correct.size());
  std::vector<std::string> labels;
  std::vector<Overlap> overlaps;
  for (const Method& method : methods(-bound, bound)) {
    const LrpExplanation explanation = method.explain(model, test.data.inputs, test.data.labels);
    overlaps.push_back(measure(explanation.relevance, test.data, correct, test.mask));
    labels.push_back(method.label);
    std::printf("  %-18s positive share %.3f   precision %.3f\n", method.label.c_str(),
                overlaps.back().positive_share, overlaps.back().precision);
  }

  // Step 4: the figures. Channel × time: one recording of each class, then each method's mean map
  // over the correctly classified recordings of that class, the planted region outlined.
  std::vector<std::vector<tutorials::MapCell>> rows(1);
  for (std::size_t k = 0; k < 2; ++k) {
    // The first correctly classified test recording of class k.
    const auto n =
        static_cast<std::size_t>(*std::find_if(correct.begin(), correct.end(), [&](int i) {
          return test.data.labels[static_cast<std::size_t>(i)] == static_cast<int>(k);
        }));
    rows[0].push_back(
        {signal_picture(test.data.inputs, n), xt::view(test.mask, k, xt::all(), xt::all())});
  }
  for (const Overlap& overlap : overlaps) {
    std::vector<tutorials::MapCell> row;
    for (std::size_t k = 0; k < 2; ++k) {
      row.push_back(
          {relevance_picture(overlap.class_maps[k]), xt::view(test.mask, k, xt::all(), xt::all())});
    }
    rows.push_back(row);
  }
  std::vector<std::string> row_labels{"a recording"};
  row_labels.insert(row_labels.end(), labels.begin(), labels.end());
  render::write_png(folder + "channel_time.png",
                    tutorials::map_table({"class 0", "class 1"}, row_labels, rows, 4, 2));

  // Scalp: relevance per channel (summed over time, mean over recordings) on the schematic head,
  // for three methods, the planted channels ringed.
  std::vector<render::RgbImage> heads;
  for (const std::size_t m : {std::size_t{0}, std::size_t{4}, std::size_t{5}}) {
    std::vector<render::RgbImage> pair;
    for (std::size_t k = 0; k < 2; ++k) {
      const std::vector<double>& values = overlaps[m].class_channels[k];
      double limit = 0.0;
      for (const double v : values) limit = std::max(limit, std::abs(v));
      pair.push_back(tutorials::scalp_image(values, static_cast<float>(limit),
                                            options.bursts[k].channels,
                                            "class " + std::to_string(k)));
    }
    heads.push_back(tutorials::headed(labels[m], tutorials::side_by_side(pair)));
  }
  render::write_png(folder + "scalp.png", tutorials::stack_vertically(heads));
  std::printf("figures written to %schannel_time.png and %sscalp.png\n", folder.c_str(),
              folder.c_str());

  // The promises. Every method finds the planted region far more often than chance (precision at
  // k: its size), and the two that follow deep Taylor's recipe (a root point in the input's
  // domain for the first layer, z⁺ above it) rank it best, ahead of sensitivity.
  const double floor = run.choose(4.0, 2.0) * chance_area;
  for (std::size_t m = 0; m < overlaps.size(); ++m) {
    run.promise(
        overlaps[m].precision >= floor,
        tutorials::formatted("%s: precision at k %.3f >= %.3f (%.0fx chance)", labels[m].c_str(),
                             overlaps[m].precision, floor, run.choose(4.0, 2.0)));
  }
  for (const std::size_t m : {std::size_t{4}, std::size_t{5}}) {
    run.promise(
        overlaps[m].precision > overlaps[0].precision + 0.1,
        tutorials::formatted("%s ranks the planted region better than sensitivity "
                             "(precision %.3f > %.3f + 0.1)",
                             labels[m].c_str(), overlaps[m].precision, overlaps[0].precision));
  }
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "18_scientific_data", lesson);
}

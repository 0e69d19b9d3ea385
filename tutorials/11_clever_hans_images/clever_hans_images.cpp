// Tutorial 11: a Clever Hans on images, caught across the whole dataset. Mark most training digits
// with a small square whose place tells the class, train, and see what the accuracy hides: the
// model reads the mark. LRP heatmaps show it on single images; spectral relevance analysis
// (explain/analysis/relevance_clustering.hpp) shows it for a whole class at once. Then wipe the
// marks, retrain, and watch the heatmaps go back to the strokes, epoch by epoch
// (tutorials/11_clever_hans_images/README.md).
//
// Writes marked_heatmaps.png (the poisoned model on marked test digits), clusters.png (the
// clusters of one class's heatmaps: mean heatmaps and the spectral embedding), retrained.png (clean
// test digits under the poisoned and the retrained model) and epochs.png (one digit's heatmaps
// after epochs 0, 1, 2, 5 and 10 of both models), prints every accuracy and checks the promises
// of the page.
//
// Shapes: images N×1×28×28 in [0, 1]; relevance the same; marks 3×3 (datasets/poisoned_mnist.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "datasets/poisoned_mnist.hpp"
#include "explain/analysis/relevance_clustering.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/font.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/line_plot.hpp"
#include "explain/render/png.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

const char* const kSpec = "flatten,dense:256,relu,dense:128,relu,dense:10";
// LRP-ε keeps the sign of each pixel's contribution to the class (README, Step 3 says why not
// α1β0).
const char* const kComposite = "epsilon";
// Of the training digits, this share carries its class's mark: most, not all (README, Step 1).
constexpr double kShare = 0.9;
constexpr int kExplainedDigit = 3;  // the class whose heatmaps are clustered and watched
const std::vector<int> kSnapshotEpochs{0, 1, 2, 5, 10};

Tensor picture(const Tensor& batch, std::size_t n) {
  return xt::view(batch, n, 0);
}

// The test digits `indices` of `data` as a batch.
LabeledData pick(const LabeledData& data, const std::vector<std::size_t>& indices) {
  LabeledData picked;
  gather_batch(data, indices, 0, indices.size(), picked.inputs, picked.labels);
  picked.class_names = data.class_names;
  return picked;
}

// Indices of the first test digit of each class.
std::vector<std::size_t> first_of_each_class(const LabeledData& data) {
  std::vector<std::size_t> chosen;
  for (int digit = 0; digit < 10; ++digit) {
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (data.labels[i] == digit) {
        chosen.push_back(i);
        break;
      }
    }
  }
  return chosen;
}

explain::LrpExplanation explain_labels(Sequential& model, const LabeledData& data) {
  return explain::lrp(model, data.inputs, data.labels, explain::make_composite(kComposite));
}

// The share of sample n's positive relevance that lies on the 3×3 square where the mark of its
// class goes (marked or not).
double share_on_mark(const Tensor& relevance, const Labels& labels, std::size_t n) {
  const MarkPosition at = mark_position(labels[n], 10, 28, 28, 3);
  const float* map = relevance.data() + n * 784;
  double total = 0.0, on_mark = 0.0;
  for (std::size_t p = 0; p < 784; ++p) {
    const double positive = std::max(0.0f, map[p]);
    total += positive;
    const std::size_t r = p / 28, c = p % 28;
    if (r >= at.row && r < at.row + 3 && c >= at.column && c < at.column + 3) on_mark += positive;
  }
  return total > 0.0 ? on_mark / total : 0.0;
}

double mean_share_on_mark(const Tensor& relevance, const Labels& labels) {
  double sum = 0.0;
  for (std::size_t n = 0; n < labels.size(); ++n) sum += share_on_mark(relevance, labels, n);
  return sum / static_cast<double>(labels.size());
}

// One model's training with heatmaps of `watched` taken before training and after each epoch in
// kSnapshotEpochs (up to `epochs`).
struct TrainedModel {
  Sequential model;
  std::map<int, Tensor> snapshots;  // epoch → relevance of `watched`, 1×1×28×28
};

TrainedModel train(const LabeledData& train_set, const LabeledData& watched, int epochs) {
  TrainedModel trained{build_model(kSpec, {1, 28, 28}, /*seed=*/1), {}};
  trained.snapshots[0] = explain_labels(trained.model, watched).relevance;
  // Plain SGD, slow enough that the epochs of Step 6 still differ (momentum 0.9 learns the mark
  // within the first epoch and leaves nothing to watch).
  Sgd optimizer(SgdSettings{0.01f, 0.0f, false, 0.0f});
  TrainingSettings settings;
  settings.epochs = epochs;
  train_classifier(
      trained.model, optimizer, train_set, nullptr, settings, [&](const EpochRecord& epoch) {
        std::printf("  epoch %d: loss %.4f, training accuracy %.2f%%, %.1f s\n", epoch.epoch,
                    epoch.loss, 100.0 * epoch.train_accuracy, epoch.seconds);
        if (std::count(kSnapshotEpochs.begin(), kSnapshotEpochs.end(), epoch.epoch)) {
          trained.snapshots[epoch.epoch] = explain_labels(trained.model, watched).relevance;
        }
      });
  return trained;
}

// The three test sets: every digit with its class's mark, every digit clean, and every digit
// with the mark of the next class (a 3 carrying the mark of 4).
struct TestSets {
  LabeledData marked, clean, misleading;
};

struct Accuracies {
  double marked = 0.0, clean = 0.0, misleading = 0.0;
  double follows_mark = 0.0;  // misleading set: predicted the class of the mark
};

Accuracies measure_accuracies(Sequential& model, const TestSets& tests, const char* name) {
  Accuracies a;
  a.marked = evaluate(model, tests.marked).accuracy;
  a.clean = evaluate(model, tests.clean).accuracy;
  a.misleading = evaluate(model, tests.misleading).accuracy;
  Labels next = tests.misleading.labels;
  for (int& label : next) label = (label + 1) % 10;
  LabeledData as_marked = tests.misleading;
  as_marked.labels = next;
  a.follows_mark = evaluate(model, as_marked).accuracy;
  std::printf(
      "%-10s marked %.2f%%, clean %.2f%%, misleading mark %.2f%% (follows the mark: "
      "%.2f%%)\n",
      name, 100.0 * a.marked, 100.0 * a.clean, 100.0 * a.misleading, 100.0 * a.follows_mark);
  return a;
}

// A scatter plot of the first two embedding coordinates (eq. 6), one colour per cluster; marked
// maps as filled squares, unmarked as open ones. `side` pixels square, with a title above.
render::RgbImage embedding_scatter(const xt::xtensor<double, 2>& embedding, const Labels& clusters,
                                   const std::vector<bool>& marked, const std::string& title) {
  const std::size_t side = 300, top = 24, dot = 5;
  const std::string caption = "filled: marked, open: clean";
  render::RgbImage image = render::blank_image(
      side + top + 30, std::max(side + 20, render::text_width(caption, 2) + 12));
  render::draw_text(image, 4, 10, title, render::kBlack, 2);
  render::draw_frame(image, top + 1, 11, side, side, render::kFrameColor);
  const std::size_t second = embedding.shape(1) > 1 ? 1 : 0;
  double low = -1.0, high = 1.0;  // rows have unit length: every coordinate is in [−1, 1]
  for (std::size_t n = 0; n < embedding.shape(0); ++n) {
    const double x = (embedding(n, 0) - low) / (high - low),
                 y = (embedding(n, second) - low) / (high - low);
    const auto column = static_cast<std::size_t>(11 + x * (side - dot));
    const auto row = static_cast<std::size_t>(top + 1 + (1.0 - y) * (side - dot));
    const render::Rgb color = render::series_color(static_cast<std::size_t>(clusters[n]));
    if (marked[n]) {
      render::fill_rectangle(image, row, column, dot, dot, color);
    } else {
      render::draw_frame(image, row + 1, column + 1, dot - 2, dot - 2, color);
    }
  }
  render::draw_text(image, top + side + 8, 10, caption, render::kBlack, 2);
  return image;
}

// Mean heatmap of each cluster with its size and marked share above it, then the scatter.
void write_cluster_figure(const std::string& path, const Tensor& relevance,
                          const explain::RelevanceClusters& found,
                          const std::vector<bool>& marked) {
  const Tensor means = explain::cluster_means(relevance, found.assignment, found.count);
  std::vector<render::RgbImage> panels;
  for (std::size_t c = 0; c < found.count; ++c) {
    std::size_t size = 0, with_mark = 0;
    for (std::size_t n = 0; n < marked.size(); ++n) {
      if (found.assignment[n] != static_cast<int>(c)) continue;
      ++size;
      with_mark += marked[n];
    }
    render::HeatmapOptions options;
    options.upscale = 6;
    const render::RgbImage map = render::render_heatmap(picture(means, c), options);
    const std::string title = "cluster " + std::to_string(c);
    const std::string counts =
        std::to_string(size) + ", " +
        std::to_string(static_cast<int>(std::lround(100.0 * with_mark / size))) + "% marked";
    const std::size_t width =
        std::max({map.shape(1), render::text_width(title, 2), render::text_width(counts, 2)});
    render::RgbImage panel = render::blank_image(map.shape(0) + 44, width);
    render::draw_text(panel, 0, 0, title, render::series_color(c), 2);
    render::draw_text(panel, 18, 0, counts, render::kBlack, 2);
    render::paste(panel, map, 44, 0);
    panels.push_back(panel);
  }
  panels.push_back(
      embedding_scatter(found.embedding, found.assignment, marked, "spectral embedding"));
  render::write_png(path, tutorials::side_by_side(panels));
}

// The cluster holding the most maps of marked digits: which share of its maps are marked
// (purity) and which share of all marked maps it holds (recall).
struct ArtifactCluster {
  int cluster = 0;
  double purity = 0.0, recall = 0.0;
};

ArtifactCluster artifact_cluster(const explain::RelevanceClusters& found,
                                 const std::vector<bool>& marked) {
  std::vector<double> sizes(found.count, 0.0), with_mark(found.count, 0.0);
  double all_marked = 0.0;
  for (std::size_t n = 0; n < marked.size(); ++n) {
    const auto c = static_cast<std::size_t>(found.assignment[n]);
    sizes[c] += 1.0;
    with_mark[c] += marked[n];
    all_marked += marked[n];
  }
  ArtifactCluster artifact;
  artifact.cluster =
      static_cast<int>(std::max_element(with_mark.begin(), with_mark.end()) - with_mark.begin());
  const auto c = static_cast<std::size_t>(artifact.cluster);
  artifact.purity = with_mark[c] / sizes[c];
  artifact.recall = with_mark[c] / all_marked;
  std::printf("artifact cluster %d: %.0f maps, %.1f%% of them marked, %.1f%% of all marked maps\n",
              artifact.cluster, sizes[c], 100.0 * artifact.purity, 100.0 * artifact.recall);
  return artifact;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: the data. 80% of the training digits carry their class's mark; the test digits come
  // in three versions.
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  MarkOptions poison;
  poison.share = kShare;
  poison.seed = 1;
  const MarkedData poisoned = add_class_marks(data.train, poison);
  TestSets tests;
  tests.clean = data.test;
  tests.marked = add_class_marks(data.test, {}).data;
  MarkOptions misleading;
  misleading.shift = 1;
  tests.misleading = add_class_marks(data.test, misleading).data;

  // The digit watched during training (figure epochs.png): the first test 3, marked.
  const std::vector<std::size_t> firsts = first_of_each_class(data.test);
  const LabeledData watched = pick(tests.marked, {firsts[kExplainedDigit]});

  // Step 2: train on the poisoned digits; three accuracies.
  const int epochs = run.choose(10, 5);
  std::printf("training on %s\n", poisoned.data.description.c_str());
  TrainedModel hans = train(poisoned.data, watched, epochs);
  const Accuracies a = measure_accuracies(hans.model, tests, "poisoned");

  // Step 3: heatmaps of the poisoned model on one marked test digit per class.
  const LabeledData marked_digits = pick(tests.marked, firsts);
  const explain::LrpExplanation on_marked = explain_labels(hans.model, marked_digits);
  std::vector<Tensor> inputs;
  std::vector<render::GridRow> rows{{"poisoned", {}}};
  render::GridOptions grid;
  for (std::size_t n = 0; n < marked_digits.size(); ++n) {
    inputs.push_back(picture(marked_digits.inputs, n));
    rows[0].relevances.push_back(picture(on_marked.relevance, n));
    grid.column_labels.push_back(std::to_string(marked_digits.labels[n]));
  }
  render::write_grid_png(folder + "marked_heatmaps.png", inputs, rows, grid);
  const double hans_share = mean_share_on_mark(on_marked.relevance, marked_digits.labels);

  // Step 4: the whole class at once. Heatmaps of every training 3 (most of them marked), clustered.
  std::vector<std::size_t> of_class;
  for (std::size_t i = 0; i < poisoned.data.size(); ++i) {
    if (poisoned.data.labels[i] == kExplainedDigit) of_class.push_back(i);
  }
  const LabeledData class_digits = pick(poisoned.data, of_class);
  std::vector<bool> class_marked;
  for (std::size_t i : of_class) class_marked.push_back(poisoned.marked[i]);
  const Tensor class_relevance = explain_labels(hans.model, class_digits).relevance;
  const auto start = std::chrono::steady_clock::now();
  const explain::RelevanceClusters found = explain::cluster_relevance(class_relevance);
  std::printf("%zu heatmaps of digit %d clustered in %.1f s; smallest eigenvalues of L:",
              of_class.size(), kExplainedDigit,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  for (double lambda : found.eigenvalues) std::printf(" %.4f", lambda);
  std::printf("\neigengap suggests %zu clusters\n", found.count);
  write_cluster_figure(folder + "clusters.png", class_relevance, found, class_marked);
  const ArtifactCluster artifact = artifact_cluster(found, class_marked);

  // Step 5: wipe the marks, retrain, and look at the marked digits again.
  std::printf("training on %s\n", data.train.description.c_str());
  TrainedModel clean = train(data.train, watched, epochs);
  const Accuracies b = measure_accuracies(clean.model, tests, "retrained");
  const explain::LrpExplanation after = explain_labels(clean.model, marked_digits);
  rows.push_back({"retrained", {}});
  for (std::size_t n = 0; n < marked_digits.size(); ++n) {
    rows[1].relevances.push_back(picture(after.relevance, n));
  }
  render::write_grid_png(folder + "retrained.png", inputs, rows, grid);
  const double clean_share = mean_share_on_mark(after.relevance, marked_digits.labels);
  std::printf(
      "marked test digits, share of the positive relevance on the mark: poisoned %.1f%%, "
      "retrained %.1f%%\n",
      100.0 * hans_share, 100.0 * clean_share);

  // Step 6: the watched digit across training, both models.
  std::vector<Tensor> watched_inputs;
  std::vector<render::GridRow> timeline{{"poisoned", {}}, {"retrained", {}}};
  render::GridOptions timeline_grid;
  double first_share = 0.0, last_share = 0.0, clean_highest = 0.0;
  for (int epoch : kSnapshotEpochs) {
    if (epoch > epochs) continue;
    const double hans_now = share_on_mark(hans.snapshots.at(epoch), watched.labels, 0);
    const double clean_now = share_on_mark(clean.snapshots.at(epoch), watched.labels, 0);
    if (epoch == 0) first_share = hans_now;
    last_share = hans_now;
    clean_highest = std::max(clean_highest, clean_now);
    watched_inputs.push_back(picture(watched.inputs, 0));
    timeline[0].relevances.push_back(picture(hans.snapshots.at(epoch), 0));
    timeline[1].relevances.push_back(picture(clean.snapshots.at(epoch), 0));
    timeline_grid.column_labels.push_back("epoch " + std::to_string(epoch));
    std::printf("epoch %2d: share on the mark, poisoned %.1f%%, retrained %.1f%%\n", epoch,
                100.0 * hans_now, 100.0 * clean_now);
  }
  render::write_grid_png(folder + "epochs.png", watched_inputs, timeline, timeline_grid);
  std::printf("figures written to %s\n", folder.c_str());

  // The page's promises (full run; --quick floors second).
  tutorials::promise_test_accuracy(run, "the poisoned MLP on marked test digits", a.marked,
                                   run.choose(0.99, 0.97));
  run.promise(a.clean + 0.01 <= b.clean,
              tutorials::formatted("on clean test digits the poisoned MLP is at least 1 point "
                                   "worse than the retrained one (%.2f%% against %.2f%%)",
                                   100.0 * a.clean, 100.0 * b.clean));
  run.promise(a.follows_mark >= run.choose(0.30, 0.20) && b.follows_mark <= 0.05,
              tutorials::formatted("given a 3 with the mark of 4 (and so on), the poisoned MLP "
                                   "follows the mark at least %.0f%% of the time (%.2f%%), the "
                                   "retrained one at most 5%% (%.2f%%)",
                                   100.0 * run.choose(0.30, 0.20), 100.0 * a.follows_mark,
                                   100.0 * b.follows_mark));
  run.promise(
      hans_share >= run.choose(0.25, 0.2) && clean_share <= 0.1,
      tutorials::formatted("on marked test digits the 9 mark pixels get at least %.0f%% "
                           "of the poisoned MLP's positive relevance (%.1f%%), at most "
                           "10%% of the retrained one's (%.1f%%)",
                           100.0 * run.choose(0.25, 0.2), 100.0 * hans_share, 100.0 * clean_share));
  run.promise(last_share >= first_share + 0.1 && clean_highest <= 0.1,
              tutorials::formatted("during training the mark's share of the watched 3's positive "
                                   "relevance grows by at least 10 points under the poisoned MLP "
                                   "(%.1f%% to %.1f%%) and stays at most 10%% under the retrained "
                                   "one (at most %.1f%%)",
                                   100.0 * first_share, 100.0 * last_share, 100.0 * clean_highest));
  run.promise(found.count == 2 && artifact.purity >= 0.95 && artifact.recall >= 0.95,
              tutorials::formatted("the eigengap suggests 2 clusters (%zu), and one of them is "
                                   "the mark: %.1f%% of its maps are of marked digits, and it "
                                   "holds %.1f%% of them (both at least 95%%)",
                                   found.count, 100.0 * artifact.purity, 100.0 * artifact.recall));
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "11_clever_hans_images", lesson);
}

// Tutorial 6: LRP step by step (tutorials/06_lrp_step_by_step/README.md). Part 1 works the αβ rule
// by hand on a 3-2-1 ReLU network of small integers: the program builds that network from the
// library's layers, runs the library's LRP and checks every number of the page's tables. Part 2
// trains the reference CNN and follows one test digit's relevance through every layer, from the
// output back to the pixels, checking conservation layer by layer; then it splits the pixels'
// relevance into its positive and negative parts under α1β0 and α2β1.
//
// Writes network.png (Part 1's network with its relevances), propagation.png (one panel per layer,
// Σ R under each) and alpha_beta.png (the two parts of the pixels' relevance, per rule), and
// prints the tables and the conservation sums it promises.
//
// Shapes: the small network takes 1×3 and gives 1×1; MNIST images N×1×28×28 in [0, 1].
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "explain/lrp/lrp.hpp"
#include "explain/lrp/rules/alpha_beta.hpp"
#include "explain/render/colormap.hpp"
#include "explain/render/font.hpp"
#include "explain/render/map_rows.hpp"
#include "explain/render/png.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/presets.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;
using tutorials::formatted;

namespace {

using Numbers = std::vector<double>;

std::string listed(const Numbers& values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += formatted(i == 0 ? "%g" : ", %g", std::abs(values[i]) < 5e-7 ? 0.0 : values[i]);
  }
  return text + ")";
}

// A 2-D Tensor from its rows (an xarray's own brace constructor is ambiguous for one column).
Tensor matrix(std::initializer_list<std::initializer_list<float>> rows) {
  return xt::xtensor<float, 2>(rows);
}

Numbers numbers_of(const Tensor& values) {
  return Numbers(values.begin(), values.end());
}

// "<what> = (the page's numbers)", kept when every measured value is within 1e-6 of the page's.
void promise_numbers(const tutorials::TutorialRun& run, const std::string& what,
                     const Numbers& measured, const Numbers& page) {
  bool holds = measured.size() == page.size();
  for (std::size_t i = 0; holds && i < page.size(); ++i) {
    holds = std::abs(measured[i] - page[i]) <= 1e-6;
  }
  run.promise(holds, what + " = " + listed(page) + ", measured " + listed(measured));
}

// ---------------------------------------------------------------------------------------------
// Part 1: the 3-2-1 network by hand.

// x = (2, 1, 1) → Dense 3→2 (W1, no bias) → ReLU → Dense 2→1 (w2, no bias) → f(x).
Sequential page_network() {
  Sequential model = build_model("dense:2,relu,dense:1", {3}, /*seed=*/1);
  auto set = [](Layer& layer, const Tensor& weight) {
    std::vector<Parameter> parameters = layer.parameters();
    *parameters[0].value = weight;
    *parameters[1].value = xt::zeros<float>({weight.shape(1)});
  };
  set(model.layer(0), matrix({{1.0f, 2.0f}, {1.0f, -1.0f}, {-1.0f, -2.0f}}));
  set(model.layer(2), matrix({{2.0f}, {-1.0f}}));
  return model;
}

// One layer's αβ step for the relevance of one output unit: α · (its z⁺ share), β · (its z⁻
// share) and their difference, the message to every input (docs/math/lrp.md eq. 8).
struct Message {
  Numbers positive, negative, total;
};

Message message(const Dense& layer, const Tensor& activation, const Tensor& relevance,
                const AlphaBetaRule& rule) {
  const LinearLayer linear(layer);
  return {numbers_of(rule.alpha * propagate(linear, activation, relevance, ZPlusRule{}, true)),
          numbers_of(rule.beta * propagate(linear, activation, relevance, ZMinusRule{}, true)),
          numbers_of(propagate(linear, activation, relevance, rule, true))};
}

// The numbers of one rule's tables on the page.
struct PageTables {
  const char* composite;  // "alpha1-beta0"
  AlphaBetaRule rule;
  Message output_to_hidden;              // layer 2: R_j for j = 1, 2
  std::vector<Message> hidden_to_input;  // layer 1: from hidden unit 1, from hidden unit 2
  Numbers input;                         // R_i = Σ_j R_{i←j}
};

const PageTables kPageTables[] = {
    {"alpha1-beta0",
     {1.0f, 0.0f},
     {{3, 0}, {0, 0}, {3, 0}},
     {{{2, 1, 0}, {0, 0, 0}, {2, 1, 0}}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}},
     {2, 1, 0}},
    {"alpha2-beta1",
     {2.0f, 1.0f},
     {{6, 0}, {0, 3}, {6, -3}},
     {{{8, 4, 0}, {0, 0, 6}, {8, 4, -6}}, {{-6, 0, 0}, {0, -1, -2}, {-6, 1, 2}}},
     {2, 5, -4}},
};

void promise_message(const tutorials::TutorialRun& run, const std::string& what,
                     const Message& measured, const Message& page) {
  promise_numbers(run, what + ", alpha * positive share", measured.positive, page.positive);
  promise_numbers(run, what + ", beta * negative share", measured.negative, page.negative);
  promise_numbers(run, what + ", message", measured.total, page.total);
}

// The relevances of one rule, as network.png draws them.
struct NetworkRelevance {
  std::string title;
  Numbers input, hidden;
  double output = 0.0;
  std::vector<Numbers> edges_in;  // [j][i]: R_{i←j}
  Numbers edges_out;              // [j]: R_{j←out}
};

NetworkRelevance by_hand(const tutorials::TutorialRun& run, Sequential& model,
                         const PageTables& page) {
  const Tensor x = matrix({{2.0f, 1.0f, 1.0f}});
  const auto& first = dynamic_cast<const Dense&>(model.layer(0));
  const auto& second = dynamic_cast<const Dense&>(model.layer(2));
  LrpOptions options;
  options.keep_layer_relevances = true;
  const LrpExplanation explanation = lrp(model, x, {0}, make_composite(page.composite), options);
  const Tensor hidden = model.layer(2).input();  // h = ReLU(z), what the second layer read
  const std::string name = page.composite;

  // Layer 2: the output's relevance f(x) to the hidden units.
  const Message top = message(second, hidden, matrix({{explanation.outputs[0]}}), page.rule);
  promise_message(run, name + ", output to hidden: R_j", top, page.output_to_hidden);
  promise_numbers(run, name + ", lrp() at the hidden units",
                  numbers_of(explanation.layer_relevances[2]), page.output_to_hidden.total);

  // Layer 1: each hidden unit's relevance to the inputs, one unit at a time.
  NetworkRelevance drawn{
      name, numbers_of(explanation.relevance), top.total, explanation.outputs[0], {}, top.total};
  for (std::size_t j = 0; j < 2; ++j) {
    Tensor only_j = xt::zeros<float>({1, 2});
    only_j(0, j) = explanation.layer_relevances[2](0, j);
    const Message from_j = message(first, x, only_j, page.rule);
    promise_message(
        run, formatted("%s, hidden unit %zu to the inputs: R_i<-%zu", name.c_str(), j + 1, j + 1),
        from_j, page.hidden_to_input[j]);
    drawn.edges_in.push_back(from_j.total);
  }
  promise_numbers(run, name + ", lrp() at the inputs: R_i", numbers_of(explanation.relevance),
                  page.input);
  const double total = xt::sum(explanation.relevance)();
  run.promise(std::abs(total - 3.0) <= 1e-6,
              formatted("%s conserves: sum of R_i = f(x) = 3, measured %.7f", name.c_str(), total));
  return drawn;
}

// The forward pass of the page's network: every z_ij = a_i w_ij, the hidden units and f(x).
void forward_by_hand(const tutorials::TutorialRun& run, Sequential& model) {
  const Tensor x = matrix({{2.0f, 1.0f, 1.0f}});
  const Tensor f = model.forward(x);
  const auto& first = dynamic_cast<const Dense&>(model.layer(0));
  const auto& second = dynamic_cast<const Dense&>(model.layer(2));
  Numbers contributions;  // z_ij, row by row: z_11, z_12, z_21, …
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 2; ++j) contributions.push_back(x(0, i) * first.weight()(i, j));
  }
  const Tensor& hidden = model.layer(2).input();
  Numbers top{hidden(0, 0) * second.weight()(0, 0), hidden(0, 1) * second.weight()(1, 0)};
  promise_numbers(run, "z_ij = a_i w_ij (z_11, z_12, z_21, z_22, z_31, z_32)", contributions,
                  {2, 4, 1, -1, -1, -2});
  // The totals the αβ rule divides by: Σ_i z_ij⁺ and Σ_i z_ij⁻ of each hidden unit.
  Numbers positive_totals(2, 0.0), negative_totals(2, 0.0);
  for (std::size_t k = 0; k < contributions.size(); ++k) {
    (contributions[k] > 0.0 ? positive_totals : negative_totals)[k % 2] += contributions[k];
  }
  promise_numbers(run, "sum_i z_ij+ for j = 1, 2", positive_totals, {3, 4});
  promise_numbers(run, "sum_i z_ij- for j = 1, 2", negative_totals, {-1, -3});
  promise_numbers(run, "hidden units h_j = max(0, sum_i z_ij)", numbers_of(hidden), {2, 1});
  promise_numbers(run, "z_jk = h_j w_jk (z_1k, z_2k)", top, {4, -1});
  promise_numbers(run, "f(x)", numbers_of(f), {3});
}

// --- network.png: the 3-2-1 network, nodes and edges coloured by relevance, numbers printed.

void draw_line(render::RgbImage& image, double y0, double x0, double y1, double x1,
               render::Rgb color, int thickness) {
  const int steps = static_cast<int>(std::max(std::abs(y1 - y0), std::abs(x1 - x0)));
  for (int s = 0; s <= steps; ++s) {
    const double t = steps == 0 ? 0.0 : static_cast<double>(s) / steps;
    const double y = y0 + t * (y1 - y0), x = x0 + t * (x1 - x0);
    render::fill_rectangle(image, static_cast<std::size_t>(y - thickness / 2),
                           static_cast<std::size_t>(x - thickness / 2), thickness, thickness,
                           color);
  }
}

void draw_number(render::RgbImage& image, std::size_t top, std::size_t centre, double value,
                 std::size_t scale) {
  const std::string text = formatted("%g", std::abs(value) < 5e-7 ? 0.0 : value);
  render::draw_text(image, top, centre - render::text_width(text, scale) / 2, text, render::kBlack,
                    scale);
}

render::RgbImage draw_network(const NetworkRelevance& r, double limit) {
  constexpr std::size_t width = 420, height = 330, node = 44, scale = 2;
  render::RgbImage image = render::blank_image(height, width);
  const double columns[3] = {60, 210, 360};
  auto row_of = [](std::size_t i, std::size_t count) {
    return 80.0 + (static_cast<double>(i) + 0.5) * 220.0 / static_cast<double>(count) - 0.5;
  };
  const auto edge_color = [&](double value) {
    return std::abs(value) < 5e-7
               ? render::Rgb{220, 220, 220}
               : render::diverging_color(static_cast<float>(value), static_cast<float>(limit));
  };
  for (std::size_t j = 0; j < 2; ++j) {  // edges first, nodes over them
    for (std::size_t i = 0; i < 3; ++i) {
      draw_line(image, row_of(i, 3), columns[0], row_of(j, 2), columns[1],
                edge_color(r.edges_in[j][i]), 5);
    }
    draw_line(image, row_of(j, 2), columns[1], row_of(0, 1), columns[2], edge_color(r.edges_out[j]),
              5);
  }
  auto draw_node = [&](double y, double x, double value) {
    const auto top = static_cast<std::size_t>(y) - node / 2,
               left = static_cast<std::size_t>(x) - node / 2;
    render::fill_rectangle(
        image, top, left, node, node,
        render::diverging_color(static_cast<float>(value), static_cast<float>(limit)));
    render::draw_frame(image, top, left, node, node, render::kBlack);
    draw_number(image, top + (node - render::text_height(scale)) / 2, static_cast<std::size_t>(x),
                value, scale);
  };
  for (std::size_t i = 0; i < 3; ++i) draw_node(row_of(i, 3), columns[0], r.input[i]);
  for (std::size_t j = 0; j < 2; ++j) draw_node(row_of(j, 2), columns[1], r.hidden[j]);
  draw_node(row_of(0, 1), columns[2], r.output);
  render::draw_text(image, 12, (width - render::text_width(r.title, scale)) / 2, r.title,
                    render::kBlack, scale);
  const char* captions[3] = {"R_i", "R_j", "f(x)"};
  for (std::size_t c = 0; c < 3; ++c) {
    render::draw_text(
        image, 44,
        static_cast<std::size_t>(columns[c]) - render::text_width(captions[c], scale) / 2,
        captions[c], render::kBlack, scale);
  }
  return image;
}

void write_network_figure(const std::string& path, const std::vector<NetworkRelevance>& rules) {
  double limit = 0.0;
  for (const NetworkRelevance& r : rules) {
    for (double v : r.input) limit = std::max(limit, std::abs(v));
    for (double v : r.hidden) limit = std::max(limit, std::abs(v));
  }
  render::RgbImage figure = render::blank_image(330, 420 * rules.size());
  for (std::size_t k = 0; k < rules.size(); ++k) {
    render::paste(figure, draw_network(rules[k], limit), 0, 420 * k);
  }
  render::write_png(path, figure);
}

// ---------------------------------------------------------------------------------------------
// Part 2: the reference CNN, layer by layer.

Sequential train_reference_cnn(const tutorials::TutorialRun& run, const tutorials::Mnist& data) {
  const Preset& preset = find_preset("cnn");
  Sequential model = build_model(preset.layers, {1, 28, 28}, /*seed=*/1);
  Sgd optimizer(SgdSettings{preset.learning_rate, preset.momentum, false, 0.0f});
  TrainingSettings settings;
  settings.epochs = run.choose(2, 1);  // the preset trains 10; 2 reach 98.9% (tutorial 2)
  settings.batch_size = preset.batch_size;
  settings.schedule = parse_schedule(preset.schedule, settings.epochs);
  train_classifier(model, optimizer, data.train, nullptr, settings, [](const EpochRecord& epoch) {
    std::printf("epoch %d: loss %.4f, training accuracy %.2f%%, %.1f s\n", epoch.epoch, epoch.loss,
                100.0 * epoch.train_accuracy, epoch.seconds);
  });
  return model;
}

// A layer that hands every output's relevance to one input, unchanged: its panel would repeat the
// one above it.
bool passes_relevance_unchanged(const Layer& layer) {
  return layer.type() == "ReLU" || layer.type() == "Flatten";
}

std::string short_name(const Layer& layer) {
  if (layer.type() == "Conv2d") return "conv";
  if (layer.type() == "MaxPool2d") return "pool";
  if (layer.type() == "Dense") return "dense";
  return layer.type();
}

// One sample's relevance at one position: a map (channels summed) for C×H×W, bars for a vector.
render::RgbImage relevance_panel(const Tensor& relevance, std::size_t size) {
  const Tensor sample = xt::view(relevance, 0);
  if (sample.dimension() == 3) {
    const Tensor map = xt::sum(sample, {0});
    return render::upscale_nearest(render::relevance_image(map, render::symmetric_limit(map)),
                                   size / map.shape(0));
  }
  const std::size_t count = sample.size();
  const std::size_t bar = count <= 16 ? 12 : 2;
  render::RgbImage panel = render::blank_image(size, count * bar);
  const double largest = std::max(1e-12, static_cast<double>(render::max_absolute(sample)));
  const bool signed_values = xt::amin(sample)() < 0.0f;
  const double zero = signed_values ? size / 2.0 : size - 1.0;  // the baseline's row
  const double reach = signed_values ? size / 2.0 - 1.0 : size - 1.0;
  for (std::size_t k = 0; k < count; ++k) {
    const double value = sample.data()[k];
    const auto length = static_cast<std::size_t>(std::round(std::abs(value) / largest * reach));
    const auto top = static_cast<std::size_t>(value >= 0.0 ? zero - length : zero);
    render::fill_rectangle(panel, top, k * bar, length, bar > 2 ? bar - 2 : bar,
                           render::diverging_color(static_cast<float>(value), 0.0f));
  }
  render::fill_rectangle(panel, static_cast<std::size_t>(zero), 0, 1, count * bar, render::kBlack);
  return panel;
}

struct Panel {
  std::string label, caption;
  render::RgbImage image;
};

// The panels side by side, each with its label above and its caption under it.
void write_panels(const std::string& path, const std::string& title,
                  const std::vector<Panel>& panels) {
  constexpr std::size_t margin = 12, gap = 20, scale = 2, line = 7 * scale;
  std::size_t width = 2 * margin, height = 0;
  std::vector<std::size_t> slots;
  for (const Panel& p : panels) {
    slots.push_back(std::max({p.image.shape(1), render::text_width(p.label, scale),
                              render::text_width(p.caption, scale)}));
    width += slots.back() + gap;
    height = std::max(height, p.image.shape(0));
  }
  width = std::max(width - gap, render::text_width(title, scale) + 2 * margin);
  const std::size_t top = margin + line + 2 * gap / 2 + line + 8;
  render::RgbImage figure = render::blank_image(top + height + 8 + line + margin, width);
  render::draw_text(figure, margin, margin, title, render::kBlack, scale);
  std::size_t left = margin;
  for (std::size_t k = 0; k < panels.size(); ++k) {
    const Panel& p = panels[k];
    const std::size_t centre = left + slots[k] / 2;
    render::draw_text(figure, top - line - 8, centre - render::text_width(p.label, scale) / 2,
                      p.label, render::kBlack, scale);
    const std::size_t panel_left = centre - p.image.shape(1) / 2;
    const std::size_t panel_top = top + (height - p.image.shape(0)) / 2;
    render::paste(figure, p.image, panel_top, panel_left);
    render::draw_frame(figure, panel_top, panel_left, p.image.shape(0), p.image.shape(1),
                       render::Rgb{200, 200, 200});
    render::draw_text(figure, top + height + 8, centre - render::text_width(p.caption, scale) / 2,
                      p.caption, render::kBlack, scale);
    left += slots[k] + gap;
  }
  render::write_png(path, figure);
}

// Conservation, layer by layer (docs/math/lrp.md eq. 1), for α1β0 without biases: every layer above
// the first passes on Σ R = f(x) to float rounding (1e-5 of f(x)). The first convolution keeps what
// its units on through their bias alone received ("z = 0 outputs": over blank background no pixel
// contributes), at most `first_layer_share` of f(x), and creates none.
void promise_conservation(const tutorials::TutorialRun& run, const LrpExplanation& explanation,
                          double first_layer_share) {
  const ConservationTable& table = explanation.conservation;
  const double f = explanation.outputs[0];
  double largest = 0.0;  // the largest |absorbed| above the first layer
  for (std::size_t l = 1; l < table.layers.size(); ++l) {
    largest = std::max(largest, std::abs(table.absorbed(0, l)));
  }
  run.promise(largest <= 1e-5 * std::abs(f),
              formatted("alpha1-beta0 without biases: every layer above the first passes on "
                        "sum R = f(x) = %.4f to 1e-5 of f(x) (largest difference %.2g)",
                        f, largest));
  const double kept = table.absorbed(0, 0);
  run.promise(kept >= -1e-5 * std::abs(f) && kept <= first_layer_share * std::abs(f),
              formatted("alpha1-beta0 without biases: the first convolution keeps between 0 and "
                        "%.0f%% of f(x) (%.4f, %.2f%%)",
                        100.0 * first_layer_share, kept, 100.0 * kept / f));
}

void layer_by_layer(const tutorials::TutorialRun& run) {
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(60000, 3000));
  Sequential model = train_reference_cnn(run, data);
  const double accuracy = evaluate(model, data.test).accuracy;
  tutorials::promise_test_accuracy(run, "the CNN", accuracy, run.choose(0.985, 0.85));
  save_model(run.folder() + "cnn.json", model, {{"dataset", "mnist"}});  // for "Try this"

  // Test digit #0 (a 7), explained for its own class with α1β0 on every layer.
  const Tensor digit = xt::view(data.test.inputs, xt::range(0, 1));
  const Labels target{data.test.labels[0]};
  LrpOptions conserving;
  conserving.keep_layer_relevances = true;
  conserving.bias_takes_relevance = false;
  const LrpExplanation explanation =
      lrp(model, digit, target, make_composite("alpha1-beta0"), conserving);
  std::cout << "alpha1-beta0 without biases, test digit #0:\n"
            << explanation.conservation.format(0);
  promise_conservation(run, explanation, run.choose(0.1, 0.1));
  const double f = explanation.outputs[0];

  // propagation.png: the relevance after every layer that changes it, from the output down to the
  // pixels. Relevance sits on a layer's outputs: after layer l it is the relevance at the input of
  // layer l + 1 (layer_relevances[l + 1]).
  const std::size_t size = 112;
  std::vector<Panel> panels;
  const std::size_t layer_count = model.size();
  for (std::size_t l = layer_count; l-- > 0;) {
    if (passes_relevance_unchanged(model.layer(l))) continue;
    const Tensor& relevance = explanation.layer_relevances[l + 1];
    const std::string label =
        l + 1 == layer_count ? "output"
                             : formatted("after %s %zu", short_name(model.layer(l)).c_str(), l);
    panels.push_back({label, formatted("sum %.3f", static_cast<double>(xt::sum(relevance)())),
                      relevance_panel(relevance, size)});
  }
  panels.push_back({"pixels",
                    formatted("sum %.3f", static_cast<double>(xt::sum(explanation.relevance)())),
                    relevance_panel(explanation.relevance, size)});
  render::RgbImage input = render::upscale_nearest(render::grey_image(xt::view(digit, 0, 0)), 4);
  panels.push_back({"the digit", formatted("class %d", target[0]), input});
  write_panels(run.folder() + "propagation.png",
               formatted("relevance of class %d, from the output (left) back to the pixels; "
                         "alpha1-beta0, no biases",
                         target[0]),
               panels);

  // With the biases taking their share b+ / (z+ + b+) of every R_j (the library's default).
  LrpOptions with_biases;
  const LrpExplanation biased =
      lrp(model, digit, target, make_composite("alpha1-beta0"), with_biases);
  std::cout << "alpha1-beta0 with biases, test digit #0:\n" << biased.conservation.format(0);
  double created = 0.0;
  for (std::size_t l = 0; l < layer_count; ++l)
    created = std::min(created, biased.conservation.absorbed(0, l));
  run.promise(created >= -1e-5 * std::abs(f),
              formatted("alpha1-beta0 with biases: no layer creates relevance (b+ >= 0 takes a "
                        "share of R's sign; most created %.2g)",
                        created < 0.0 ? -created : 0.0));

  // alpha_beta.png: the pixels' relevance split into α · (z⁺ part) and −β · (z⁻ part), for the
  // relevance that reaches the first convolution's outputs under each rule.
  using render::MapStyle;
  std::vector<render::MapRow> rows{{"input",
                                    {xt::view(digit, 0, 0)},
                                    {formatted("class %d", target[0])},
                                    MapStyle::intensities}};
  const LinearLayer first(dynamic_cast<const Conv2d&>(model.layer(0)));
  for (const AlphaBetaRule rule : {AlphaBetaRule{1.0f, 0.0f}, AlphaBetaRule{2.0f, 1.0f}}) {
    const std::string name = formatted("alpha%g-beta%g", rule.alpha, rule.beta);
    const LrpExplanation e = lrp(model, digit, target, make_composite(name), conserving);
    const Tensor& above = e.layer_relevances[1];  // R at the first convolution's outputs
    const Tensor positive = rule.alpha * propagate(first, digit, above, ZPlusRule{}, false);
    const Tensor negative = -rule.beta * propagate(first, digit, above, ZMinusRule{}, false);
    const double sum_positive = xt::sum(positive)(), sum_negative = xt::sum(negative)();
    const double sum_total = xt::sum(e.relevance)();
    std::printf(
        "%s at the pixels: alpha * positive part %.4f, -beta * negative part %.4f, "
        "R %.4f (f(x) = %.4f, sum R at the first convolution's outputs %.4f)\n",
        name.c_str(), sum_positive, sum_negative, sum_total, f,
        static_cast<double>(xt::sum(above)()));
    run.promise(std::abs(sum_positive + sum_negative - sum_total) <= 1e-4 * std::abs(f),
                formatted("%s: the two parts add up to the pixels' R (%.4f + %.4f = %.4f)",
                          name.c_str(), sum_positive, sum_negative, sum_total));
    rows.push_back(
        {name,
         {xt::view(positive, 0, 0), xt::view(negative, 0, 0), xt::view(e.relevance, 0, 0)},
         {formatted("+ %.2f", sum_positive), formatted("- %.2f", std::abs(sum_negative)),
          formatted("R %.2f", sum_total)},
         MapStyle::signed_values});
  }
  render::MapRowsOptions options;
  options.upscale = 5;
  options.scaling = render::GridScaling::per_row;
  options.negative_label = "against";
  options.positive_label = "for";
  render::write_map_rows_png(run.folder() + "alpha_beta.png", rows, options);
}

void lesson(const tutorials::TutorialRun& run) {
  Sequential model = page_network();
  forward_by_hand(run, model);
  std::vector<NetworkRelevance> drawn;
  for (const PageTables& page : kPageTables) drawn.push_back(by_hand(run, model, page));
  write_network_figure(run.folder() + "network.png", drawn);
  // For "Try this": two more rules on the same network, printed and not promised.
  Composite alpha3_beta2{"alpha3-beta2", {}, {}};
  alpha3_beta2.add(LayerSelector::with_weights(), AlphaBetaRule{3.0f, 2.0f});
  for (const Composite& other : {make_composite("lrp-0"), alpha3_beta2}) {
    const Tensor r = lrp(model, matrix({{2.0f, 1.0f, 1.0f}}), {0}, other).relevance;
    std::printf("%s on the page's network: R_i = %s\n", other.name.c_str(),
                listed(numbers_of(r)).c_str());
  }

  layer_by_layer(run);
  std::printf("figures written to %snetwork.png, propagation.png and alpha_beta.png\n",
              run.folder().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "06_lrp_step_by_step", lesson);
}

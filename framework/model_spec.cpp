#include "framework/model_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>
#include <vector>

#include "framework/errors.hpp"
#include "framework/layers/registry.hpp"

namespace glassbox {
namespace {

// `text` in quotes for an error message, shortened: a spec can be thousands of characters long.
std::string quoted(const std::string& text) {
  return "\"" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "\"";
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

// Splits at `separator`s outside parentheses, so that "parallel(a,b|c),d" splits at ',' into
// "parallel(a,b|c)" and "d". Throws ArgumentError for unbalanced parentheses.
std::vector<std::string> split_outside_parentheses(const std::string& text, char separator) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char character : text) {
    if (character == '(') ++depth;
    if (character == ')' && --depth < 0) break;
    if (character == separator && depth == 0) {
      parts.emplace_back();
    } else {
      parts.back() += character;
    }
  }
  if (depth != 0) throw ArgumentError("unbalanced parentheses in " + quoted(text));
  return parts;
}

nlohmann::json parse_layers(const std::string& spec, const Shape& input_shape, std::uint64_t seed);

// Reads a whole number ≥ `minimum` (1 for sizes, 0 for padding): digits only, nothing around them.
long to_number(const std::string& item, const std::string& field, long minimum) {
  long value = -1;
  const char* end = field.data() + field.size();
  const auto [stop, error] = std::from_chars(field.data(), end, value);
  if (field.empty() || error != std::errc() || stop != end || value < minimum) {
    throw ArgumentError(quoted(item) + ": " + quoted(field) +
                        " is not a whole number >= " + std::to_string(minimum));
  }
  return value;
}

// Reads a dropout rate; the layer itself checks that it lies in [0, 1).
double to_rate(const std::string& item, const std::string& field) {
  std::size_t used = 0;
  double rate = -1.0;
  try {
    rate = std::stod(field, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (field.empty() || used != field.size() ||
      std::isspace(static_cast<unsigned char>(field.front()))) {
    throw ArgumentError(quoted(item) + ": " + quoted(field) + " is not a number");
  }
  return rate;
}

// Nesting and length are checked on the whole text before anything recurses: parse_layers and
// layer_for call each other once per level of parallel(...), and each level builds the layers
// inside it again, so a deeply nested spec would take time quadratic in its depth and then
// overflow the stack. Real specs nest one level and are a few hundred characters long.
void check_spec_size(const std::string& spec) {
  if (spec.size() > max_spec_length) {
    throw ArgumentError("the layer spec is " + std::to_string(spec.size()) +
                        " characters long; at most " + std::to_string(max_spec_length) +
                        " are allowed");
  }
  std::size_t depth = 0, deepest = 0;
  for (char character : spec) {
    if (character == '(') deepest = std::max(deepest, ++depth);
    if (character == ')' && depth > 0) --depth;
  }
  if (deepest > max_spec_nesting) {
    throw ArgumentError("the layer spec nests parallel(...) " + std::to_string(deepest) +
                        " levels deep; at most " + std::to_string(max_spec_nesting) +
                        " are allowed");
  }
}

// The {"type", "config"} object for one spec item, given the shape of one sample entering it.
nlohmann::json layer_for(const std::string& item, const Shape& shape, std::uint64_t seed,
                         std::size_t position) {
  if (item.empty()) throw ArgumentError("an empty item (two commas in a row?)");
  const std::string parallel_start = "parallel(";
  if (item.compare(0, parallel_start.size(), parallel_start) == 0) {
    if (item.back() != ')') throw ArgumentError(quoted(item) + ": expected parallel(A|B|...)");
    const std::string inside =
        item.substr(parallel_start.size(), item.size() - parallel_start.size() - 1);
    nlohmann::json branches = nlohmann::json::array();
    const auto branch_specs = split_outside_parentheses(inside, '|');
    for (std::size_t b = 0; b < branch_specs.size(); ++b) {
      try {
        // Dropout seeds inside a branch differ from those of the top-level items (for specs of
        // fewer than 1000 items).
        branches.push_back(parse_layers(branch_specs[b], shape, seed + 1000 * (position + 1) + b));
      } catch (const ArgumentError& error) {
        throw ArgumentError("parallel branch " + std::to_string(b + 1) + ": " + error.what());
      }
    }
    return {{"type", "Parallel"}, {"config", {{"input_shape", shape}, {"branches", branches}}}};
  }
  const auto fields = split(item, ':');
  const std::string& name = fields.at(0);
  const std::size_t arguments = fields.size() - 1;
  auto need = [&](std::size_t low, std::size_t high, const char* usage) {
    if (arguments < low || arguments > high) {
      throw ArgumentError(quoted(item) + ": expected " + usage);
    }
  };
  auto arg = [&](std::size_t i, long fallback, long minimum = 1) {
    return i <= arguments ? to_number(item, fields[i], minimum) : fallback;
  };
  if (name == "dense") {
    need(1, 2, "dense:OUT or dense:OUT:glorot");
    if (shape.size() != 1) {
      throw ArgumentError(quoted(item) + " needs flat samples; put \"flatten\" before it");
    }
    const std::string init = arguments == 2 ? fields[2] : "he";
    return {{"type", "Dense"},
            {"config", {{"inputs", shape[0]}, {"outputs", arg(1, 0)}, {"init", init}}}};
  }
  if (name == "conv") {
    need(2, 4, "conv:OUT:KERNEL[:STRIDE[:PADDING]]");
    if (shape.size() != 3) throw ArgumentError(quoted(item) + " needs C×H×W samples");
    // The kernel must fit the padded image. Checked here, before the layer is built to learn its
    // output shape, because building it draws all its weights: a kernel of 501 costs 250,000
    // weights per channel pair before the layer could say it does not fit.
    const long kernel = arg(2, 0), padding = arg(4, 0, 0);
    const auto side = static_cast<long>(std::min(shape[1], shape[2]));
    if (kernel > side + 2 * padding) {
      throw ArgumentError(quoted(item) + ": a " + std::to_string(kernel) + "×" +
                          std::to_string(kernel) + " kernel does not fit " +
                          std::to_string(shape[1]) + "×" + std::to_string(shape[2]) +
                          " images padded by " + std::to_string(padding));
    }
    return {{"type", "Conv2d"},
            {"config",
             {{"in_channels", shape[0]},
              {"out_channels", arg(1, 0)},
              {"kernel", kernel},
              {"stride", arg(3, 1)},
              {"padding", padding}}}};
  }
  if (name == "embedding") {
    need(2, 2, "embedding:IDS:DIMENSIONS (the command line fills in VOCAB for IDS)");
    if (shape.size() != 1) throw ArgumentError(quoted(item) + " needs samples of token ids [T]");
    return {{"type", "Embedding"},
            {"config", {{"vocabulary_size", arg(1, 0)}, {"dimensions", arg(2, 0)}}}};
  }
  if (name == "conv1d") {
    need(2, 2, "conv1d:OUT:WIDTH");
    if (shape.size() != 2) throw ArgumentError(quoted(item) + " needs C×L samples");
    // As for conv: refused before its weights are drawn.
    if (arg(2, 0) > static_cast<long>(shape[1])) {
      throw ArgumentError(quoted(item) + ": a filter of width " + std::to_string(arg(2, 0)) +
                          " does not fit sequences of length " + std::to_string(shape[1]));
    }
    return {{"type", "Conv1d"},
            {"config",
             {{"in_channels", shape[0]},
              {"out_channels", arg(1, 0)},
              {"width", arg(2, 0)},
              {"init", "he"}}}};
  }
  if (name == "lstm") {
    need(1, 3, "lstm:HIDDEN[:last|sequence][:reverse]");
    if (shape.size() != 2) throw ArgumentError(quoted(item) + " needs E×T samples");
    std::string output = "last";
    bool reverse = false;
    for (std::size_t i = 2; i <= arguments; ++i) {
      if (i == 2 && (fields[i] == "last" || fields[i] == "sequence")) {
        output = fields[i];
      } else if (i == arguments && fields[i] == "reverse") {
        reverse = true;
      } else {
        throw ArgumentError(quoted(item) + ": " + quoted(fields[i]) +
                            " is not last, sequence or reverse (lstm:HIDDEN[:last|sequence]"
                            "[:reverse])");
      }
    }
    return {{"type", "LSTM"},
            {"config",
             {{"input_size", shape[0]},
              {"hidden_size", arg(1, 0)},
              {"output", output},
              {"reverse", reverse}}}};
  }
  if (name == "maxpool" || name == "avgpool") {
    need(1, 2, (name + ":KERNEL[:STRIDE]").c_str());
    return {{"type", name == "maxpool" ? "MaxPool2d" : "AvgPool2d"},
            {"config", {{"kernel", arg(1, 0)}, {"stride", arg(2, arg(1, 0))}}}};
  }
  if (name == "dropout") {
    need(1, 1, "dropout:RATE");
    return {{"type", "Dropout"},
            {"config", {{"rate", to_rate(item, fields[1])}, {"seed", seed + position}}}};
  }
  const std::vector<std::pair<std::string, std::string>> plain = {{"relu", "ReLU"},
                                                                  {"tanh", "Tanh"},
                                                                  {"sigmoid", "Sigmoid"},
                                                                  {"flatten", "Flatten"},
                                                                  {"maxovertime", "MaxOverTime"}};
  for (const auto& [spec_name, type] : plain) {
    if (name == spec_name) {
      need(0, 0, "no arguments");
      return {{"type", type}, {"config", nlohmann::json::object()}};
    }
  }
  throw ArgumentError("unknown layer \"" + item +
                      "\" (dense, conv, maxpool, avgpool, relu, tanh, sigmoid, flatten, dropout, "
                      "embedding, conv1d, lstm, maxovertime, parallel)");
}

nlohmann::json parse_layers(const std::string& spec, const Shape& input_shape, std::uint64_t seed) {
  nlohmann::json layers = nlohmann::json::array();
  Rng rng(seed);
  Sequential probe(input_shape);  // builds as it goes, so each item sees the shape it will get
  if (spec.empty()) throw ArgumentError("the layer spec is empty");
  const auto items = split_outside_parentheses(spec, ',');
  for (std::size_t i = 0; i < items.size(); ++i) {
    try {
      nlohmann::json layer = layer_for(items[i], probe.output_shape(), seed, i);
      probe.add(make_layer(layer["type"], layer["config"], rng));
      layers.push_back(std::move(layer));
    } catch (const ArgumentError& error) {
      throw ArgumentError("layer spec item " + std::to_string(i + 1) + ": " + error.what());
    }
  }
  return layers;
}

}  // namespace

nlohmann::json parse_model_spec(const std::string& spec, const Shape& input_shape,
                                std::uint64_t seed) {
  check_spec_size(spec);
  return parse_layers(spec, input_shape, seed);
}

Sequential build_model(const std::string& spec, const Shape& input_shape, std::uint64_t seed) {
  return build_model_from_layers(parse_model_spec(spec, input_shape, seed), input_shape, seed);
}

Sequential build_model_from_layers(const nlohmann::json& layers, const Shape& input_shape,
                                   std::uint64_t seed) {
  Rng rng(seed);
  Sequential model(input_shape);
  for (const auto& layer : layers) {
    model.add(make_layer(layer.at("type").get<std::string>(), layer.at("config"), rng));
  }
  return model;
}

}  // namespace glassbox

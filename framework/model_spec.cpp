#include "framework/model_spec.hpp"

#include <sstream>
#include <vector>

#include "framework/errors.hpp"
#include "framework/layers/registry.hpp"

namespace glassbox {
namespace {

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
  if (depth != 0) throw ArgumentError("unbalanced parentheses in \"" + text + "\"");
  return parts;
}

nlohmann::json parse_layers(const std::string& spec, const Shape& input_shape, std::uint64_t seed);

// Reads a whole number ≥ `minimum` (1 for sizes, 0 for padding).
long to_number(const std::string& item, const std::string& field, long minimum) {
  std::size_t used = 0;
  long value = -1;
  try {
    value = std::stol(field, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != field.size() || value < minimum) {
    throw ArgumentError("\"" + item + "\": \"" + field +
                        "\" is not a whole number >= " + std::to_string(minimum));
  }
  return value;
}

// The {"type", "config"} object for one spec item, given the shape of one sample entering it.
nlohmann::json layer_for(const std::string& item, const Shape& shape, std::uint64_t seed,
                         std::size_t position) {
  if (item.empty()) throw ArgumentError("an empty item (two commas in a row?)");
  const std::string parallel_start = "parallel(";
  if (item.compare(0, parallel_start.size(), parallel_start) == 0) {
    if (item.back() != ')') throw ArgumentError("\"" + item + "\": expected parallel(A|B|...)");
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
      throw ArgumentError("\"" + item + "\": expected " + usage);
    }
  };
  auto arg = [&](std::size_t i, long fallback, long minimum = 1) {
    return i <= arguments ? to_number(item, fields[i], minimum) : fallback;
  };
  if (name == "dense") {
    need(1, 2, "dense:OUT or dense:OUT:glorot");
    if (shape.size() != 1) {
      throw ArgumentError("\"" + item + "\" needs flat samples; put \"flatten\" before it");
    }
    const std::string init = arguments == 2 ? fields[2] : "he";
    return {{"type", "Dense"},
            {"config", {{"inputs", shape[0]}, {"outputs", arg(1, 0)}, {"init", init}}}};
  }
  if (name == "conv") {
    need(2, 4, "conv:OUT:KERNEL[:STRIDE[:PADDING]]");
    if (shape.size() != 3) throw ArgumentError("\"" + item + "\" needs C×H×W samples");
    return {{"type", "Conv2d"},
            {"config",
             {{"in_channels", shape[0]},
              {"out_channels", arg(1, 0)},
              {"kernel", arg(2, 0)},
              {"stride", arg(3, 1)},
              {"padding", arg(4, 0, 0)}}}};
  }
  if (name == "embedding") {
    need(2, 2, "embedding:IDS:DIMENSIONS (the command line fills in VOCAB for IDS)");
    if (shape.size() != 1) throw ArgumentError("\"" + item + "\" needs samples of token ids [T]");
    return {{"type", "Embedding"},
            {"config", {{"vocabulary_size", arg(1, 0)}, {"dimensions", arg(2, 0)}}}};
  }
  if (name == "conv1d") {
    need(2, 2, "conv1d:OUT:WIDTH");
    if (shape.size() != 2) throw ArgumentError("\"" + item + "\" needs C×L samples");
    return {{"type", "Conv1d"},
            {"config",
             {{"in_channels", shape[0]},
              {"out_channels", arg(1, 0)},
              {"width", arg(2, 0)},
              {"init", "he"}}}};
  }
  if (name == "maxpool" || name == "avgpool") {
    need(1, 2, (name + ":KERNEL[:STRIDE]").c_str());
    return {{"type", name == "maxpool" ? "MaxPool2d" : "AvgPool2d"},
            {"config", {{"kernel", arg(1, 0)}, {"stride", arg(2, arg(1, 0))}}}};
  }
  if (name == "dropout") {
    need(1, 1, "dropout:RATE");
    double rate = -1.0;
    try {
      rate = std::stod(fields[1]);
    } catch (const std::exception&) {
    }
    return {{"type", "Dropout"}, {"config", {{"rate", rate}, {"seed", seed + position}}}};
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
                      "embedding, conv1d, maxovertime, parallel)");
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

#include "framework/layers/registry.hpp"

#include <cstdint>
#include <functional>
#include <map>

#include "framework/errors.hpp"
#include "framework/join.hpp"
#include "framework/layers/avg_pool2d.hpp"
#include "framework/layers/conv1d.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/dropout.hpp"
#include "framework/layers/embedding.hpp"
#include "framework/layers/flatten.hpp"
#include "framework/layers/lstm.hpp"
#include "framework/layers/max_over_time.hpp"
#include "framework/layers/max_pool2d.hpp"
#include "framework/layers/parallel.hpp"
#include "framework/layers/relu.hpp"
#include "framework/layers/sigmoid.hpp"
#include "framework/layers/tanh.hpp"

namespace glassbox {
namespace {

using Factory = std::function<std::unique_ptr<Layer>(const nlohmann::json&, Rng&)>;

// config[key], which must exist.
const nlohmann::json& entry(const nlohmann::json& config, const std::string& key) {
  if (!config.is_object() || !config.contains(key)) {
    throw ArgumentError("missing config key \"" + key + "\"");
  }
  return config.at(key);
}

// A value for an error message: containers are named, not dumped (they may be huge).
std::string describe(const nlohmann::json& value) {
  if (value.is_structured()) return value.is_object() ? "an object" : "an array";
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// Reads config[key] as T, with an error that names the key when it is missing or of the wrong kind.
template <typename T>
T read(const nlohmann::json& config, const std::string& key) {
  const nlohmann::json& value = entry(config, key);
  try {
    return value.get<T>();
  } catch (const nlohmann::json::exception&) {
    throw ArgumentError("config key \"" + key + "\" has the wrong type: " + describe(value));
  }
}

// A whole number, written as one: nlohmann would turn 2.5 into 2 and -1 into 2^64 − 1 when asked
// for an integer, so a size of 2.5 or a seed of -1 would load as something the file does not say.
std::int64_t read_whole_number(const nlohmann::json& config, const std::string& key) {
  const nlohmann::json& value = entry(config, key);
  if (!value.is_number_integer()) {
    throw ArgumentError("config key \"" + key + "\" must be a whole number, found " +
                        describe(value));
  }
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    throw ArgumentError("config key \"" + key + "\" is too large: " + describe(value));
  }
  return value.get<std::int64_t>();
}

std::size_t read_positive(const nlohmann::json& config, const std::string& key) {
  const std::int64_t value = read_whole_number(config, key);
  if (value <= 0) {
    throw ArgumentError("config key \"" + key + "\" must be positive, found " +
                        std::to_string(value));
  }
  return static_cast<std::size_t>(value);
}

// An optional non-negative count (stride, padding): `fallback` when the key is absent.
std::size_t read_optional_count(const nlohmann::json& config, const std::string& key,
                                std::size_t fallback) {
  if (!config.is_object() || !config.contains(key)) return fallback;
  const std::int64_t value = read_whole_number(config, key);
  if (value < 0) {
    throw ArgumentError("config key \"" + key + "\" must not be negative, found " +
                        std::to_string(value));
  }
  return static_cast<std::size_t>(value);
}

// A seed: any whole number from 0 to 2^64 − 1.
std::uint64_t read_seed(const nlohmann::json& config, const std::string& key) {
  const nlohmann::json& value = entry(config, key);
  if (!value.is_number_integer() ||
      (!value.is_number_unsigned() && value.get<std::int64_t>() < 0)) {
    throw ArgumentError("config key \"" + key +
                        "\" must be a whole number from 0 to 2^64 - 1, found " + describe(value));
  }
  return value.get<std::uint64_t>();
}

// A config is checked before its layer allocates anything, so that a corrupt or hostile model
// file cannot ask for more memory than the machine has: 2^28 weights (1 GiB of floats) at most.
constexpr double maximum_weights = 268435456.0;

void require_reasonable_size(double weights) {
  if (weights > maximum_weights) {
    throw ArgumentError("the layer would have " + std::to_string(static_cast<long long>(weights)) +
                        " weights, more than the limit of 2^28");
  }
}

// Either "kernel" (square) or both "kernel_height" and "kernel_width".
void read_kernel(const nlohmann::json& config, Conv2dSettings& settings) {
  const bool square = config.is_object() && config.contains("kernel");
  const bool separate =
      config.is_object() && (config.contains("kernel_height") || config.contains("kernel_width"));
  if (square && separate) {
    throw ArgumentError(
        "give either \"kernel\" or \"kernel_height\" and \"kernel_width\", not both");
  }
  if (separate) {
    settings.kernel_height = read_positive(config, "kernel_height");
    settings.kernel_width = read_positive(config, "kernel_width");
  } else {
    settings.kernel_height = settings.kernel_width = read_positive(config, "kernel");
  }
}

Initializer read_initializer(const nlohmann::json& config) {
  const std::string name = config.contains("init") ? read<std::string>(config, "init") : "he";
  if (name == "he") return Initializer::he;
  if (name == "glorot") return Initializer::glorot;
  throw ArgumentError("unknown init \"" + name + "\" (he, glorot)");
}

// Dropout's rate: a number (the layer checks that it lies in [0, 1)).
double read_rate(const nlohmann::json& config) {
  const nlohmann::json& value = entry(config, "rate");
  if (!value.is_number()) {
    throw ArgumentError("config key \"rate\" must be a number, found " + describe(value));
  }
  return value.get<double>();
}

// Parallel's "input_shape": the shape of one sample every branch takes.
Shape read_sample_shape(const nlohmann::json& config) {
  if (!config.contains("input_shape") || !config.at("input_shape").is_array() ||
      config.at("input_shape").empty()) {
    throw ArgumentError("config key \"input_shape\" must be a non-empty array of sizes");
  }
  Shape shape;
  double values = 1.0;
  for (const auto& size : config.at("input_shape")) {
    if (!size.is_number_integer() || size.get<std::int64_t>() <= 0) {
      throw ArgumentError("config key \"input_shape\" must hold positive whole numbers");
    }
    shape.push_back(static_cast<std::size_t>(size.get<std::int64_t>()));
    values *= static_cast<double>(shape.back());
  }
  // The same bound as model files put on a model's input: 2^31 values per sample.
  if (values > 2147483648.0) throw ArgumentError("\"input_shape\" has more than 2^31 values");
  return shape;
}

// Parallel's branches: each a list of {"type", "config"} objects, built through make_layer (so a
// branch may hold any layer, another Parallel included) into a Sequential taking `input_shape`.
std::unique_ptr<Layer> make_parallel(const nlohmann::json& config, Rng& rng) {
  const Shape input_shape = read_sample_shape(config);
  if (!config.contains("branches") || !config.at("branches").is_array()) {
    throw ArgumentError("config key \"branches\" must be an array of layer lists");
  }
  std::vector<Sequential> branches;
  const nlohmann::json& lists = config.at("branches");
  for (std::size_t b = 0; b < lists.size(); ++b) {
    const std::string where = "branch " + std::to_string(b);
    if (!lists[b].is_array()) throw ArgumentError(where + " must be an array of layers");
    Sequential branch(input_shape);
    for (std::size_t l = 0; l < lists[b].size(); ++l) {
      const nlohmann::json& entry = lists[b][l];
      try {
        if (!entry.is_object() || !entry.contains("type") || !entry.at("type").is_string() ||
            !entry.contains("config") || !entry.at("config").is_object()) {
          throw ArgumentError("expected {\"type\": name, \"config\": {...}}");
        }
        branch.add(make_layer(entry.at("type").get<std::string>(), entry.at("config"), rng));
      } catch (const ArgumentError& error) {
        throw ArgumentError(where + ", layer " + std::to_string(l) + ": " + error.what());
      }
    }
    branches.push_back(std::move(branch));
  }
  return std::make_unique<Parallel>(std::move(branches));
}

const std::map<std::string, Factory>& factories() {
  static const std::map<std::string, Factory> table = {
      {"Dense",
       [](const nlohmann::json& c, Rng& rng) {
         const std::size_t inputs = read_positive(c, "inputs"),
                           outputs = read_positive(c, "outputs");
         require_reasonable_size(static_cast<double>(inputs) * static_cast<double>(outputs));
         return std::make_unique<Dense>(inputs, outputs, read_initializer(c), rng);
       }},
      {"Conv2d",
       [](const nlohmann::json& c, Rng& rng) {
         Conv2dSettings settings;
         settings.in_channels = read_positive(c, "in_channels");
         settings.out_channels = read_positive(c, "out_channels");
         read_kernel(c, settings);
         settings.stride = c.contains("stride") ? read_positive(c, "stride") : 1;
         settings.padding = read_optional_count(c, "padding", 0);
         settings.init = read_initializer(c);
         require_reasonable_size(static_cast<double>(settings.out_channels) * settings.in_channels *
                                 settings.kernel_height * settings.kernel_width);
         return std::make_unique<Conv2d>(settings, rng);
       }},
      {"MaxPool2d",
       [](const nlohmann::json& c, Rng&) {
         const std::size_t kernel = read_positive(c, "kernel");
         // Without a stride the windows tile the image: stride = kernel.
         const std::size_t stride = c.contains("stride") ? read_positive(c, "stride") : kernel;
         return std::make_unique<MaxPool2d>(kernel, stride);
       }},
      {"AvgPool2d",
       [](const nlohmann::json& c, Rng&) {
         const std::size_t kernel = read_positive(c, "kernel");
         const std::size_t stride = c.contains("stride") ? read_positive(c, "stride") : kernel;
         const bool sum = c.contains("sum") ? read<bool>(c, "sum") : false;
         return std::make_unique<AvgPool2d>(kernel, stride, sum);
       }},
      {"Conv1d",
       [](const nlohmann::json& c, Rng& rng) {
         const std::size_t in_channels = read_positive(c, "in_channels");
         const std::size_t out_channels = read_positive(c, "out_channels");
         const std::size_t width = read_positive(c, "width");
         require_reasonable_size(static_cast<double>(out_channels) * in_channels * width);
         return std::make_unique<Conv1d>(in_channels, out_channels, width, read_initializer(c),
                                         rng);
       }},
      {"Embedding",
       [](const nlohmann::json& c, Rng& rng) {
         const std::size_t ids = read_positive(c, "vocabulary_size");
         const std::size_t dimensions = read_positive(c, "dimensions");
         require_reasonable_size(static_cast<double>(ids) * static_cast<double>(dimensions));
         return std::make_unique<Embedding>(ids, dimensions, rng);
       }},
      {"LSTM",
       [](const nlohmann::json& c, Rng& rng) {
         const std::size_t inputs = read_positive(c, "input_size");
         const std::size_t hidden = read_positive(c, "hidden_size");
         const std::string output = c.contains("output") ? read<std::string>(c, "output") : "last";
         if (output != "last" && output != "sequence") {
           throw ArgumentError("unknown LSTM output \"" + output + "\" (last, sequence)");
         }
         const bool reverse = c.contains("reverse") ? read<bool>(c, "reverse") : false;
         require_reasonable_size(4.0 * static_cast<double>(hidden) *
                                 (static_cast<double>(inputs) + static_cast<double>(hidden)));
         return std::make_unique<Lstm>(inputs, hidden,
                                       output == "last" ? LstmOutput::last : LstmOutput::sequence,
                                       reverse, rng);
       }},
      {"MaxOverTime", [](const nlohmann::json&, Rng&) { return std::make_unique<MaxOverTime>(); }},
      {"Parallel", make_parallel},
      {"ReLU", [](const nlohmann::json&, Rng&) { return std::make_unique<ReLU>(); }},
      {"Tanh", [](const nlohmann::json&, Rng&) { return std::make_unique<Tanh>(); }},
      {"Sigmoid", [](const nlohmann::json&, Rng&) { return std::make_unique<Sigmoid>(); }},
      {"Flatten", [](const nlohmann::json&, Rng&) { return std::make_unique<Flatten>(); }},
      {"Dropout",
       [](const nlohmann::json& c, Rng&) {
         return std::make_unique<Dropout>(read_rate(c), read_seed(c, "seed"));
       }},
  };
  return table;
}

}  // namespace

std::unique_ptr<Layer> make_layer(const std::string& type, const nlohmann::json& config, Rng& rng) {
  const auto& table = factories();
  const auto found = table.find(type);
  if (found == table.end()) {
    throw ArgumentError("unknown layer type \"" + type + "\" (known: " + join(layer_types()) + ")");
  }
  return found->second(config, rng);
}

std::vector<std::string> layer_types() {
  std::vector<std::string> names;
  for (const auto& entry : factories()) names.push_back(entry.first);
  return names;
}

}  // namespace glassbox

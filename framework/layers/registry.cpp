#include "framework/layers/registry.hpp"

#include <functional>
#include <map>

#include "framework/errors.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/dropout.hpp"
#include "framework/layers/flatten.hpp"
#include "framework/layers/relu.hpp"
#include "framework/layers/sigmoid.hpp"
#include "framework/layers/tanh.hpp"

namespace glassbox {
namespace {

using Factory = std::function<std::unique_ptr<Layer>(const nlohmann::json&, Rng&)>;

// Reads config[key] as T, with an error that names the key when it is missing or of the wrong kind.
template <typename T>
T read(const nlohmann::json& config, const std::string& key) {
  if (!config.is_object() || !config.contains(key)) {
    throw ArgumentError("missing config key \"" + key + "\"");
  }
  try {
    return config.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw ArgumentError("config key \"" + key + "\" has the wrong type: " + config.at(key).dump());
  }
}

std::size_t read_positive(const nlohmann::json& config, const std::string& key) {
  const auto value = read<std::int64_t>(config, key);
  if (value <= 0) throw ArgumentError("config key \"" + key + "\" must be positive");
  return static_cast<std::size_t>(value);
}

Initializer read_initializer(const nlohmann::json& config) {
  const std::string name = config.contains("init") ? read<std::string>(config, "init") : "he";
  if (name == "he") return Initializer::he;
  if (name == "glorot") return Initializer::glorot;
  throw ArgumentError("unknown init \"" + name + "\" (he, glorot)");
}

const std::map<std::string, Factory>& factories() {
  static const std::map<std::string, Factory> table = {
      {"Dense",
       [](const nlohmann::json& c, Rng& rng) {
         return std::make_unique<Dense>(read_positive(c, "inputs"), read_positive(c, "outputs"),
                                        read_initializer(c), rng);
       }},
      {"ReLU", [](const nlohmann::json&, Rng&) { return std::make_unique<ReLU>(); }},
      {"Tanh", [](const nlohmann::json&, Rng&) { return std::make_unique<Tanh>(); }},
      {"Sigmoid", [](const nlohmann::json&, Rng&) { return std::make_unique<Sigmoid>(); }},
      {"Flatten", [](const nlohmann::json&, Rng&) { return std::make_unique<Flatten>(); }},
      {"Dropout",
       [](const nlohmann::json& c, Rng&) {
         return std::make_unique<Dropout>(read<float>(c, "rate"), read<std::uint64_t>(c, "seed"));
       }},
  };
  return table;
}

}  // namespace

std::unique_ptr<Layer> make_layer(const std::string& type, const nlohmann::json& config, Rng& rng) {
  const auto& table = factories();
  const auto found = table.find(type);
  if (found == table.end()) {
    std::string known;
    for (const auto& name : layer_types()) known += (known.empty() ? "" : ", ") + name;
    throw ArgumentError("unknown layer type \"" + type + "\" (known: " + known + ")");
  }
  return found->second(config, rng);
}

std::vector<std::string> layer_types() {
  std::vector<std::string> names;
  for (const auto& entry : factories()) names.push_back(entry.first);
  return names;
}

}  // namespace glassbox

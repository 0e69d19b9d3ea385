// Builds a layer from its type name and config, the inverse of Layer::type() and Layer::config().
// Model files and the command line's layer specs both go through here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

// Throws ArgumentError naming the unknown type, or the missing/invalid config key.
std::unique_ptr<Layer> make_layer(const std::string& type, const nlohmann::json& config, Rng& rng);

// Every type name make_layer accepts, for help texts and error messages.
std::vector<std::string> layer_types();

}  // namespace glassbox

// A compact text form for layer lists, used by the command line and the presets:
//
//   "flatten,dense:256,relu,dense:128,relu,dense:10"
//   "conv:16:5:1:2,relu,maxpool:2,flatten,dense:10"
//
// Items, separated by commas (sizes of inputs are inferred from the layer before):
//   dense:OUT            Dense with OUT outputs (He init; dense:OUT:glorot for Glorot)
//   conv:OUT:K[:S[:P]]   Conv2d, OUT channels, K×K kernel, stride S (1), zero padding P (0)
//   maxpool:K[:S]        MaxPool2d, K×K window, stride S (K)
//   avgpool:K[:S]        AvgPool2d, likewise
//   relu, tanh, sigmoid, flatten, dropout:RATE
//   embedding:IDS:E      Embedding of token ids [T] → [E, T]: a table of IDS rows (ids 0 … IDS − 1,
//                        padding and unknown included) of E numbers. The input shape [T] does not
//                        tell how many ids there are, so the spec says it; the command line writes
//                        VOCAB in a spec and replaces it by the dataset's id count.
//   conv1d:OUT:W         Conv1d over [C, L] samples: OUT filters of width W (He init)
//   maxovertime          MaxOverTime, [F, L] → [F]
//   parallel(A|B|…)      Parallel: each of A, B, … is itself a spec (commas inside), run on the
//                        same input; their flat outputs side by side. A text CNN:
//   "embedding:VOCAB:100,parallel(conv1d:100:1,relu,maxovertime|conv1d:100:2,relu,maxovertime|"
//   "conv1d:100:3,relu,maxovertime),dense:20"
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/sequential.hpp"

namespace glassbox {

// The longest spec and the deepest nesting of parallel(...) that parse_model_spec accepts. Each
// level of parallel(...) nests four levels of JSON in the model file, whose reader accepts 64.
inline constexpr std::size_t max_spec_length = 10000;
inline constexpr std::size_t max_spec_nesting = 8;

// Turns a spec into the list of {"type", "config"} objects it stands for (model-file form).
// Throws ArgumentError naming the item that cannot be read or does not chain, and for a spec longer
// than max_spec_length characters or nesting parallel(...) deeper than max_spec_nesting levels.
nlohmann::json parse_model_spec(const std::string& spec, const Shape& input_shape,
                                std::uint64_t seed);

// Builds the model; weights are initialised from `seed`.
Sequential build_model(const std::string& spec, const Shape& input_shape, std::uint64_t seed);

// Builds a model from {"type", "config"} objects, checking that they chain.
Sequential build_model_from_layers(const nlohmann::json& layers, const Shape& input_shape,
                                   std::uint64_t seed);

}  // namespace glassbox

// What the fuzz harnesses skip, shared by those that read model files (a checkpoint holds one).
//
// Building a layer allocates the weights its config asks for before the file's numbers are read.
// The readers refuse configs far larger than the numbers stored for them, but a Parallel's branch
// layers are held only by the registry's limit of 2^28 weights (1 GiB) each, and libFuzzer reports
// a few of those as out-of-memory, which would stop the search there. Inputs holding integers
// above `max_config_number` are therefore skipped (docs/robustness.md). This is a limit of the
// harness, not of the readers.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace glassbox_fuzz {

constexpr std::int64_t max_config_number = 4096;

// Whether any integer in the document is larger than max_config_number in magnitude. Iterative,
// as the readers' own walks are, since the input may be nested deeply.
inline bool asks_for_large_layers(const nlohmann::json& document) {
  std::vector<const nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    const nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_number_unsigned()) {
      if (node->get<std::uint64_t>() > static_cast<std::uint64_t>(max_config_number)) return true;
    } else if (node->is_number_integer()) {
      if (node->get<std::int64_t>() < -max_config_number) return true;
    }
    if (node->is_structured()) {
      for (const auto& child : *node) pending.push_back(&child);
    }
  }
  return false;
}

}  // namespace glassbox_fuzz

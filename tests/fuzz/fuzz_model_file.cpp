// libFuzzer target for the model-file reader (framework/serialization/model_file.hpp): any text
// must either load as a model or throw glassbox::FileError. A model that loads must also save and
// load again to the same text, which checks that the reader accepts nothing the writer cannot
// reproduce.
//
// One limit of the harness, not of the reader: building a layer allocates the weights its config
// asks for before the file's numbers are read. The reader refuses configs far larger than the
// numbers stored for them, but a Parallel's branch layers are held only by the registry's limit of
// 2^28 weights (1 GiB) each, and libFuzzer reports a few of those as out-of-memory, which would
// stop the search there. Inputs holding integers above `max_config_number` are therefore skipped
// (docs/robustness.md).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/errors.hpp"
#include "framework/serialization/model_file.hpp"

namespace {

constexpr std::int64_t max_config_number = 4096;

// Whether any integer in the document is larger than max_config_number in magnitude. Iterative,
// as the reader's own walk is, since the input may be nested deeply.
bool asks_for_large_layers(const nlohmann::json& document) {
  std::vector<const nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    const nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_number_unsigned()) {
      if (node->get<std::uint64_t>() > max_config_number) return true;
    } else if (node->is_number_integer()) {
      if (node->get<std::int64_t>() < -max_config_number) return true;
    }
    if (node->is_structured()) {
      for (const auto& child : *node) pending.push_back(&child);
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (!document.is_discarded() && asks_for_large_layers(document)) return 0;
  try {
    glassbox::ModelFile loaded = glassbox::model_from_text(text, "fuzz.json");
    const std::string saved = glassbox::model_to_json(loaded.model, loaded.metadata);
    glassbox::ModelFile reloaded = glassbox::model_from_text(saved, "saved.json");
    if (glassbox::model_to_json(reloaded.model, reloaded.metadata) != saved) std::abort();
  } catch (const glassbox::FileError&) {
  }
  return 0;
}

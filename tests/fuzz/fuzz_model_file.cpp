// libFuzzer target for the model-file reader (framework/serialization/model_file.hpp): any text
// must either load as a model or throw glassbox::FileError. A model that loads must also save and
// load again to the same text, which checks that the reader accepts nothing the writer cannot
// reproduce.
//
// Inputs asking for very large layers are skipped (fuzz_limits.hpp says why).
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/errors.hpp"
#include "framework/serialization/model_file.hpp"
#include "fuzz_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (!document.is_discarded() && glassbox_fuzz::asks_for_large_layers(document)) return 0;
  try {
    glassbox::ModelFile loaded = glassbox::model_from_text(text, "fuzz.json");
    const std::string saved = glassbox::model_to_json(loaded.model, loaded.metadata);
    glassbox::ModelFile reloaded = glassbox::model_from_text(saved, "saved.json");
    if (glassbox::model_to_json(reloaded.model, reloaded.metadata) != saved) std::abort();
  } catch (const glassbox::FileError&) {
  }
  return 0;
}

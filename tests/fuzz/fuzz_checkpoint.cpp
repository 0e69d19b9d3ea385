// libFuzzer target for the checkpoint reader (framework/serialization/checkpoint.hpp): any text
// must either load as a checkpoint or throw glassbox::FileError. A checkpoint that loads must also
// be checked against a few runs (check_checkpoint_fits: FileError or nothing), take its optimizer
// state into an optimizer of its kind (ArgumentError, which resume_run reports as a FileError, or
// nothing), and save and load again to the same text.
//
// Skipped inputs (limits of the harness, not of the reader): those asking for very large layers
// (fuzz_limits.hpp), and those whose Dropout replay would draw more than 10^7 mask entries, which
// a real checkpoint does after as much training; loading one simply takes that long.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/errors.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "fuzz_limits.hpp"

namespace {

// An upper bound on the replay's draws: samples trained × the values of one input sample.
bool replays_too_long(const nlohmann::json& document) {
  const nlohmann::json* samples = nullptr;
  const nlohmann::json* shape = nullptr;
  if (document.is_object() && document.contains("progress") && document["progress"].is_object()) {
    const auto found = document["progress"].find("samples_trained");
    if (found != document["progress"].end()) samples = &*found;
  }
  if (document.is_object() && document.contains("model") && document["model"].is_object()) {
    const auto found = document["model"].find("input_shape");
    if (found != document["model"].end()) shape = &*found;
  }
  if (samples == nullptr || !samples->is_number() || shape == nullptr || !shape->is_array()) {
    return false;
  }
  double draws = samples->get<double>();
  for (const auto& size : *shape) draws *= size.is_number() ? size.get<double>() : 1.0;
  return draws > 1e7;
}

std::unique_ptr<glassbox::Optimizer> optimizer_named(const std::string& name) {
  if (name == "sgd") return std::make_unique<glassbox::Sgd>(glassbox::SgdSettings{0.1f, 0.9f});
  if (name == "adam") return std::make_unique<glassbox::Adam>(glassbox::AdamSettings{});
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (!document.is_discarded() &&
      (glassbox_fuzz::asks_for_large_layers(document) || replays_too_long(document))) {
    return 0;
  }
  try {
    glassbox::Checkpoint checkpoint = glassbox::checkpoint_from_text(text, "fuzz.checkpoint");
    for (int epochs : {-1, 1, 3}) {
      for (std::size_t batch_size : {0, 1, 7}) {
        glassbox::TrainingSettings settings;
        settings.epochs = epochs;
        settings.batch_size = batch_size;
        try {
          glassbox::check_checkpoint_fits(checkpoint, settings, "fuzz.checkpoint");
        } catch (const glassbox::FileError&) {
        }
      }
    }
    const auto optimizer = optimizer_named(checkpoint.optimizer_name);
    if (!optimizer) return 0;
    try {
      optimizer->load_state(checkpoint.optimizer);
    } catch (const glassbox::ArgumentError&) {
      return 0;
    }
    const std::string saved = glassbox::checkpoint_to_json(checkpoint.model, *optimizer,
                                                           checkpoint.progress, checkpoint.run);
    glassbox::Checkpoint reloaded = glassbox::checkpoint_from_text(saved, "saved.checkpoint");
    const auto again = optimizer_named(reloaded.optimizer_name);
    again->load_state(reloaded.optimizer);
    if (glassbox::checkpoint_to_json(reloaded.model, *again, reloaded.progress, reloaded.run) !=
        saved) {
      std::abort();
    }
  } catch (const glassbox::FileError&) {
  }
  return 0;
}

// libFuzzer target for the layer-spec parser (framework/model_spec.hpp), nesting included: any
// text must either build a model or throw glassbox::ArgumentError. A model that builds must also
// run (a forward pass on a batch of zeros: no layer may find late that its input does not fit,
// which the chaining checks should have seen) and save and load as a model file.
//
// The first byte chooses the sample shape the spec is built for: an MNIST-like image, a small
// image, a feature vector or a sequence of token ids. Specs holding numbers above 4096 are skipped,
// as fuzz_limits.hpp explains for model files: they only find out how much memory the fuzzer has.
// Models of more than `max_saved_weights` weights are built and run but not saved: writing and
// parsing their millions of numbers under the sanitizers takes longer than libFuzzer's timeout,
// and fuzz_model_file covers that reader already.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <xtensor/xbuilder.hpp>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"
#include "fuzz_limits.hpp"

namespace {

const glassbox::Shape sample_shapes[] = {{1, 28, 28}, {2, 6, 5}, {30}, {12}};
constexpr std::size_t max_saved_weights = 100000;

bool has_large_number(const std::string& spec) {
  std::int64_t number = 0;
  for (char character : spec) {
    if (!std::isdigit(static_cast<unsigned char>(character))) {
      number = 0;
      continue;
    }
    number = number * 10 + (character - '0');
    if (number > glassbox_fuzz::max_config_number) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const glassbox::Shape& sample = sample_shapes[data[0] % 4];
  const std::string spec(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (has_large_number(spec)) return 0;
  try {
    glassbox::Sequential model = glassbox::build_model(spec, sample, data[0]);
    glassbox::Shape batch{2};
    batch.insert(batch.end(), sample.begin(), sample.end());
    const glassbox::Tensor zeros = xt::zeros<float>(batch);  // token id 0: padding
    try {
      model.forward(zeros);
    } catch (const glassbox::ArgumentError&) {
      std::abort();  // built, yet cannot run: the chaining checks missed something
    }
    if (model.parameter_count() > max_saved_weights) return 0;
    const std::string saved = glassbox::model_to_json(model, nlohmann::json::object());
    glassbox::ModelFile loaded = glassbox::model_from_text(saved, "saved.json");
    if (glassbox::model_to_json(loaded.model, loaded.metadata) != saved) std::abort();
  } catch (const glassbox::ArgumentError&) {
  }
  return 0;
}

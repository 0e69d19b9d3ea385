// libFuzzer target for the layer-spec parser (framework/model_spec.hpp), nesting included: any
// text must either build a model or throw glassbox::ArgumentError. A model that builds must also
// run (a forward pass on a batch of zeros: no layer may find late that its input does not fit,
// which the chaining checks should have seen) and save and load as a model file.
//
// The first byte chooses the sample shape the spec is built for: an MNIST-like image, a small
// image, a feature vector or a sequence of token ids. Specs holding numbers above 4096 are skipped,
// as fuzz_limits.hpp explains for model files: they only find out how much memory the fuzzer has.
// Two more limits of the harness keep each input within libFuzzer's timeout under the
// sanitizers: models whose forward pass would take more than `max_work` multiply-adds per sample
// (a legal conv:1622:1 followed by a 5×5 convolution with padding 20 takes seconds) are built but
// not run, and models of more than `max_saved_weights` weights are not saved (writing and parsing
// millions of numbers takes as long; fuzz_model_file covers that reader already).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <xtensor/xbuilder.hpp>

#include "framework/errors.hpp"
#include "framework/layers/parallel.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"
#include "fuzz_limits.hpp"

namespace {

const glassbox::Shape sample_shapes[] = {{1, 28, 28}, {2, 6, 5}, {30}, {12}};
constexpr std::size_t max_saved_weights = 100000;
constexpr double max_work = 5e7;

double values(const glassbox::Shape& shape) {
  double count = 1.0;
  for (std::size_t size : shape) count *= static_cast<double>(size);
  return count;
}

// About the multiply-adds of one sample's forward pass: each layer's weights are used once per
// output position (the output's size over its first axis, the channels or features), and every
// layer touches each of its outputs.
double work(glassbox::Sequential& model) {
  double total = 0.0;
  glassbox::Shape shape = model.input_shape();
  for (std::size_t i = 0; i < model.size(); ++i) {
    glassbox::Layer& layer = model.layer(i);
    const glassbox::Shape output = layer.output_shape(shape);
    if (auto* parallel = dynamic_cast<glassbox::Parallel*>(&layer)) {
      for (std::size_t b = 0; b < parallel->branch_count(); ++b) {
        total += work(parallel->branch(b));
      }
    } else {
      double weights = 0.0;
      for (const auto& parameter : layer.parameters()) {
        weights += static_cast<double>(parameter.value->size());
      }
      const double positions = output.size() > 1 ? values(output) / output[0] : 1.0;
      total += weights * positions + values(output);
    }
    shape = output;
  }
  return total;
}

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
    if (work(model) > max_work) return 0;
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

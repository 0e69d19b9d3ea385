#include "framework/training/dropout_replay.hpp"

#include <algorithm>

#include <xtensor/xbuilder.hpp>

#include "framework/layers/parallel.hpp"

namespace glassbox {
namespace {

// Draws per forward pass while replaying: 4 MB of floats at a time.
constexpr std::uint64_t replay_chunk = std::uint64_t{1} << 20;

void replay(Layer& dropout, std::uint64_t draws) {
  dropout.set_training(true);
  Tensor zeros;
  for (std::uint64_t done = 0; done < draws;) {
    const auto chunk = static_cast<std::size_t>(std::min(replay_chunk, draws - done));
    if (zeros.size() != chunk) zeros = xt::zeros<float>({chunk});
    dropout.forward(zeros);  // draws one mask entry per element, as for a training batch
    done += chunk;
  }
  dropout.set_training(false);
}

}  // namespace

void restore_dropout_draws(Sequential& model, std::uint64_t samples_trained) {
  Shape input_shape = model.input_shape();
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    if (layer.type() == "Dropout") {
      std::uint64_t units = 1;
      for (std::size_t dimension : input_shape) units *= dimension;
      replay(layer, samples_trained * units);
    } else if (auto* parallel = dynamic_cast<Parallel*>(&layer)) {
      for (std::size_t b = 0; b < parallel->branch_count(); ++b) {
        restore_dropout_draws(parallel->branch(b), samples_trained);
      }
    }
    input_shape = layer.output_shape(input_shape);
  }
}

std::size_t replay_dropout_draws(Sequential& model, std::uint64_t samples_trained) {
  restore_dropout_draws(model, samples_trained);
  return 0;
}

}  // namespace glassbox

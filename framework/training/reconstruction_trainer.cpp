#include "framework/training/reconstruction_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/losses/mean_squared_error.hpp"
#include "framework/random.hpp"
#include "framework/training/progress_bar.hpp"
#include "framework/training/variational_code.hpp"

namespace glassbox {
namespace {

std::size_t element_count(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

void check_models(const Sequential& encoder, const Sequential& decoder, const Tensor& inputs,
                  const ReconstructionSettings& settings) {
  const Shape sample(inputs.shape().begin() + 1, inputs.shape().end());
  if (inputs.dimension() < 2 || inputs.shape(0) == 0 || sample != encoder.input_shape()) {
    throw ArgumentError("reconstruction training: the inputs " +
                        shape_to_string(Shape(inputs.shape().begin(), inputs.shape().end())) +
                        " are not a non-empty batch of " + shape_to_string(encoder.input_shape()));
  }
  Shape codes = encoder.output_shape();
  if (settings.variational && codes.size() == 1 && codes[0] % 2 == 0) codes[0] /= 2;
  if (codes != decoder.input_shape()) {
    throw ArgumentError("reconstruction training: the encoder gives " +
                        shape_to_string(encoder.output_shape()) +
                        (settings.variational ? " (twice the code size)" : "") +
                        " but the decoder takes " + shape_to_string(decoder.input_shape()));
  }
  if (element_count(decoder.output_shape()) != element_count(sample)) {
    throw ArgumentError("reconstruction training: the decoder gives " +
                        shape_to_string(decoder.output_shape()) + " for inputs of " +
                        shape_to_string(sample) + ", a different number of values");
  }
  if (settings.batch_size == 0) throw ArgumentError("batch size must be positive");
}

// Samples `order[begin, end)` of `inputs`, copied into `batch` and `targets` (the same values,
// shaped as the decoder's output).
void gather(const Tensor& inputs, const std::vector<std::size_t>& order, std::size_t begin,
            std::size_t end, const Shape& output_shape, Tensor& batch, Tensor& targets) {
  const std::size_t per_sample = inputs.size() / inputs.shape(0);
  Shape batch_shape(inputs.shape().begin(), inputs.shape().end());
  batch_shape[0] = end - begin;
  resize_if_needed(batch, batch_shape);
  for (std::size_t i = begin; i < end; ++i) {
    std::memcpy(batch.data() + (i - begin) * per_sample, inputs.data() + order[i] * per_sample,
                per_sample * sizeof(float));
  }
  Shape target_shape{end - begin};
  target_shape.insert(target_shape.end(), output_shape.begin(), output_shape.end());
  resize_if_needed(targets, target_shape);
  std::copy(batch.begin(), batch.end(), targets.begin());
}

}  // namespace

std::vector<ReconstructionEpoch> train_reconstruction(Sequential& encoder, Sequential& decoder,
                                                      Optimizer& optimizer, const Tensor& inputs,
                                                      const ReconstructionSettings& settings,
                                                      const ReconstructionCallback& on_epoch) {
  check_models(encoder, decoder, inputs, settings);
  std::vector<Parameter> parameters = encoder.parameters();
  for (const Parameter& parameter : decoder.parameters()) parameters.push_back(parameter);

  const std::size_t samples = inputs.shape(0);
  const std::size_t batches = (samples + settings.batch_size - 1) / settings.batch_size;
  std::vector<std::size_t> order(samples);
  std::iota(order.begin(), order.end(), 0);
  Rng shuffle_rng(settings.seed);
  MeanSquaredError loss;
  VariationalCode variational_code;
  Rng code_noise(settings.seed + 1);
  Tensor batch, targets;
  std::vector<Tensor> epoch_start;  // the weights to go back to if the loss stops being finite
  std::vector<ReconstructionEpoch> history;

  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    epoch_start.clear();
    for (const Parameter& parameter : parameters) epoch_start.push_back(*parameter.value);
    std::shuffle(order.begin(), order.end(), shuffle_rng);
    encoder.set_training(true);
    // The decoder's input gradient is the code gradient, which the encoder's backward needs.
    decoder.set_training(true);
    decoder.set_input_gradient_needed(true);
    ProgressBar bar("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(settings.epochs),
                    batches, "batch", settings.progress && ProgressBar::stderr_is_terminal());
    const auto start = std::chrono::steady_clock::now();
    double loss_sum = 0.0, kl_sum = 0.0;

    for (std::size_t b = 0; b < batches; ++b) {
      const std::size_t begin = b * settings.batch_size;
      const std::size_t end = std::min(begin + settings.batch_size, samples);
      gather(inputs, order, begin, end, decoder.output_shape(), batch, targets);
      const Tensor& encoded = encoder.forward(batch);
      const Tensor& codes =
          settings.variational ? variational_code.forward(encoded, code_noise) : encoded;
      const float batch_loss = loss.forward(decoder.forward(codes), targets);
      const double kl = settings.variational ? variational_code.kl_divergence() : 0.0;
      if (!std::isfinite(batch_loss) || !std::isfinite(kl)) {
        for (std::size_t p = 0; p < parameters.size(); ++p) {
          *parameters[p].value = epoch_start[p];
        }
        encoder.set_training(false);
        decoder.set_training(false);
        throw DivergenceError("reconstruction training diverged: the loss became " +
                              std::to_string(batch_loss) + " at epoch " +
                              std::to_string(epoch + 1) + ", batch " + std::to_string(b + 1) +
                              "; the models keep the weights they had at the start of the "
                              "epoch. Try a smaller learning rate.");
      }
      loss_sum += batch_loss;
      kl_sum += kl;
      encoder.zero_gradients();
      decoder.zero_gradients();
      const Tensor& code_gradient = decoder.backward(loss.backward());
      encoder.backward(settings.variational
                           ? variational_code.backward(code_gradient, settings.kl_weight)
                           : code_gradient);
      optimizer.step(parameters);

      char details[64];
      std::snprintf(details, sizeof details, "loss %.5f", loss_sum / static_cast<double>(b + 1));
      bar.update(b + 1, details);
    }
    ReconstructionEpoch record;
    record.epoch = epoch + 1;
    record.loss = loss_sum / static_cast<double>(batches);
    record.kl_divergence = kl_sum / static_cast<double>(batches);
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char details[64];
    std::snprintf(details, sizeof details, "loss %.5f  %.1fs", record.loss, record.seconds);
    bar.finish(details);
    history.push_back(record);
    if (on_epoch) on_epoch(record);
  }
  encoder.set_training(false);
  decoder.set_training(false);
  return history;
}

}  // namespace glassbox

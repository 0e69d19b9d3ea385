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
#include "framework/training/training_step.hpp"
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
    throw ArgumentError("reconstruction training: the inputs " + shape_to_string(shape_of(inputs)) +
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

// The encoder, the code between them and the decoder as one model for training_step:
// x → encoder → code z (sampled, when variational) → decoder → x̂, and the gradient back the same
// way. The variational code's backward adds the gradient of w·KL (variational_code.hpp).
class Autoencoder {
 public:
  Autoencoder(Sequential& encoder, Sequential& decoder, const ReconstructionSettings& settings)
      : encoder_(encoder), decoder_(decoder), settings_(settings), noise_(settings.seed + 1) {}

  const Tensor& forward(const Tensor& x) {
    const Tensor& encoded = encoder_.forward(x);
    return decoder_.forward(settings_.variational ? code_.forward(encoded, noise_) : encoded);
  }
  void zero_gradients() {
    encoder_.zero_gradients();
    decoder_.zero_gradients();
  }
  void backward(const Tensor& reconstruction_gradient) {
    const Tensor& code_gradient = decoder_.backward(reconstruction_gradient);
    encoder_.backward(settings_.variational ? code_.backward(code_gradient, settings_.kl_weight)
                                            : code_gradient);
  }
  // KL of the last forward batch's codes; 0 for a plain autoencoder.
  double kl_divergence() const { return settings_.variational ? code_.kl_divergence() : 0.0; }

 private:
  Sequential& encoder_;
  Sequential& decoder_;
  const ReconstructionSettings& settings_;
  VariationalCode code_;
  Rng noise_;  // ε of the variational code
};

// The loss training_step sees: L = MSE(x̂, x) + w·KL (just the MSE for a plain autoencoder). Its
// gradient with respect to x̂ is the MSE's; the KL term's enters through Autoencoder::backward.
// Keeps the two parts for the epoch's record.
class ReconstructionLoss {
 public:
  ReconstructionLoss(const Autoencoder& autoencoder, float kl_weight)
      : autoencoder_(autoencoder), kl_weight_(kl_weight) {}

  float forward(const Tensor& reconstructions, const Tensor& targets) {
    mean_squared_error_ = mse_.forward(reconstructions, targets);
    kl_divergence_ = autoencoder_.kl_divergence();
    return static_cast<float>(mean_squared_error_ + kl_weight_ * kl_divergence_);
  }
  const Tensor& backward() const { return mse_.backward(); }
  float mean_squared_error() const { return mean_squared_error_; }
  double kl_divergence() const { return kl_divergence_; }

 private:
  const Autoencoder& autoencoder_;
  float kl_weight_;
  MeanSquaredError mse_;
  float mean_squared_error_ = 0.0f;
  double kl_divergence_ = 0.0;
};

}  // namespace

std::vector<ReconstructionEpoch> train_reconstruction(Sequential& encoder, Sequential& decoder,
                                                      Optimizer& optimizer, const Tensor& inputs,
                                                      const ReconstructionSettings& settings,
                                                      const ReconstructionCallback& on_epoch) {
  check_models(encoder, decoder, inputs, settings);
  std::vector<Parameter> parameters = encoder.parameters();
  for (const Parameter& parameter : decoder.parameters()) parameters.push_back(parameter);
  DivergenceGuard guard(std::move(parameters));
  Autoencoder autoencoder(encoder, decoder, settings);
  ReconstructionLoss loss(autoencoder, settings.variational ? settings.kl_weight : 0.0f);

  const std::size_t samples = inputs.shape(0);
  const std::size_t batches = (samples + settings.batch_size - 1) / settings.batch_size;
  std::vector<std::size_t> order(samples);
  std::iota(order.begin(), order.end(), 0);
  Rng shuffle_rng(settings.seed);
  Tensor batch, targets;
  std::vector<ReconstructionEpoch> history;

  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
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
      const StepResult step = training_step(autoencoder, loss, optimizer, guard, batch, targets);
      if (!std::isfinite(step.loss)) {
        encoder.set_training(false);
        decoder.set_training(false);
        guard.restore_and_throw("reconstruction training diverged: the loss became " +
                                std::to_string(step.loss) + " at epoch " +
                                std::to_string(epoch + 1) + ", batch " + std::to_string(b + 1));
      }
      loss_sum += loss.mean_squared_error();
      kl_sum += loss.kl_divergence();

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

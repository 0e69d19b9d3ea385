#include "framework/training/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <xtensor/xnoalias.hpp>

#if defined(__x86_64__) || defined(__SSE__)
#include <xmmintrin.h>
#define GLASSBOX_HAS_MXCSR 1
#endif

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/losses/classification_loss.hpp"
#include "framework/random.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/progress_bar.hpp"

namespace glassbox {
namespace {

// Flushes subnormal floats (below 1.2e-38) to zero on the calling thread while it exists, then
// puts the previous mode back. Why: with sparse inputs most rows of the first layer's weights get
// a zero gradient in most steps, so Adam's first moment m ← β₁·m of those rows decays into the
// subnormal range after about 800 such steps, and x86 computes on subnormal floats some 20 times
// slower: Adam on 30,000×128 weights went from 19 to 330 ms per step. Flushed, such an m is 0
// instead of ~1e-39, which changes no weight. The optimizer steps run on this thread.
class FlushSubnormals {
 public:
#ifdef GLASSBOX_HAS_MXCSR
  FlushSubnormals() : saved_(_mm_getcsr()) {
    _mm_setcsr(saved_ | flush_to_zero | subnormals_are_zero);
  }
  ~FlushSubnormals() {
    _mm_setcsr(saved_);
  }

 private:
  static constexpr unsigned int flush_to_zero = 0x8000;        // results that would be subnormal
  static constexpr unsigned int subnormals_are_zero = 0x0040;  // subnormal inputs
  unsigned int saved_;
#endif
};

void copy_values(const std::vector<Parameter>& parameters, std::vector<Tensor>& into) {
  into.resize(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    resize_if_needed(
        into[i], Shape(parameters[i].value->shape().begin(), parameters[i].value->shape().end()));
    xt::noalias(into[i]) = *parameters[i].value;
  }
}

void restore_values(const std::vector<Parameter>& parameters, const std::vector<Tensor>& from) {
  for (std::size_t i = 0; i < parameters.size(); ++i) xt::noalias(*parameters[i].value) = from[i];
}

void check_compatible(const Sequential& model, const BatchSource& data, const char* role) {
  if (data.size() == 0) throw ArgumentError(std::string("the ") + role + " set is empty");
  if (data.sample_shape() != model.input_shape()) {
    throw ArgumentError(std::string("the ") + role + " samples have shape " +
                        shape_to_string(data.sample_shape()) + " but the model takes " +
                        shape_to_string(model.input_shape()));
  }
  if (model.output_shape() != Shape{data.class_count()}) {
    throw ArgumentError(std::string("the model has outputs ") +
                        shape_to_string(model.output_shape()) + " but the " + role + " set has " +
                        std::to_string(data.class_count()) + " classes");
  }
}

}  // namespace

void gather_batch(const LabeledData& data, const std::vector<std::size_t>& indices,
                  std::size_t begin, std::size_t end, Tensor& batch_inputs, Labels& batch_labels) {
  DenseBatches(data).gather(indices.data() + begin, end - begin, batch_inputs, batch_labels);
}

nlohmann::json EpochRecord::to_json() const {
  nlohmann::json record = {{"epoch", epoch},     {"learning_rate", learning_rate},
                           {"loss", loss},       {"train_accuracy", train_accuracy},
                           {"seconds", seconds}, {"samples_per_second", samples_per_second}};
  if (validation_accuracy >= 0) record["validation_accuracy"] = validation_accuracy;
  return record;
}

std::vector<EpochRecord> train_classifier(Sequential& model, Optimizer& optimizer,
                                          const LabeledData& train, const LabeledData* validation,
                                          const TrainingSettings& settings,
                                          const EpochCallback& on_epoch) {
  const DenseBatches train_batches(train);
  if (!validation) {
    return train_classifier(model, optimizer, train_batches, nullptr, settings, on_epoch);
  }
  const DenseBatches validation_batches(*validation);
  return train_classifier(model, optimizer, train_batches, &validation_batches, settings, on_epoch);
}

std::vector<EpochRecord> train_classifier(Sequential& model, Optimizer& optimizer,
                                          const BatchSource& train, const BatchSource* validation,
                                          const TrainingSettings& settings,
                                          const EpochCallback& on_epoch) {
  const FlushSubnormals flush_subnormals;
  check_compatible(model, train, "training");
  if (validation) check_compatible(model, *validation, "validation");
  if (settings.batch_size == 0) throw ArgumentError("batch size must be positive");

  const float initial_rate = optimizer.learning_rate();
  const auto parameters = model.parameters();
  std::vector<Tensor> last_good;  // weights whose loss was last seen finite
  std::vector<std::size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  Rng shuffle_rng(settings.seed);
  const std::unique_ptr<ClassificationLoss> loss = make_classification_loss(settings.loss);
  Tensor batch_inputs;
  Labels batch_labels;
  std::vector<EpochRecord> history;
  const std::size_t batches = (train.size() + settings.batch_size - 1) / settings.batch_size;

  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    EpochRecord record;
    record.epoch = epoch + 1;
    record.learning_rate = settings.schedule.rate_at(epoch, initial_rate);
    optimizer.set_learning_rate(record.learning_rate);
    std::shuffle(order.begin(), order.end(), shuffle_rng);
    model.set_training(true);
    ProgressBar bar("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(settings.epochs),
                    batches, "batch", settings.progress && ProgressBar::stderr_is_terminal());
    const auto start = std::chrono::steady_clock::now();
    double loss_sum = 0.0;
    std::size_t correct = 0, seen = 0;

    for (std::size_t b = 0; b < batches; ++b) {
      const std::size_t begin = b * settings.batch_size;
      const std::size_t end = std::min(begin + settings.batch_size, train.size());
      train.gather(order.data() + begin, end - begin, batch_inputs, batch_labels);
      const Tensor& logits = model.forward(batch_inputs);
      const float batch_loss = loss->forward(logits, batch_labels);
      if (!std::isfinite(batch_loss)) {
        if (!last_good.empty()) restore_values(parameters, last_good);
        model.set_training(false);
        throw DivergenceError("training diverged: the loss became " + std::to_string(batch_loss) +
                              " at epoch " + std::to_string(epoch + 1) + ", batch " +
                              std::to_string(b + 1) + " (learning rate " +
                              std::to_string(record.learning_rate) +
                              "); the model keeps the weights of the last finite step. "
                              "Try a smaller learning rate.");
      }
      copy_values(parameters, last_good);
      const Labels predicted = predicted_classes(logits);
      for (std::size_t i = 0; i < predicted.size(); ++i) correct += predicted[i] == batch_labels[i];
      seen += batch_labels.size();
      loss_sum += static_cast<double>(batch_loss) * batch_labels.size();

      model.zero_gradients();
      model.backward(loss->backward());
      optimizer.step(parameters);

      char details[96];
      std::snprintf(details, sizeof details, "loss %.4f  acc %.2f%%", loss_sum / seen,
                    100.0 * correct / seen);
      bar.update(b + 1, details);
    }
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record.loss = loss_sum / seen;
    record.train_accuracy = static_cast<double>(correct) / seen;
    record.samples_per_second = seen / record.seconds;
    model.set_training(false);
    if (validation) {
      record.validation_accuracy =
          evaluate(model, *validation, settings.validation_batch_size).accuracy;
    }

    char details[128];
    std::snprintf(details, sizeof details, "loss %.4f  acc %.2f%%  %.1fs", record.loss,
                  100.0 * record.train_accuracy, record.seconds);
    bar.finish(details);
    history.push_back(record);
    if (on_epoch) on_epoch(record);
  }
  return history;
}

}  // namespace glassbox

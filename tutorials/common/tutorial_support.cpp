#include "tutorials/common/tutorial_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "datasets/data_directory.hpp"
#include "datasets/mnist.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"

namespace glassbox::tutorials {

std::string output_folder(int argc, char** argv, const std::string& name) {
  const std::string folder = argc > 1 ? argv[1] : "out/tutorials/" + name;
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw FileError(folder, "cannot be created: " + error.message());
  return folder + "/";
}

TutorialRun::TutorialRun(int argc, char** argv, const std::string& name) {
  std::string folder = "out/tutorials/" + name;
  bool folder_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--quick") {
      quick_ = true;
    } else if (!argument.empty() && argument[0] != '-' && !folder_given) {
      folder = argument;
      folder_given = true;
    } else {
      throw ArgumentError("unknown argument '" + argument +
                          "' (usage: tutorial [--quick] [FOLDER])");
    }
  }
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw FileError(folder, "cannot be created: " + error.message());
  folder_ = folder + "/";
  std::printf("%s run, writing into %s\n", quick_ ? "quick" : "full", folder_.c_str());
}

void TutorialRun::promise(bool holds, const std::string& what) const {
  if (!holds) throw PromiseBroken(what);
  std::printf("promise kept: %s\n", what.c_str());
}

Mnist load_mnist_for_tutorial(std::size_t train_size) {
  MnistOptions train_options;
  train_options.subset = Subset::first(train_size);
  return {load_mnist(Split::train, train_options), load_mnist(Split::test)};
}

Sequential train_on_mnist(const std::string& spec, const Mnist& data, int epochs) {
  Sequential model = build_model(spec, {1, 28, 28}, /*seed=*/1);
  Sgd optimizer(SgdSettings{0.05f, 0.9f, false, 0.0f});
  TrainingSettings settings;
  settings.epochs = epochs;
  train_classifier(model, optimizer, data.train, nullptr, settings, [](const EpochRecord& epoch) {
    std::printf("epoch %d: loss %.4f, training accuracy %.2f%%, %.1f s\n", epoch.epoch, epoch.loss,
                100.0 * epoch.train_accuracy, epoch.seconds);
  });
  std::printf("test accuracy %.2f%%\n", 100.0 * evaluate(model, data.test).accuracy);
  return model;
}

LabeledData one_per_digit(const LabeledData& test, std::size_t count) {
  std::vector<std::size_t> chosen;
  for (int digit = 0; digit < static_cast<int>(count); ++digit) {
    for (std::size_t i = 0; i < test.size(); ++i) {
      if (test.labels[i] == digit) {
        chosen.push_back(i);
        break;
      }
    }
  }
  LabeledData examples;
  gather_batch(test, chosen, 0, chosen.size(), examples.inputs, examples.labels);
  examples.class_names = test.class_names;
  return examples;
}

namespace {

bool environment_is(const char* name, const std::string& value) {
  const char* set = std::getenv(name);
  return set != nullptr && value == set;
}

}  // namespace

int run_tutorial(const std::function<void()>& lesson) {
  try {
    // Run as a test (meson test) without data: skipped, as the real-data tests are, except in CI.
    if (environment_is("GLASSBOX_TUTORIAL_TEST", "1") && !environment_is("CI", "true")) {
      try {
        find_data_directory();
      } catch (const FileError& missing) {
        std::printf("skipped, no data: %s\n", missing.what());
        return kSkipped;
      }
    }
    lesson();
    return 0;
  } catch (const Error& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
}

int run_tutorial(int argc, char** argv, const std::string& name,
                 const std::function<void(const TutorialRun&)>& lesson) {
  return run_tutorial([&] { lesson(TutorialRun(argc, argv, name)); });
}

}  // namespace glassbox::tutorials

// Save a model with its metadata, load it back: the same weights, bit for bit.
#include <cstdio>
#include <string>

#include <xtensor/xoperation.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"

int main(int argc, char** argv) {
  using namespace glassbox;
  const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/api_example_model.json";
  Sequential model = build_model("flatten,dense:16,tanh,dense:2", {1, 8, 8}, /*seed=*/3);

  // Free-form metadata; the commands read "dataset", "class_names" and "normalization".
  save_model(path, model, {{"dataset", "toy bars"}, {"class_names", {"vertical", "horizontal"}}});

  ModelFile loaded = load_model(path);  // FileError naming the file and key path if anything is off
  const Tensor inputs = toy::bars(8, 1).inputs;
  const bool same = loaded.model.predict(inputs) == model.predict(inputs);
  std::printf("%s: %zu layers, dataset \"%s\", same outputs: %s\n", path.c_str(),
              loaded.model.size(), loaded.metadata["dataset"].get<std::string>().c_str(),
              same ? "yes" : "no");
  return same ? 0 : 1;
}

// Model files: bit-exact round trips, atomic writes, and a precise FileError for every way a file
// can be wrong (framework/serialization/model_file.hpp describes the format).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "framework/errors.hpp"
#include "framework/layers/registry.hpp"
#include "framework/sequential.hpp"
#include "framework/serialization/atomic_write.hpp"
#include "framework/serialization/model_file.hpp"
#include "gradient_check.hpp"
#include "scratch_folder.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_model_file {

using namespace glassbox;
using glassbox::testing::random_tensor;
using nlohmann::json;

namespace {

// Every layer type this file must carry, built through the registry as a loader would.
Sequential mixed_model(std::uint64_t seed) {
  Rng rng(seed);
  Sequential model({2, 3, 4});
  model.add(make_layer("Flatten", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 24}, {"outputs", 16}}, rng));
  model.add(make_layer("ReLU", json::object(), rng));
  // 0.1 is not a float: the config holds 0.1f widened to double, which must survive too.
  // A seed is not a size: a large one must not trip the loader's size guard.
  model.add(make_layer("Dropout", {{"rate", 0.1f}, {"seed", 0x9e3779b97f4a7c15ull}}, rng));
  model.add(make_layer("Dense", {{"inputs", 16}, {"outputs", 8}, {"init", "glorot"}}, rng));
  model.add(make_layer("Tanh", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 8}, {"outputs", 3}}, rng));
  model.add(make_layer("Sigmoid", json::object(), rng));
  // Biases start at zero; random ones make the round trip test them as well.
  std::normal_distribution<float> normal(0.0f, 0.5f);
  for (auto& parameter : model.parameters()) {
    if (parameter.name == "bias") {
      for (float& value : *parameter.value) value = normal(rng);
    }
  }
  return model;
}

// The small model the corruption cases start from: layers[1] is a 6×4 Dense.
Sequential small_model() {
  Rng rng(3);
  Sequential model({1, 2, 3});
  model.add(make_layer("Flatten", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 6}, {"outputs", 4}}, rng));
  model.add(make_layer("ReLU", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 4}, {"outputs", 3}}, rng));
  return model;
}

// The raw bits of every parameter, in order: equal bits, not merely equal values (-0 == 0).
std::vector<std::uint32_t> parameter_bits(Sequential& model) {
  std::vector<std::uint32_t> bits;
  for (auto& parameter : model.parameters()) {
    for (float value : *parameter.value) {
      std::uint32_t word;
      std::memcpy(&word, &value, sizeof word);
      bits.push_back(word);
    }
  }
  return bits;
}

float float_from_bits(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

using TemporaryDirectory = testing::ScratchFolder;

// Names of the entries directly in `directory`, sorted.
std::vector<std::string> entries(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_text(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary);
  stream << text;
  REQUIRE(stream.good());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Loading `document` must fail with a FileError at exactly `position` whose problem mentions
// `problem`, and the one-line message must show the position.
void check_rejected(const json& document, const std::string& position, const std::string& problem) {
  INFO("expected position: " << position);
  try {
    model_from_json(document, "model.json");
    FAIL("the document loaded");
  } catch (const FileError& error) {
    INFO("what(): " << error.what());
    CHECK(error.file() == "model.json");
    CHECK(error.position() == position);
    CHECK(contains(error.what(), position));
    CHECK(contains(error.problem(), problem));
  }
}

// What `model_from_text` reports for `text`; fails the test if it loads.
FileError text_error(const std::string& text) {
  try {
    model_from_text(text, "model.json");
  } catch (const FileError& error) {
    return error;
  }
  FAIL("the text loaded");
  return FileError("", "");
}

}  // namespace

TEST_CASE("a saved model loads back bit for bit and computes the same outputs") {
  Sequential model = mixed_model(11);
  const json metadata = {{"dataset", "synthetic"}, {"epochs", 3}};
  ModelFile loaded = model_from_text(model_to_json(model, metadata), "memory");

  REQUIRE(loaded.model.size() == model.size());
  CHECK(loaded.model.input_shape() == model.input_shape());
  CHECK(loaded.model.output_shape() == model.output_shape());
  for (std::size_t i = 0; i < model.size(); ++i) {
    CHECK(loaded.model.layer(i).type() == model.layer(i).type());
    CHECK(loaded.model.layer(i).config() == model.layer(i).config());
  }
  CHECK(loaded.model.parameter_count() == model.parameter_count());
  CHECK(parameter_bits(loaded.model) == parameter_bits(model));

  // Exact equality on purpose: identical weights through identical code give identical floats.
  const Tensor inputs = random_tensor({5, 2, 3, 4}, 12);
  CHECK(loaded.model.predict(inputs) == model.predict(inputs));
  // Dropout's rate and seed came back too: fresh masks from the same seed agree while training.
  model.set_training(true);
  loaded.model.set_training(true);
  const Tensor original_training = model.forward(inputs);
  CHECK(loaded.model.forward(inputs) == original_training);
}

TEST_CASE("saving a loaded model writes the same text again") {
  Sequential model = mixed_model(21);
  const std::string text = model_to_json(model, {{"note", "first save"}});
  ModelFile loaded = model_from_text(text, "memory");
  CHECK(model_to_json(loaded.model, loaded.metadata) == text);
}

TEST_CASE("edge-case floats survive, including the one that needs 17 digits") {
  // 7.038531e-26 is the shortest text for this float, but read as a double and then rounded to
  // float it lands on the neighbour: the one positive float (found by trying all of them) whose
  // shortest text does not survive a double reader, so the writer must fall back to more digits.
  const float double_rounding_case = float_from_bits(0x15ae43fdu);
  double reread = 0.0;
  const std::string shortest = "7.038531e-26";
  std::from_chars(shortest.data(), shortest.data() + shortest.size(), reread);
  CHECK(static_cast<float>(reread) != double_rounding_case);

  const std::vector<float> values = {0.0f,
                                     -0.0f,
                                     std::numeric_limits<float>::denorm_min(),
                                     -std::numeric_limits<float>::denorm_min(),
                                     std::numeric_limits<float>::min(),
                                     std::numeric_limits<float>::max(),
                                     -std::numeric_limits<float>::max(),
                                     std::numeric_limits<float>::epsilon(),
                                     0.1f,
                                     1.0f / 3.0f,
                                     16777216.0f,
                                     123456792.0f,
                                     1e-30f,
                                     -2.5e20f,
                                     double_rounding_case,
                                     -double_rounding_case};
  Rng rng(1);
  Sequential model({1});
  model.add(make_layer("Dense", {{"inputs", 1}, {"outputs", values.size()}}, rng));
  auto parameters = model.parameters();
  std::copy(values.begin(), values.end(), parameters[0].value->begin());
  std::copy(values.rbegin(), values.rend(), parameters[1].value->begin());

  const std::string text = model_to_json(model, json::object());
  ModelFile loaded = model_from_text(text, "memory");
  CHECK(parameter_bits(loaded.model) == parameter_bits(model));
  CHECK(contains(text, "-0.0,"));  // "-0" would read back as the integer 0, losing the sign
  CHECK_FALSE(contains(text, shortest + ","));
}

TEST_CASE("metadata comes back unchanged") {
  Sequential model = small_model();
  const json metadata = {
      {"dataset", "mnist"},
      {"normalization", {{"mean", 0.1307}, {"std", 0.3081}}},
      {"epochs", 10},
      {"accuracy", 0.9812},
      {"optimizer", {{"name", "adam"}, {"learning_rate", 1e-3}, {"betas", {0.9, 0.999}}}},
      {"seed", 18446744073709551615ull},
      {"created", "2024-05-01T12:00:00Z"},
      {"note", "ünïcode, \"quotes\" and\nnewlines"},
      {"empty", json::object()},
      {"nothing", nullptr}};
  ModelFile loaded = model_from_text(model_to_json(model, metadata), "memory");
  CHECK(loaded.metadata == metadata);

  ModelFile without = model_from_text(model_to_json(model, nullptr), "memory");
  CHECK(without.metadata == json::object());
}

TEST_CASE("saving refuses what JSON cannot hold, naming where it is") {
  Sequential model = small_model();
  CHECK_THROWS_WITH_AS(model_to_json(model, json::array({1, 2})),
                       doctest::Contains("must be a JSON object"), ArgumentError);
  CHECK_THROWS_WITH_AS(model_to_json(model, {{"accuracy", std::nan("")}}),
                       doctest::Contains("metadata.accuracy"), ArgumentError);
  CHECK_THROWS_WITH_AS(
      model_to_json(model, {{"history", {1.0, std::numeric_limits<double>::infinity()}}}),
      doctest::Contains("metadata.history[1]"), ArgumentError);

  TemporaryDirectory directory;
  const std::string path = directory.file("model.json");
  write_text(path, "old contents");
  model.parameters()[0].value->data()[5] = std::nanf("");
  CHECK_THROWS_WITH_AS(save_model(path, model, json::object()),
                       doctest::Contains("layers[1].parameters.weight.data[5]"), ArgumentError);
  model.parameters()[0].value->data()[5] = 0.5f;
  model.parameters()[3].value->data()[2] = -std::numeric_limits<float>::infinity();
  CHECK_THROWS_WITH_AS(save_model(path, model, json::object()),
                       doctest::Contains("layers[3].parameters.bias.data[2]"), ArgumentError);
  CHECK(read_text(path) == "old contents");
  CHECK(entries(directory.path()) == std::vector<std::string>{"model.json"});
}

TEST_CASE("save_model and load_model go through the file system, leaving no temporary files") {
  TemporaryDirectory directory;
  const std::string path = directory.file("model.json");
  Sequential model = mixed_model(31);
  save_model(path, model, {{"epochs", 1}});
  CHECK(entries(directory.path()) == std::vector<std::string>{"model.json"});
  CHECK(read_text(path) == model_to_json(model, {{"epochs", 1}}));

  ModelFile loaded = load_model(path);
  CHECK(parameter_bits(loaded.model) == parameter_bits(model));
  CHECK(loaded.metadata == json{{"epochs", 1}});

  // A new file gets the permissions open() would give it, not mkstemp's private 0600 ...
  struct stat status;
  REQUIRE(stat(path.c_str(), &status) == 0);
  const mode_t mask = umask(022);
  umask(mask);
  CHECK((status.st_mode & 0777) == (0666 & ~mask));
  // ... and replacing a file keeps its permissions.
  REQUIRE(chmod(path.c_str(), 0640) == 0);
  Sequential other = mixed_model(32);
  save_model(path, other, {{"epochs", 2}});
  REQUIRE(stat(path.c_str(), &status) == 0);
  CHECK((status.st_mode & 0777) == 0640);
  CHECK(load_model(path).metadata == json{{"epochs", 2}});
  CHECK(entries(directory.path()) == std::vector<std::string>{"model.json"});
}

TEST_CASE("atomic_write fails cleanly: the old file stays and no temporary file is left") {
  TemporaryDirectory directory;

  SUBCASE("the target is a directory") {
    const std::string path = directory.file("figures");
    std::filesystem::create_directory(path);
    CHECK_THROWS_WITH_AS(atomic_write(path, "data"),
                         doctest::Contains((path + ": is a folder").c_str()), FileError);
    CHECK(entries(directory.path()) == std::vector<std::string>{"figures"});
  }

  SUBCASE("the directory does not exist") {
    const std::string path = directory.file("missing/model.json");
    CHECK_THROWS_WITH_AS(atomic_write(path, "data"), doctest::Contains("No such file or directory"),
                         FileError);
    CHECK(entries(directory.path()).empty());
  }

  SUBCASE("the temporary file cannot be created (its name is too long)") {
    // 250 characters is a legal name, 250 + ".tmp-XXXXXX" is not: a failure that even root hits.
    const std::string path = directory.file(std::string(250, 'm'));
    write_text(path, "old contents");
    CHECK_THROWS_WITH_AS(atomic_write(path, "new contents"),
                         doctest::Contains("File name too long"), FileError);
    CHECK(read_text(path) == "old contents");
    CHECK(entries(directory.path()) == std::vector<std::string>{std::string(250, 'm')});
  }

  SUBCASE("the directory is not writable") {
    const std::string path = directory.file("model.json");
    write_text(path, "old contents");
    REQUIRE(chmod(directory.path().c_str(), 0555) == 0);
    if (access(directory.path().c_str(), W_OK) == 0) {
      MESSAGE("skipped: this user (root?) may write to a read-only directory");
    } else {
      CHECK_THROWS_WITH_AS(atomic_write(path, "new contents"),
                           doctest::Contains("Permission denied"), FileError);
      CHECK(read_text(path) == "old contents");
      CHECK(entries(directory.path()) == std::vector<std::string>{"model.json"});
    }
    chmod(directory.path().c_str(), 0755);
  }
}

TEST_CASE("load_model names the file and the operating system's reason when it cannot read") {
  TemporaryDirectory directory;
  const std::string missing = directory.file("absent.json");
  CHECK_THROWS_WITH_AS(load_model(missing), doctest::Contains((missing + ": cannot open").c_str()),
                       FileError);
  CHECK_THROWS_WITH_AS(load_model(missing), doctest::Contains("No such file or directory"),
                       FileError);
  CHECK_THROWS_WITH_AS(load_model(directory.path().string()),
                       doctest::Contains((directory.path().string() + ": is a directory").c_str()),
                       FileError);
}

TEST_CASE("every kind of corrupt document gives a FileError at the right key path") {
  Sequential model = small_model();
  const json valid = json::parse(model_to_json(model, {{"epochs", 1}}));
  REQUIRE_NOTHROW(model_from_json(valid, "model.json"));
  json d = valid;
  json& weight = d["layers"][1]["parameters"]["weight"];

  SUBCASE("not an object") {
    check_rejected(json::array({1, 2}), "", "top level");
  }
  SUBCASE("missing format") {
    d.erase("format");
    check_rejected(d, "format", "missing key");
  }
  SUBCASE("wrong format") {
    d["format"] = "keras";
    check_rejected(d, "format", "not a glassbox model file");
  }
  SUBCASE("unsupported version") {
    d["version"] = 2;
    check_rejected(d, "version", "unsupported version 2; this build reads version 1 only");
  }
  SUBCASE("version as text") {
    d["version"] = "1";
    check_rejected(d, "version", "unsupported version \"1\"");
  }
  SUBCASE("unknown top-level key") {
    d["metdata"] = json::object();
    check_rejected(d, "metdata", "unexpected key");
  }
  SUBCASE("missing input_shape") {
    d.erase("input_shape");
    check_rejected(d, "input_shape", "missing key");
  }
  SUBCASE("zero dimension") {
    d["input_shape"] = {1, 0, 3};
    check_rejected(d, "input_shape[1]", "positive whole number");
  }
  SUBCASE("negative dimension") {
    d["input_shape"] = {1, -2, 3};
    check_rejected(d, "input_shape[1]", "positive whole number");
  }
  SUBCASE("fractional dimension") {
    d["input_shape"] = {1, 2.5, 3};
    check_rejected(d, "input_shape[1]", "found 2.5");
  }
  SUBCASE("absurd input shape") {
    d["input_shape"] = {65536, 65536};
    check_rejected(d, "input_shape", "2^31");
  }
  SUBCASE("layers not a list") {
    d["layers"] = json::object();
    check_rejected(d, "layers", "expected an array");
  }
  SUBCASE("layer not an object") {
    d["layers"][1] = "Dense";
    check_rejected(d, "layers[1]", "expected an object");
  }
  SUBCASE("layer without a type") {
    d["layers"][1].erase("type");
    check_rejected(d, "layers[1].type", "missing key");
  }
  SUBCASE("unknown layer type") {
    d["layers"][1]["type"] = "Conv3d";
    check_rejected(d, "layers[1].type", "unknown layer type \"Conv3d\"");
  }
  SUBCASE("bad config value") {
    d["layers"][1]["config"]["inputs"] = "six";
    check_rejected(d, "layers[1].config", "\"inputs\"");
  }
  SUBCASE("config not an object") {
    d["layers"][1]["config"] = json::array();
    check_rejected(d, "layers[1].config", "expected an object");
  }
  SUBCASE("config too large to build") {
    // Would allocate 24 GB before the parameters could be compared with the file.
    d["layers"][1]["config"]["outputs"] = 1000000000;
    check_rejected(d, "layers[1].config", "up to 6e+09 weights, but the file holds only 28");
    d["layers"][1]["config"]["outputs"] = 1e9;
    check_rejected(d, "layers[1].config", "up to 6e+09 weights");
  }
  SUBCASE("config much larger than the numbers stored") {
    // 24 million weights are within the registry's limit, but the file holds 28 numbers.
    d["layers"][1]["config"]["outputs"] = 4000000;
    check_rejected(d, "layers[1].config", "holds only 28 numbers");
  }
  SUBCASE("unknown key in a layer") {
    d["layers"][2]["name"] = "relu1";
    check_rejected(d, "layers[2].name", "unexpected key");
  }
  SUBCASE("layers that do not chain: Flatten removed") {
    d["layers"].erase(0);
    check_rejected(d, "layers[0]", "does not fit");
  }
  SUBCASE("layers that do not chain: wrong width") {
    d["layers"][3]["config"]["inputs"] = 5;
    check_rejected(d, "layers[3]", "does not fit");
  }
  SUBCASE("missing parameter") {
    d["layers"][1]["parameters"].erase("bias");
    check_rejected(d, "layers[1].parameters.bias", "missing parameter \"bias\"");
  }
  SUBCASE("extra parameter") {
    d["layers"][1]["parameters"]["gamma"] = weight;
    check_rejected(d, "layers[1].parameters.gamma", "Dense has weight, bias");
  }
  SUBCASE("parameter on a layer that has none") {
    d["layers"][2]["parameters"]["weight"] = weight;
    check_rejected(d, "layers[2].parameters.weight", "ReLU has no parameters");
  }
  SUBCASE("unknown key in a parameter") {
    weight["dtype"] = "float32";
    check_rejected(d, "layers[1].parameters.weight.dtype", "unexpected key");
  }
  SUBCASE("wrong shape") {
    weight["shape"] = {4, 6};
    check_rejected(d, "layers[1].parameters.weight.shape", "expected shape [6, 4], found [4, 6]");
  }
  SUBCASE("wrong rank") {
    weight["shape"] = {24};
    check_rejected(d, "layers[1].parameters.weight.shape", "expected shape [6, 4], found [24]");
  }
  SUBCASE("negative shape entry") {
    weight["shape"][0] = -6;
    check_rejected(d, "layers[1].parameters.weight.shape[0]", "non-negative whole number");
  }
  SUBCASE("data too short") {
    weight["data"].erase(23);
    check_rejected(d, "layers[1].parameters.weight.data",
                   "expected 24 numbers for shape [6, 4], found 23");
  }
  SUBCASE("data not a list") {
    weight["data"] = 1.0;
    check_rejected(d, "layers[1].parameters.weight.data", "expected an array, found 1.0");
  }
  SUBCASE("null in the data") {
    weight["data"][17] = nullptr;
    check_rejected(d, "layers[1].parameters.weight.data[17]", "expected a number, found null");
  }
  SUBCASE("text in the data") {
    weight["data"][17] = "0.5";
    check_rejected(d, "layers[1].parameters.weight.data[17]", "found \"0.5\"");
  }
  SUBCASE("boolean in the data") {
    weight["data"][17] = true;
    check_rejected(d, "layers[1].parameters.weight.data[17]", "found true");
  }
  SUBCASE("list in the data") {
    weight["data"][17] = {0.5};
    check_rejected(d, "layers[1].parameters.weight.data[17]", "found an array");
  }
  SUBCASE("number beyond float range") {
    weight["data"][17] = 1e39;
    check_rejected(d, "layers[1].parameters.weight.data[17]", "out of float range");
  }
  SUBCASE("negative number beyond float range") {
    d["layers"][3]["parameters"]["bias"]["data"][2] = -3.5e38;
    check_rejected(d, "layers[3].parameters.bias.data[2]", "out of float range");
  }
  SUBCASE("NaN and infinity in a document built in memory") {
    weight["data"][17] = std::nan("");
    check_rejected(d, "layers[1].parameters.weight.data[17]", "out of float range");
    weight["data"][17] = -std::numeric_limits<double>::infinity();
    check_rejected(d, "layers[1].parameters.weight.data[17]", "out of float range");
  }
  SUBCASE("missing metadata") {
    d.erase("metadata");
    check_rejected(d, "metadata", "missing key");
  }
  SUBCASE("metadata not an object") {
    d["metadata"] = "trained on mnist";
    check_rejected(d, "metadata", "expected an object");
  }
  SUBCASE("metadata nested absurdly deep") {
    json deep = json::object();
    for (int level = 0; level < 100; ++level) deep = json{{"inner", deep}};
    d["metadata"] = deep;
    check_rejected(d, "metadata", "nested more than 64 levels");
  }
}

TEST_CASE("numbers are read leniently where nothing is lost") {
  Sequential model = small_model();
  json d = json::parse(model_to_json(model, json::object()));
  json& data = d["layers"][1]["parameters"]["weight"]["data"];
  data[0] = 3;             // a JSON integer
  data[1] = 3.4028235e38;  // the largest float's shortest text, a hair above it as double
  data[2] = 1e-50;         // below the smallest float: rounds to zero
  data[3] = 0.1;           // not a float: rounds to the nearest one
  ModelFile loaded = model_from_json(d, "model.json");
  const float* weight = loaded.model.parameters()[0].value->data();
  CHECK(weight[0] == 3.0f);
  CHECK(weight[1] == std::numeric_limits<float>::max());
  CHECK(weight[2] == 0.0f);
  CHECK(weight[3] == 0.1f);
}

TEST_CASE("text that is not JSON gives a FileError at a byte position") {
  const FileError truncated = text_error("{\"format\": tru}");
  CHECK(truncated.position() == "byte 15");
  CHECK(contains(truncated.what(), "model.json (byte 15): not valid JSON"));
  CHECK(text_error("").position() == "byte 1");

  // Too large even for a double: nlohmann reports it without a position, so the loader finds one.
  const std::string overflow = "{\"format\": \"glassbox-model\", \"version\": 1e400}";
  const FileError too_large = text_error(overflow);
  CHECK(too_large.position() == "byte " + std::to_string(overflow.find("1e400") + 5));
  CHECK(contains(too_large.problem(), "number overflow"));

  // A million nested arrays neither overflow the stack nor get past the checks.
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  CHECK(text_error(deep).position().empty());
  const std::string unterminated = "{\"format\": \"" + std::string(100000, 'x');
  CHECK(text_error(unterminated).problem().size() < 300);
}

TEST_CASE("random damage to a model file gives a model or a FileError, nothing else") {
  Sequential model = small_model();
  const std::string valid = model_to_json(model, {{"epochs", 1}, {"accuracy", 0.5}});
  const std::string alphabet = "0123456789-+.eE[]{}\",: ntrufalsx";
  std::mt19937_64 rng(2024);
  std::size_t loaded = 0, rejected = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::string text = valid;
    const std::size_t at = rng() % text.size();
    const char byte =
        rng() % 4 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    switch (rng() % 4) {
      case 0:
        text[at] = byte;
        break;
      case 1:
        text.erase(at, 1);
        break;
      case 2:
        text.insert(at, 1, byte);
        break;
      default:
        text.resize(at);
        break;
    }
    try {
      model_from_text(text, "model.json");
      ++loaded;
    } catch (const FileError&) {
      ++rejected;
    }
  }
  MESSAGE(loaded << " damaged files still loaded, " << rejected << " were rejected");
  CHECK(rejected > 0);
}

TEST_CASE("a 235k-parameter model saves and loads well under a second each") {
  Rng rng(42);
  Sequential model({1, 28, 28});
  model.add(make_layer("Flatten", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 784}, {"outputs", 256}}, rng));
  model.add(make_layer("ReLU", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 256}, {"outputs", 128}}, rng));
  model.add(make_layer("ReLU", json::object(), rng));
  model.add(make_layer("Dense", {{"inputs", 128}, {"outputs", 10}}, rng));
  REQUIRE(model.parameter_count() == 235146);

  TemporaryDirectory directory;
  const std::string path = directory.file("mnist.json");
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  const auto save_start = Clock::now();
  save_model(path, model, {{"dataset", "mnist"}});
  const double save_seconds = seconds_since(save_start);
  const auto load_start = Clock::now();
  ModelFile loaded = load_model(path);
  const double load_seconds = seconds_since(load_start);

  MESSAGE("235146 parameters: " << std::filesystem::file_size(path) << " bytes, save "
                                << save_seconds << " s, load " << load_seconds << " s");
  CHECK(parameter_bits(loaded.model) == parameter_bits(model));
  // Not a benchmark (the machine is shared), only a guard against an accidental slow path.
  CHECK(save_seconds < 5.0);
  CHECK(load_seconds < 5.0);
}

TEST_CASE("a key given twice is refused, naming its path, wherever it is") {
  Sequential model = small_model();
  const std::string valid = model_to_json(model, {{"epochs", 1}});
  REQUIRE_NOTHROW(model_from_text(valid, "model.json"));
  auto with = [&](const std::string& part, const std::string& replacement) {
    std::string text = valid;
    const auto at = text.find(part);
    REQUIRE(at != std::string::npos);
    return text.replace(at, part.size(), replacement);
  };
  const FileError top = text_error(with("\"version\": 1,", "\"version\": 1, \"version\": 1,"));
  CHECK(top.position() == "version");
  CHECK(contains(top.what(), "model.json (version): the key \"version\" appears twice"));
  // The later value would win: a Dense of 40 outputs whose weights are stored for 4.
  const FileError nested = text_error(with("\"outputs\":4}", "\"outputs\":4,\"outputs\":40}"));
  CHECK(nested.position() == "layers[1].config.outputs");
  const FileError in_metadata = text_error(with("\"epochs\": 1", "\"epochs\": 1, \"epochs\": 2"));
  CHECK(in_metadata.position() == "metadata.epochs");
  // The same key in different objects is fine.
  CHECK_NOTHROW(model_from_text(with("\"epochs\": 1", "\"epochs\": 1, \"inner\": {\"epochs\": 2}"),
                                "model.json"));
}

TEST_CASE("a model file that cannot be right is refused, naming the field") {
  Sequential model = small_model();
  json d = json::parse(model_to_json(model, {{"class_names", {"a", "b", "c"}}}));
  REQUIRE_NOTHROW(model_from_json(d, "model.json"));
  json& config = d["layers"][1]["config"];

  SUBCASE("fractional size") {
    config["outputs"] = 4.5;
    check_rejected(d, "layers[1].config", "\"outputs\" must be a whole number, found 4.5");
  }
  SUBCASE("a whole size written as a fraction") {
    config["outputs"] = 4.0;
    check_rejected(d, "layers[1].config", "must be a whole number");
  }
  SUBCASE("negative size") {
    config["inputs"] = -6;
    check_rejected(d, "layers[1].config", "\"inputs\" must be positive, found -6");
  }
  SUBCASE("a size as text") {
    config["outputs"] = "4";
    check_rejected(d, "layers[1].config", "must be a whole number");
  }
  SUBCASE("no layers") {
    d["layers"] = json::array();
    check_rejected(d, "layers", "at least one layer");
  }
  SUBCASE("class names that are numbers") {
    d["metadata"]["class_names"] = {0, 1, 2};
    check_rejected(d, "metadata.class_names[0]", "expected a class name");
  }
  SUBCASE("an empty class name") {
    d["metadata"]["class_names"][1] = "";
    check_rejected(d, "metadata.class_names[1]", "expected a class name");
  }
  SUBCASE("a class name twice") {
    d["metadata"]["class_names"][2] = "a";
    check_rejected(d, "metadata.class_names[2]", "appears twice");
  }
  SUBCASE("fewer class names than outputs") {
    d["metadata"]["class_names"] = {"a", "b"};
    check_rejected(d, "metadata.class_names", "one class name per output");
  }
  SUBCASE("class names not a list") {
    d["metadata"]["class_names"] = "abc";
    check_rejected(d, "metadata.class_names", "expected an array");
  }
}

TEST_CASE("Dropout seeds and rates are read as written") {
  Rng rng(1);
  CHECK_THROWS_WITH_AS(make_layer("Dropout", {{"rate", 0.5}, {"seed", -1}}, rng),
                       doctest::Contains("from 0 to 2^64 - 1"), ArgumentError);
  CHECK_THROWS_WITH_AS(make_layer("Dropout", {{"rate", 0.5}, {"seed", 1.5}}, rng),
                       doctest::Contains("seed"), ArgumentError);
  CHECK_THROWS_WITH_AS(make_layer("Dropout", {{"rate", "0.5"}, {"seed", 1}}, rng),
                       doctest::Contains("must be a number"), ArgumentError);
  CHECK_NOTHROW(make_layer("Dropout", {{"rate", 0.5}, {"seed", 18446744073709551615ull}}, rng));
  CHECK_THROWS_WITH_AS(
      make_layer("Conv2d",
                 {{"in_channels", 1}, {"out_channels", 2}, {"kernel", 3}, {"stride", 1.5}}, rng),
      doctest::Contains("\"stride\" must be a whole number"), ArgumentError);
}

}  // namespace test_model_file

#include "framework/serialization/model_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <new>
#include <set>
#include <utility>
#include <vector>

#include "framework/errors.hpp"
#include "framework/join.hpp"
#include "framework/layers/registry.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/random.hpp"
#include "framework/serialization/atomic_write.hpp"
#include "framework/serialization/json_checks.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

// nlohmann's dump() recurses once per nesting level, so a hostile file nesting a million arrays in
// its metadata would overflow the stack the first time the metadata is printed or saved again.
// Real metadata and layer configs are a few levels deep.
constexpr std::size_t max_nesting = 64;

// Guards the shape arithmetic (Flatten multiplies every dimension) against overflow; no real sample
// comes near 2^31 values (8 GiB of floats).
constexpr std::size_t max_sample_values = std::size_t{1} << 31;

// Doubles from here up round to infinity when converted to float (the midpoint between the largest
// float and 2^128 rounds to even, which is 2^128).
constexpr double float_overflow_threshold = 0x1.ffffffp127;

// ---------------------------------------------------------------------------------------------
// Writing.

// Throws ArgumentError naming a NaN or infinity in `root`: dump() would silently write it as null,
// and the file would no longer load.
void require_finite_numbers(const json& root, const std::string& root_position) {
  std::vector<std::pair<const json*, std::string>> pending{{&root, root_position}};
  while (!pending.empty()) {
    auto [node, position] = std::move(pending.back());
    pending.pop_back();
    if (node->is_number_float() && !std::isfinite(node->get<double>())) {
      const char* kind = std::isnan(node->get<double>()) ? "NaN" : "infinity";
      throw ArgumentError("cannot save " + position + " = " + kind +
                          ": JSON has no NaN or infinity");
    }
    if (node->is_object()) {
      for (const auto& item : node->items()) {
        pending.emplace_back(&item.value(), json_member(position, item.key()));
      }
    } else if (node->is_array()) {
      for (std::size_t i = 0; i < node->size(); ++i) {
        pending.emplace_back(&(*node)[i], json_element(position, i));
      }
    }
  }
}

// Appends the shortest decimal text that turns back into exactly `value` when read as a double (as
// every JSON reader does) and then rounded to float.
//
// The shortest text for the float (at most 9 digits, "0.1" rather than "0.10000000149011612") is
// what we want, but it is only guaranteed to round-trip when read straight into a float. Going
// through a double rounds twice, and for one positive float, 7.038531e-26 (found by trying all of
// them), that lands on its neighbour. So the text is read back exactly as the loader will, and if
// it misses, the shortest text for the double (up to 17 digits, which round-trips exactly by
// construction) is written instead.
void append_float(float value, std::string& text) {
  // "-0" would be read as the integer 0 and lose its sign.
  if (value == 0.0f) {
    text += std::signbit(value) ? "-0.0" : "0";
    return;
  }
  char buffer[32];
  char* end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  double reread = 0.0;
  std::from_chars(buffer, end, reread);
  if (static_cast<float>(reread) != value) {
    end = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(value)).ptr;
  }
  text.append(buffer, end);
}

// Writes the numbers of `tensor` in row-major order. Matrices and higher get one line per row of
// the last axis, so that a weight matrix reads (and diffs) as a matrix.
void append_data(const Tensor& tensor, const std::string& position, const std::string& indent,
                 std::string& text) {
  const bool one_line = tensor.dimension() < 2 || tensor.size() == 0;
  const std::size_t row_length = one_line ? tensor.size() : tensor.shape().back();
  const float* values = tensor.data();
  text += '[';
  for (std::size_t i = 0; i < tensor.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw ArgumentError("cannot save " + json_element(position, i) + " = " +
                          std::to_string(values[i]) +
                          ": JSON has no NaN or infinity (did training diverge?)");
    }
    if (i > 0) text += ',';
    if (!one_line && i % row_length == 0) {
      text += "\n  ";
      text += indent;
    } else if (i > 0) {
      text += ' ';
    }
    append_float(values[i], text);
  }
  if (!one_line) {
    text += '\n';
    text += indent;
  }
  text += ']';
}

// {"shape": [...], "data": [...]}: one tensor as model files and checkpoints store it.
void append_tensor(const Tensor& tensor, const std::string& position, const std::string& indent,
                   std::string& text) {
  const Shape shape(tensor.shape().begin(), tensor.shape().end());
  text += "{\"shape\": " + shape_to_string(shape) + ", \"data\": ";
  append_data(tensor, json_member(position, "data"), indent, text);
  text += '}';
}

// nlohmann's dump() throws on strings that are not UTF-8; the caller should hear about it as a bad
// argument naming the part of the model it was in.
std::string dump_checked(const json& value, int indent, const std::string& position) {
  try {
    return value.dump(indent);
  } catch (const json::exception& error) {
    throw ArgumentError("cannot save " + position + ": " + error.what());
  }
}

// ---------------------------------------------------------------------------------------------
// Reading.

// Rebuilds a model from a parsed document, checking every key on the way. Each check fails with the
// key path of the value at fault, so that a user can find it in the file.
class ModelReader : public JsonChecker {
 public:
  using JsonChecker::JsonChecker;

  ModelFile read(const json& document) const {
    // The format and version come first: a file that is not a model, or a model written by a
    // newer glassbox, should say so rather than complain about whatever key differs.
    expect_format(document, model_format_name, model_format_version, "glassbox model file");
    allow_only(document, "", {"format", "version", "input_shape", "layers", "metadata"});

    Sequential model(read_input_shape(field(document, "", "input_shape")));
    const json& layers = field(document, "", "layers");
    expect_array(layers, "layers");
    // A model without layers would "predict" its input unchanged; no glassbox model is one.
    if (layers.empty()) fail("layers", "a model needs at least one layer, found none");
    // Every weight is overwritten from the file, so what the initialisers draw does not matter.
    Rng rng(0);
    for (std::size_t i = 0; i < layers.size(); ++i) {
      read_layer(layers[i], json_element("layers", i), model, rng);
    }

    const json& metadata = field(document, "", "metadata");
    expect_object(metadata, "metadata");
    if (nests_deeper_than(metadata, max_nesting)) {
      fail("metadata", "nested more than " + std::to_string(max_nesting) + " levels deep");
    }
    check_class_names(metadata, model);
    return ModelFile{std::move(model), metadata};
  }

  // metadata.class_names, when there, names the classes a classifier tells apart, in output order
  // (glassbox train writes the dataset's: "0" to "9" for MNIST, the newsgroups for 20news). Names
  // are strings, digits included: a number there is a file written or edited by something else,
  // and an explanation would label its figures with whatever that number turned into. There must
  // be one name per output and no name twice, or a class would be shown under another's name.
  void check_class_names(const json& metadata, const Sequential& model) const {
    const auto found = metadata.find("class_names");
    if (found == metadata.end()) return;
    const std::string position = "metadata.class_names";
    expect_array(*found, position);
    const Shape& outputs = model.output_shape();
    if (outputs.size() != 1 || found->size() != outputs[0]) {
      fail(position, "expected one class name per output of the model (outputs " +
                         shape_to_string(outputs) + "), found " + std::to_string(found->size()) +
                         " names");
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < found->size(); ++i) {
      const json& name = (*found)[i];
      const std::string at = json_element(position, i);
      if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
        fail(at, "expected a class name (a non-empty string, \"3\" rather than 3), found " +
                     describe_json(name));
      }
      if (!names.insert(name.get<std::string>()).second) {
        fail(at, "the class name " + describe_json(name) + " appears twice");
      }
    }
  }

  Shape read_input_shape(const json& value) const {
    expect_array(value, "input_shape");
    if (value.empty()) fail("input_shape", "a sample needs at least one dimension");
    Shape shape;
    std::size_t values_per_sample = 1;
    for (std::size_t i = 0; i < value.size(); ++i) {
      shape.push_back(read_count(value[i], json_element("input_shape", i), true));
      if (shape.back() > max_sample_values / values_per_sample) {
        fail("input_shape", "more than 2^31 values per sample");
      }
      values_per_sample *= shape.back();
    }
    return shape;
  }

  void read_layer(const json& entry, const std::string& position, Sequential& model,
                  Rng& rng) const {
    expect_object(entry, position);
    allow_only(entry, position, {"type", "config", "parameters"});
    const json& type = field(entry, position, "type");
    if (!type.is_string()) {
      fail(json_member(position, "type"),
           "expected a layer type name, found " + describe_json(type));
    }
    const json& config = field(entry, position, "config");
    expect_object(config, json_member(position, "config"));
    // The registry quotes config values in its error messages, through dump().
    if (nests_deeper_than(config, max_nesting)) {
      fail(json_member(position, "config"),
           "nested more than " + std::to_string(max_nesting) + " levels deep");
    }
    const json& parameters = field(entry, position, "parameters");
    expect_object(parameters, json_member(position, "parameters"));

    require_plausible_size(config, parameters, json_member(position, "config"));

    const std::string& type_name = type.get_ref<const std::string&>();
    std::unique_ptr<Layer> layer;
    try {
      layer = make_layer(type_name, config, rng);
    } catch (const ArgumentError& error) {
      // The registry says what is wrong; we say where. An unknown type is the type's fault,
      // anything else the config's.
      const auto known = layer_types();
      const bool known_type = std::find(known.begin(), known.end(), type_name) != known.end();
      fail(json_member(position, known_type ? "config" : "type"), error.what());
    } catch (const std::bad_alloc&) {
      fail(json_member(position, "config"), "the layer is too large to build");
    } catch (const std::length_error&) {
      fail(json_member(position, "config"), "the layer is too large to build");
    }
    Layer& added = *layer;
    try {
      model.add(std::move(layer));
    } catch (const ArgumentError& error) {
      fail(position, error.what());
    }
    read_parameters(added, parameters, json_member(position, "parameters"));
  }

  // Building a layer allocates (and initialises) the weights its config asks for before the file's
  // numbers can be compared with them, so a 100-byte file could make the reader take gigabytes.
  // The config keys below size a layer's weights, and their product never exceeds the weight count
  // (Dense: inputs·outputs; Conv2d: in·out·kh·kw, a square kernel counted once; Embedding:
  // ids·dimensions). A product far beyond the numbers stored for the layer cannot be right, and is
  // refused before anything is allocated. Layers in a Parallel's branches are not counted here;
  // the registry's limit of 2^28 weights per layer holds them.
  void require_plausible_size(const json& config, const json& parameters,
                              const std::string& position) const {
    constexpr double always_allowed = 1 << 24;  // 64 MB of floats: harmless to allocate
    double product = 1.0;
    for (const char* key :
         {"inputs", "outputs", "in_channels", "out_channels", "kernel", "kernel_height",
          "kernel_width", "width", "vocabulary_size", "dimensions"}) {
      const auto found = config.find(key);
      if (found != config.end() && found->is_number() && found->get<double>() > 1.0) {
        product *= found->get<double>();
      }
    }
    double stored = 0.0;
    for (const json& parameter : parameters) {
      if (parameter.is_object() && parameter.contains("data") && parameter["data"].is_array()) {
        stored += static_cast<double>(parameter["data"].size());
      }
    }
    if (product > always_allowed && product > 4.0 * stored) {
      char amount[32];
      std::snprintf(amount, sizeof amount, "%.3g", product);
      fail(position, std::string("the config describes a layer of up to ") + amount +
                         " weights, but the file holds only " +
                         std::to_string(static_cast<std::size_t>(stored)) + " numbers for it");
    }
  }

  // The file must hold exactly the layer's parameters, by name: a missing one would leave random
  // weights in place, an extra one means the file was written for a different layer.
  void read_parameters(Layer& layer, const json& stored, const std::string& position) const {
    auto parameters = layer.parameters();
    std::vector<std::string> parameter_names;
    for (const auto& parameter : parameters) parameter_names.push_back(parameter.name);
    const std::string names = join(parameter_names);
    const std::string owner =
        layer.type() + (names.empty() ? " has no parameters" : " has " + names);
    for (const auto& item : stored.items()) {
      const auto named = [&](const Parameter& parameter) { return parameter.name == item.key(); };
      if (std::none_of(parameters.begin(), parameters.end(), named)) {
        fail(json_member(position, item.key()),
             "unexpected parameter \"" + item.key() + "\" (" + owner + ")");
      }
    }
    for (auto& parameter : parameters) {
      const std::string parameter_position = json_member(position, parameter.name);
      const auto found = stored.find(parameter.name);
      if (found == stored.end()) {
        fail(parameter_position, "missing parameter \"" + parameter.name + "\" (" + owner + ")");
      }
      read_tensor(*found, *parameter.value, parameter_position);
    }
  }

  void read_tensor(const json& entry, Tensor& tensor, const std::string& position) const {
    expect_object(entry, position);
    allow_only(entry, position, {"shape", "data"});

    const std::string shape_position = json_member(position, "shape");
    const json& stored_shape = field(entry, position, "shape");
    expect_array(stored_shape, shape_position);
    Shape found;
    for (std::size_t i = 0; i < stored_shape.size(); ++i) {
      found.push_back(read_count(stored_shape[i], json_element(shape_position, i), false));
    }
    const Shape expected(tensor.shape().begin(), tensor.shape().end());
    if (found != expected) {
      fail(shape_position,
           "expected shape " + shape_to_string(expected) + ", found " + shape_to_string(found));
    }
    // Only a config describing an absurdly large layer gets here with a shape whose element count
    // overflowed inside xtensor; comparing data lengths against it would be meaningless.
    std::size_t count = 1;
    for (std::size_t dimension : expected) {
      if (dimension != 0 && count > std::numeric_limits<std::size_t>::max() / dimension) {
        fail(shape_position, "the shape holds more numbers than memory can");
      }
      count *= dimension;
    }

    const std::string data_position = json_member(position, "data");
    const json& data = field(entry, position, "data");
    expect_array(data, data_position);
    if (data.size() != count || tensor.size() != count) {
      fail(data_position, "expected " + std::to_string(count) + " numbers for shape " +
                              shape_to_string(expected) + ", found " + std::to_string(data.size()));
    }
    const auto& numbers = data.get_ref<const json::array_t&>();
    float* values = tensor.data();
    for (std::size_t i = 0; i < count; ++i) values[i] = read_float(numbers[i], data_position, i);
  }

  // A JSON number as a float. Rejects what is not a number (null being how other writers store NaN)
  // and what no float can hold; everything else is rounded to the nearest float, which for the
  // numbers save_model writes is exactly the float that was saved.
  float read_float(const json& value, const std::string& array_position, std::size_t index) const {
    if (!value.is_number()) {
      fail(
          json_element(array_position, index),
          "expected a number, found " + describe_json(value) +
              (value.is_null() ? " (JSON has no NaN: was the model saved with NaN weights?)" : ""));
    }
    const double number = value.get<double>();
    // Parsed text cannot hold NaN or infinity, but a document built in memory can.
    if (!std::isfinite(number) || std::abs(number) >= float_overflow_threshold) {
      fail(json_element(array_position, index),
           describe_json(value) + " is out of float range (largest magnitude 3.4028235e+38)");
    }
    // Between the largest float and the threshold, round-to-nearest gives the largest float; the
    // cast itself is only defined inside the float range.
    if (std::abs(number) > std::numeric_limits<float>::max()) {
      return number > 0 ? std::numeric_limits<float>::max() : -std::numeric_limits<float>::max();
    }
    return static_cast<float>(number);
  }
};

}  // namespace

std::string model_to_json(Sequential& model, const json& metadata) {
  if (!metadata.is_null() && !metadata.is_object()) {
    throw ArgumentError(std::string("model metadata must be a JSON object, got ") +
                        metadata.type_name());
  }
  const json saved_metadata = metadata.is_null() ? json::object() : metadata;
  require_finite_numbers(saved_metadata, "metadata");

  // Written by hand rather than with dump() for two reasons: dump() would print each float through
  // a double with up to 17 digits, and it cannot put one matrix row per line.
  std::string text;
  text.reserve(12 * model.parameter_count() + 4096);  // about 12 characters per number
  text += "{\n  \"format\": \"";
  text += model_format_name;
  text += "\",\n  \"version\": " + std::to_string(model_format_version) + ",\n";
  text += "  \"input_shape\": " + shape_to_string(model.input_shape()) + ",\n";
  text += "  \"layers\": [";
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    const std::string position = json_element("layers", i);
    const json config = layer.config();
    require_finite_numbers(config, json_member(position, "config"));
    text += i > 0 ? ",\n" : "\n";
    text += "    {\"type\": " + dump_checked(layer.type(), -1, json_member(position, "type"));
    text += ", \"config\": " + dump_checked(config, -1, json_member(position, "config"));
    text += ", \"parameters\": {";
    const auto parameters = layer.parameters();
    for (std::size_t p = 0; p < parameters.size(); ++p) {
      const Parameter& parameter = parameters[p];
      const std::string parameter_position =
          json_member(json_member(position, "parameters"), parameter.name);
      text += p > 0 ? ",\n" : "\n";
      text += "      " + dump_checked(parameter.name, -1, parameter_position) + ": ";
      append_tensor(*parameter.value, parameter_position, "      ", text);
    }
    text += parameters.empty() ? "}}" : "\n    }}";
  }
  text += model.size() > 0 ? "\n  ],\n" : "],\n";
  // Indent the metadata's own lines to sit under its key; JSON strings never hold a raw newline.
  text += "  \"metadata\": ";
  for (char character : dump_checked(saved_metadata, 2, "metadata")) {
    text += character;
    if (character == '\n') text += "  ";
  }
  text += "\n}\n";
  return text;
}

void save_model(const std::string& path, Sequential& model, const json& metadata) {
  atomic_write(path, model_to_json(model, metadata));
}

std::string tensor_to_json(const Tensor& tensor, const std::string& position) {
  std::string text;
  append_tensor(tensor, position, "", text);
  return text;
}

void tensor_from_json(const json& entry, Tensor& tensor, const std::string& source_name,
                      const std::string& position) {
  ModelReader(source_name).read_tensor(entry, tensor, position);
}

ModelFile model_from_json(const json& document, const std::string& source_name) {
  return ModelReader(source_name).read(document);
}

ModelFile model_from_text(const std::string& text, const std::string& source_name) {
  return model_from_json(parse_json_text(text, source_name), source_name);
}

ModelFile load_model(const std::string& path) {
  return load_within_memory(path, [&] { return model_from_text(read_whole_file(path), path); });
}

}  // namespace glassbox

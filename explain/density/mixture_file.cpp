#include "explain/density/mixture_file.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"

namespace glassbox::explain {
namespace {

constexpr const char* kFormatName = "glassbox-gaussian-mixture";
constexpr int kFormatVersion = 1;

// "[v0,v1,…]" with 9 significant digits: enough for any float to read back exactly.
void append_numbers(std::string& text, const float* values, std::size_t count) {
  text += '[';
  char buffer[32];
  for (std::size_t i = 0; i < count; ++i) {
    std::snprintf(buffer, sizeof buffer, i == 0 ? "%.9g" : ",%.9g", static_cast<double>(values[i]));
    text += buffer;
  }
  text += ']';
}

Vector read_vector(const nlohmann::json& value, const std::string& path, const std::string& key) {
  if (!value.is_array()) throw FileError(path, "expected an array of numbers", key);
  Vector result = Vector::from_shape({value.size()});
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_number()) {
      throw FileError(path, "expected a number", key + "[" + std::to_string(i) + "]");
    }
    result(i) = value[i].get<float>();
  }
  return result;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& path,
                             const std::string& where) {
  if (!object.is_object() || !object.contains(key)) {
    throw FileError(path, std::string("missing key \"") + key + "\"", where);
  }
  return object.at(key);
}

MixtureComponent read_component(const nlohmann::json& value, const std::string& path,
                                const std::string& where) {
  MixtureComponent component;
  const nlohmann::json& weight = member(value, "weight", path, where);
  if (!weight.is_number()) throw FileError(path, "expected a number", where + ".weight");
  component.weight = weight.get<float>();
  component.mean = read_vector(member(value, "mean", path, where), path, where + ".mean");
  component.variances =
      read_vector(member(value, "variances", path, where), path, where + ".variances");
  component.direction_variances = read_vector(member(value, "direction_variances", path, where),
                                              path, where + ".direction_variances");
  const nlohmann::json& directions = member(value, "directions", path, where);
  if (!directions.is_array()) throw FileError(path, "expected an array", where + ".directions");
  component.directions = Matrix::from_shape({directions.size(), component.mean.size()});
  for (std::size_t i = 0; i < directions.size(); ++i) {
    const std::string key = where + ".directions[" + std::to_string(i) + "]";
    const Vector direction = read_vector(directions[i], path, key);
    if (direction.size() != component.mean.size()) {
      throw FileError(path, "a direction must have as many values as the mean", key);
    }
    std::copy(direction.begin(), direction.end(),
              component.directions.data() + i * direction.size());
  }
  return component;
}

}  // namespace

std::string mixture_to_json(const GaussianMixture& mixture, const nlohmann::json& metadata) {
  std::string text = std::string("{\"format\":\"") + kFormatName +
                     "\",\"version\":" + std::to_string(kFormatVersion) + ",\"covariance\":\"" +
                     covariance_name(mixture.kind()) +
                     "\",\"metadata\":" + (metadata.is_null() ? "{}" : metadata.dump()) +
                     ",\n\"components\":[";
  for (std::size_t k = 0; k < mixture.components().size(); ++k) {
    const MixtureComponent& component = mixture.components()[k];
    text += k == 0 ? "\n" : ",\n";
    char weight[32];
    std::snprintf(weight, sizeof weight, "%.9g", static_cast<double>(component.weight));
    text += std::string("{\"weight\":") + weight + ",\"mean\":";
    append_numbers(text, component.mean.data(), component.mean.size());
    text += ",\"variances\":";
    append_numbers(text, component.variances.data(), component.variances.size());
    text += ",\"directions\":[";
    for (std::size_t i = 0; i < component.directions.shape(0); ++i) {
      if (i > 0) text += ',';
      append_numbers(text, component.directions.data() + i * component.mean.size(),
                     component.mean.size());
    }
    text += "],\"direction_variances\":";
    append_numbers(text, component.direction_variances.data(),
                   component.direction_variances.size());
    text += '}';
  }
  text += "]}\n";
  return text;
}

void save_mixture(const std::string& path, const GaussianMixture& mixture,
                  const nlohmann::json& metadata) {
  atomic_write(path, mixture_to_json(mixture, metadata));
}

MixtureFile load_mixture(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw FileError(path, "cannot open the Gaussian mixture file");
  std::stringstream contents;
  contents << file.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(contents.str());
  } catch (const nlohmann::json::parse_error& error) {
    throw FileError(path, "not JSON", "byte " + std::to_string(error.byte));
  }
  if (!document.is_object() || document.value("format", "") != kFormatName) {
    throw FileError(path, std::string("not a ") + kFormatName + " file", "format");
  }
  if (document.value("version", 0) != kFormatVersion) {
    throw FileError(path, "unsupported version (this build reads version 1)", "version");
  }
  const std::string covariance = document.value("covariance", "");
  CovarianceKind kind;
  try {
    kind = covariance_kind(covariance);
  } catch (const ArgumentError& error) {
    throw FileError(path, error.what(), "covariance");
  }
  const nlohmann::json& components = member(document, "components", path, "");
  if (!components.is_array()) throw FileError(path, "expected an array", "components");
  std::vector<MixtureComponent> read;
  for (std::size_t k = 0; k < components.size(); ++k) {
    read.push_back(read_component(components[k], path, "components[" + std::to_string(k) + "]"));
  }
  MixtureFile result;
  try {
    result.mixture = GaussianMixture(kind, read);
  } catch (const ArgumentError& error) {
    throw FileError(path, error.what(), "components");
  }
  result.metadata = document.contains("metadata") && document["metadata"].is_object()
                        ? document["metadata"]
                        : nlohmann::json::object();
  return result;
}

}  // namespace glassbox::explain

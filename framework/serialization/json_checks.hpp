// Strict reading of JSON documents: the checks that model files and checkpoints share.
//
// Every check fails with a FileError naming the file, the problem and the key path of the value at
// fault ("layers[2].parameters.weight.data[17]"), so that a user can find it in the file.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <new>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/read_whole_file.hpp"  // the model and checkpoint readers' input

namespace glassbox {

// Key paths: member("layers[2]", "type") is "layers[2].type", element("layers", 2) "layers[2]".
std::string json_member(const std::string& parent, const std::string& key);
std::string json_element(const std::string& parent, std::size_t index);

// A short description of a JSON value for error messages. Containers are not dumped: they may be
// huge or deeply nested.
std::string describe_json(const nlohmann::json& value);

// Whether arrays and objects inside `root` (counting `root` itself) nest more than `limit` deep.
// Iterative, since the point is to be safe on inputs that would overflow a recursive walk.
bool nests_deeper_than(const nlohmann::json& root, std::size_t limit);

// Parses `text`; a text that is not JSON gives FileError(source_name, problem, "byte N"), and a key
// that appears twice in one object FileError(source_name, problem, its key path).
nlohmann::json parse_json_text(const std::string& text, const std::string& source_name);

// FileError(path, "not enough memory to load it (a file of N MB)").
[[noreturn]] void fail_out_of_memory(const std::string& path);

// Runs `load` (which reads the file at `path`) and turns running out of memory on the way into a
// FileError naming the file and its size: the text of a large model or checkpoint takes several
// times its size once parsed, and "std::bad_alloc" alone would not say which file was too large.
template <typename Load>
auto load_within_memory(const std::string& path, Load&& load) -> decltype(load()) {
  try {
    return load();
  } catch (const std::bad_alloc&) {
    fail_out_of_memory(path);
  } catch (const std::length_error&) {
    fail_out_of_memory(path);
  }
}

// The checks themselves, each failing with FileError(source, problem, key path).
class JsonChecker {
 public:
  explicit JsonChecker(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& position, const std::string& problem) const;

  // object[key], which must exist; `object` must be an object.
  const nlohmann::json& field(const nlohmann::json& object, const std::string& position,
                              const std::string& key) const;
  void expect_object(const nlohmann::json& value, const std::string& position) const;
  void expect_array(const nlohmann::json& value, const std::string& position) const;
  // A misspelt key would otherwise be ignored silently and its value lost.
  void allow_only(const nlohmann::json& object, const std::string& position,
                  std::initializer_list<const char*> allowed) const;
  // `document` must be an object whose "format" is `format` and whose "version" is `version`;
  // `kind` names such files in the message ("glassbox model file").
  void expect_format(const nlohmann::json& document, const std::string& format, int version,
                     const std::string& kind) const;
  // A whole number ≥ 0, or ≥ 1 when `positive`.
  std::size_t read_count(const nlohmann::json& value, const std::string& position,
                         bool positive = false) const;

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

}  // namespace glassbox

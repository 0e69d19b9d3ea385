#include "framework/serialization/json_checks.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_set>
#include <utility>
#include <vector>

#include "framework/errors.hpp"
#include "framework/join.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

// nlohmann's messages start with "[json.exception.parse_error.101] "; the kind is noise to a user.
// They also quote the last token read, which for an unterminated string is the rest of the file.
std::string parser_message(const json::exception& error) {
  std::string message = error.what();
  const auto bracket = message.find("] ");
  if (message.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos) {
    message.erase(0, bracket + 2);
  }
  if (message.size() > 200) message = message.substr(0, 197) + "...";
  return message;
}

// Parses `text` only to learn where it fails. nlohmann reports a byte offset for syntax errors
// (parse_error::byte) but not for numbers too large for a double (out_of_range 406); its SAX
// interface is told the position of both.
class ErrorLocator : public nlohmann::json_sax<json> {
 public:
  std::size_t position = 0;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string&, const json::exception&) override {
    position = at;
    return false;
  }
};

std::size_t error_byte(const std::string& text, const json::exception& error) {
  if (const auto* syntax = dynamic_cast<const json::parse_error*>(&error)) return syntax->byte;
  ErrorLocator locator;
  json::sax_parse(text, &locator);
  return locator.position;
}

// Follows the parser through the document to refuse a key that appears twice in one object.
// nlohmann keeps the last value silently, so in a file edited by hand one of the two would be
// ignored without a word. Called for every event of json::parse (its parser callback); keeps one
// entry per open object or array, so that the error can give the duplicate's key path.
class DuplicateKeyFinder {
 public:
  explicit DuplicateKeyFinder(const std::string& source_name) : source_name_(source_name) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_.push_back(-1 - static_cast<long>(objects_.size()));
        objects_.emplace_back();
        break;
      case json::parse_event_t::array_start:
        open_.push_back(0);
        break;
      case json::parse_event_t::key: {
        OpenObject& object = objects_.back();
        object.key = parsed.get<std::string>();
        if (!object.keys.insert(object.key).second) {
          throw FileError(source_name_,
                          "the key \"" + object.key + "\" appears twice in one object", path());
        }
        break;
      }
      case json::parse_event_t::object_end:
        objects_.pop_back();
        open_.pop_back();
        finish_value();
        break;
      case json::parse_event_t::array_end:
        open_.pop_back();
        finish_value();
        break;
      case json::parse_event_t::value:
        finish_value();
        break;
    }
    return true;  // keep everything
  }

 private:
  struct OpenObject {
    std::string key;                       // the key being read
    std::unordered_set<std::string> keys;  // the keys read so far
  };

  // A value ended: in an array, the next one is the next element.
  void finish_value() {
    if (!open_.empty() && open_.back() >= 0) ++open_.back();
  }

  // The key path of the value being read ("layers[2].config.outputs").
  std::string path() const {
    std::string position;
    for (const long entry : open_) {
      position = entry >= 0
                     ? json_element(position, static_cast<std::size_t>(entry))
                     : json_member(position, objects_[static_cast<std::size_t>(-1 - entry)].key);
    }
    return position;
  }

  const std::string& source_name_;
  // Per open container, outermost first: an array's index of the element being read, or for an
  // object −1 − its place in objects_. A document nesting a million arrays costs 8 MB here.
  std::vector<long> open_;
  std::vector<OpenObject> objects_;
};

}  // namespace

std::string json_member(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string json_element(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string describe_json(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_binary()) return "binary data";
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

bool nests_deeper_than(const json& root, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> pending{{&root, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth > limit) return true;
    for (const json& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return false;
}

json parse_json_text(const std::string& text, const std::string& source_name) {
  try {
    return json::parse(text, DuplicateKeyFinder(source_name));
  } catch (const json::exception& error) {
    throw FileError(source_name, "not valid JSON: " + parser_message(error),
                    "byte " + std::to_string(error_byte(text, error)));
  }
}

void fail_out_of_memory(const std::string& path) {
  struct stat status;
  std::string size;
  if (stat(path.c_str(), &status) == 0) {
    char text[64];
    std::snprintf(text, sizeof text, " (a file of %.3g MB)", status.st_size / 1e6);
    size = text;
  }
  throw FileError(path, "not enough memory to load it" + size);
}

void JsonChecker::fail(const std::string& position, const std::string& problem) const {
  throw FileError(source_, problem, position);
}

const json& JsonChecker::field(const json& object, const std::string& position,
                               const std::string& key) const {
  const auto found = object.find(key);
  if (found == object.end()) fail(json_member(position, key), "missing key \"" + key + "\"");
  return *found;
}

void JsonChecker::expect_object(const json& value, const std::string& position) const {
  if (!value.is_object()) fail(position, "expected an object, found " + describe_json(value));
}

void JsonChecker::expect_array(const json& value, const std::string& position) const {
  if (!value.is_array()) fail(position, "expected an array, found " + describe_json(value));
}

void JsonChecker::allow_only(const json& object, const std::string& position,
                             std::initializer_list<const char*> allowed) const {
  for (const auto& item : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
    fail(json_member(position, item.key()),
         "unexpected key \"" + item.key() + "\" (expected only " +
             join(std::vector<std::string>(allowed.begin(), allowed.end())) + ")");
  }
}

void JsonChecker::expect_format(const json& document, const std::string& format, int version,
                                const std::string& kind) const {
  if (!document.is_object()) {
    fail("", "expected a JSON object at the top level, found " + describe_json(document));
  }
  const json& found_format = field(document, "", "format");
  if (!found_format.is_string() || found_format.get_ref<const std::string&>() != format) {
    fail("format", "not a " + kind + ": format is " + describe_json(found_format) +
                       ", expected \"" + format + "\"");
  }
  const json& found_version = field(document, "", "version");
  if (!found_version.is_number_integer() || found_version != version) {
    fail("version", "unsupported version " + describe_json(found_version) +
                        "; this build reads version " + std::to_string(version) + " only");
  }
}

std::size_t JsonChecker::read_count(const json& value, const std::string& position,
                                    bool positive) const {
  const std::string wanted = positive ? "a positive whole number" : "a non-negative whole number";
  if (!value.is_number_integer()) {
    fail(position, "expected " + wanted + ", found " + describe_json(value));
  }
  if (value.is_number_unsigned()) {
    const auto count = value.get<std::uint64_t>();
    if (positive && count == 0) fail(position, "expected " + wanted + ", found 0");
    return static_cast<std::size_t>(count);
  }
  const auto count = value.get<std::int64_t>();
  if (count < 0 || (positive && count == 0)) {
    fail(position, "expected " + wanted + ", found " + describe_json(value));
  }
  return static_cast<std::size_t>(count);
}

}  // namespace glassbox

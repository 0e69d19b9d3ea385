// The one exception hierarchy of glassbox.
//
// Every failure a user can cause (a bad file, a bad argument, a diverging run) is reported as a
// glassbox::Error whose message names what went wrong and where, so the command line can print it
// in one line and exit non-zero instead of crashing.
#pragma once

#include <stdexcept>
#include <string>

namespace glassbox {

// Base of every error glassbox throws on purpose.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A file that cannot be read or does not hold what it should.
// `position` says where in the file (a byte offset, a JSON key path, a record number); it may be
// empty.
class FileError : public Error {
 public:
  FileError(std::string file, std::string problem, std::string position = "")
      : Error(compose(file, problem, position)),
        file_(std::move(file)),
        problem_(std::move(problem)),
        position_(std::move(position)) {}

  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }
  const std::string& position() const { return position_; }

 private:
  static std::string compose(const std::string& file, const std::string& problem,
                             const std::string& position) {
    return file + (position.empty() ? "" : " (" + position + ")") + ": " + problem;
  }
  std::string file_, problem_, position_;
};

// A caller passed something that cannot work: wrong shape, unknown name, value out of range.
class ArgumentError : public Error {
 public:
  using Error::Error;
};

// Training produced a non-finite loss; the model keeps the last good weights.
class DivergenceError : public Error {
 public:
  using Error::Error;
};

}  // namespace glassbox

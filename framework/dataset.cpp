#include "framework/dataset.hpp"

#include <algorithm>

#include "framework/errors.hpp"

namespace glassbox {

LabeledData slice(const LabeledData& data, std::size_t begin, std::size_t end) {
  if (begin >= end || end > data.size()) {
    throw ArgumentError("cannot take samples [" + std::to_string(begin) + ", " +
                        std::to_string(end) + ") of " + std::to_string(data.size()));
  }
  LabeledData part;
  Shape shape{end - begin};
  const Shape sample = data.sample_shape();
  shape.insert(shape.end(), sample.begin(), sample.end());
  part.inputs = Tensor::from_shape(shape);
  const std::size_t sample_size = data.inputs.size() / data.size();
  std::copy_n(data.inputs.data() + begin * sample_size, (end - begin) * sample_size,
              part.inputs.data());
  part.labels.assign(data.labels.begin() + static_cast<long>(begin),
                     data.labels.begin() + static_cast<long>(end));
  part.class_names = data.class_names;
  part.description =
      data.description + " [" + std::to_string(begin) + ", " + std::to_string(end) + ")";
  return part;
}

}  // namespace glassbox

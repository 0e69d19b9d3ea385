// A program outside glassbox's tree, built against the installed library (README.md, "Use glassbox
// from your program"): loads a model file, reads one digit, explains the model's prediction with
// LRP's default composite (zᴮ on the first layer, z⁺ on convolutions, ε on dense layers) and
// writes the heatmap as a PNG.
//
//   explain_digit MODEL.json INDEX|DIGIT.png OUT.png
//
// INDEX is an MNIST test image ($GLASSBOX_DATA or ./data); a PNG is a 28×28 grey digit, dark on
// light.
#include <cstdio>
#include <string>

#include <xtensor/xview.hpp>

#include "datasets/model_samples.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/png.hpp"
#include "framework/serialization/model_file.hpp"

int main(int argc, char** argv) try {
  using namespace glassbox;
  if (argc != 4) {
    std::fprintf(stderr, "usage: explain_digit MODEL.json INDEX|DIGIT.png OUT.png\n");
    return 2;
  }
  const std::string model_path = argv[1], digit = argv[2];
  ModelFile file = load_model(model_path);
  const bool is_png = digit.size() > 4 && digit.substr(digit.size() - 4) == ".png";
  if (!is_png && digit.find_first_not_of("0123456789") != std::string::npos)
    throw ArgumentError(digit + ": neither a test image index nor a .png file");
  const Shape shape = image_shape(file.metadata, model_path);  // C×H×W
  const Samples sample =
      is_png ? image_file_sample(file.metadata, model_path,
                                 render::read_grey_png(digit, shape[1], shape[2]), digit, true)
             : image_samples(file.metadata, model_path, "test", std::stoul(digit), 1);

  explain::RuleSettings settings;  // zᴮ's bounds: the pixel range the model was trained on
  settings.low = sample.low;
  settings.high = sample.high;
  const explain::Composite composite = explain::make_composite("epsilon-plus-zbox", settings);
  const explain::LrpExplanation explanation =
      explain::lrp(file.model, sample.inputs, {}, composite);

  // Sample 0, channel 0: the H×W map and the digit it explains.
  render::write_heatmap_png(argv[3], xt::view(explanation.relevance, 0, 0),
                            xt::view(sample.inputs, 0, 0));
  std::printf("%s: class %d, logit %.3f, heatmap in %s\n", sample.names[0].c_str(),
              explanation.targets[0], explanation.outputs[0], argv[3]);
} catch (const std::exception& error) {
  std::fprintf(stderr, "explain_digit: %s\n", error.what());
  return 1;
}

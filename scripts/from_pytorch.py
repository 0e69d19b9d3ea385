#!/usr/bin/env python3
"""Export a PyTorch nn.Sequential to a glassbox model file, so that `glassbox explain` (every LRP
rule, Taylor, sensitivity, deep Taylor), `glassbox evaluate` and `glassbox pixel-flipping` work
on a model trained in PyTorch. docs/pytorch.md walks through it.

As a module:

    from from_pytorch import export
    export(model, "mine.json", input_shape=(1, 28, 28), scaling="unit")

From the command line, on a whole model saved with torch.save(model, "mine.pt"):

    python3 scripts/from_pytorch.py mine.pt mine.json [--scaling symmetric]

Layers, torch → glassbox (framework/serialization/model_file.hpp has the file format):

    Linear(D, K)         Dense {"inputs": D, "outputs": K}; glassbox computes y = x·W + b with W
                         D×K, torch y = x·Aᵀ + b with A K×D, so W = Aᵀ
    Conv2d(C, F, k)      Conv2d {"in_channels", "out_channels", "kernel" (or kernel_height and
                         kernel_width), "stride", "padding"}; both store weights F×C×kh×kw
    MaxPool2d, AvgPool2d {"kernel", "stride"} (AvgPool2d also "sum": false)
    Flatten              Flatten (torch's default start_dim=1, end_dim=-1 only)
    Dropout(p)           Dropout {"rate": p, "seed": 0}: the identity when explaining
    ReLU, Tanh, Sigmoid  the same names, no parameters
    BatchNorm2d          folded into the Conv2d before it (BatchNorm1d: into the Linear before
                         it), with its running statistics

A bias of None is written as zeros. Anything glassbox would compute differently (groups,
dilation, uneven or non-zero padding modes, ceil_mode, ...) or any other layer is refused with an
ExportError naming the layer and its index in the Sequential (nested Sequentials are unrolled and
their layers named "2.1" as torch prints them).

The glassbox commands read images as the MNIST models they train do: 1×28×28 grey pixels in
[0, 1] ("unit", 1 = ink) or in [−1, 1] ("symmetric", 2·v − 1). Tell the exporter which one the
model was trained on; with normalisation by mean and std (transforms.Normalize) the model is not
one of these and its explanations would be of the wrong input. A model whose first layer with
weights is Linear (one that torch fed with x.view(N, -1)) gets a Flatten in front.

Numbers are written exactly, each as the shortest text that glassbox's reader (JSON into double,
then to float) turns back into the same float32, so both frameworks compute with the same weights.
"""
import argparse
import copy
import datetime
import json
import re
import sys

SCALINGS = ("unit", "symmetric")


class ExportError(ValueError):
    """A model, layer or option that glassbox cannot represent; the message says which and why."""


def _torch():
    try:
        import torch  # imported late so that `--help` and the error below work without torch
    except ImportError:
        raise ExportError("PyTorch is not installed (Debian: apt-get install python3-torch, "
                          "or scripts/setup.sh --with-torch)") from None
    return torch


def _numbers_text(tensor, where):
    """The values of `tensor` as JSON numbers, "[v, v, ...]", each the shortest text that reads
    back as the same float32 when parsed into a double and rounded to float, as glassbox reads
    it. Mostly numpy's str of the float32, at most 9 digits; where going through a double would
    round that text to a neighbouring float (model_file.cpp found one such float), the double's
    own repr, up to 17 digits, which is exact."""
    import numpy
    values = tensor.detach().to("cpu").contiguous().reshape(-1).numpy().astype(numpy.float32)
    finite = numpy.isfinite(values)
    if not finite.all():
        index = int(numpy.argmin(finite))
        raise ExportError("%s holds %r at flat index %d: JSON has no NaN or infinity"
                          % (where, float(values[index]), index))
    texts = [str(value) for value in values]  # numpy prints a float32 shortest
    reread = numpy.array([float(text) for text in texts], dtype=numpy.float64)
    for i in numpy.flatnonzero(reread.astype(numpy.float32) != values):
        texts[i] = repr(float(values[i]))
    return "[" + ", ".join(texts) + "]"


def _tensor_entry(tensor, shape, where):
    """{"shape": [...], "data": [...]}: `tensor`, already in glassbox's layout. The data is a
    _Numbers, which _write puts into the file as its text."""
    return {"shape": list(shape), "data": _Numbers(_numbers_text(tensor, where))}


class _Numbers:
    """A JSON array of numbers already written as text (json.dump would write each float
    through repr of its double: 17 digits where 9 do)."""

    def __init__(self, text):
        self.text = text


def _write(document, path):
    """json.dump, with each _Numbers put in as its text."""
    numbers = []

    def placeholder(value):
        if not isinstance(value, _Numbers):
            raise TypeError("cannot write %r" % (value,))
        numbers.append(value.text)
        return "@numbers %d@" % (len(numbers) - 1)

    text = json.dumps(document, default=placeholder, allow_nan=False)
    text = re.sub(r'"@numbers (\d+)@"', lambda match: numbers[int(match.group(1))], text)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text + "\n")


def _pair(value, what, where):
    """One size from torch's int-or-pair arguments; refuses a pair of two different sizes."""
    if isinstance(value, (tuple, list)):
        if len(set(value)) != 1:
            raise ExportError("%s: %s %s differs along height and width; glassbox needs the same"
                              % (where, what, tuple(value)))
        value = value[0]
    return int(value)


def _require(condition, where, problem):
    if not condition:
        raise ExportError("%s: %s" % (where, problem))


def _linear(layer, where):
    torch = _torch()
    weight = layer.weight.detach()
    bias = layer.bias.detach() if layer.bias is not None else torch.zeros(layer.out_features)
    inputs, outputs = layer.in_features, layer.out_features
    return {"type": "Dense",
            "config": {"inputs": inputs, "outputs": outputs, "init": "he"},
            "parameters": {"weight": _tensor_entry(weight.t(), [inputs, outputs], where + " weight"),
                           "bias": _tensor_entry(bias, [outputs], where + " bias")}}


def _conv2d(layer, where):
    torch = _torch()
    _require(layer.groups == 1, where, "groups=%d; glassbox convolves all channels (groups=1)"
             % layer.groups)
    _require(tuple(layer.dilation) == (1, 1), where, "dilation %s; glassbox has none"
             % (tuple(layer.dilation),))
    _require(layer.padding_mode == "zeros", where, "padding_mode '%s'; glassbox pads with zeros"
             % layer.padding_mode)
    if isinstance(layer.padding, str):
        _require(layer.padding == "valid", where,
                 "padding='%s'; give the padding as a number" % layer.padding)
        padding = 0
    else:
        padding = _pair(layer.padding, "padding", where)
    stride = _pair(layer.stride, "stride", where)
    kernel_height, kernel_width = layer.kernel_size
    config = {"in_channels": layer.in_channels, "out_channels": layer.out_channels}
    if kernel_height == kernel_width:
        config["kernel"] = kernel_height
    else:
        config["kernel_height"], config["kernel_width"] = kernel_height, kernel_width
    config.update({"stride": stride, "padding": padding, "init": "he"})
    # Both frameworks store the filters F×C×kh×kw, the layout of conv2d.hpp's equation.
    weight = layer.weight.detach()
    bias = layer.bias.detach() if layer.bias is not None else torch.zeros(layer.out_channels)
    return {"type": "Conv2d", "config": config,
            "parameters": {"weight": _tensor_entry(weight, list(weight.shape), where + " weight"),
                           "bias": _tensor_entry(bias, [layer.out_channels], where + " bias")}}


def _pooling(layer, where):
    torch = _torch()
    kernel = _pair(layer.kernel_size, "kernel_size", where)
    stride = _pair(layer.stride if layer.stride is not None else kernel, "stride", where)
    _require(_pair(layer.padding, "padding", where) == 0, where,
             "padding %s; glassbox pools without padding" % (layer.padding,))
    _require(not layer.ceil_mode, where, "ceil_mode=True; glassbox drops incomplete windows")
    config = {"kernel": kernel, "stride": stride}
    if isinstance(layer, torch.nn.MaxPool2d):
        _require(_pair(layer.dilation, "dilation", where) == 1, where, "dilation; glassbox has none")
        _require(not layer.return_indices, where, "return_indices=True returns a pair")
        return {"type": "MaxPool2d", "config": config, "parameters": {}}
    _require(layer.divisor_override in (None, 1), where,
             "divisor_override=%s; glassbox averages (divides by k²) or sums (1)"
             % layer.divisor_override)
    config["sum"] = layer.divisor_override == 1
    return {"type": "AvgPool2d", "config": config, "parameters": {}}


def _flatten(layer, where):
    _require(layer.start_dim == 1 and layer.end_dim == -1, where,
             "Flatten(start_dim=%d, end_dim=%d); glassbox flattens everything but the batch axis "
             "(start_dim=1, end_dim=-1)" % (layer.start_dim, layer.end_dim))
    return {"type": "Flatten", "config": {}, "parameters": {}}


def _dropout(layer, where):
    return {"type": "Dropout", "config": {"rate": float(layer.p), "seed": 0}, "parameters": {}}


def _no_parameters(name):
    return lambda layer, where: {"type": name, "config": {}, "parameters": {}}


def _converters():
    nn = _torch().nn
    return {nn.Linear: _linear, nn.Conv2d: _conv2d, nn.MaxPool2d: _pooling,
            nn.AvgPool2d: _pooling, nn.Flatten: _flatten, nn.Dropout: _dropout,
            nn.ReLU: _no_parameters("ReLU"), nn.Tanh: _no_parameters("Tanh"),
            nn.Sigmoid: _no_parameters("Sigmoid")}


def _unrolled(sequential, prefix=""):
    """(name, layer) for every layer, nested Sequentials opened; names as torch prints them."""
    nn = _torch().nn
    for name, layer in sequential.named_children():
        full_name = prefix + name
        if isinstance(layer, nn.Sequential):
            yield from _unrolled(layer, full_name + ".")
        else:
            yield full_name, layer


def _batch_norms_folded(named_layers):
    """The (name, layer) pairs with each BatchNorm2d (BatchNorm1d) folded into the Conv2d (Linear)
    right before it. In evaluation a batch norm is the affine map y = γ·(z − μ)/√(σ² + ε) + β of
    its running statistics, so the pair is one layer with weights w·γ/√(σ² + ε) and bias
    (b − μ)·γ/√(σ² + ε) + β, and LRP explains that layer, as LRP toolboxes do. The fused layer is
    named "1+2" after both. ExportError for a batch norm anywhere else or without running
    statistics."""
    torch = _torch()
    from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval
    folds = {torch.nn.BatchNorm2d: (torch.nn.Conv2d, fuse_conv_bn_eval),
             torch.nn.BatchNorm1d: (torch.nn.Linear, fuse_linear_bn_eval)}
    folded = []
    for name, layer in named_layers:
        if type(layer) not in folds:
            folded.append((name, layer))
            continue
        kind, fuse = folds[type(layer)]
        where = "layer %s (%s)" % (name, type(layer).__name__)
        _require(folded and type(folded[-1][1]) is kind, where,
                 "glassbox folds a batch norm into the %s right before it, and there is none"
                 % kind.__name__)
        _require(layer.running_mean is not None, where,
                 "no running statistics (track_running_stats=False) to fold")
        before_name, before = folded[-1]
        fused = fuse(copy.deepcopy(before).eval(), copy.deepcopy(layer).eval())
        folded[-1] = (before_name + "+" + name, fused)
    return folded


def glassbox_layers(model):
    """The model's layers as model-file entries. ExportError naming the first unsupported one."""
    nn = _torch().nn
    if not isinstance(model, nn.Sequential):
        raise ExportError("expected an nn.Sequential, got %s; rewrite the model's forward() as an "
                          "nn.Sequential of the supported layers" % type(model).__name__)
    converters = _converters()
    entries = []
    for name, layer in _batch_norms_folded(_unrolled(model)):
        where = "layer %s (%s)" % (name, type(layer).__name__)
        convert = converters.get(type(layer))
        if convert is None:
            raise ExportError(
                "%s is not supported; glassbox has %s (and folds BatchNorm2d and BatchNorm1d into "
                "the Conv2d and Linear before them)"
                % (where, ", ".join(sorted(kind.__name__ for kind in converters))))
        entries.append(convert(layer, where))
    if not entries:
        raise ExportError("the Sequential has no layers")
    return entries


def _outputs_of(model, input_shape):
    """Runs the model on one zero input: checks the layers fit the shape, counts the classes."""
    torch = _torch()
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            output = model(torch.zeros(1, *input_shape))
    except RuntimeError as error:
        raise ExportError("the model does not run on input_shape %s: %s"
                          % (list(input_shape), str(error).splitlines()[0])) from None
    finally:
        model.train(was_training)
    if output.dim() != 2:
        raise ExportError("the model gives outputs of shape %s per sample; glassbox explains one "
                          "logit per class (a flat output)" % list(output.shape[1:]))
    return output.shape[1]


def export(model, path, input_shape=(1, 28, 28), scaling="unit", class_names=None,
           dataset="mnist", metadata=None):
    """Writes `model` (an nn.Sequential) to `path` as a glassbox model file and returns the file's
    content as a dict.

    input_shape: one sample, without the batch axis; the glassbox commands read 1×28×28 images
        (dataset "mnist"). A model that takes flat vectors of that many values is given a Flatten.
    scaling: how pixels were scaled in training, "unit" ([0, 1]) or "symmetric" ([−1, 1]).
    class_names: one name per output (default "0", "1", ...; an "mnist" model's are the digits).
    metadata: more entries for the file's metadata (an object of JSON values).
    Raises ExportError for anything glassbox cannot represent.
    """
    input_shape = [int(size) for size in input_shape]
    if scaling not in SCALINGS:
        raise ExportError("scaling must be one of %s, got %r" % (", ".join(SCALINGS), scaling))
    layers = glassbox_layers(model)
    first_with_weights = next((entry["type"] for entry in layers if entry["parameters"]), None)
    if len(input_shape) > 1 and first_with_weights == "Dense" and layers[0]["type"] != "Flatten":
        probe = _torch().nn.Sequential(_torch().nn.Flatten(), model)
        layers.insert(0, {"type": "Flatten", "config": {}, "parameters": {}})
    else:
        probe = model
    classes = _outputs_of(probe, input_shape)
    if class_names is None:
        class_names = [str(i) for i in range(classes)]
    if len(class_names) != classes:
        raise ExportError("%d class names for a model with %d outputs" % (len(class_names), classes))
    digits = [str(i) for i in range(10)]
    if dataset == "mnist" and [str(name) for name in class_names] != digits:
        # glassbox refuses such a file on loading: an MNIST model's classes are the digits.
        raise ExportError("an mnist model's class names are \"0\" to \"9\" in order, got %s"
                          % ", ".join(str(name) for name in class_names))

    document = {
        "format": "glassbox-model",
        "version": 1,
        "input_shape": input_shape,
        "layers": layers,
        "metadata": {
            "dataset": dataset,
            "normalization": {"scaling": scaling},
            "class_names": [str(name) for name in class_names],
            "source": "PyTorch %s, exported by scripts/from_pytorch.py" % _torch().__version__,
            "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **(metadata or {}),
        },
    }
    _write(document, path)
    return document


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Export a PyTorch nn.Sequential saved with torch.save(model, path) to a "
                    "glassbox model file.")
    parser.add_argument("torch_file", help="the model, saved whole with torch.save(model, path)")
    parser.add_argument("output", help="the glassbox model file (.json) to write")
    parser.add_argument("--input-shape", type=int, nargs="+", default=[1, 28, 28],
                        metavar="SIZE", help="one sample's shape (default: 1 28 28)")
    parser.add_argument("--scaling", choices=SCALINGS, default="unit",
                        help="pixel range the model was trained on: unit [0,1] (default) or "
                             "symmetric [-1,1]")
    parser.add_argument("--class-names", nargs="+", metavar="NAME",
                        help="one name per output (default: 0 1 2 ...)")
    options = parser.parse_args(argv)
    try:
        torch = _torch()
        try:
            model = torch.load(options.torch_file, map_location="cpu")
        except (OSError, RuntimeError, EOFError, ValueError) as error:
            raise ExportError("%s: cannot load it with torch.load: %s"
                              % (options.torch_file, str(error).splitlines()[0])) from None
        if isinstance(model, dict):
            raise ExportError("%s holds a state_dict (weights without the layers); save the whole "
                              "model with torch.save(model, path)" % options.torch_file)
        layers = export(model, options.output, options.input_shape, options.scaling,
                        options.class_names)["layers"]
    except (ExportError, OSError) as error:
        print("from_pytorch.py: %s" % error, file=sys.stderr)
        return 1
    print("%s: %d layers (%s) written to %s" % (
        options.torch_file, len(layers), " ".join(entry["type"] for entry in layers),
        options.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())

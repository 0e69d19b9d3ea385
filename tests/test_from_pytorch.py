"""The PyTorch bridge (scripts/from_pytorch.py): small torch models are exported, and the built
`glassbox explain --method taylor` must give, for every class, the same logit and the same
gradient × input map as torch autograd on the torch model, to 1e-5. The models cover every layer
kind the bridge knows (Linear, Conv2d, ReLU, Tanh, Sigmoid, MaxPool2d, AvgPool2d, Flatten,
Dropout, and BatchNorm2d/1d folded into the layer before them), with and without biases, square
and non-square kernels, strides, padding, overlapping pooling windows, and both pixel scalings. On the ReLU models LRP-0 must equal gradient × input
too (docs/math/lrp.md). Unsupported layers and options must be refused naming the layer, by the
module and by the command line.

The input is a 28×28 grey PNG the test writes, read by `--input`, so no MNIST is needed. Needs
PyTorch and NumPy; without them the test is skipped (exit status 77) except under CI (CI=true),
where it fails: CI installs them (scripts/setup.sh --with-torch). Run by meson (suite pytorch),
which passes GLASSBOX_EXECUTABLE."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

SKIPPED = 77
TOLERANCE = 1e-5
SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts")
failures = []


def check(condition, message):
    print(("ok: " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)


def skip_or_fail(reason):
    if os.environ.get("CI") == "true":
        print("FAIL (CI=true, so this may not be skipped): " + reason)
        sys.exit(1)
    print("skipped: " + reason)
    sys.exit(SKIPPED)


def write_grey_png(path, pixels):
    """An 8-bit grey PNG of the rows of bytes `pixels` (no filter, one zlib stream)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\0" + bytes(row) for row in pixels)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" +
                   chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
                   chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def glassbox(*arguments):
    return subprocess.run([os.environ["GLASSBOX_EXECUTABLE"], *arguments], capture_output=True,
                          text=True)


def with_statistics(model):
    """`model` with running statistics and affine parameters in its batch norms far from the
    identity, as training leaves them."""
    for layer in model:
        if hasattr(layer, "running_var"):
            for values, low, high in [(layer.running_mean, -0.5, 0.5), (layer.running_var, 0.3, 3),
                                      (layer.weight.data, 0.5, 2), (layer.bias.data, -0.3, 0.3)]:
                values.uniform_(low, high)
    return model


def models(nn):
    """name → (nn.Sequential, pixel scaling). Random weights: torch's default initialisation."""
    return {
        "mlp": (nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Dropout(0.3),
                              nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10)), "unit"),
        # No Flatten (torch was fed x.view(N, -1)): the bridge adds one.
        "flat_mlp": (nn.Sequential(nn.Linear(784, 20), nn.Tanh(), nn.Linear(20, 12),
                                   nn.Sigmoid(), nn.Linear(12, 10, bias=False)), "symmetric"),
        "cnn": (nn.Sequential(nn.Conv2d(1, 4, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(4, 6, 3, bias=False), nn.ReLU(), nn.AvgPool2d(2),
                              nn.Flatten(), nn.Linear(216, 10)), "unit"),
        # Batch norms, folded into the layer before them; running statistics made up below.
        "batch_norm_cnn": (with_statistics(nn.Sequential(
            nn.Conv2d(1, 4, 3, bias=False), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(676, 16), nn.BatchNorm1d(16), nn.Tanh(),
            nn.Linear(16, 10))), "unit"),
        # 28×28 → conv (3×5, stride 2, padding 1) 14×13 → max 3, stride 2 (overlapping) 6×6
        # → average 2, stride 1 (overlapping) 5×5.
        "strided_cnn": (nn.Sequential(nn.Conv2d(1, 5, (3, 5), stride=2, padding=1), nn.Sigmoid(),
                                      nn.MaxPool2d(3, stride=2), nn.Tanh(),
                                      nn.AvgPool2d(2, stride=1), nn.Flatten(),
                                      nn.Dropout(0.5), nn.Linear(125, 10)), "symmetric"),
    }


def torch_reference(torch, model, image, target):
    """The logits, and gradient × input of logit `target`, by autograd in double precision."""
    x = image.clone().double().requires_grad_(True)
    logits = model(x)
    logits[0, target].backward()
    return logits[0].detach().numpy(), (x.grad * x).detach().numpy()


def glassbox_taylor(numpy, model_path, png, work, target, method=("--method", "taylor")):
    """(logit, explained class, relevance map) from `glassbox explain` for class `target` (None:
    the predicted class)."""
    npy = os.path.join(work, "relevance.npy")
    arguments = ["explain", "--model", model_path, "--input", png, *method, "--npy", npy,
                 "--out", os.path.join(work, "heatmap.png"), "--json"]
    if target is not None:
        arguments += ["--class", str(target)]
    result = glassbox(*arguments)
    if result.returncode != 0:
        raise RuntimeError("glassbox %s: %s" % (" ".join(arguments), result.stderr.strip()))
    sample = json.loads(result.stdout)["samples"][0]
    return sample["logit"], sample["explained_class"], numpy.load(npy)


def compare_with_torch(torch, numpy, export, work, png, pixels):
    grey = torch.tensor(pixels, dtype=torch.float32) / 255
    for name, (model, scaling) in models(torch.nn).items():
        model_path = os.path.join(work, name + ".json")
        export(model, model_path, input_shape=(1, 28, 28), scaling=scaling)
        image = (grey if scaling == "unit" else 2 * grey - 1).reshape(1, 1, 28, 28)
        reference = torch.nn.Sequential(torch.nn.Flatten(), model) if name == "flat_mlp" else model
        reference = reference.double().eval()
        logit_error = map_error = 0.0
        for target in range(10):
            logits, expected_map = torch_reference(torch, reference, image, target)
            logit, explained, relevance = glassbox_taylor(numpy, model_path, png, work, target)
            check(explained == target and relevance.shape == (1, 1, 28, 28),
                  "%s, class %d: explained class %d, map %s" % (name, target, explained,
                                                                relevance.shape))
            logit_error = max(logit_error, abs(logit - logits[target]))
            map_error = max(map_error, float(numpy.abs(relevance - expected_map).max()))
        check(logit_error <= TOLERANCE and map_error <= TOLERANCE,
              "%s (%s pixels): logits and gradient x input equal torch's for all 10 classes "
              "(largest differences %.2g and %.2g)" % (name, scaling, logit_error, map_error))
        _, predicted, _ = glassbox_taylor(numpy, model_path, png, work, None)
        check(predicted == int(logits.argmax()),
              "%s: predicted class %d, torch's %d" % (name, predicted, int(logits.argmax())))
        if name in ("mlp", "cnn"):
            # ReLU and max-pooling only: LRP-0 is gradient × input (docs/math/lrp.md).
            expected_map = torch_reference(torch, reference, image, 3)[1]
            _, _, relevance = glassbox_taylor(numpy, model_path, png, work, 3,
                                              ("--method", "lrp", "--rule", "lrp-0"))
            error = float(numpy.abs(relevance - expected_map).max())
            check(error <= TOLERANCE,
                  "%s: LRP-0 equals torch's gradient x input (largest difference %.2g)"
                  % (name, error))


def check_refusals(torch, export, ExportError, work):
    nn = torch.nn
    path = os.path.join(work, "refused.json")
    diverged = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad():
        diverged[1].bias[7] = float("nan")
    cases = [
        (diverged, "layer 1 (Linear) bias holds nan at flat index 7: JSON has no NaN"),
        (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.BatchNorm2d(2)),
         "layer 2 (BatchNorm2d): glassbox folds a batch norm into the Conv2d right before it"),
        (nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2, track_running_stats=False)),
         "layer 1 (BatchNorm2d): no running statistics"),
        (nn.Sequential(nn.Conv2d(1, 2, 3), nn.InstanceNorm2d(2)),
         "layer 1 (InstanceNorm2d) is not supported"),
        (nn.Sequential(nn.Flatten(), nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))),
         "layer 1.1 (Softmax) is not supported"),
        (nn.Sequential(nn.Conv2d(1, 2, 3, groups=1, dilation=2)), "layer 0 (Conv2d): dilation"),
        (nn.Sequential(nn.Conv2d(1, 2, 3, padding=(1, 2))), "layer 0 (Conv2d): padding (1, 2)"),
        (nn.Sequential(nn.Conv2d(1, 2, 3), nn.MaxPool2d(2, ceil_mode=True)),
         "layer 1 (MaxPool2d): ceil_mode=True"),
        (nn.Sequential(nn.Flatten(), nn.Linear(700, 10)), "does not run on input_shape [1, 28, 28]"),
        (nn.Linear(784, 10), "expected an nn.Sequential, got Linear"),
    ]
    for model, wanted in cases:
        try:
            export(model, path)
            message = "(exported)"
        except ExportError as error:
            message = str(error)
        check(wanted in message, "refused with %r: %s" % (wanted, message))
    check(not os.path.exists(path), "nothing written for a refused model")


def check_command_line(torch, numpy, work, png, pixels):
    """`from_pytorch.py model.pt model.json` on whole saved models, good and bad."""
    def run(*arguments):
        return subprocess.run([sys.executable, os.path.join(SCRIPTS, "from_pytorch.py"),
                               *arguments], capture_output=True, text=True)

    nn = torch.nn
    torch.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(1, 3, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(507, 10))
    saved, exported = os.path.join(work, "saved.pt"), os.path.join(work, "saved.json")
    torch.save(model, saved)
    result = run(saved, exported, "--class-names", *"zero one two three four five six seven "
                 "eight nine".split())
    check(result.returncode == 1 and "class names are" in result.stderr,
          "names other than the digits refused for an mnist model: %s" % result.stderr.strip())
    result = run(saved, exported, "--class-names", *[str(i) for i in range(10)])
    check(result.returncode == 0 and "5 layers" in result.stdout,
          "command line export: %s%s" % (result.stdout.strip(), result.stderr.strip()))
    image = torch.tensor(pixels, dtype=torch.float64).reshape(1, 1, 28, 28) / 255
    logits = model.double()(image)[0].detach().numpy()
    logit, explained, _ = glassbox_taylor(numpy, exported, png, work, None)
    check(explained == int(logits.argmax()) and abs(logit - logits.max()) <= TOLERANCE,
          "the exported file explains as torch predicts (class %d)" % explained)
    with open(exported, encoding="utf-8") as file:
        names = json.load(file)["metadata"]["class_names"]
    check(names[9] == "9", "class names recorded: %s" % names)

    bad = os.path.join(work, "bad.pt")
    torch.save(nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.LogSoftmax(dim=1)), bad)
    for arguments, wanted in [
            ((bad, exported), "layer 2 (LogSoftmax) is not supported"),
            ((os.path.join(work, "missing.pt"), exported), "missing.pt: cannot load it"),
    ]:
        result = run(*arguments)
        lines = result.stderr.strip().splitlines()
        check(result.returncode == 1 and len(lines) == 1 and wanted in lines[0],
              "command line refuses with %r: status %d, %r" % (wanted, result.returncode,
                                                               result.stderr.strip()))
    torch.save(model.state_dict(), bad)
    result = run(bad, exported)
    check(result.returncode == 1 and "state_dict" in result.stderr,
          "a state_dict is refused: %r" % result.stderr.strip())


def main():
    try:
        import numpy
        import torch
    except ImportError as error:
        skip_or_fail("PyTorch and NumPy are needed (scripts/setup.sh --with-torch): %s" % error)
    sys.path.insert(0, SCRIPTS)
    from from_pytorch import ExportError, export

    torch.manual_seed(0)
    # A digit-like picture: mostly blank, a blob of ink of every grey level.
    generator = torch.Generator().manual_seed(0)
    ink = torch.randint(0, 256, (28, 28), generator=generator)
    blank = torch.rand(28, 28, generator=generator) < 0.6
    pixels = torch.where(blank, torch.zeros_like(ink), ink).tolist()
    with tempfile.TemporaryDirectory() as work:
        png = os.path.join(work, "digit.png")
        write_grey_png(png, pixels)
        compare_with_torch(torch, numpy, export, work, png, pixels)
        check_refusals(torch, export, ExportError, work)
        check_command_line(torch, numpy, work, png, pixels)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

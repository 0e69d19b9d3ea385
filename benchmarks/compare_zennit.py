#!/usr/bin/env python3
"""LRP heatmaps/s: glassbox against Zennit 0.5.1, on the same models, weights and images, after
checking that both give the same heatmaps.

    OMP_WAIT_POLICY=passive /usr/bin/python3 benchmarks/compare_zennit.py [--threads 2]
        [--models mlp,cnn] [--images 1000] [--batch 100] [--repeats 3] [--json]
        [--mlp-model FILE] [--cnn-model FILE]          # models trained before, instead of training
        [--untrained --random-images 100]              # no data needed: the `pytorch` test suite

What runs, per model (the reference MLP and CNN, the presets `mlp` and `cnn`):
1. glassbox trains it (`glassbox train --preset NAME --epochs 1 --train-size 10000`, a short
   training: the weights only need to be realistic), or a given model file is used; with
   --untrained, PyTorch's initial weights are exported to a model file by scripts/from_pytorch.py.
2. The model file is rebuilt as a torch nn.Sequential (torch_model), which scripts/from_pytorch.py
   must turn back into the very same file: the two directions cannot disagree on a layout.
3. The first `--images` MNIST test images (dithered, below), or random ones, go to a .npy file. For
   each composite, `glassbox-lrp-speed --model FILE --composite NAME --input-npy` explains them in
   batches of `--batch` for their predicted class, reports heatmaps/s and writes the heatmaps;
   Zennit explains the same images in the same batches, then its heatmaps/s.
4. Check, batch by batch: max |R_glassbox − R_Zennit| ≤ 1e-5 · max |R_Zennit|; any batch over it
   fails the run (exit status 1).

The composites:
(a) ε + z⁺ + flat: Zennit's EpsilonPlusFlat, and glassbox's `epsilon-plus-flat`: flat on the first
    layer with weights, z⁺ on Conv2d, ε on Dense.
(b) glassbox's default, `epsilon-plus-zbox` (`glassbox explain --method lrp`): zᴮ with the pixel
    bounds [0, 1] on the first layer, z⁺ on Conv2d, ε on Dense; in Zennit a
    SpecialFirstLayerMapComposite with ZBox(0, 1) first, ZPlus on convolutions, Epsilon on Linear,
    and Zennit's own layer_map_base (Pass for ReLU) as its built-in composites have.

Conventions aligned (and how):
- ε: glassbox's ε = 0.25 (RuleSettings) is given to Zennit's Epsilon (its default is 1e-6). Both
  add it as z + ε·sign(z) with sign(0) = +1. The stabiliser of the other rules is glassbox's 1e-9
  in both (Zennit's default 1e-6).
- The first layer: flat in (a): weights and inputs of 1, no bias, zero-padded inputs not counted
  (torch's convolution of ones does the same); zᴮ in (b): Zennit's ZBox keeps the bias in its three
  terms, where it cancels (b − b⁺ − b⁻ = 0), so neither gives the bias relevance there.
- Biases elsewhere take relevance in both: Zennit's rules keep the biases (ε: b; z⁺: b⁺), and
  glassbox runs with its default bias_takes_relevance.
- Max-pooling: glassbox's default winner-take-all sends R to the input the forward pass took (the
  gradient's routing); Zennit has no rule for MaxPool2d, so its relevance follows the gradient,
  which is the same routing (ties aside, which the pixels of trained models do not produce where R
  is non-zero).
- ReLU: both pass the relevance through unchanged (Zennit's Pass rule; a relevance at a zero
  activation is 0 in both, since every rule above multiplies by the input).
- Flatten: a reshape in both.
- Dither: winner-take-all is discontinuous where a pooling window holds two equal maxima. Both
  libraries then take the first, but MNIST strokes of constant grey (252, 253, ...) give identical
  5×5 patches, and whether their convolution outputs come out exactly equal depends on the order
  in which each library's GEMM sums: in 13 of the first 1,000 test images a tie broken the other
  way sent a stroke's relevance to the neighbouring row (up to 5% of the largest |R|). So the
  ink is dithered by less than half a grey level (each inked pixel lowered by U[0, 0.5)/255, so
  zeros stay zeros and nothing leaves [0, 1]): no two inked patches are equal, and the ties left
  (all-background windows, bias only) are exact in both. --no-dither shows the raw images.
- The start: R = f_c(x) at the predicted class c, 0 elsewhere: Zennit's output attribution is
  the one-hot of the argmax times the logits.

Throughput: heatmaps per second of one pass over all images, the best of --repeats after a warm-up
batch, CPU, the same thread count (torch.set_num_threads(n); OMP_NUM_THREADS=n for glassbox).
The runs alternate in one fixed order: glassbox, then Zennit, per model and composite.

Freed memory: glassbox allocates each batch's relevance tensors afresh, and glibc gives large
freed blocks back to the kernel, so the next batch's first touch of them page-faults. On the
virtual machines measured that cost glassbox's CNN more than half its CPU time; Zennit (PyTorch's
allocator, and Python's own overhead) hardly changes. --keep-freed-memory runs both libraries with
GLIBC_TUNABLES set so that glibc keeps the memory (KEEP_FREED_MEMORY); docs/performance.md gives
both figures. (--keep-freed-memory re-executes this script with the tunable, as glibc reads it
only at start-up; compare_pytorch.py --zennit does not pass it on.)

Needs a release build (build/benchmarks/glassbox-lrp-speed, build/cli/glassbox), the data
(GLASSBOX_DATA or ./data) unless --untrained --random-images, Debian's PyTorch
(/usr/bin/python3) with Pillow and torchvision, which Zennit imports (`scripts/setup.sh
--with-torch` installs all three), and Zennit 0.5.1's source: --zennit-src, else ZENNIT_SRC, else
../shared/peers/zennit-0.5.1/src beside the repository. It installs nothing.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import torch
except ImportError as error:
    sys.exit(f"compare_zennit.py: {error}. Install Debian's PyTorch with "
             "`scripts/setup.sh --with-torch` and run this script with /usr/bin/python3.")

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "scripts"))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))
from from_pytorch import export, glassbox_layers  # noqa: E402
from compare_pytorch import load_mnist, reference_model  # noqa: E402

COMPOSITES = ("epsilon-plus-flat", "epsilon-plus-zbox")
EPSILON = 0.25  # glassbox's RuleSettings::epsilon
STABILIZER = 1e-9  # glassbox's stabiliser of z⁺, flat and zᴮ
TOLERANCE = 1e-5
# --keep-freed-memory: glibc neither returns freed memory to the kernel nor maps large blocks
# afresh, so a batch's buffers reuse the pages of the batch before.
KEEP_FREED_MEMORY = "glibc.malloc.trim_threshold=4000000000:glibc.malloc.mmap_threshold=4000000000"


def fail(message):
    sys.exit(f"compare_zennit.py: {message}")


def import_zennit(source):
    candidates = [source, os.environ.get("ZENNIT_SRC"),
                  str(REPOSITORY.parent / "shared" / "peers" / "zennit-0.5.1" / "src")]
    for candidate in filter(None, candidates):
        if (pathlib.Path(candidate) / "zennit" / "__init__.py").is_file():
            sys.path.insert(0, candidate)
            break
    try:
        import zennit.composites  # noqa: F401
        import zennit.attribution  # noqa: F401
    except ImportError as error:
        if (error.name or "").split(".")[0] in ("PIL", "torchvision"):
            # Zennit's package imports both as it loads; Debian ships them as small packages.
            fail(f"{error}: Zennit needs Pillow and torchvision (python3-pil, "
                 "python3-torchvision; `scripts/setup.sh --with-torch` installs them)")
        fail(f"{error}; give Zennit 0.5.1's src/ folder with --zennit-src or ZENNIT_SRC")
    return sys.modules["zennit"]


def torch_model(document):
    """The nn.Sequential computing what a glassbox model file computes, for the layers the
    reference models use. The inverse of from_pytorch.py's mapping (Dense W is D×K, torch's
    Linear weight K×D; convolutions F×C×kh×kw in both), checked by exporting the result again."""
    nn = torch.nn
    layers = []
    for index, entry in enumerate(document["layers"]):
        kind, config, parameters = entry["type"], entry["config"], entry["parameters"]

        def tensor(name):
            values = np.array(parameters[name]["data"], dtype=np.float32)
            return torch.from_numpy(values.reshape(parameters[name]["shape"]))

        if kind == "Dense":
            layer = nn.Linear(config["inputs"], config["outputs"])
            layer.weight.data = tensor("weight").t().contiguous()
            layer.bias.data = tensor("bias")
        elif kind == "Conv2d":
            layer = nn.Conv2d(config["in_channels"], config["out_channels"], config["kernel"],
                              stride=config["stride"], padding=config["padding"])
            layer.weight.data = tensor("weight")
            layer.bias.data = tensor("bias")
        elif kind == "MaxPool2d":
            layer = nn.MaxPool2d(config["kernel"], stride=config["stride"])
        elif kind in ("ReLU", "Flatten"):
            layer = getattr(nn, kind)()
        else:
            fail(f"layer {index} ({kind}): not one of the reference models' layers")
        layers.append(layer)
    model = nn.Sequential(*layers).eval()
    again = glassbox_layers(model)
    for index, (mine, theirs) in enumerate(zip(document["layers"], again)):
        for name, entry in theirs["parameters"].items():
            values = np.array(json.loads(entry["data"].text), dtype=np.float32)
            if entry["shape"] != mine["parameters"][name]["shape"] or not np.array_equal(
                    values, np.array(mine["parameters"][name]["data"], dtype=np.float32)):
                fail(f"layer {index} ({mine['type']}) {name}: from_pytorch.py does not give "
                     "back the model file's values; torch_model maps it wrongly")
    return model


def zennit_composite(zennit, name):
    """Zennit's composite for glassbox's preset `name`, conventions aligned (module docstring)."""
    from zennit.composites import EpsilonPlusFlat, SpecialFirstLayerMapComposite, layer_map_base
    from zennit.rules import Epsilon, ZBox, ZPlus
    from zennit.types import Convolution, Linear
    if name == "epsilon-plus-flat":
        return EpsilonPlusFlat(epsilon=EPSILON, stabilizer=STABILIZER)
    layer_map = layer_map_base(STABILIZER) + [
        (Convolution, ZPlus(stabilizer=STABILIZER)),
        (torch.nn.Linear, Epsilon(epsilon=EPSILON)),
    ]
    first_map = [(Linear, ZBox(low=0.0, high=1.0, stabilizer=STABILIZER))]
    return SpecialFirstLayerMapComposite(layer_map=layer_map, first_map=first_map)


def predicted_logit(output):
    """R at the output: f_c(x) at the predicted class c, 0 elsewhere."""
    one_hot = torch.zeros_like(output)
    one_hot.scatter_(1, output.argmax(1, keepdim=True), 1.0)
    return one_hot * output


def zennit_heatmaps(zennit, model, composite_name, images, batch, repeats):
    """(heatmaps N×1×28×28, heatmaps/s, heatmaps per CPU second): the best of `repeats` passes
    after a warm-up batch."""
    from zennit.attribution import Gradient
    inputs = torch.from_numpy(images)
    relevance = torch.empty_like(inputs)

    def explain(attributor, first):
        x = inputs[first:first + batch].clone()
        _, r = attributor(x, predicted_logit)
        relevance[first:first + batch] = r

    best = best_cpu = float("inf")
    with Gradient(model=model, composite=zennit_composite(zennit, composite_name)) as attributor:
        explain(attributor, 0)
        for _ in range(max(repeats, 1)):
            start, cpu_start = time.perf_counter(), time.process_time()
            for first in range(0, len(inputs), batch):
                explain(attributor, first)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - cpu_start)
    return relevance.numpy(), len(inputs) / best, len(inputs) / best_cpu


def glassbox_program(name):
    """A program of the build folder: GLASSBOX_BUILD (as the test suite sets it), else ./build."""
    build = pathlib.Path(os.environ.get("GLASSBOX_BUILD") or REPOSITORY / "build")
    program = build / name
    if not program.exists():
        fail(f"{program} is missing; build it: ninja -C {build} {name}")
    return str(program)


def images_to_explain(args):
    """N×1×28×28 float32 in [0, 1]: the first --images MNIST test images with their ink dithered
    (module docstring, "Dither"), or --random-images uniform ones."""
    generator = np.random.default_rng(0)
    if args.random_images:
        return generator.random((args.random_images, 1, 28, 28), dtype=np.float32)
    images = load_mnist("test")[0][:args.images].numpy().copy()
    if not args.no_dither:
        ink = images > 0
        images[ink] -= generator.random(int(ink.sum()), dtype=np.float32) * (0.5 / 255)
    return images


def glassbox_heatmaps(model_path, composite, inputs, args, work, environment):
    """(heatmaps, heatmaps/s) from glassbox-lrp-speed for the images in the .npy `inputs`."""
    relevance = os.path.join(work, "relevance.npy")
    command = [glassbox_program("benchmarks/glassbox-lrp-speed"), "--model", model_path,
               "--composite", composite, "--input-npy", inputs, "--batch", str(args.batch),
               "--repeats", str(args.repeats), "--relevance", relevance, "--json"]
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        fail(f"{' '.join(command)}: {result.stderr.strip()}")
    rates = json.loads(result.stdout)
    return np.load(relevance), rates["heatmaps_per_second"], rates["heatmaps_per_cpu_second"]


def model_file(name, args, work, environment):
    """The glassbox model file to explain (module docstring, step 1)."""
    given = getattr(args, f"{name}_model")
    if given:
        return given
    path = os.path.join(work, f"{name}.json")
    if args.untrained:
        torch.manual_seed(1)
        export(reference_model(name), path, input_shape=(1, 28, 28), scaling="unit")
        return path
    command = [glassbox_program("cli/glassbox"), "train", "--preset", name, "--epochs", "1",
               "--train-size", str(args.train_size), "--out", path]
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        fail(f"{' '.join(command)}: {result.stderr.strip()}")
    return path


def worst_batch_difference(ours, theirs, batch):
    """max over batches of max |ours − theirs| / max |theirs|."""
    worst = 0.0
    for first in range(0, len(theirs), batch):
        largest = float(np.abs(theirs[first:first + batch]).max())
        difference = float(np.abs(ours[first:first + batch] - theirs[first:first + batch]).max())
        worst = max(worst, difference / largest if largest > 0 else difference)
    return worst


def compare(args):
    """The rows of the comparison: one per model and composite."""
    zennit = import_zennit(args.zennit_src)
    torch.set_num_threads(args.threads)
    environment = dict(os.environ, OMP_NUM_THREADS=str(args.threads),
                       OPENBLAS_NUM_THREADS=str(args.threads))
    rows = []
    images = images_to_explain(args)
    with tempfile.TemporaryDirectory() as work:
        inputs = os.path.join(work, "inputs.npy")
        np.save(inputs, np.ascontiguousarray(images, dtype=np.float32))
        for name in args.models.split(","):
            path = model_file(name, args, work, environment)
            with open(path, encoding="utf-8") as file:
                model = torch_model(json.load(file))
            for composite in COMPOSITES:
                ours, our_rate, our_cpu_rate = glassbox_heatmaps(path, composite, inputs, args,
                                                                 work, environment)
                theirs, their_rate, their_cpu_rate = zennit_heatmaps(
                    zennit, model, composite, images, args.batch, args.repeats)
                difference = worst_batch_difference(ours, theirs, args.batch)
                rows.append({"model": name, "composite": composite, "images": len(images),
                             "batch": args.batch, "glassbox_heatmaps_per_second": our_rate,
                             "zennit_heatmaps_per_second": their_rate,
                             "speedup": our_rate / their_rate,
                             "glassbox_heatmaps_per_cpu_second": our_cpu_rate,
                             "zennit_heatmaps_per_cpu_second": their_cpu_rate,
                             "cpu_speedup": our_cpu_rate / their_cpu_rate,
                             "max_difference_over_max_relevance": difference,
                             "same_heatmaps": difference <= TOLERANCE})
    return rows


def add_arguments(parser):
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default="mlp,cnn")
    parser.add_argument("--images", type=int, default=1000, help="MNIST test images explained")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3,
                        help="passes over all images per library; the fastest counts")
    parser.add_argument("--train-size", type=int, default=10000,
                        help="training images of glassbox's one-epoch training")
    parser.add_argument("--mlp-model", help="a trained `mlp` model file, instead of training one")
    parser.add_argument("--cnn-model", help="a trained `cnn` model file, instead of training one")
    parser.add_argument("--untrained", action="store_true",
                        help="PyTorch's initial weights, exported by scripts/from_pytorch.py")
    parser.add_argument("--random-images", type=int, default=0,
                        help="explain N random images uniform in [0, 1] instead of MNIST")
    parser.add_argument("--no-dither", action="store_true",
                        help="explain the MNIST images as they are (module docstring, Dither)")
    parser.add_argument("--keep-freed-memory", action="store_true",
                        help="glibc keeps freed memory for both libraries (module docstring)")
    parser.add_argument("--zennit-src", help="Zennit 0.5.1's src/ folder")


def default_arguments(**overrides):
    """The arguments of a run with the defaults, changed by `overrides` (compare_pytorch.py's
    --zennit, the test)."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([])
    for name, value in overrides.items():
        if not hasattr(args, name):
            raise ValueError(f"compare_zennit.py has no argument {name}")
        setattr(args, name, value)
    return args


def print_table(rows):
    print(f"{'model':<6}{'composite':<20}{'glassbox/s':>12}{'Zennit/s':>12}{'speedup':>9}"
          f"{'glassbox/CPU s':>16}{'Zennit/CPU s':>14}{'speedup':>9}{'max |diff| / max |R|':>22}")
    for row in rows:
        print(f"{row['model']:<6}{row['composite']:<20}{row['glassbox_heatmaps_per_second']:>12.0f}"
              f"{row['zennit_heatmaps_per_second']:>12.0f}{row['speedup']:>9.2f}"
              f"{row['glassbox_heatmaps_per_cpu_second']:>16.0f}"
              f"{row['zennit_heatmaps_per_cpu_second']:>14.0f}{row['cpu_speedup']:>9.2f}"
              f"{row['max_difference_over_max_relevance']:>22.2e}"
              + ("" if row["same_heatmaps"] else "  DIFFERENT"))
    print(f"heatmaps per second of wall-clock and of CPU time (all threads; steadier on a shared "
          f"machine); speedup: glassbox's over Zennit's (above 1: glassbox is faster); heatmaps "
          f"agree when max |diff| / max |R| <= {TOLERANCE:g} in every batch")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout only")
    args = parser.parse_args()
    if args.keep_freed_memory and os.environ.get("GLIBC_TUNABLES") != KEEP_FREED_MEMORY:
        # glibc reads its tunables when a process starts: run this script again with them.
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  dict(os.environ, GLIBC_TUNABLES=KEEP_FREED_MEMORY))
    rows = compare(args)
    result = {"threads": args.threads, "torch": torch.__version__,
              "glibc_tunables": os.environ.get("GLIBC_TUNABLES", ""), "results": rows}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"threads {args.threads}, torch {torch.__version__}, Zennit 0.5.1, "
              f"OMP_WAIT_POLICY {os.environ.get('OMP_WAIT_POLICY', '(unset)')}, "
              f"GLIBC_TUNABLES {os.environ.get('GLIBC_TUNABLES', '(unset)')}")
        print_table(rows)
    return 0 if all(row["same_heatmaps"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

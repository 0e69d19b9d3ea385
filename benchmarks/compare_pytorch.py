#!/usr/bin/env python3
"""Seconds per training epoch and inference images/s: glassbox against PyTorch, in one run.

Trains the reference MLP and CNN (the presets `mlp` and `cnn`) for one epoch over the 60,000 MNIST
training images with SGD (lr 0.05, momentum 0.9, batch 64) in both frameworks, on the same data,
under the same environment and thread count, then times forward-only inference over the 10,000
test images (batches of 256) and gradient×input heatmaps over the first 1,000 (batches of 100; glassbox also
reports LRP heatmaps/s). Prints one row per model and the ratios (below 1: glassbox is faster),
then each framework's peak resident memory for that model: every model runs in a process of its
own in both frameworks (glassbox-speed, and this script run again with --pytorch-only), so a peak
covers one model's training, inference and heatmaps with its data (glassbox keeps the images as
bytes, this script's PyTorch side as float32 tensors, as a PyTorch user would load them).

    python3 benchmarks/compare_pytorch.py [--threads 2] [--models mlp,cnn] [--epochs 1] [--zennit]

--zennit adds LRP heatmaps/s of glassbox against Zennit, with its check that both give the same
heatmaps (benchmarks/compare_zennit.py, which says what it needs). The JSON line at the end holds
every figure of the run, glassbox-speed's own included (the SGEMM peak, each epoch's fraction of
it, LRP heatmaps/s for two composites). Before it come warnings when the machine looked busy: a
load average above 0.5 as the script started, or a model whose process measured the SGEMM peak
below 80% of the best of the run (busy_machine_warnings); such a run should be repeated, or
labelled as made under load.

Needs a release build (build/benchmarks/glassbox-speed), the data (GLASSBOX_DATA or ./data)
and Debian's PyTorch: `scripts/setup.sh --with-torch` installs python3-torch and python3-numpy;
run this with Debian's interpreter (/usr/bin/python3) if another python3 comes first on PATH.
This script installs nothing.
"""
import argparse
import gzip
import json
import os
import pathlib
import resource
import subprocess
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as error:
    sys.exit(f"compare_pytorch.py: {error}. Install Debian's PyTorch with "
             "`scripts/setup.sh --with-torch` and run this script with /usr/bin/python3.")

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


def data_directory():
    root = os.environ.get("GLASSBOX_DATA") or "data"
    path = pathlib.Path(root) / "mnist"
    if not path.is_dir():
        sys.exit(f"compare_pytorch.py: no MNIST under {path}; set GLASSBOX_DATA")
    return path


def read_idx(path, header_bytes):
    with gzip.open(path, "rb") as stream:
        return np.frombuffer(stream.read()[header_bytes:], dtype=np.uint8)


def load_mnist(split):
    prefix = "train" if split == "train" else "t10k"
    folder = data_directory()
    images = read_idx(folder / f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
    labels = read_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", 8)
    return (torch.from_numpy(images.astype(np.float32) / 255.0),
            torch.from_numpy(labels.astype(np.int64)))


def reference_model(name):
    nn = torch.nn
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                             nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(1568, 128), nn.ReLU(), nn.Linear(128, 10))


def pytorch_speed(name, train, test, epochs):
    torch.manual_seed(1)
    model = reference_model(name)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    images, labels = train
    best = float("inf")
    for _ in range(epochs):
        order = torch.randperm(len(labels))
        start = time.perf_counter()
        model.train()
        for begin in range(0, len(labels), 64):
            batch = order[begin:begin + 64]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(images[batch]), labels[batch])
            loss.backward()
            optimizer.step()
        best = min(best, time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        model(test[0][:256])
        start = time.perf_counter()
        for begin in range(0, len(test[1]), 256):
            model(test[0][begin:begin + 256])
        inference = len(test[1]) / (time.perf_counter() - start)
    # Gradient×input heatmaps for the predicted class, first 1,000 test images, batches of 100.
    batches = [test[0][begin:begin + 100] for begin in range(0, 1000, 100)]
    start = time.perf_counter()
    for batch in batches:
        batch = batch.clone().requires_grad_(True)
        logits = model(batch)
        logits.gather(1, logits.argmax(1, keepdim=True)).sum().backward()
        (batch.grad * batch).detach()
    gradient_rate = 1000 / (time.perf_counter() - start)
    return best, inference, gradient_rate


def glassbox_speed(name, epochs):
    program = REPOSITORY / "build" / "benchmarks" / "glassbox-speed"
    if not program.exists():
        sys.exit(f"compare_pytorch.py: {program} is missing; run scripts/test.sh (or meson compile -C build)")
    output = subprocess.run([str(program), "--model", name, "--epochs", str(epochs), "--json"],
                            check=True, capture_output=True, text=True).stdout
    report = json.loads(output)
    result = report["glassbox"][0]
    result["sgemm_peak_gflops"] = report["sgemm_peak_gflops"]
    return result


def peak_rss_mb():
    """This process's peak resident memory so far: VmHWM, as glassbox-speed reports it (Linux
    carries ru_maxrss over from the parent process, so it would count this script's own)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def busy_machine_warnings(rows, load_average):
    """Signs that other work shared the cores, so that such a run can be labelled or repeated:
    the load average as the script started (before any of its own processes), and a model whose
    process measured an SGEMM peak well below the best of the run (the same kernels on the same
    idle cores measure the same peak within a few percent)."""
    warnings = []
    if load_average > 0.5:
        warnings.append(f"the load average was {load_average:.2f} at the start: other work was "
                        "running, or had just ended")
    best = max(row["sgemm_peak_gflops"] for row in rows)
    for row in rows:
        if row["sgemm_peak_gflops"] < 0.8 * best:
            warnings.append(f"{row['model']}: its process measured the SGEMM peak at "
                            f"{row['sgemm_peak_gflops']:.0f} GFLOP/s against {best:.0f} in another, "
                            "so the cores were busy with other work then; its figures are low")
    return warnings


def pytorch_in_own_process(name, args):
    """pytorch_speed for one model in a fresh interpreter, so that its peak memory is its own."""
    output = subprocess.run([sys.executable, __file__, "--pytorch-only", name, "--threads",
                             str(args.threads), "--epochs", str(args.epochs)],
                            check=True, capture_output=True, text=True).stdout
    result = json.loads(output)
    return (result["epoch_seconds"], result["inference"], result["gradient_x_input"],
            result["peak_rss_mb"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default="mlp,cnn")
    parser.add_argument("--epochs", type=int, default=1, help="epochs per framework; the fastest counts")
    parser.add_argument("--zennit", action="store_true",
                        help="also LRP heatmaps/s against Zennit (benchmarks/compare_zennit.py)")
    parser.add_argument("--pytorch-only", metavar="MODEL",
                        help="(used by this script) time one model in PyTorch, print JSON")
    args = parser.parse_args()

    # One thread count for both: PyTorch's intra-op pool and the BLAS glassbox links.
    torch.set_num_threads(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)  # glassbox's own threads (docs/performance.md)
    if args.pytorch_only:
        seconds, inference, gradient = pytorch_speed(
            args.pytorch_only, load_mnist("train"), load_mnist("test"), args.epochs)
        print(json.dumps({"epoch_seconds": seconds, "inference": inference,
                          "gradient_x_input": gradient, "peak_rss_mb": peak_rss_mb()}))
        return
    load_average = os.getloadavg()[0]
    coretype = os.environ.get("OPENBLAS_CORETYPE", "(unset)")
    print(f"threads {args.threads}, OPENBLAS_CORETYPE {coretype}, torch {torch.__version__}")
    print(f"{'model':<6}{'glassbox s/epoch':>18}{'PyTorch s/epoch':>17}{'ratio':>8}"
          f"{'glassbox img/s':>16}{'PyTorch img/s':>15}{'ratio':>8}"
          f"{'glassbox gxi/s':>16}{'PyTorch gxi/s':>15}{'ratio':>8}{'glassbox LRP/s':>16}")
    rows = []
    for name in args.models.split(","):
        speed = glassbox_speed(name, args.epochs)
        ours, our_inference = speed["epoch_seconds"], speed["inference_images_per_second"]
        our_gradient, our_lrp = speed["gradient_x_input_per_second"], speed["lrp_per_second"]
        our_rss = speed["peak_rss_mb"]
        theirs, their_inference, their_gradient, their_rss = pytorch_in_own_process(name, args)
        rows.append({"model": name, "glassbox_epoch_seconds": ours, "pytorch_epoch_seconds": theirs,
                     "epoch_ratio": ours / theirs, "glassbox_inference": our_inference,
                     "pytorch_inference": their_inference,
                     "glassbox_gradient_x_input": our_gradient,
                     "pytorch_gradient_x_input": their_gradient, "glassbox_lrp": our_lrp,
                     "glassbox_lrp_epsilon_plus_flat": speed["lrp_epsilon_plus_flat_per_second"],
                     "glassbox_peak_rss_mb": our_rss, "pytorch_peak_rss_mb": their_rss,
                     "sgemm_peak_gflops": speed["sgemm_peak_gflops"],
                     "glassbox_epoch_gflops": speed["epoch_gflops"],
                     "fraction_of_sgemm_peak": speed["fraction_of_sgemm_peak"]})
        print(f"{name:<6}{ours:>18.2f}{theirs:>17.2f}{ours / theirs:>8.2f}"
              f"{our_inference:>16.0f}{their_inference:>15.0f}{their_inference / our_inference:>8.2f}"
              f"{our_gradient:>16.0f}{their_gradient:>15.0f}{their_gradient / our_gradient:>8.2f}"
              f"{our_lrp:>16.0f}")
    print("ratios: time glassbox / PyTorch for training; rate PyTorch / glassbox for inference and "
          "gradient×input (gxi) heatmaps (below 1: glassbox is faster). PyTorch has no LRP built in.")
    for row in rows:
        print(f"{row['model']}: peak resident memory, one process each: glassbox "
              f"{row['glassbox_peak_rss_mb']:.0f} MB, PyTorch {row['pytorch_peak_rss_mb']:.0f} MB")
    for row in rows:
        print(f"{row['model']}: glassbox trains at {row['glassbox_epoch_gflops']:.0f} GFLOP/s, "
              f"{100 * row['fraction_of_sgemm_peak']:.0f}% of the SGEMM peak measured in the same "
              f"run ({row['sgemm_peak_gflops']:.0f} GFLOP/s on {args.threads} threads)")
    warnings = busy_machine_warnings(rows, load_average)
    for warning in warnings:
        print(f"warning: {warning}")
    summary = {"threads": args.threads, "openblas_coretype": coretype,
               "load_average_at_start": load_average, "busy_machine_warnings": warnings,
               "results": rows}
    if args.zennit:
        import compare_zennit  # beside this script
        zennit_rows = compare_zennit.compare(
            compare_zennit.default_arguments(threads=args.threads, models=args.models))
        print("LRP against Zennit 0.5.1 (benchmarks/compare_zennit.py):")
        compare_zennit.print_table(zennit_rows)
        summary["zennit"] = zennit_rows
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""benchmarks/compare_zennit.py on a small run (suite pytorch): the reference MLP and CNN with
PyTorch's initial weights, 100 random images in one batch, one thread. Both composites must give
the same heatmaps in glassbox and in Zennit (max |difference| <= 1e-5 of the largest |R|), and the
check must be able to fail: with Zennit's own default ε (1e-6) instead of glassbox's 0.25, the
ε-rule's heatmaps differ far beyond the tolerance.

Needs PyTorch, NumPy, Pillow, torchvision (scripts/setup.sh --with-torch) and Zennit 0.5.1's source
(ZENNIT_SRC, or ../shared/peers/zennit-0.5.1/src beside the repository); skipped (exit status 77)
without them, except under CI (CI=true), which installs them and has ../shared beside the clone, so
there a missing piece fails. Run by meson, which passes GLASSBOX_BUILD (for
build/benchmarks/glassbox-lrp-speed)."""
import os
import sys

from test_from_pytorch import check, failures, skip_or_fail  # beside this file

BENCHMARKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks")


def main():
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    except ImportError as error:
        skip_or_fail("PyTorch and NumPy are needed (scripts/setup.sh --with-torch): %s" % error)
    sys.path.insert(0, BENCHMARKS)
    import compare_zennit
    try:
        compare_zennit.import_zennit(None)
    except SystemExit as error:
        skip_or_fail(str(error))

    args = compare_zennit.default_arguments(untrained=True, random_images=100, threads=1,
                                            repeats=1)
    rows = compare_zennit.compare(args)
    check(len(rows) == 4, "a row per model and composite: %d" % len(rows))
    for row in rows:
        check(row["same_heatmaps"] and row["images"] == 100,
              "%s, %s: the same heatmaps in glassbox and Zennit (max |diff| / max |R| = %.2g)"
              % (row["model"], row["composite"], row["max_difference_over_max_relevance"]))
        check(row["glassbox_heatmaps_per_second"] > 0 and row["zennit_heatmaps_per_second"] > 0,
              "%s, %s: both throughputs measured" % (row["model"], row["composite"]))

    compare_zennit.EPSILON = 1e-6  # Zennit's default: no longer glassbox's convention
    args.models = "mlp"
    rows = compare_zennit.compare(args)
    check(all(not row["same_heatmaps"] for row in rows),
          "with epsilon 1e-6 in Zennit and 0.25 in glassbox the check fails: %s"
          % ", ".join("%.2g" % row["max_difference_over_max_relevance"] for row in rows))
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`glassbox report` on bad input: each mistake is one line on stderr naming the argument or file
and the problem, exit status 1, and nothing is written; a good run writes the four files and
prints the page to open, and may write over its own earlier report.

Needs MNIST (a small model is trained on 500 images); without it the test is skipped (exit
status 77) except under CI (CI=true). Run by meson (suite report), which passes
GLASSBOX_EXECUTABLE."""
import os
import shutil
import subprocess
import sys
import tempfile

SKIPPED = 77
failures = []


def glassbox(*arguments):
    return subprocess.run([os.environ["GLASSBOX_EXECUTABLE"], *arguments], capture_output=True,
                          text=True)


def check(condition, message):
    print(("ok: " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)


def check_error(result, wanted, what):
    """One line on stderr holding `wanted`, status 1."""
    lines = result.stderr.strip().splitlines()
    check(result.returncode == 1 and len(lines) == 1 and wanted in lines[0],
          "%s: status %d, %r" % (what, result.returncode, result.stderr.strip()))


def main():
    root = os.environ.get("GLASSBOX_DATA") or "data"
    if not os.path.exists(os.path.join(root, "mnist", "t10k-images-idx3-ubyte.gz")):
        if os.environ.get("CI") == "true":
            print("FAIL (CI=true): no MNIST under " + root)
            return 1
        print("skipped: no MNIST under $GLASSBOX_DATA or ./data (scripts/fetch_data.sh)")
        return SKIPPED

    scratch = tempfile.mkdtemp(prefix="glassbox_report_cli.")
    try:
        model = os.path.join(scratch, "small.json")
        trained = glassbox("train", "--layers", "flatten,dense:16,relu,dense:10", "--train-size",
                           "500", "--validation-size", "0", "--epochs", "1", "--out", model)
        check(trained.returncode == 0, "a small model trains: " + trained.stderr[-200:])

        folder = os.path.join(scratch, "report")
        # 0 is refused by the option reader every command shares, before report's own check.
        check_error(glassbox("report", "--model", model, "--out", folder, "--count", "0"),
                    "--count: must be a whole number from 1", "--count 0")
        check_error(glassbox("report", "--model", model, "--out", folder, "--count", "257"),
                    "--count must be between 1 and 256", "--count 257")
        check_error(glassbox("report", "--model", os.path.join(scratch, "absent.json"), "--out",
                             folder), "absent.json", "a missing model file")
        check_error(glassbox("report", "--model", model, "--out", folder, "--index", "9999",
                             "--count", "4"), "--index 9999", "an --index past the test split")
        check(not os.path.exists(folder), "a failed run leaves no folder behind")
        check_error(glassbox("report", "--model", model, "--out", model), "is not a folder",
                    "--out naming a file")
        others = os.path.join(scratch, "others")
        os.makedirs(others)
        with open(os.path.join(others, "notes.txt"), "w") as file:
            file.write("mine")
        check_error(glassbox("report", "--model", model, "--out", others), "other files in it",
                    "--out naming a folder with other files")
        check(os.listdir(others) == ["notes.txt"], "that folder is left as it was")

        for attempt in ("first", "second (over the first)"):
            result = glassbox("report", "--model", model, "--out", folder, "--count", "2")
            check(result.returncode == 0 and "file://" + os.path.join(folder, "index.html")
                  in result.stdout, "the %s run prints the page: %r" % (attempt, result.stdout))
            check(sorted(os.listdir(folder)) == ["data.js", "index.html", "report.css",
                                                 "report.js"],
                  "the folder holds the page's four files: %s" % sorted(os.listdir(folder)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


sys.exit(main())

#!/usr/bin/env python3
"""Runs one tutorial program in quick mode and checks what its page promises: every figure the page shows was
written by the run and is a valid PNG or HTML file, the committed copies exist and stay within the size budget,
and every quoted excerpt of the library ("`path`, lines A–B:" and a code block) matches the lines it names. The
program itself checks the page's numbers (TutorialRun::promise).

Usage: check_tutorial.py [--run PROGRAM] TUTORIAL_FOLDER OUTPUT_FOLDER [--budget-kb N]
       check_tutorial.py --list-figures TUTORIAL_FOLDER
Exit status 0 when all holds, 77 when the program skipped (no data, not in CI), 1 otherwise, with one line per
broken promise.
"""
import argparse
import pathlib
import re
import struct
import subprocess
import sys
import zlib

FIGURE_LINK = re.compile(r"\]\((figures/[^)\s]+\.(?:png|html))\)")
# "`path/to/file.hpp`, lines 12–17:" (en dash or hyphen), then a fenced code block.
QUOTE = re.compile(r"`([\w./-]+)`, lines? (\d+)(?:[–-](\d+))?:\s*\n\s*```[\w+]*\n(.*?)\n\s*```", re.S)


def png_problem(path):
    data = path.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "is not a PNG (no signature)"
    position, idat, chunks = 8, b"", []
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        crc = data[position + 8 + length:position + 12 + length]
        if len(body) != length or len(crc) != 4:
            return "is truncated in chunk %r" % kind
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            return "has a bad CRC in chunk %r" % kind
        chunks.append(kind)
        if kind == b"IDAT":
            idat += body
        position += 12 + length
    if not chunks or chunks[0] != b"IHDR" or chunks[-1] != b"IEND":
        return "does not start with IHDR and end with IEND"
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0:
        return "has an empty image (%dx%d)" % (width, height)
    try:
        zlib.decompress(idat)
    except zlib.error as error:
        return "has image data that does not decompress (%s)" % error
    return None


def html_problem(path):
    text = path.read_text(encoding="utf-8", errors="replace").lower()
    if "<html" not in text or "</html>" not in text:
        return "is not an HTML page"
    return None


def figure_problem(path):
    if not path.is_file():
        return "is missing"
    return png_problem(path) if path.suffix == ".png" else html_problem(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tutorial", type=pathlib.Path)
    parser.add_argument("output", type=pathlib.Path, nargs="?")
    parser.add_argument("--run", metavar="PROGRAM", help="run PROGRAM --quick OUTPUT_FOLDER first")
    parser.add_argument("--list-figures", action="store_true", help="print the figures the page shows")
    parser.add_argument("--budget-kb", type=int, default=600)
    args = parser.parse_args()

    page = args.tutorial / "README.md"
    text = page.read_text(encoding="utf-8")
    figures = sorted(set(FIGURE_LINK.findall(text)))
    if args.list_figures:
        print("\n".join(pathlib.PurePath(figure).name for figure in figures))
        return 0
    if args.output is None:
        parser.error("OUTPUT_FOLDER is needed unless --list-figures")
    if args.run:
        status = subprocess.call([args.run, "--quick", str(args.output)])
        if status == 77:
            return 77
        if status != 0:
            print("check_tutorial: %s --quick exited with status %d" % (args.run, status))
            return 1

    repository = args.tutorial.resolve().parent.parent
    problems = []

    if not figures:
        problems.append("%s shows no figures/ image" % page)
    for figure in figures:
        name = pathlib.PurePath(figure).name
        for where, path in (("written by the run", args.output / name),
                            ("committed", args.tutorial / figure)):
            problem = figure_problem(path)
            if problem:
                problems.append("%s (%s) %s" % (path, where, problem))

    committed = sum(p.stat().st_size for p in (args.tutorial / "figures").glob("*") if p.is_file()) \
        if (args.tutorial / "figures").is_dir() else 0
    if committed > args.budget_kb * 1024:
        problems.append("%s/figures holds %d KB, over the budget of %d KB" %
                        (args.tutorial, committed // 1024, args.budget_kb))

    for path, first, last, excerpt in QUOTE.findall(text):
        source = repository / path
        if not source.is_file():
            problems.append("%s quotes %s, which does not exist" % (page, path))
            continue
        lines = source.read_text(encoding="utf-8").splitlines()
        first, last = int(first), int(last or first)
        quoted = [line.rstrip() for line in excerpt.splitlines()]
        actual = [line.rstrip() for line in lines[first - 1:last]]
        if quoted != actual:
            problems.append("%s quotes %s lines %d-%d, but those lines now read differently" %
                            (page, path, first, last))

    for problem in problems:
        print("check_tutorial: " + problem)
    print("check_tutorial: %s: %d figures, %d quotes, %d KB committed, %s" %
          (args.tutorial.name, len(figures), len(QUOTE.findall(text)), committed // 1024,
           "ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

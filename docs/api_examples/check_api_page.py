#!/usr/bin/env python3
"""Checks that every excerpt docs/api.md quotes ("`path`, lines A–B:" and a code block) still equals
the lines it names, and that every program in docs/api_examples/ is quoted. The quote format and
its pattern are those of the tutorials (tests/check_tutorial.py).

Usage: check_api_page.py PAGE. Exit status 0 when all holds, 1 otherwise, one line per problem.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests"))
from check_tutorial import QUOTE  # noqa: E402


def main():
    page = pathlib.Path(sys.argv[1])
    repository = page.resolve().parents[1]
    text = page.read_text(encoding="utf-8")
    problems, quoted_files = [], set()
    for path, first, last, excerpt in QUOTE.findall(text):
        source = repository / path
        quoted_files.add(path)
        if not source.is_file():
            problems.append("%s quotes %s, which does not exist" % (page, path))
            continue
        lines = source.read_text(encoding="utf-8").splitlines()
        first, last = int(first), int(last or first)
        if [line.rstrip() for line in excerpt.splitlines()] != \
                [line.rstrip() for line in lines[first - 1:last]]:
            problems.append("%s quotes %s lines %d-%d, but those lines now read differently" %
                            (page, path, first, last))
    for program in sorted((repository / "docs/api_examples").glob("*.cpp")):
        name = program.relative_to(repository).as_posix()
        if name not in quoted_files:
            problems.append("%s does not quote %s" % (page, name))
    for problem in problems:
        print("check_api_page: " + problem)
    print("check_api_page: %d quotes, %s" % (len(QUOTE.findall(text)),
                                             "ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

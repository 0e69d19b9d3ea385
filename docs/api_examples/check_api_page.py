#!/usr/bin/env python3
"""Checks that every excerpt docs/api.md quotes ("`path`, lines A–B:" and a code block) still equals
the lines it names, and that every program in docs/api_examples/ is quoted. The quote format and
its pattern are those of the tutorials (tests/check_tutorial.py).

Usage: check_api_page.py PAGE. Exit status 0 when all holds, 1 otherwise, one line per problem.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests"))
from check_tutorial import QUOTE, quote_problems  # noqa: E402


def main():
    page = pathlib.Path(sys.argv[1])
    repository = page.resolve().parents[1]
    text = page.read_text(encoding="utf-8")
    problems = quote_problems(page, text, repository)
    quoted_files = {path for path, _, _, _ in QUOTE.findall(text)}
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

#!/usr/bin/env python3
"""Docs that stay true: every `glassbox COMMAND --flag ...` written in README.md, docs/ and the
tutorial pages, in a code block or an inline code span, must name a command the CLI has and flags
that `glassbox COMMAND --help` lists. A renamed or removed flag then fails this test instead of
failing a reader.

Usage: GLASSBOX_EXECUTABLE=build/cli/glassbox test_readme_commands.py [REPOSITORY]
Exit status 0 when every command and flag is accepted, 1 otherwise, one line per problem.
"""
import os
import pathlib
import re
import subprocess
import sys

CODE_BLOCK = re.compile(r"^\s*```[^\n]*\n(.*?)^\s*```", re.S | re.M)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
# "glassbox train ..." or "build/cli/glassbox train ...": the command word, then the rest of the
# line up to a shell comment, pipe or separator.
COMMAND = re.compile(r"(?:^|[\s/])glassbox ([a-z][a-z-]*)([^#|;&\n]*)")
# An inline span that starts with a command and a flag, as prose writes it: `train --resume FILE`.
SPAN_COMMAND = re.compile(r"^([a-z][a-z-]*)( --.*)$")
FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")
SHELL_COMMENT = re.compile(r"(^|\s)#.*$", re.M)
SUBCOMMAND = re.compile(r"^  ([a-z][a-z-]*)  ", re.M)


def pages(repository):
    yield repository / "README.md"
    yield from sorted((repository / "docs").rglob("*.md"))
    yield from sorted((repository / "tutorials").rglob("README.md"))


def commands_in(text):
    """(command, [flags], line number, certain) for every glassbox command line in code; certain
    is False for a span like `train --resume FILE`, which is a command only if the CLI has it."""
    text = text.replace("\\\n", " ")  # shell line continuations
    for pattern in (CODE_BLOCK, CODE_SPAN):
        for code in pattern.finditer(text):
            line = text.count("\n", 0, code.start(1)) + 1
            code_text = SHELL_COMMENT.sub("", code.group(1))  # "# glassbox and PyTorch" is prose
            for match in COMMAND.finditer(code_text):
                yield match.group(1), FLAG.findall(match.group(2)), \
                    line + code_text.count("\n", 0, match.start(1)), True
            short = SPAN_COMMAND.match(code.group(1)) if pattern is CODE_SPAN else None
            if short:
                yield short.group(1), FLAG.findall(short.group(2)), line, False


def help_text(executable, *command):
    run = subprocess.run([executable, *command, "--help"], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("test_readme_commands: %s %s --help failed: %s" %
                         (executable, " ".join(command), run.stderr.strip()))
    return run.stdout


_help_cache = {}  # command → its flags, None until asked (and for no command at all)


def help_flags(executable, command, cache=_help_cache):
    """The flags `glassbox COMMAND --help` lists, or None when the CLI has no such command (the
    commands are those under "Subcommands:" in `glassbox --help`)."""
    if not cache:
        listed = help_text(executable).partition("Subcommands:")[2]
        cache.update({name: None for name in SUBCOMMAND.findall(listed)})
        if not cache:
            raise SystemExit("test_readme_commands: `glassbox --help` lists no commands")
    if command not in cache:
        return None
    if cache[command] is None:
        cache[command] = set(FLAG.findall(help_text(executable, command)))
    return cache[command]


def problems_in(name, text, executable):
    problems, count = [], 0
    for command, flags, line, certain in commands_in(text):
        known = help_flags(executable, command)
        if known is None and not certain:
            continue
        count += 1
        if known is None:
            problems.append("%s:%d: `glassbox %s`: the CLI has no such command" % (name, line, command))
            continue
        for flag in flags:
            if flag not in known:
                problems.append("%s:%d: `glassbox %s %s`: not in `glassbox %s --help`" %
                                (name, line, command, flag, command))
    return problems, count


def self_test(executable):
    """The checker must catch a wrong flag and a wrong command, and pass a right one."""
    wrong, _ = problems_in("self-test", "```sh\nbuild/cli/glassbox train --no-such-flag 1\n"
                                        "glassbox no-such-command --out x\n```\n", executable)
    right, count = problems_in("self-test", "run `glassbox explain --model m.json --npy r.npy`, "
                                           "`train --resume FILE` or `cmake --build`", executable)
    short, _ = problems_in("self-test", "then `evaluate --no-such-flag`", executable)
    return len(wrong) == 2 and not right and count == 2 and len(short) == 1


def main():
    executable = os.environ.get("GLASSBOX_EXECUTABLE", "build/cli/glassbox")
    repository = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    if not self_test(executable):
        print("test_readme_commands: the self-test failed: wrong flags or commands go unnoticed")
        return 1
    problems, total = [], 0
    for page in pages(repository):
        found, count = problems_in(page.relative_to(repository).as_posix(),
                                   page.read_text(encoding="utf-8"), executable)
        problems += found
        total += count
    for problem in problems:
        print("test_readme_commands: " + problem)
    print("test_readme_commands: %d command lines checked, %s" %
          (total, "ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

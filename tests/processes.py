"""Running selfcheck as a separate program, for the tests that need a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

#: Libraries that draw or ask on a terminal: a command that has none loads none of them.
INTERACTIVE = ("textual", "questionary", "prompt_toolkit")
#: Long enough for a slow, busy machine; a healthy run needs well under a second.
HANG = 30.0


@dataclass
class Finished:
    returncode: int
    stdout: str
    #: What the program wrote to stderr, without Python's import-time lines.
    messages: list[str]
    #: Top-level packages the program imported.
    imported: set[str]


def without_a_terminal(args: list[str], env: dict[str, str]) -> Finished:
    """Run `python -m selfcheck ARGS` with no terminal: stdout and stderr are pipes, and stdin
    is a pipe that stays open and silent. A program that waited for input or for a terminal
    would never finish: that is reported as a hang (after HANG seconds), not timed."""
    silent, held_open = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "selfcheck", *args],
            stdin=silent, capture_output=True, text=True, env=env, timeout=HANG,
        )  # fmt: skip
    finally:
        os.close(silent)
        os.close(held_open)
    lines = done.stderr.splitlines()
    imports = [line for line in lines if line.startswith("import time:")]
    return Finished(
        returncode=done.returncode,
        stdout=done.stdout,
        messages=[line for line in lines if not line.startswith("import time:")],
        # "import time:  self | cumulative |   package.module", the header row aside.
        imported={line.rsplit("|", 1)[-1].strip().split(".")[0] for line in imports[1:]},
    )

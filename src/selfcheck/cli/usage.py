"""What every command shares: the usage error, and the folders the flags point at."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfcheck import paths


class UsageError(Exception):
    """Bad usage or invalid input: one line on stderr, exit 2."""


def folder_args(args: argparse.Namespace) -> tuple[Path, Path]:
    """(catalogues folder, sessions folder) from the flags, the environment or the defaults."""
    return paths.catalogues_dir(args.catalogues), paths.sessions_dir(args.sessions)

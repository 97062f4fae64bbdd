"""The `selfcheck` command: parses arguments and dispatches.

Textual and questionary are imported only inside the commands that need them, so `report`,
`validate`, `catalogues` and `check SESSION` start fast and work without a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from selfcheck import __version__
from selfcheck.cli.usage import UsageError
from selfcheck.exitcodes import EXIT_CANCELLED, EXIT_OK, EXIT_USAGE
from selfcheck.safetext import one_line

COMMANDS = (
    "review",
    "check",
    "report",
    "diff",
    "catalogues",
    "validate",
    "import",
    "export",
    "serve",
    "feedback",
)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, sized the same way but without importing `shutil`: argparse makes a
    formatter at every add_argument, and shutil loads the compression modules, a cost every
    command would pay before doing anything."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("width", _columns() - 2)
        super().__init__(prog, **kwargs)


def _columns() -> int:
    """The terminal's width, found as shutil.get_terminal_size finds it (COLUMNS first)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # One clear line instead of argparse's usage block.
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_folders(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Accepted before or after the command; a command's own copy must not reset the top one.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--catalogues", metavar="DIR", default=default,
        help="catalogue folder (env SELFCHECK_CATALOGUES)",
    )  # fmt: skip
    parser.add_argument(
        "--sessions", metavar="DIR", default=default,
        help="session folder (env SELFCHECK_SESSIONS)",
    )  # fmt: skip


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text!r}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="selfcheck",
        description="Rate yourself against a designation's competencies and see what is missing. "
        "Run 'selfcheck' alone, or 'selfcheck SESSION', to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"selfcheck {__version__}")
    _add_folders(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "review", help="open a session (or the sessions folder) read-only for a mentor"
    )
    p.add_argument("session", metavar="SESSION", nargs="?", help="a session; none: the folder's")
    _add_folders(p)

    p = sub.add_parser("check", help="quick readiness check (prompts), or a session's verdict")
    p.add_argument("session", metavar="SESSION", nargs="?")
    p.add_argument("--catalogue", metavar="ID")
    p.add_argument("--designation", metavar="ID")
    _add_folders(p)

    p = sub.add_parser("report", help="report on one or more sessions")
    p.add_argument("sessions_in", metavar="SESSION", nargs="+", help="session files or folders")
    p.add_argument(
        "--format", choices=("text", "markdown", "html", "json", "csv"), default="text",
        help="several sessions or a folder give a cohort summary (json: an array)",
    )  # fmt: skip
    p.add_argument(
        "--part", choices=("all", "development"), default="all",
        help="development: the plan, activities, hours by competency and reflections, the "
             "document an annual development report is written from (text, markdown or html)",
    )  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _add_folders(p)

    p = sub.add_parser("diff", help="what changed between two sessions of the same candidate")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    _add_folders(p)

    p = sub.add_parser("catalogues", help="list catalogues and their designations")
    _add_folders(p)

    p = sub.add_parser("validate", help="check catalogue or session files (exit 2 if invalid)")
    p.add_argument("paths", metavar="PATH", nargs="+")
    _add_folders(p)

    p = sub.add_parser("import", help="make a catalogue from a 1EdTech CASE package")
    p.add_argument("format", choices=("case",), help="the package's format")
    p.add_argument("package", metavar="PACKAGE.json")
    p.add_argument("-o", "--output", metavar="FILE.toml", help="write to FILE instead of stdout")
    _add_folders(p)

    p = sub.add_parser("export", help="write a catalogue as a 1EdTech CASE 1.1 package")
    p.add_argument("format", choices=("case",), help="the package's format")
    p.add_argument("catalogue", metavar="CATALOGUE", help="a catalogue id or file")
    p.add_argument("-o", "--output", metavar="FILE.json", help="write to FILE instead of stdout")
    _add_folders(p)

    p = sub.add_parser(
        "feedback",
        help="multi-rater feedback: 'feedback SESSION', 'feedback form SESSION --group ID', "
        "'feedback rate FORM'",
    )
    p.add_argument("words", metavar="SESSION | form SESSION | rate FORM", nargs="+")
    p.add_argument("--group", metavar="ID", help="form: the rater's group")
    p.add_argument("-o", "--output", metavar="FILE", help="form: write to FILE (never over one)")
    p.add_argument("--format", choices=("text", "markdown", "html", "json"), default="text")
    _add_folders(p)

    p = sub.add_parser("serve", help="the app in a browser, behind a random token")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this "
                   "machine only; any other is reachable by others who have the link)")  # fmt: skip
    p.add_argument("--port", type=_port, default=8000, help="port (0: any free one)")
    p.add_argument("--review", action="store_true", help="a mentor's read-only review")
    _add_folders(p)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="selfcheck", description="Open the app (start screen, or SESSION).")
    parser.add_argument("session", metavar="SESSION", nargs="?")
    _add_folders(parser, top=True)
    return parser


def _first_positional(argv: Sequence[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--catalogues", "--sessions"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    try:
        first = _first_positional(args_in)
        if first in COMMANDS or any(a in ("-h", "--help", "--version") for a in args_in):
            args = build_parser().parse_args(args_in)
        else:
            args = build_app_parser().parse_args(args_in)
            args.command = None
        return _dispatch(args)
    except UsageError as exc:
        print(f"selfcheck: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("selfcheck: cancelled, nothing saved", file=sys.stderr)
        return EXIT_CANCELLED
    except BrokenPipeError:
        # `selfcheck report | head`: the reader left; not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in (None, "review"):
        # The app goes straight to the UI: the other commands' imports would slow its first
        # screen (measured by benchmarks/run.py).
        from selfcheck.ui.launch import launch

        return launch(args, review=args.command == "review")
    if args.command == "serve":
        from selfcheck.serve import run

        return run(args)
    if args.command == "feedback":
        from selfcheck.cli.feedback import run_feedback

        return run_feedback(args)
    from selfcheck.cli.commands import (
        run_catalogues,
        run_check,
        run_diff,
        run_export,
        run_import,
        run_report,
        run_validate,
    )

    handlers = {
        "check": run_check,
        "report": run_report,
        "diff": run_diff,
        "catalogues": run_catalogues,
        "validate": run_validate,
        "import": run_import,
        "export": run_export,
    }
    return handlers[args.command](args)

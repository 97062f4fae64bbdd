"""Start the app from the command line: check for a terminal first, then run."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from selfcheck import paths
from selfcheck.safetext import one_line

NO_TERMINAL = (
    "selfcheck: the app needs an interactive terminal; try 'selfcheck report' or "
    "'selfcheck check SESSION --designation ID'"
)


def _is_terminal() -> bool:
    if os.environ.get("TEXTUAL_DRIVER"):
        # A driver chosen for us, as `selfcheck serve` does for each browser tab: the app
        # talks to the server through pipes, and the browser tab is its terminal.
        return True
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def launch(args: argparse.Namespace, review: bool) -> int:
    """Run the app (or the mentor's read-only view); return the exit code."""
    if not _is_terminal():
        # Without this check Textual waits forever for a terminal that is not there.
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    sessions_dir = paths.sessions_dir(getattr(args, "sessions", None))
    session: Path | None = None
    if getattr(args, "session", None):
        from selfcheck.storage.folder import resolve_session

        session = resolve_session(args.session, sessions_dir)
        if review and session.is_dir():  # a mentor's view of a whole folder
            sessions_dir, session = session, None
        elif not session.is_file():
            print(f"selfcheck: no such session file: {one_line(str(session))}", file=sys.stderr)
            return 2
    if review and session is None and not sessions_dir.is_dir():
        print(
            f"selfcheck: no such folder of sessions: {one_line(str(sessions_dir))}", file=sys.stderr
        )
        return 2

    if session is not None and not review:
        from selfcheck.storage.feedback import looks_like_form

        if looks_like_form(session):
            return _rate_form(session, paths.catalogues_dir(getattr(args, "catalogues", None)))

    # Startup makes hundreds of thousands of long-lived objects and little garbage: collecting
    # while the first screen is built costs more than it frees. The app resumes the
    # collector once that screen is painted (SelfcheckApp.after_first_frame).
    gc.disable()
    from selfcheck.ui.app import SelfcheckApp

    app = SelfcheckApp(
        catalogues_dir=paths.catalogues_dir(getattr(args, "catalogues", None)),
        sessions_dir=sessions_dir,
        session_path=session,
        review=review,
    )
    app.run()
    return app.return_code or 0


def _rate_form(path: Path, catalogues_dir: Path) -> int:
    """`selfcheck FORM`: a rater fills in a feedback form in the app's rater mode."""
    from selfcheck.storage.catalogues import CatalogueLibrary
    from selfcheck.storage.feedback import open_form
    from selfcheck.storage.toml_files import LoadError

    try:
        form, catalogue, group = open_form(path, CatalogueLibrary(catalogues_dir))
    except LoadError as exc:
        for problem in exc.problems:
            print(f"selfcheck: {one_line(str(problem))}", file=sys.stderr)
        return 2
    from selfcheck.ui.rater_app import RaterApp

    app = RaterApp(path, form, catalogue, group)
    app.run()
    return app.return_code or 0

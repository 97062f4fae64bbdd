"""`selfcheck serve`: the app in a browser tab, one app process per tab, behind a random token,
on this machine only unless another address is asked for.

What the token protects and what it does not is said in docs/serve.md: it keeps out whoever
does not have the link; it is not a login, and everyone who has the link shares one sessions
folder as the one OS user running the server.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from selfcheck import paths
from selfcheck.exitcodes import EXIT_OK, EXIT_USAGE
from selfcheck.safetext import one_line

EXTRA_MISSING = (
    "selfcheck: 'selfcheck serve' needs the serve extra: pip install 'selfcheck[serve]' "
    "(in a source checkout: pip install -e '.[serve]')"
)
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def exposure_warning(host: str, sessions: Path) -> str | None:
    """What to say when `host` is not this machine only (None when it is)."""
    from selfcheck.serve.access import is_loopback

    if is_loopback(host):
        return None
    return (
        f"warning: listening on {host}, not on this machine only: anyone who can reach it and "
        f"has the link can use the sessions in {sessions}, as you"
    )


def _say(text: str) -> None:
    print(f"selfcheck serve: {one_line(text)}", flush=True)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C; the exit code."""
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        print(EXTRA_MISSING, file=sys.stderr)
        return EXIT_USAGE
    import asyncio

    from selfcheck.serve.server import Options, SelfcheckServer, listen, run_until_stopped
    from selfcheck.serve.tabs import tab_command

    sessions = paths.sessions_dir(args.sessions)
    catalogues = paths.catalogues_dir(args.catalogues)
    if args.review and not sessions.is_dir():
        print(f"selfcheck: no such folder of sessions: {one_line(str(sessions))}", file=sys.stderr)
        return EXIT_USAGE
    options = Options(args.host, args.port, tab_command(sessions, catalogues, review=args.review))
    try:
        sock = listen(args.host, args.port)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        hint = " (choose another with --port N, or --port 0 for any free one)"
        print(f"selfcheck: cannot listen on {one_line(args.host)}:{args.port}: {reason}"
              + (hint if exc.errno == errno.EADDRINUSE else ""), file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    what = "a mentor's read-only review of" if args.review else "the app on"
    _say(f"serving {what} the sessions in {sessions.resolve()}")
    warning = exposure_warning(args.host, sessions.resolve())
    if warning:
        _say(warning)

    def started(url: str) -> None:
        _say("open this link in a browser (its token is the key; keep it private):")
        print(f"  {url}", flush=True)
        _say("Ctrl+C stops the server and every tab's app (each saves first)")

    server = SelfcheckServer(options, log=_say)
    asyncio.run(run_until_stopped(server, sock, started))
    _say("stopped")
    return EXIT_OK

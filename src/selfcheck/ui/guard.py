"""What happens when the process is told to stop or hits a bug: signal handlers that save
first, and a crash message that names a report instead of printing the notes.

Signal handlers are installed at start, so the heavy imports (rich's traceback pulls in
pygments; storage) wait inside the functions that need them: the first screen stays fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

#: After a signal the session is saved first; if the terminal is gone and a clean exit stalls,
#: the process still ends after this many seconds.
EXIT_DEADLINE = 3.0


def install_signal_handlers(handler: Callable[[int], None]) -> list[int]:
    """SIGHUP (terminal closed) and SIGTERM call `handler`; returns what was installed.

    Textual installs none: without these the process ends at once, and what was typed since
    the last save is lost with it.
    """
    if threading.current_thread() is not threading.main_thread():
        return []
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for sig in (signal.SIGHUP, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
            loop.add_signal_handler(sig, handler, sig)
            installed.append(sig)
    return installed


def remove_signal_handlers(installed: list[int]) -> None:
    with contextlib.suppress(RuntimeError):
        loop = asyncio.get_running_loop()
        for sig in installed:
            loop.remove_signal_handler(sig)


def exit_anyway_after_deadline(code: int) -> None:
    """End the process after EXIT_DEADLINE even if a clean exit stalls (the work is saved)."""
    timer = threading.Timer(EXIT_DEADLINE, os._exit, [code])
    timer.daemon = True
    timer.start()


def write_crash_report(error: BaseException, state_dir: Path | None) -> Path | None:
    """The traceback, without local variables, in a private file; None if it cannot be."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return _write_report(text, state_dir)


def write_panic_report(
    renderables: tuple[RenderableType, ...], state_dir: Path | None
) -> Path | None:
    """What Textual reported when its own machinery failed, as plain text in a private file."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False)
    for renderable in renderables:
        console.print(renderable)
    return _write_report(buffer.getvalue(), state_dir)


def _write_report(text: str, state_dir: Path | None) -> Path | None:
    from selfcheck import paths
    from selfcheck.clock import utc_now
    from selfcheck.storage.atomic import atomic_write
    from selfcheck.storage.toml_files import SaveError

    try:
        folder = paths.ensure_private_dir(state_dir or paths.state_dir())
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        report = folder / f"crash-{stamp}.txt"
        atomic_write(report, text.encode("utf-8", "replace"))
        return report
    except (OSError, SaveError):
        return None


def crash_notice(report: Path | None) -> RenderableType:
    from rich.text import Text

    where = f" Details are in {report}." if report else ""
    return Text(
        "selfcheck stopped after an unexpected error. Unsaved changes were kept and are "
        f"offered when the session is opened again.{where}"
    )


def crash_message(error: BaseException, report: Path | None) -> RenderableType:
    """What is printed after a crash: the traceback without locals, and where to look."""
    from rich.console import Group
    from rich.traceback import Traceback

    return Group(
        Traceback.from_exception(type(error), error, error.__traceback__, show_locals=False),
        crash_notice(report),
    )

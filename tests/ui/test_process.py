"""The real program in a pseudo-terminal: a closed terminal or a kill signal saves first;
no terminal at all gives a clear error at once; a crash keeps the draft and hides notes."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from textual.binding import Binding, BindingType

from selfcheck.ui.app import SelfcheckApp

from ..processes import INTERACTIVE, without_a_terminal
from .conftest import session_document
from .helpers import read, session_screen, settle

DEADLINE = 20.0  # seconds; a healthy run needs about two
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals and signals")


class Terminal:
    """The app running under a pty; output is drained so the app never blocks writing."""

    def __init__(self, session: Path, env: dict[str, str], command: tuple[str, ...] = ()) -> None:
        self.output = b""
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            try:
                import fcntl
                import termios

                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                argv = [sys.executable, "-m", "selfcheck", *command, str(session)]
                os.execve(sys.executable, argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status: int | None = None

    def pump(self, until: Callable[[], bool], what: str) -> None:
        end = time.monotonic() + DEADLINE
        while not until():
            if time.monotonic() > end:
                self.kill()
                raise AssertionError(
                    f"timed out waiting for {what}; output: {self.output[-400:]!r}"
                )
            self._read(0.05)
            self._reap()

    def _read(self, timeout: float) -> None:
        if self.fd < 0:
            time.sleep(timeout)  # the terminal is closed: only the exit is left to wait for
            return
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO once the app has gone
                self.output += os.read(self.fd, 65536)

    def _reap(self) -> None:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close_terminal(self) -> None:
        os.close(self.fd)
        self.fd = -1

    def wait_exit(self) -> int:
        self.pump(lambda: self.status is not None, "the app to exit")
        assert self.status is not None
        assert os.WIFEXITED(self.status), f"killed by a signal: {self.status}"
        return os.WEXITSTATUS(self.status)

    def kill(self) -> None:
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = -1
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


@pytest.fixture
def terminal(folders):
    session = folders.write_session("alex.toml", session_document())
    env = dict(os.environ, TERM="xterm-256color", SELFCHECK_CATALOGUES=str(folders.catalogues))
    env.pop("NO_COLOR", None)
    term = Terminal(session.resolve(), env)
    yield term, session.resolve()
    term.kill()


def _type_evidence(term: Terminal, folders, words: bytes) -> None:
    term.pump(lambda: b"Planning" in term.output, "the session to show")
    term.send(b"e")
    term.pump(lambda: b"Back to list" in term.output, "the evidence field to take the keys")
    term.send(words)

    def journalled() -> bool:
        try:
            return any(words.decode() in p.read_text("utf-8") for p in folders.draft_files())
        except FileNotFoundError:  # replaced while we looked
            return False

    term.pump(journalled, "the draft to hold what was typed")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_saves_then_exits(terminal, folders, sig):
    term, session = terminal
    _type_evidence(term, folders, b" and a signal")
    os.kill(term.pid, sig)
    assert term.wait_exit() == 128 + sig
    assert read(session)["ratings"]["1.2"]["evidence"] == "Some plans, with help. and a signal"
    assert not folders.draft_files()
    assert b"\x1b[?1049l" in term.output  # the terminal was restored


@pytest.mark.slow
def test_closed_terminal_saves(terminal, folders):
    term, session = terminal
    _type_evidence(term, folders, b" then the window closed")
    term.close_terminal()  # the kernel sends SIGHUP
    term.wait_exit()
    evidence = read(session)["ratings"]["1.2"]["evidence"]
    assert evidence == "Some plans, with help. then the window closed"


@pytest.mark.slow
def test_bytes_that_are_not_utf8_end_with_a_crash_report_and_the_draft_kept(terminal, folders):
    term, session = terminal
    _type_evidence(term, folders, b" before the bad bytes")
    term.send(b"ab\xff\xfecd")  # Textual's input thread cannot decode these and stops
    assert term.wait_exit() != 0
    (report,) = folders.state.glob("crash-*.txt")
    assert "UnicodeDecodeError" in report.read_text("utf-8")
    assert "before the bad bytes" not in report.read_text("utf-8")
    assert b"Details are in" in term.output
    words = "Some plans, with help. before the bad bytes"
    drafts = [p.read_text("utf-8") for p in folders.draft_files()]
    saved = read(session)["ratings"]["1.2"]["evidence"]
    assert saved == words or any(words in d for d in drafts)


@pytest.mark.slow
def test_without_a_terminal_the_app_says_so_at_once(folders):
    """Textual would wait for a terminal that never comes: the app says why it cannot start
    before loading it, without waiting for input, and draws nothing."""
    env = dict(os.environ, SELFCHECK_CATALOGUES=str(folders.catalogues))
    result = without_a_terminal([], env)
    assert result.returncode == 2
    assert (
        len(result.messages) == 1 and "the app needs an interactive terminal" in result.messages[0]
    )
    assert not result.imported & set(INTERACTIVE), result.imported
    assert result.stdout == ""


class CrashingApp(SelfcheckApp):
    """The app with one extra key that fails the way a bug would."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *SelfcheckApp.BINDINGS,
        Binding("f12", "crash", "Crash (tests only)"),
    ]

    def action_crash(self) -> None:
        screen = self.session_screen()
        note = screen.session.rating("1.2").evidence if screen else ""
        raise RuntimeError(f"a bug ({len(note)} characters in the note)")


async def test_crash_keeps_the_draft_and_prints_no_notes(folders, capsys, typing_never_autosaves):
    # The crash must come while the note is still unsaved, whatever the machine's speed.
    path = folders.write_session("alex.toml", session_document())
    app = CrashingApp(
        catalogues_dir=folders.catalogues,
        sessions_dir=folders.sessions,
        state_dir=folders.state,
        session_path=path,
    )
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test() as pilot:
            await settle(pilot)
            session_screen(app)
            await pilot.press("e", *"PRIVATE-NOTE", "f12")
            await settle(pilot)
    drafts = folders.draft_files()
    assert len(drafts) == 1 and "PRIVATE-NOTE" in drafts[0].read_text("utf-8")
    assert "PRIVATE-NOTE" not in read(path)["ratings"]["1.2"]["evidence"]
    printed = capsys.readouterr()
    everything = printed.out + printed.err
    assert "a bug" in everything and "selfcheck stopped after an unexpected error" in everything
    assert "PRIVATE-NOTE" not in everything
    reports = list(folders.state.glob("crash-*.txt"))
    assert len(reports) == 1 and "PRIVATE-NOTE" not in reports[0].read_text("utf-8")
    assert oct(reports[0].stat().st_mode & 0o777) == "0o600"

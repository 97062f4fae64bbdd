"""`selfcheck check` as a person meets it: in a real pseudo-terminal, and without one.

Every wait reads the terminal until an expected text appears, with a deadline; nothing
sleeps for a guessed time.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from selfcheck import paths
from selfcheck.storage.catalogues import load_catalogues
from selfcheck.storage.sessions import load_session

from .conftest import UNCHECKED_SELFCHECK
from .processes import INTERACTIVE, without_a_terminal

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="needs POSIX pseudo-terminals"),
    pytest.mark.slow,
]

TIMEOUT = 20.0
CPR_REQUEST = b"\x1b[6n"


def check_command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "selfcheck", "check", *extra]


class Terminal:
    """A child process on a pseudo-terminal of 80 x 24, answering like a terminal would."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the command
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.output = b""
        self.seen = 0  # how far `expect` has matched
        self.cpr_answered = 0
        self.status: int | None = None

    def _read(self, until: float) -> str:
        """Read what arrives before `until`: "data", "quiet" (nothing came) or "eof"."""
        ready, _, _ = select.select([self.fd], [], [], max(until - time.monotonic(), 0))
        if not ready:
            return "quiet"
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return "eof"
        if not chunk:
            return "eof"
        self.output += chunk
        # prompt_toolkit asks where the cursor is; a terminal answers.
        while self.output.count(CPR_REQUEST) > self.cpr_answered:
            self.cpr_answered += 1
            os.write(self.fd, b"\x1b[1;1R")
        return "data"

    def expect(self, text: str, timeout: float = TIMEOUT) -> None:
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while wanted not in self.output[self.seen :]:
            if time.monotonic() >= deadline or self._read(deadline) == "eof":
                raise AssertionError(f"no {text!r} on the terminal; got:\n{self.text()[-3000:]}")
        self.seen = self.output.index(wanted, self.seen) + len(wanted)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait(self, timeout: float = TIMEOUT) -> int:
        """Read to the end of the output and return the exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._read(min(deadline, time.monotonic() + 0.1)) == "eof":
                break
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                while time.monotonic() < deadline and self._read(time.monotonic() + 0.1) == "data":
                    pass
                return os.waitstatus_to_exitcode(status)
        else:
            raise AssertionError(f"still running after {timeout}s; got:\n{self.text()[-3000:]}")
        # The terminal closed: the process is exiting; collect its status within the deadline.
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.01)
        raise AssertionError(f"closed its terminal but did not exit within {timeout}s")

    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def close(self) -> None:
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


@pytest.fixture
def env(sessions: Path) -> dict[str, str]:
    out = dict(os.environ)
    out.update(SELFCHECK_SESSIONS=str(sessions), TERM="xterm-256color", COLUMNS="80")
    out.pop("NO_COLOR", None)
    return out


Start = Callable[..., "Terminal"]


@pytest.fixture
def terminal_for(env: dict[str, str]) -> Iterator[Start]:
    started: list[Terminal] = []

    def start(
        *argv: str, extra_env: dict[str, str] | None = None, unchecked: bool = False
    ) -> Terminal:
        command = [*UNCHECKED_SELFCHECK, "check", *argv] if unchecked else check_command(*argv)
        term = Terminal(command, {**env, **(extra_env or {})})
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_not_a_terminal_points_to_the_session_form(env: dict[str, str], sessions: Path) -> None:
    """Without a terminal there is nothing to ask on: one line says what to use instead, at
    once (without waiting for input or loading the prompt library)."""
    done = without_a_terminal(
        ["check", "--catalogue", "career-management", "--designation", "CMA"], env
    )
    assert done.returncode == 2
    assert len(done.messages) == 1
    assert "selfcheck check SESSION --designation ID" in done.messages[0]
    assert "Traceback" not in done.messages[0]
    assert not done.imported & set(INTERACTIVE), done.imported
    assert files_in(sessions) == []


def test_ctrl_c_in_a_real_terminal(terminal_for: Start, sessions: Path) -> None:
    term = terminal_for("--catalogue", "career-management", "--designation", "CMA")
    # The portfolio questions come first: yes, each under the first competency offered.
    for question, answer in [
        ("course or training completed (A)", "y\r"),
        ("presentation (B or G)", "\r"),
        ("case study (D)", "y\r"),
    ]:
        term.expect(question)
        term.send(answer)
        term.expect("Which competency does it back best?")
        term.send("\r")
    term.expect("1.1  Ongoing professional development")
    term.expect("Can you show evidence of it from the past 5 years?")
    term.send("y\r")
    term.expect("Your evidence (what, when):")
    term.send("Ran three CPD courses in 2024\r")
    term.expect("1.2  Building career capability")
    term.expect("Can you show evidence of it")
    term.send("n\r")
    term.expect("1.3  Theory and approach")
    term.expect("Can you show evidence of it")
    term.send("\x03")
    term.expect("Save the 5 answers so far")  # offered; a second Ctrl+C declines
    term.send("\x03")
    assert term.wait() == 130
    term.expect("Cancelled, nothing saved")
    assert "Traceback" not in term.text()
    assert files_in(sessions) == []


def test_full_run_and_save_in_a_real_terminal(terminal_for: Start, sessions: Path) -> None:
    term = terminal_for()
    term.expect("Which catalogue?")
    term.send("\x1b[B\r")  # ICMA, second in the list
    term.expect("Which designation?")
    term.send("2\r")  # ICMA-CM, by its shortcut
    term.expect("full member of ICMA")
    term.send("y\r")
    term.expect("management assessment")
    term.send("y\r")
    term.expect("hours of professional development")
    term.send("forty\r")
    term.expect("Enter a number, such as 4 or 2.5")
    term.send("\x7f" * 5 + "40\r")
    term.expect("annual professional development plan")
    term.send("y\r")
    term.expect("highest level of education")
    term.send("\r")  # MPA or equivalent
    term.expect("years of local government executive experience")
    term.send("7\r")
    term.expect("Ready for ICMA Credentialed Manager (ICMA-CM) — rests on a rule no source")
    term.expect("Save these answers")
    term.send("y\r")
    term.expect("Your name")
    term.send("Pat Lee\r")
    term.expect("Saved to ")
    assert term.wait() == 0
    (file,) = files_in(sessions)
    assert f"Saved to {file.resolve()}" in term.text()
    catalogues = load_catalogues(paths.shipped_catalogues_dir()).catalogues
    saved = load_session(file, catalogues).session
    assert saved.candidate == "Pat Lee"
    assert saved.requirements["executive_experience_years"] == 7


def test_escape_codes_in_catalogue_text_stay_visible(
    terminal_for: Start, tmp_path: Path, sessions: Path
) -> None:
    """Hostile titles and prompts never reach the terminal raw."""
    shipped = paths.shipped_catalogues_dir() / "icma.toml"
    text = shipped.read_text(encoding="utf-8")
    hostile = "\\u001b]0;PWNED\\u0007 \\u001b]52;c;SGVsbG8=\\u0007 \\u009b31m \\u001b[2J \\u0000"
    text = text.replace(
        'title = "ICMA Credentialed Manager"\n', f'title = "ICMA CM {hostile}"\n'
    ).replace("committed to its Code of Ethics?", f"committed {hostile}?")
    folder = tmp_path / "catalogues"
    folder.mkdir()
    (folder / "icma.toml").write_text(text, encoding="utf-8")
    # Validation refuses such a title; shown anyway, it must still be safe.
    term = terminal_for(
        "--catalogue", "icma", extra_env={"SELFCHECK_CATALOGUES": str(folder)}, unchecked=True
    )
    term.expect("Which designation?")
    term.send("\x1b[B")  # move onto the hostile title, shown in the list
    term.send("\r")
    term.expect("Quick check for ICMA-CM")
    term.expect("full member of ICMA")
    term.send("n\r")
    term.expect("questions anyway?")
    term.send("\r")
    term.expect("Save these answers")
    term.send("\r")
    assert term.wait() == 1
    raw = term.output
    for sequence in (b"\x1b]0;PWNED", b"\x1b]52;", b"\xc2\x9b", b"\x1b[2J", b"\x00"):
        assert sequence not in raw, sequence
    assert "␛]0;PWNED␇" in term.text()
    assert files_in(sessions) == []

"""Helpers for driving `selfcheck serve` from a real headless Chromium (Playwright).

The terminal is drawn on a canvas, so its text is read where the page receives it: the
websocket frames the page's terminal writes, with escape sequences taken out.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, WebSocket

#: Flags for a root user on a closed network: no sandbox (root), and nothing that calls home.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
#: Seconds to wait for anything the page should show (a healthy run needs well under one).
DEADLINE = 15.0
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def find_chromium() -> tuple[str | None, str]:
    """The browser to drive, or None and why not."""
    chosen = os.environ.get("SELFCHECK_CHROMIUM")
    if chosen:
        if os.access(chosen, os.X_OK):
            return chosen, ""
        return None, f"SELFCHECK_CHROMIUM={chosen} is not a program"
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found, ""
    return None, "no Chromium found (apt-get install chromium, or set SELFCHECK_CHROMIUM)"


def chromium_or_skip() -> str:
    """The browser to use; without one the test is skipped with the reason, or fails in CI
    (where .ci/run installs it, so a missing browser is a broken set-up, never a pass)."""
    executable, problem = find_chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[test]')"
    if problem or executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {problem}", pytrace=False)
        pytest.skip(f"browser test not run: {problem}")
    return executable


class Server:
    """`selfcheck serve` in a process of its own, on a free loopback port."""

    def __init__(self, *args: str, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "selfcheck", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            text=True,
        )
        self.output: list[str] = []
        self.url = self._read_url()
        self.base = self.url.split("/?", 1)[0]

    def _read_url(self) -> str:
        assert self.process.stdout is not None
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            if line.startswith("  http://"):
                return line.strip()
        self.process.kill()
        raise AssertionError(f"selfcheck serve printed no link: {''.join(self.output)!r}")

    def app_pids(self) -> set[int]:
        """The tabs' app processes (children of the server), from /proc."""
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                found.add(int(stat.parent.name))
        return found

    def interrupt(self) -> int:
        """Ctrl+C, as a terminal sends it; the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            rest, _ = self.process.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.output.append(rest)
        return self.process.returncode

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Tab:
    """A browser page showing the app, with the text its terminal has been sent."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.frames: list[str] = []
        self.console_errors: list[str] = []
        page.on("websocket", self._websocket)
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _websocket(self, websocket: WebSocket) -> None:
        def received(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                payload = payload.decode("utf-8", "replace")
            self.frames.append(payload)

        websocket.on("framereceived", received)

    def text(self) -> str:
        return _ESCAPES.sub("", "".join(self.frames))

    def wait_for(self, text: str, *, after: int = 0) -> int:
        """Wait until the terminal has been sent `text` (in what came after frame `after`);
        returns the number of frames so far, for the next wait to start from."""
        end = time.monotonic() + DEADLINE
        while True:
            frames = len(self.frames)
            if text in _ESCAPES.sub("", "".join(self.frames[after:])):
                return frames
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never reached the page; it was sent: "
                                     f"{self.text()[-600:]!r}")  # fmt: skip
            self.page.wait_for_timeout(25)

    def click(self, x: float, y: float, *, then: str) -> None:
        """Click at (x, y) on the page; wait until the app has sent `then` and the terminal
        has drawn it."""
        frames = len(self.frames)
        self.page.mouse.click(x, y)
        self.wait_for(then, after=frames)
        # The terminal draws what it is sent at the next animation frames.
        self.page.evaluate(
            "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )

    def wait_for_file(self, path: Path, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Wait until the TOML file at `path` exists and `done` holds for it; return it."""
        end = time.monotonic() + DEADLINE
        while True:
            try:
                document = tomllib.loads(path.read_text("utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                document = {}
            if document and done(document):
                return document
            if time.monotonic() > end:
                raise AssertionError(f"{path.name} never held what was typed: {document!r}")
            self.page.wait_for_timeout(25)

    def type(self, text: str) -> None:
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.type(text)

    def press(self, *keys: str) -> None:
        # Keys go to the terminal's input (a person would click the page first).
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            self.page.keyboard.press(key)


@contextmanager
def chromium(executable: str, downloads: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS, downloads_path=str(downloads)
        )
        try:
            yield browser
        finally:
            browser.close()


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF as Chromium writes it (one `/Type /Page` object per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))

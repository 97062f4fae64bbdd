"""Measurement 9: `selfcheck serve` in headless Chromium against the bare app served the same
way: from opening the page to the start screen's text, and the memory of each tab's app."""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser

HERE = Path(__file__).parent


@dataclass
class Medians:
    seconds_ours: float
    seconds_bare: float
    #: Resident memory of a tab's app process, MiB.
    memory_ours: float
    memory_bare: float


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def unavailable() -> str | None:
    """Why the browser measurements cannot run here (None if they can)."""
    try:
        import playwright.sync_api  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[test]')"
    if chromium() is None:
        return "no Chromium (apt-get install chromium)"
    return None


def chromium() -> str | None:
    return os.environ.get("SELFCHECK_CHROMIUM") or shutil.which("chromium")


class Served:
    """A server process that has printed its link."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("  http://"):
                self.url = line.strip()
                break
        else:
            raise RuntimeError(f"{argv} printed no link")

    def tab_rss(self) -> int:
        """Resident memory (KiB) of the tab's app, the server's only child."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                status = (stat.parent / "status").read_text()
                return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        return 0

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def page_to_text(browser: Browser, served: Served, marker: str) -> tuple[float, int]:
    """Seconds from opening the page to `marker` reaching its terminal; the tab's memory."""
    context = browser.new_context(viewport={"width": 1000, "height": 640})
    page = context.new_page()
    frames: list[str] = []

    def on_websocket(websocket: Any) -> None:
        websocket.on(
            "framereceived",
            lambda data: frames.append(
                data if isinstance(data, str) else data.decode("utf-8", "replace")
            ),
        )

    page.on("websocket", on_websocket)
    start = time.perf_counter()
    page.goto(served.url, wait_until="commit")
    while marker not in _ESCAPES.sub("", "".join(frames)):
        page.wait_for_timeout(5)
        if time.perf_counter() - start > 30:
            raise RuntimeError(f"{marker!r} never reached the page")
    seconds = time.perf_counter() - start
    rss = served.tab_rss()
    context.close()
    return seconds, rss


def measure(runs: int, env: dict[str, str], marker: str, bare_marker: str) -> Medians:
    """Ours and the bare app, alternately, each in a fresh page; medians."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, **env}
    ours = Served([sys.executable, "-m", "selfcheck", "serve", "--port", "0"], env)
    bare = Served([sys.executable, str(HERE / "served_bare.py")], env)
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    memory: dict[str, list[int]] = {"ours": [], "bare": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            page_to_text(browser, ours, marker)  # the browser's own first start, not counted
            for _ in range(runs):
                for name, served, text in (("ours", ours, marker), ("bare", bare, bare_marker)):
                    seconds, rss = page_to_text(browser, served, text)
                    times[name].append(seconds)
                    memory[name].append(rss)
            browser.close()
    finally:
        ours.stop()
        bare.stop()
    return Medians(
        statistics.median(times["ours"]),
        statistics.median(times["bare"]),
        statistics.median(memory["ours"]) / 1024,
        statistics.median(memory["bare"]) / 1024,
    )

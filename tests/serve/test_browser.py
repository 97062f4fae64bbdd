"""`selfcheck serve` in a real headless Chromium: the start screen, a session made with keys and
saved to disk, a second tab read-only, a report downloaded, opened and printed, the token
refused, nothing asked from the network, and Ctrl+C stopping every app process."""

from __future__ import annotations

import os
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from selfcheck import paths

from .browser import Server, Tab, chromium, chromium_or_skip, pdf_pages

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc"),
]
#: Where the "New session" notification is on a 1000x640 page (bottom right, above the footer).
TOAST = (900, 530)
DOCS = Path(__file__).resolve().parents[2] / "docs"
#: A folder name a shell would misread: the tab's command must pass it through as it is.
AWKWARD_FOLDER = "catalogues $(touch pwned) 'quoted' \"double\""


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _rated(document: dict[str, Any]) -> bool:
    return bool(document.get("ratings", {}).get("1.1", {}).get("level") == 3)


def test_the_app_in_a_browser(tmp_path: Path) -> None:
    executable = chromium_or_skip()
    catalogues = tmp_path / AWKWARD_FOLDER
    catalogues.mkdir()
    shutil.copy(paths.shipped_catalogues_dir() / "career-management.toml", catalogues)
    sessions = Path(os.environ["HOME"]) / "sessions"  # shown as ~/sessions
    env = {**os.environ, "SECRET_API_KEY": "not-for-tabs"}
    server = Server(
        "--sessions", str(sessions), "--catalogues", str(catalogues), env=env, cwd=tmp_path
    )
    try:
        # Without the token: refused, page, websocket, downloads and files alike.
        for path in ("/", "/ws", "/download/x", "/static/js/textual.js", "/?token=wrong"):
            assert _status(server.base + path) == 403, path
        assert _status(server.url) == 200

        with chromium(executable, tmp_path / "downloads") as browser:
            context = browser.new_context(viewport={"width": 1000, "height": 640})
            requests: list[str] = []
            context.on("request", lambda request: requests.append(request.url))
            tab = Tab(context.new_page())
            tab.page.goto(server.url)
            tab.wait_for("Saved sessions")  # the first frame
            seen = tab.wait_for("Sessions are saved in")  # catalogues and sessions read

            # A new session, made with keys: catalogue (the only one), name, Enter.
            tab.press("n")
            seen = tab.wait_for("1. Catalogue", after=seen)
            tab.press("Enter")
            tab.type("Alex Doe")
            tab.press("Enter")
            seen = tab.wait_for("Rating (press", after=seen)
            tab.press("3")
            seen = tab.wait_for("Rated high enough", after=seen)
            document = tab.wait_for_file(sessions / "alex-doe-career-management.toml", _rated)
            assert document["candidate"] == "Alex Doe"
            assert not (tmp_path / "pwned").exists()
            # Dismiss "New session" (it names the test's folder): the status line it covered
            # is drawn again.
            tab.click(*TOAST, then="sessions/alex-doe-career-management.toml")
            tab.page.screenshot(path=str(tmp_path / "serve.png"))

            # A second tab on the same session opens it read-only.
            second = Tab(context.new_page())
            second.page.goto(server.url)
            second.wait_for("Alex Doe")
            second.press("Enter")
            second.wait_for("Read-only")

            # The report reaches the browser as a download.
            with tab.page.expect_download() as started:
                tab.press("R")
                seen = tab.wait_for("Download report", after=seen)
                tab.press("Enter")
            download = started.value
            assert download.suggested_filename == "alex-doe-career-management-report.html"
            report = tmp_path / "report.html"
            download.save_as(report)
            assert "Alex Doe" in report.read_text("utf-8")

            tabs = server.app_pids()
            assert len(tabs) == 2
            environment = Path(f"/proc/{min(tabs)}/environ").read_bytes()
            assert b"SECRET_API_KEY" not in environment
            assert b"TEXTUAL_DRIVER=selfcheck.serve.driver:TabDriver" in environment

            assert tab.console_errors == [] and second.console_errors == []
            foreign = [url for url in requests if not url.startswith(server.base + "/")]
            assert foreign == [], foreign

            # The HTML report: opens without errors and prints to a few pages.
            reader = Tab(context.new_page())
            reader.page.goto(report.as_uri())
            assert reader.page.title()
            pdf = reader.page.pdf(format="A4")
            assert reader.console_errors == []
            # All 31 competencies, the requirements and the verdicts: about 3 A4 pages. A page
            # per competency, or a layout wider than the paper, would print far more.
            assert 1 <= pdf_pages(pdf) <= 6, pdf_pages(pdf)

            # Ctrl+C with both tabs open: the server ends, and so does every app it started.
            assert server.interrupt() == 0, "".join(server.output)
            assert all(not Path(f"/proc/{pid}").exists() for pid in tabs), tabs
        if os.environ.get("SELFCHECK_SCREENSHOT"):
            shutil.copy(tmp_path / "serve.png", DOCS / "serve.png")
    finally:
        server.kill()

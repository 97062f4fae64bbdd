"""One browser tab's app: a `selfcheck` process of its own, streamed through textual-serve's
packet protocol, started with only the environment it needs and stopped so that it saves first.

textual-serve's AppService speaks the protocol (keys, resizes, downloads); this subclass decides
how the process starts and ends: no shell, its own process group (Ctrl+C at the server reaches
the server only, which then stops each tab), SIGTERM first so the app's guard saves, and an
error in the tab instead of a silent blank page when the process dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from selfcheck.safetext import one_line

#: Seconds a tab's app has to save and exit after SIGTERM before it is killed.
STOP_GRACE = 5.0
#: What a Textual app writes first when it runs under the web driver.
PRELUDE = b"__GANGLION__\n"
#: Lines a process may write before the prelude (textual-serve's own allowance).
PRELUDE_LINES = 10
#: Exit codes of an app that was told to stop (SIGTERM and SIGINT, as our guard reports them).
STOPPED = {0, 128 + 15, 128 + 2, -15, -2}

# What an app process inherits from the server: enough to find its Python, its home and user
# folders (recovery drafts, the mentor's name), and to speak the user's language; nothing else
# (no credentials or tokens that happen to be in the server's environment).
INHERITED = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
             "PYTHONPATH", "SELFCHECK_STATE", "SYSTEMROOT")  # fmt: skip
INHERITED_PREFIXES = ("LC_", "XDG_")
#: The driver a tab's app runs with (driver.py), as Textual is told it (TEXTUAL_DRIVER).
TAB_DRIVER = "selfcheck.serve.driver:TabDriver"
# What the web driver needs: textual-serve's own settings, with our driver (see driver.py).
WEB_DRIVER = {
    "TEXTUAL_DRIVER": TAB_DRIVER,
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}

# Over a cleared screen: what the app showed last may be half drawn.
CRASHED = (
    "\x1b[0m\x1b[2J\x1b[H\r\n\x1b[1;31m selfcheck stopped after an unexpected error "
    "({how}).\x1b[0m"
    "\r\n\r\n Changes are saved as they are made; anything not saved yet is offered when the"
    "\r\n session is opened again. Start again below, or reload this page.\r\n"
)


def tab_command(sessions_dir: Path, catalogues_dir: Path, *, review: bool) -> list[str]:
    """The command each tab runs: this Python, this selfcheck, the served folders.

    An argument list, never a shell line: no folder name can be read as shell syntax.
    """
    command = [sys.executable, "-m", "selfcheck"]
    if review:
        command.append("review")
    return [
        *command,
        "--sessions", str(sessions_dir.resolve()),
        "--catalogues", str(catalogues_dir.resolve()),
    ]  # fmt: skip


def tab_environment(parent: Mapping[str, str], width: int, height: int) -> dict[str, str]:
    """The environment of a tab's app: the allowed part of the server's, and the web driver's."""
    kept = {
        name: value
        for name, value in parent.items()
        if name in INHERITED or name.startswith(INHERITED_PREFIXES)
    }
    return {**kept, **WEB_DRIVER, "COLUMNS": str(width), "ROWS": str(height)}


class Tab(AppService):
    """The app process behind one browser tab."""

    def __init__(
        self,
        command: list[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
        download_manager: DownloadManager,
        log: Callable[[str], None],
    ) -> None:
        super().__init__(
            shlex.join(command),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,  # type: ignore[arg-type]  # (a websocket's close returns a bool)
            download_manager=download_manager,
        )
        self.argv = command
        self.log = log
        self.exit_code: int | None = None
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    # --- starting (replaces AppService's shell and inherited environment) ----------------

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return tab_environment(os.environ, width, height)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=self._build_environment(width, height),
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    # --- running -------------------------------------------------------------------------

    async def run(self) -> None:
        """Relay the app's output to the browser until it ends; say so if it died."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        errors = asyncio.create_task(_last_line(process.stderr))
        try:
            if await _wait_for_prelude(process.stdout):
                await self._relay(process.stdout)
        except (asyncio.IncompleteReadError, ConnectionResetError, ValueError):
            pass  # the app has gone (or the browser, or it wrote nonsense): its exit code tells
        self.exit_code = await process.wait()
        last_error = await errors
        if self._stopping or self.exit_code in STOPPED:
            return
        code = self.exit_code
        how = f"exit code {code}" if code >= 0 else f"ended by signal {-code}"
        self.log(
            f"a tab's app ended ({how})" + (f": {one_line(last_error, 200)}" if last_error else "")
        )
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.remote_write_bytes(CRASHED.format(how=how).encode())
            await self.remote_close()

    async def on_meta(self, data: bytes) -> None:
        """The app's requests to the browser, except opening addresses: selfcheck shows links
        and never opens them, so a link in someone's text cannot send the browser anywhere."""
        if json.loads(data).get("type") == "open_url":
            return
        await super().on_meta(data)

    async def _relay(self, stdout: asyncio.StreamReader) -> None:
        handlers = {b"D": self.on_data, b"M": self.on_meta, b"P": self.on_packed}
        while True:
            kind = await stdout.readexactly(1)
            size = int.from_bytes(await stdout.readexactly(4), "big")
            payload = await stdout.readexactly(size)
            handler = handlers.get(kind)
            if handler is not None:
                await handler(payload)

    # --- stopping --------------------------------------------------------------------------

    async def stop(self) -> None:
        """End the app: SIGTERM (the app saves, then exits), SIGKILL after STOP_GRACE."""
        self._stopping = True
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        task, self._task = self._task, None
        if task is not None:
            await task


async def _wait_for_prelude(stdout: asyncio.StreamReader) -> bool:
    for _ in range(PRELUDE_LINES):
        line = await stdout.readline()
        if not line:
            return False
        if line == PRELUDE:
            return True
    return False


async def _last_line(stderr: asyncio.StreamReader) -> str:
    """Read the app's stderr to its end (so it never blocks writing); keep the last line."""
    tail = b""
    while chunk := await stderr.read(4096):
        tail = (tail + chunk)[-4096:]
    lines = [line for line in tail.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""

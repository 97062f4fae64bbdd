"""The server in this process on a loopback port, with small stand-in apps (a few lines of
Python each) for what real tabs do: crash, fail to start, save on SIGTERM, ignore it."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest

from selfcheck import paths
from selfcheck.serve import access, tabs
from selfcheck.serve.server import Options, SelfcheckServer, listen, start, stop
from selfcheck.serve.tabs import tab_command, tab_environment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

PRELUDE = "import sys; out = sys.stdout.buffer; out.write(b'__GANGLION__\\n'); out.flush()\n"
#: Sends "ready" to the tab's terminal.
READY = "out.write(b'D' + (5).to_bytes(4, 'big') + b'ready'); out.flush()\n"
#: Starts, draws something, then dies the way a crash does.
CRASHES = PRELUDE + (
    "data = b'the first screen'; out.write(b'D' + len(data).to_bytes(4, 'big') + data)\n"
    "out.flush(); sys.stderr.write('Traceback: something broke\\n'); sys.exit(1)\n"
)
#: Dies before it is an app at all.
NEVER_STARTS = "import sys; sys.stderr.write('no such module\\n'); sys.exit(3)\n"
#: Saves (writes a file named after itself) when told to stop, like the app's signal guard.
SAVES_ON_SIGTERM = PRELUDE + (
    "import os, pathlib, signal\n"
    "def saved(*_):\n"
    "    pathlib.Path(sys.argv[1], f'saved-{os.getpid()}').write_text('saved'); sys.exit(143)\n"
    "signal.signal(signal.SIGTERM, saved)\n" + READY + "sys.stdin.buffer.read()\n"
)
#: Runs until it is told to stop.
RUNS = PRELUDE + READY + "sys.stdin.buffer.read()\n"
IGNORES_SIGTERM = PRELUDE + (
    "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    + READY
    + "sys.stdin.buffer.read()\n"
)


class Served:
    """A running server and an HTTP client for it."""

    def __init__(self, server: SelfcheckServer, url: str, client: aiohttp.ClientSession) -> None:
        self.server = server
        self.url = url
        self.base = url.split("/?", 1)[0]
        self.client = client
        self.port = int(self.base.rsplit(":", 1)[1])
        self.cookie = {"Cookie": f"{access.cookie_name(self.port)}={server.options.token}"}

    async def status(self, path: str, headers: dict[str, str] | None = None) -> int:
        async with self.client.get(self.base + path, headers=headers) as response:
            return response.status

    async def tab(self, headers: dict[str, str] | None = None) -> aiohttp.ClientWebSocketResponse:
        return await self.client.ws_connect(
            self.base + "/ws?width=80&height=24", headers=headers or self.cookie
        )

    async def ready_tab(self) -> aiohttp.ClientWebSocketResponse:
        """A tab whose app has started and said "ready"."""
        tab = await self.tab()
        async with asyncio.timeout(10):
            message = await tab.receive()
        assert message.data == b"ready", message
        return tab


Serve = Callable[..., Awaitable[Served]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    running: list[tuple[Served, aiohttp.web.AppRunner]] = []

    async def make(script: str = CRASHES, *args: str, max_tabs: int = 4) -> Served:
        command = [sys.executable, "-S", "-c", script, *args]
        server = SelfcheckServer(
            Options("127.0.0.1", 0, command, max_tabs=max_tabs), log=logs.append
        )
        runner, url = await start(server, listen("127.0.0.1", 0))
        served = Served(server, url, aiohttp.ClientSession())
        running.append((served, runner))
        return served

    logs: list[str] = []
    make.logs = logs  # type: ignore[attr-defined]
    yield make
    for served, runner in running:
        await served.client.close()
        await stop(served.server, runner)


async def received_until_closed(tab: aiohttp.ClientWebSocketResponse) -> str:
    """Everything the tab's terminal is sent, until the server closes it."""
    text = ""
    async with asyncio.timeout(10):
        async for message in tab:
            if message.type == aiohttp.WSMsgType.BINARY:
                text += message.data.decode("utf-8", "replace")
    return text


async def test_every_request_needs_the_token(serve: Serve) -> None:
    served = await serve()
    for path in ("/", "/ws", "/download/abc", "/static/js/textual.js", "/page/page.js"):
        assert await served.status(path) == 403, path
    assert await served.status("/?token=" + "x" * 43) == 403
    async with served.client.get(served.url) as page:
        assert page.status == 200
        cookie = page.cookies[access.cookie_name(served.port)]
        assert cookie.value == served.server.options.token
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert page.headers["Content-Security-Policy"] == access.CONTENT_SECURITY_POLICY
        assert page.headers["Referrer-Policy"] == "no-referrer"
        html = await page.text()
    # The page asks only this server for anything.
    assert "http" not in html.replace('lang="en"', "")
    # What the page loads afterwards is allowed by the cookie alone.
    for path in ("/static/js/textual.js", "/static/css/xterm.css", "/page/page.js"):
        assert await served.status(path, served.cookie) == 200, path
    font = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
    assert await served.status(font, served.cookie) == 200
    assert await served.status("/download/unknown", served.cookie) == 404


async def test_only_our_own_page_may_open_a_tab(serve: Serve) -> None:
    served = await serve()
    foreign = {**served.cookie, "Origin": "http://evil.example"}
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.tab(foreign)
    assert refused.value.status == 403
    assert served.server.tabs == set()


@pytest.mark.parametrize(
    ("script", "code"), [(CRASHES, 1), (NEVER_STARTS, 3)], ids=["crashes", "never-starts"]
)
async def test_a_dead_app_says_so_in_its_tab_and_the_server_goes_on(
    serve: Serve, script: str, code: int
) -> None:
    served = await serve(script)
    tab = await served.tab()
    shown = await received_until_closed(tab)
    assert f"selfcheck stopped after an unexpected error (exit code {code})" in shown
    assert "Start again below, or reload this page" in shown
    assert await served.status("/", served.cookie) == 200
    logs = serve.logs  # type: ignore[attr-defined]
    assert any(f"exit code {code}" in line for line in logs), logs


async def test_stopping_lets_every_app_save_first(serve: Serve, tmp_path: Path) -> None:
    served = await serve(SAVES_ON_SIGTERM, str(tmp_path))
    first, second = await served.ready_tab(), await served.ready_tab()
    running = list(served.server.tabs)
    await served.server.stop_tabs()
    saved = {path.name for path in tmp_path.glob("saved-*")}
    assert saved == {f"saved-{tab.pid}" for tab in running}
    assert [tab.exit_code for tab in running] == [143, 143]
    await first.close()
    await second.close()


async def test_an_app_that_will_not_stop_is_killed(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabs, "STOP_GRACE", 0.2)
    served = await serve(IGNORES_SIGTERM)
    tab = await served.ready_tab()
    (running,) = served.server.tabs
    await served.server.stop_tabs()
    assert running.exit_code == -9
    await tab.close()


async def test_tabs_are_limited(serve: Serve) -> None:
    served = await serve(RUNS, max_tabs=1)
    first = await served.ready_tab()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.tab()
    assert refused.value.status == 503
    await first.close()


@pytest.mark.slow
def test_an_app_whose_server_is_gone_saves_and_exits(tmp_path: Path) -> None:
    """The server was killed (no Ctrl+C): the tab's app sees its input close and stops as it
    does on SIGTERM, instead of running on with the session locked."""
    command = tab_command(tmp_path / "sessions", paths.shipped_catalogues_dir(), review=False)
    app = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=tab_environment(os.environ, 80, 24),
    )
    assert app.stdin is not None and app.stdout is not None
    try:
        output, end = b"", time.monotonic() + 20
        while b"Sessions are saved in" not in output:  # started; catalogues and sessions read
            assert time.monotonic() < end, output[-300:]
            ready, _, _ = select.select([app.stdout], [], [], 1.0)
            if ready:
                output += os.read(app.stdout.fileno(), 65536)
        app.stdin.close()
        app.stdout.close()
        assert app.wait(timeout=20) in (0, 128 + signal.SIGTERM), app.returncode
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


async def test_an_app_cannot_send_the_browser_elsewhere(serve: Serve) -> None:
    """selfcheck never opens links; a served tab does not pass such a request on."""
    meta = b'{"type": "open_url", "url": "https://evil.example", "new_tab": true}'
    script = (
        PRELUDE
        + (f"meta = {meta!r}; out.write(b'M' + len(meta).to_bytes(4, 'big') + meta)\n" + READY)
        + "sys.stdin.buffer.read()\n"
    )
    served = await serve(script)
    tab = await served.ready_tab()  # "ready" came after the request, which was never sent
    await tab.close()

"""The web server: one page, one websocket per browser tab (each runs its own app process),
downloads, and the page's files; every request must carry the token.

Built on aiohttp with textual-serve's parts (its packet protocol, download manager, terminal
script and font) rather than its Server class, which has no access control, inherits the whole
environment, starts tabs through a shell and asks a font from the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from selfcheck.serve import access
from selfcheck.serve.tabs import Tab

PAGE_DIR = Path(__file__).with_name("page")
#: textual-serve's terminal script, its stylesheet and the font it ships.
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).with_name("static")
#: Each tab is a Python process: a cap keeps a reloading loop from exhausting the machine.
MAX_TABS = 16
#: Terminal sizes a browser may ask for (cells).
MAX_COLUMNS, MAX_ROWS = 1000, 500
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Options:
    """What `selfcheck serve` was asked to do."""

    host: str
    port: int
    #: The command each tab runs (tabs.tab_command).
    command: list[str]
    token: str = field(default_factory=access.new_token, repr=False)
    max_tabs: int = MAX_TABS


class SelfcheckServer:
    """The aiohttp application and the tabs it is running."""

    def __init__(self, options: Options, log: Callable[[str], None]) -> None:
        self.options = options
        self.log = log
        self.tabs: set[Tab] = set()
        self.downloads = DownloadManager()
        self.page = (PAGE_DIR / "index.html").read_bytes()
        self.cookie = access.cookie_name(options.port)

    def application(self, port: int) -> web.Application:
        """The application for the server listening on `port`."""
        self.cookie = access.cookie_name(port)
        app = web.Application(middlewares=[self._require_token])
        app.add_routes(
            [
                web.get("/", self._page),
                web.get("/ws", self._websocket),
                web.get("/download/{key}", self._download),
                web.static("/page", PAGE_DIR),
                web.static("/static", TEXTUAL_SERVE_STATIC),
            ]
        )
        app.on_response_prepare.append(_add_security_headers)
        return app

    # --- access ------------------------------------------------------------------------

    @web.middleware
    async def _require_token(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        token = self.options.token
        cookie = request.cookies.get(self.cookie)
        if not access.is_allowed(request.query.get(access.TOKEN_PARAMETER), cookie, token):
            raise web.HTTPForbidden(text="selfcheck: this address needs the link with its token.")
        if request.path == "/ws" and not access.same_origin(
            request.headers.get("Origin"), request.host
        ):
            raise web.HTTPForbidden(text="selfcheck: only this server's own page may connect.")
        return await handler(request)

    # --- routes -------------------------------------------------------------------------

    async def _page(self, request: web.Request) -> web.Response:
        response = web.Response(body=self.page, content_type="text/html", charset="utf-8")
        # The page's later requests (scripts, websocket, downloads) carry the token this way.
        response.set_cookie(
            self.cookie, self.options.token, httponly=True, samesite="Strict", path="/"
        )
        return response

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if len(self.tabs) >= self.options.max_tabs:
            raise web.HTTPServiceUnavailable(
                text=f"selfcheck: {self.options.max_tabs} tabs are open already; close one."
            )
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        tab = Tab(
            self.options.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.downloads,
            log=self.log,
        )
        self.tabs.add(tab)
        self.log(f"a tab opened ({len(self.tabs)} open)")
        try:
            await tab.start(
                _size(request.query.get("width"), 80, MAX_COLUMNS),
                _size(request.query.get("height"), 24, MAX_ROWS),
            )
            await _relay_browser(websocket, tab)
        except OSError as exc:
            self.log(f"a tab's app could not start: {exc}")
        finally:
            await tab.stop()
            self.tabs.discard(tab)
            self.log(f"a tab closed ({len(self.tabs)} open)")
            await websocket.close()
        return websocket

    async def _download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            download = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(
                text="selfcheck: no such download (it may have ended)."
            ) from None
        content_type = download.mime_type or "application/octet-stream"
        if download.encoding:
            content_type += f"; charset={download.encoding}"
        name = _UNSAFE_IN_FILE_NAME.sub("_", download.file_name).strip("._")[:120] or "download"
        response = web.StreamResponse(
            headers={
                "Content-Type": content_type,
                # Always a file to save, never a page of this site that could run scripts.
                "Content-Disposition": f'attachment; filename="{name}"',
                "Content-Security-Policy": "sandbox; default-src 'none'",
            }
        )
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # --- stopping -------------------------------------------------------------------------

    async def stop_tabs(self) -> None:
        """Stop every tab's app (each saves first), all at once."""
        await asyncio.gather(*(tab.stop() for tab in list(self.tabs)), return_exceptions=True)


async def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in access.SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


async def _relay_browser(websocket: web.WebSocketResponse, tab: Tab) -> None:
    """Pass what the browser sends (keys, resizes, focus) to the tab's app until it leaves."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue  # not textual.js speaking: ignore it
        if kind == "stdin" and isinstance(data, str):
            await tab.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            width = _size(str(data.get("width")), 80, MAX_COLUMNS)
            height = _size(str(data.get("height")), 24, MAX_ROWS)
            await tab.set_terminal_size(width, height)
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await tab.blur()
        elif kind == "focus":
            await tab.focus()


def _size(value: str | None, default: int, largest: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return min(max(number, 1), largest)


# --- running -----------------------------------------------------------------------------


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free one); OSError says why not."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


async def start(server: SelfcheckServer, sock: socket.socket) -> tuple[web.AppRunner, str]:
    """Serve on `sock`; the runner (for `stop`) and the link with the token."""
    address = sock.getsockname()
    runner = web.AppRunner(
        server.application(address[1]), handle_signals=False, access_log=None, shutdown_timeout=2.0
    )
    await runner.setup()
    await web.SockSite(runner, sock).start()
    url = f"http://{access.url_host(address[0])}:{address[1]}/?{access.TOKEN_PARAMETER}="
    return runner, url + server.options.token


async def stop(server: SelfcheckServer, runner: web.AppRunner) -> None:
    """Stop every tab (each saves first), then the server."""
    open_tabs = len(server.tabs)
    if open_tabs:
        server.log(f"stopping {open_tabs} tab{'s' if open_tabs != 1 else ''} (each saves first)")
    await server.stop_tabs()
    await runner.cleanup()


async def run_until_stopped(
    server: SelfcheckServer, sock: socket.socket, started: Callable[[str], None]
) -> None:
    """Serve on `sock` until SIGINT, SIGTERM or SIGHUP; then stop every tab, then the server."""
    runner, url = await start(server, sock)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if sys.platform != "win32" else [])
    for sig in signals:
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopping.set)
    started(url)
    try:
        await stopping.wait()
    finally:
        await stop(server, runner)

"""Run a program in a pseudo-terminal and time what it shows."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from fcntl import ioctl

_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def plain(data: bytes) -> str:
    """Screen output without escape sequences, for finding text in it."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


@dataclass
class Terminal:
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    size: tuple[int, int] = (30, 100)
    output: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        master, slave = pty.openpty()
        ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *self.size, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(self.size[1]),
               "LINES": str(self.size[0]), **self.env}  # fmt: skip
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self.master = master

    def read_until(self, needle: str, timeout: float = 30.0, since: int = 0) -> float:
        """Seconds from start until `needle` shows in the output after offset `since`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if needle in plain(bytes(self.output[since:])):
                return time.perf_counter() - self.started
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.output.extend(chunk)
        tail = plain(bytes(self.output[-2000:]))
        raise TimeoutError(f"{needle!r} did not appear; last output: {tail[-500:]!r}")

    def drain(self, quiet: float = 0.05) -> None:
        """Read until the program has been silent for `quiet` seconds."""
        while True:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def keystroke_latency(self, key: bytes, needle: str | None = None) -> float:
        """Seconds from writing `key` to the first output after it (or to `needle`)."""
        self.drain()
        mark = len(self.output)
        sent = time.perf_counter()
        os.write(self.master, key)
        if needle:
            self.read_until(needle, since=mark)
        else:
            while len(self.output) == mark:
                ready, _, _ = select.select([self.master], [], [], 5)
                if not ready:
                    raise TimeoutError("no output after the keystroke")
                self.output.extend(os.read(self.master, 65536))
        return time.perf_counter() - sent

    def close(self) -> int:
        """Stop the program; return its peak resident memory in KiB."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        _, _, usage = os.wait4(self.process.pid, 0)
        os.close(self.master)
        scale = 1 if sys.platform != "darwin" else 1 / 1024
        return int(usage.ru_maxrss * scale)

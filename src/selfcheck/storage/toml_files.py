"""Reading TOML files safely, and turning documents back into checked TOML bytes.

Reads: regular files only, size and shape pre-checks, then tomllib; every failure becomes a
`FileProblem` naming the file and, where it can be found, the line.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfcheck.model.problems import Problem, unusable_numbers
from selfcheck.storage.precheck import locate, precheck

MAX_CATALOGUE_BYTES = 2 * 1024 * 1024


MAX_SESSION_BYTES = 4 * 1024 * 1024


BOM = b"\xef\xbb\xbf"


_TOML_PLACE = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


@dataclass(frozen=True)
class FileProblem:
    """A problem in a file, printed as `FILE:LINE: message` or `FILE: key.path: message`."""

    path: Path
    message: str
    line: int | None = None
    where: str = ""

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.message}"
        if self.where:
            return f"{self.path}: {self.where}: {self.message}"
        return f"{self.path}: {self.message}"


class LoadError(Exception):
    """A file that could not be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SaveError(Exception):
    """A save that did not happen; the previous file is untouched."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded (another window, another program)."""


class ReadOnlyError(SaveError):
    """The session was written by a newer selfcheck and must not be overwritten."""


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; raises LoadError otherwise.

    Every file selfcheck reads goes through here. The open never blocks and never follows a
    link: O_NONBLOCK makes a FIFO or a device named `*.toml` open at once (a plain open waits
    for a writer that never comes), O_NOFOLLOW refuses a symbolic link, and fstat checks the
    kind and the size before a byte is read.
    """

    def fail(message: str) -> LoadError:
        return LoadError([FileProblem(path, message)])

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a folder, not a file") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail("is a symbolic link; open the file it points to instead") from None
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO on some systems
            raise fail("not a regular file") from None
        raise fail(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("not a regular file (a pipe, a device or a socket); it was not read")
        if info.st_size > max_bytes:
            raise fail(f"too large: {info.st_size:,} bytes (at most {max_bytes:,})")
        os.set_blocking(fd, True)  # a regular file: reads may now wait for the disk
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise fail(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew while being read
        raise fail(f"too large (at most {max_bytes:,} bytes)")
    return raw


def read_text(path: Path, max_bytes: int) -> tuple[str, bytes]:
    """Read a UTF-8 text file safely: (text without a byte-order mark, raw bytes).

    A regular file only (never through a symbolic link), no larger than `max_bytes`, not
    blank. Raises LoadError naming the file.
    """
    raw = read_regular(path, max_bytes)
    return decode_text(path, raw), raw


def decode_text(path: Path, raw: bytes) -> str:
    """The text of bytes read from `path`, without a byte-order mark; raises LoadError when
    they are not UTF-8 or hold nothing."""

    def fail(message: str, line: int | None = None) -> LoadError:
        return LoadError([FileProblem(path, message, line)])

    # Editors on Windows may add a byte-order mark; it carries no meaning in UTF-8.
    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise fail(
            f"not UTF-8 text (byte 0x{body[exc.start]:02x}); save it as UTF-8", line
        ) from None
    if not text.strip():
        raise fail("the file is empty")
    return text


def read_toml(path: Path, max_bytes: int) -> tuple[dict[str, Any], str, bytes]:
    """Read and parse a TOML file: (document, text, raw bytes). Raises LoadError."""
    return parse_toml(path, read_regular(path, max_bytes))


def parse_toml(path: Path, raw: bytes) -> tuple[dict[str, Any], str, bytes]:
    """Parse the bytes read from `path`: (document, text, raw bytes). Raises LoadError."""

    def fail(message: str, line: int | None = None) -> LoadError:
        return LoadError([FileProblem(path, message, line)])

    text = decode_text(path, raw)
    too_much = precheck(text)
    if too_much:
        raise fail(f"refused: {too_much}")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the place in the text ("... (at line 4, column 16)"); lift it out so the
        # message reads FILE:LINE like every other problem.
        found = _TOML_PLACE.search(str(exc))
        if str(exc).endswith("(at end of document)"):
            message = str(exc).removesuffix("(at end of document)").rstrip()
            last = len(text.rstrip("\n").splitlines()) or 1
            raise fail(f"not valid TOML: {message} (at the end of the file)", last) from None
        if found:
            message = str(exc)[: found.start()].rstrip()
            raise fail(
                f"not valid TOML: {message} (column {found['column']})", int(found["line"])
            ) from None
        raise fail(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise fail("refused: nested too deeply") from None
    # Checked here, for every kind of file and every key, so no inf, nan or oversized number
    # reaches a verdict or a save (which could not write it back the same).
    unusable = unusable_numbers(document)
    if unusable:
        raise LoadError(located_problems(path, text, unusable))
    return document, text, raw


def located_problems(path: Path, text: str, problems: Iterable[Problem]) -> list[FileProblem]:
    """Model problems as file problems, with the line each key path is on where it is found."""
    located = [FileProblem(path, p.message, locate(text, p.path), p.where) for p in problems]
    # "FILE:LINE: key.path: message" reads best: the line to open, the key to look for.
    return [
        FileProblem(p.path, f"{p.where}: {p.message}" if p.where else p.message, p.line)
        if p.line is not None
        else p
        for p in located
    ]


def fingerprint_of(data: bytes) -> str:
    import hashlib  # loads OpenSSL: only commands that save need it

    return hashlib.sha256(data).hexdigest()


def serialise(document: dict[str, Any]) -> bytes:
    """TOML bytes for a document, checked by reading them back before anything is written.

    Multi-line notes are written as multi-line strings so a mentor can read the file without
    the app; where that would not read back exactly (a carriage return before a newline), every
    string is written on one line instead, which always does.
    """
    import tomli_w  # only commands that write need it

    for multiline in (True, False):
        try:
            text = tomli_w.dumps(document, multiline_strings=multiline)
            data = text.encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError) as exc:
            raise SaveError(f"could not write the session: {exc}") from None
        if tomllib.loads(text) == document:
            return data
    raise SaveError("could not write the session: it would not read back the same")


def read_existing(path: Path) -> bytes | None:
    """What a save is about to replace (None when nothing is there), read as carefully as a
    load: a link, a pipe or a folder in its place is never opened, and never saved over."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(f"could not read {path} before saving: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SaveError(f"{path} is not a regular file (a link, a folder or a pipe); not saved")
    try:
        return read_regular(path, MAX_SESSION_BYTES)
    except LoadError as exc:
        raise SaveError(f"could not read it before saving: {exc.problems[0]}") from None


def has_comment(text: str) -> bool:
    return any(line.lstrip().startswith("#") for line in text.splitlines())

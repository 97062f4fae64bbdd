"""What CASE import and export share: links, stable identifiers, ids and cleaned text.

CASE text comes from other people's editors and servers: it may hold terminal escape
sequences, control characters, Markdown and lone surrogates. It is cleaned here, once, before
it goes into a catalogue.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from typing import Any, NamedTuple

#: A catalogue reference that holds a CASE identifier (`case:<identifier>`).
CASE_REFERENCE = "case:"
#: Competency and area ids: letters, digits, '.', '-' and '_', as the catalogue format allows.
MAX_ID = 40
#: Identifiers made by export: UUID version 5 in this namespace, from the catalogue's own ids.
NAMESPACE = uuid.UUID("5f0c1c8e-5a47-4d2f-9b1e-0c2a7d3e4f60")

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")


class CaseError(Exception):
    """A package or catalogue that cannot be converted; the message is one line."""


class Link(NamedTuple):
    """One end of a CASE link: an object `{title, identifier, uri}` or a plain string."""

    identifier: str
    uri: str
    title: str = ""


def link(value: Any) -> Link | None:
    """Read a link however it was written; None when there is nothing to follow."""
    if isinstance(value, dict):
        identifier, uri, title = (value.get(k) for k in ("identifier", "uri", "title"))
        found = Link(
            identifier.strip() if isinstance(identifier, str) else "",
            uri.strip() if isinstance(uri, str) else "",
            title if isinstance(title, str) else "",
        )
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        found = Link("", text) if _looks_like_uri(text) else Link(text, "")
    else:
        return None
    if not found.identifier and found.uri:
        found = Link(last_segment(found.uri), found.uri, found.title)
    return found if found.identifier or found.uri else None


def _looks_like_uri(text: str) -> bool:
    return "://" in text or text.startswith("urn:")


def last_segment(uri: str) -> str:
    """The last part of a URI's path, which CASE servers make the object's identifier."""
    return re.split(r"[/:]", uri.rstrip("/"))[-1]


def is_uuid(text: str) -> bool:
    return bool(_UUID.fullmatch(text))


def stable_uuid(*parts: str) -> str:
    """The same UUID for the same parts, every time (export's identifiers)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def id_from_code(code: str) -> str:
    """A catalogue id from a human coding scheme (`1.7`, `CCSS.Math.6.RP.A.1`), or "" if the
    code cannot be one: characters outside letters, digits, '.', '-' and '_' become '-'."""
    candidate = _NOT_ID.sub("-", code.strip()).strip("-._")
    return candidate if 0 < len(candidate) <= MAX_ID else ""


def id_from_identifier(identifier: str, length: int = 8) -> str:
    """A short, stable id for an item without a usable code (`c-1a2b3c4d`)."""
    return "c-" + hashlib.sha256(identifier.encode("utf-8", "replace")).hexdigest()[:length]


_NUMBER = re.compile(r"([0-9]+)")


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that reads numbers as numbers: `L1.2` before `L1.10`."""
    return tuple(
        (0, int(part)) if part[0] in "0123456789" else (1, part)
        for part in _NUMBER.split(code.casefold())
        if part
    )


# --- text ---------------------------------------------------------------------------------

# Escape sequences go whole (ESC [ 31 m, an OSC title up to its terminator); any control
# character left after them goes alone. Newlines and tabs survive in multi-line text.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x1b\x9d]\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?"
    r"|\x1b[@-Z\\-_]"
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_SURROGATES = re.compile("[\ud800-\udfff]")

_MARKDOWN = [
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # link: its text
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),  # bold
    (re.compile(r"(?<![\w\\])__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italic
    (re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M), ""),  # heading marks
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # quote marks
    (
        re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$\n?", re.M),
        "",
    ),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),  # escaped punctuation
]


# Most text has none of these: it is kept as it is, without the work below.
_NEEDS_CLEANING = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_MARKDOWN_SIGNS = re.compile(r"[*_`#>\[|\\]")


def plain_text(value: str) -> str:
    """Multi-line text safe to store and show: no escape sequences or control characters
    (newlines kept), Markdown marks removed, blank runs and trailing spaces tidied."""
    text = value
    if _NEEDS_CLEANING.search(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROLS.sub("", _ESCAPES.sub("", text))
        text = _SURROGATES.sub("\ufffd", text).replace("\t", " ")
    if _MARKDOWN_SIGNS.search(text):
        for pattern, replacement in _MARKDOWN:
            text = pattern.sub(replacement, text)
    if "\n" not in text:
        return text.strip()
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def one_line(value: str) -> str:
    """Text for a title or a code: cleaned as `plain_text`, then on one line."""
    if not (_NEEDS_CLEANING.search(value) or _MARKDOWN_SIGNS.search(value) or "  " in value):
        return value.strip()  # most identifiers, codes and titles
    return " ".join(plain_text(value).split())


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where one is near, ending in '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


_SENTENCE = re.compile(r"(.+?)[.;:!?](?:\s|$)")


def title_from(statement: str, limit: int) -> str:
    """A short title for a statement: its first sentence if that is short, else its start."""
    first = " ".join(statement.split("\n", 1)[0].split())
    sentence = _SENTENCE.match(first)
    if sentence and len(sentence.group(1)) <= limit:
        return sentence.group(1)
    return shorten(first, limit)


# --- reading JSON values ------------------------------------------------------------------


def array_field(data: dict[str, Any], key: str) -> list[Any]:
    """A list field: missing and null are empty."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(f"{key} should be a list, found {kind_of(value)}")
    return value


def text_field(data: dict[str, Any], key: str, where: str) -> str:
    """A text field: missing and null are empty; a number is its digits (a code of 1.7)."""
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise CaseError(f"{where}: {key} should be text, found {kind_of(value)}")


def whole_number(value: Any) -> int | None:
    """A sequenceNumber however it was written (3, 3.0, "3"), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,9}\s*", value):
        return int(value)
    return None


def kind_of(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false"}
    return next((name for t, name in names.items() if isinstance(value, t)), "a number")


def count(n: int, one: str) -> str:
    """`1 item`, `2,000 items`."""
    return f"{n:,} {one}{'' if n == 1 else 's'}"

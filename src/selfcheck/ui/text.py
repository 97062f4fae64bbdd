"""User and catalogue text made safe for the screen: never markup, control characters visible.

Everything the app shows that came from a file or the keyboard goes through one of these, so
`[red]x[/]` shows as typed, `[@click=app.quit]` runs nothing, and `ESC]0;...` cannot retitle
the window.
"""

from __future__ import annotations

from pathlib import Path

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content

from selfcheck.safetext import one_line, visible


def lit(text: str, style: str = "") -> Content:
    """Multi-line text shown literally (newlines kept, control characters as ␛ and friends)."""
    return Content.styled(visible(text), style) if style else Content(visible(text))


def line(text: str, style: str = "", limit: int | None = None) -> Content:
    """Text for one line, shown literally: newlines as ⏎, shortened to `limit`."""
    shown = one_line(text, limit)
    return Content.styled(shown, style) if style else Content(shown)


def home_short(path: Path) -> str:
    """A path as people read it: under the home folder it starts with ~."""
    try:
        return "~/" + str(path.expanduser().relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


# Editors keep the real characters (they are saved as typed) but must not send them to the
# terminal: a one-for-one substitution keeps cursor columns right.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_EDITOR_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code != 9}
_EDITOR_TABLE[0x7F] = "\u2421"
_EDITOR_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_EDITOR_TABLE.update({ord(ch): "\ufffd" for ch in _BIDI})


def editor_safe(text: str) -> str:
    """The same text, each control character replaced by one visible character."""
    return text.translate(_EDITOR_TABLE)


class ControlPictures(Highlighter):
    """An Input highlighter that shows control characters instead of sending them."""

    def highlight(self, text: Text) -> None:
        safe = editor_safe(text.plain)
        if safe != text.plain:
            text.plain = safe

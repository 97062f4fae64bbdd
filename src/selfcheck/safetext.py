"""Make user and catalogue text safe to show in a terminal: control characters made visible.

Text is stored exactly as written; it is cleaned only when shown (reliability.md, check 3).
"""

from __future__ import annotations

import re

# C0 controls become their Unicode "control picture" (ESC -> ␛), DEL -> ␡, and C1 controls
# (8-bit CSI and friends) and bidirectional overrides an escaped form, so nothing the data holds
# can move the cursor, retitle the window, write the clipboard or reorder what is shown.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """Multi-line text with every control character except newline and tab made visible."""
    return _UNSAFE.sub(_picture, text.replace("\r\n", "\n"))


def one_line(text: str, limit: int | None = None) -> str:
    """Text for a single line (lists, titles, error messages): newlines shown as ⏎, shortened."""
    flat = _UNSAFE_IN_LINE.sub(
        lambda m: "⏎" if m.group() == "\n" else ("  " if m.group() == "\t" else _picture(m)),
        text.replace("\r\n", "\n"),
    )
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat

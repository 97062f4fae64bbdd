"""Make user and catalogue text safe to show in a terminal: control characters made visible.

Text is stored exactly as written and cleaned only when shown, so cleaning never changes
what a person wrote.
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


def first_unsafe_in_line(text: str) -> str | None:
    """The first character `one_line` would have to show as a picture (a control character,
    a line break, a tab or a bidirectional override), or None for plain one-line text."""
    found = _UNSAFE_IN_LINE.search(text)
    return found.group() if found else None


def one_line(text: str, limit: int | None = None) -> str:
    """Text for a single line (lists, titles, error messages): newlines shown as ⏎, shortened."""
    flat = _UNSAFE_IN_LINE.sub(
        lambda m: "⏎" if m.group() == "\n" else ("  " if m.group() == "\t" else _picture(m)),
        text.replace("\r\n", "\n"),
    )
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


# JSON escapes C0 controls itself; these it leaves raw even though a terminal acts on them.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")


def json_escaped(encoded: str) -> str:
    """JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) with DEL, the C1 controls
    and the bidirectional overrides written as `\\u009b`-style escapes. They can only occur
    inside strings, where the escape stands for the same character: a reader gets the text
    unchanged, and a terminal that shows the file gets nothing it would act on."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)

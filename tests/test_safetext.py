"""Control characters in user text are made visible, never sent to the terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from selfcheck.safetext import one_line, visible


def test_escape_sequences_become_visible() -> None:
    assert visible("\x1b]0;PWNED\x07") == "␛]0;PWNED␇"
    assert visible("\x1b[2J\x1b[H") == "␛[2J␛[H"
    assert visible("a\x00b") == "a␀b"
    assert visible("\x9b31m") == "<U+009B>31m"
    assert visible("\u202eevil") == "<U+202E>evil"
    assert visible("line1\r\nline2") == "line1\nline2"


def test_plain_text_and_markup_like_text_unchanged() -> None:
    for text in ["Zoë 🧠 日本語", "[red]x[/] [a[0]]", "[@click=app.quit]x[/]", "tab\there"]:
        assert visible(text) == text


def test_one_line_flattens_and_shortens() -> None:
    assert one_line("a\nb\tc") == "a⏎b  c"
    assert one_line("x" * 50, limit=10) == "x" * 9 + "…"


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    for shown in (visible(text), one_line(text)):
        assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in shown)
        assert not any(0x7F <= ord(ch) <= 0x9F for ch in shown)
        assert "\u202e" not in shown

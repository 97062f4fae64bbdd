"""Asking and telling on a terminal, for the quick check: an `Asker` asks one question at a
time (`QuestionaryAsker` with questionary; tests script their own), and `say` prints text
made safe and wrapped at word boundaries.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from selfcheck.safetext import one_line

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output


#: Returns an error message for the answer, or None when it is acceptable.
Validator = Callable[[str], str | None]


# --- asking -----------------------------------------------------------------------------------


class Asker(Protocol):
    """Asks one question at a time. Raises KeyboardInterrupt (or EOFError) to cancel."""

    def confirm(self, message: str, *, default: bool = False) -> bool: ...

    def text(
        self, message: str, *, instruction: str = "", validate: Validator | None = None
    ) -> str: ...

    def select(
        self, message: str, choices: Sequence[Choice], *, default: str | None = None
    ) -> str: ...


@dataclass(frozen=True)
class Choice:
    title: str
    value: str
    description: str = ""


class QuestionaryAsker:
    """Questions asked with questionary; `input`/`output` as for any prompt_toolkit app."""

    def __init__(self, input: Input | None = None, output: Output | None = None) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def confirm(self, message: str, *, default: bool = False) -> bool:
        import questionary

        # y or n is only taken with Enter: with an instant y, a habitual Enter after it
        # answered the next question, unseen.
        question = questionary.confirm(
            _fit(message, "(y/N)"), default=default, auto_enter=False, **self._io
        )
        return bool(_answered(question.unsafe_ask()))

    def text(
        self, message: str, *, instruction: str = "", validate: Validator | None = None
    ) -> str:
        import questionary

        def check(answer: str) -> bool | str:
            error = validate(answer) if validate else None
            return True if error is None else error

        question = questionary.text(
            _fit(message, instruction), instruction=instruction or None, validate=check, **self._io
        )
        return str(_answered(question.unsafe_ask()))

    def select(self, message: str, choices: Sequence[Choice], *, default: str | None = None) -> str:
        import questionary

        options = [
            questionary.Choice(c.title, value=c.value, description=c.description or None)
            for c in choices
        ]
        question = questionary.select(
            _fit(message, "(Use shortcuts or arrow keys)"),
            options,
            default=next((o for o in options if o.value == default), None),
            use_shortcuts=len(options) <= 36,
            use_arrow_keys=True,
            **self._io,
        )
        return str(_answered(question.unsafe_ask()))


def room(used: int) -> int:
    """Columns left on a terminal line after `used` (lists cut longer titles with "…")."""
    return max(shutil.get_terminal_size().columns - used, 20)


def _fit(message: str, instruction: str) -> str:
    """A question wrapped at word boundaries to the terminal, leaving room for its hint;
    prompt_toolkit would cut words in two."""
    columns = shutil.get_terminal_size().columns
    width = max(columns - 3 - min(len(instruction) + 1, 30), 20)
    return (
        "\n  ".join(textwrap.wrap(message, width, break_long_words=False, break_on_hyphens=False))
        or message
    )


def _answered(value: object) -> object:
    # questionary gives None only when a question was cut short; never store that.
    if value is None:
        raise KeyboardInterrupt
    return value


# --- printing ----------------------------------------------------------------------------------

_STYLES = {"bold": "\x1b[1m", "dim": "\x1b[2m"}


def say(
    text: str = "", *, style: str = "", indent: str = "", hang: str = "", wrap: bool = True
) -> None:
    """Print text (user or catalogue text included), made safe and wrapped to the terminal.

    Words are never split, so ids, paths and gap messages stay whole for copying.
    """
    out = sys.stdout
    safe = one_line(text)
    lines = [indent + safe]
    if wrap:
        width = max(min(shutil.get_terminal_size().columns, 100) - 1, 20)
        lines = textwrap.wrap(
            safe,
            width,
            initial_indent=indent,
            subsequent_indent=indent + hang,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    for line in lines:
        if style and _colour(out):
            line = f"{_STYLES[style]}{line}\x1b[0m"
        print(line, file=out, flush=True)


def err(text: str) -> None:
    print(one_line(text), file=sys.stderr, flush=True)


def _colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ

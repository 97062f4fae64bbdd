"""Numbers as people type them, for requirement answers: one reading for every front end.

Accepted: whole and decimal numbers with a point or a comma (`2.5`, `2,5`), a sign, and
spaces between groups of three digits (`1 000`, `12 500,5`). Refused with a message: anything
else, including exponents (`1e3`), `inf` and `nan`, both a point and a comma, and a comma
followed by exactly three digits (`1,000` could be a thousand or one; write `1000` or `1.0`).
A whole number is stored as one (`3.0` is saved as `3`).
"""

from __future__ import annotations

import re

from selfcheck.model.problems import number_problem

#: Spaces people put between digit groups: ordinary, no-break and thin (narrow no-break).
_GROUP_SPACE = "[ \u00a0\u2009\u202f]"
_NUMBER = re.compile(
    rf"(?P<sign>[+-]?)(?P<whole>\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+|\d*)"
    r"(?:(?P<mark>[.,])(?P<fraction>\d*))?"
)
_AMBIGUOUS_COMMA = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
#: Past this, a float no longer holds every whole number exactly.
_EXACT = 2**53

NOT_A_NUMBER = "Enter a number, such as 4 or 2.5."


def number_text(value: float) -> str:
    """A number as a person writes it: 3, 2.5 (never 3.0)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def range_text(low: float | None, high: float | None) -> str:
    """The range a number must be in, in words ("from 0 to 70"; "" when any number goes)."""
    if low is not None and high is not None:
        return f"from {number_text(low)} to {number_text(high)}"
    if low is not None:
        return f"{number_text(low)} or more"
    if high is not None:
        return f"{number_text(high)} or less"
    return ""


def parse_number(
    text: str, low: float | None = None, high: float | None = None
) -> tuple[int | float | None, str]:
    """(value, problem) for a typed answer: (None, "") when nothing was typed, (None,
    message) when it is not a number in [low, high], else (value, "")."""
    text = text.strip()
    if not text:
        return None, ""
    found = _NUMBER.fullmatch(text)
    if found is None or not (found["whole"] or found["fraction"]):
        return None, NOT_A_NUMBER
    whole = re.sub(_GROUP_SPACE, "", found["whole"]) or "0"
    fraction = found["fraction"] or ""
    value = float(f"{found['sign']}{whole}.{fraction or '0'}")
    if number_problem(value):  # what a file could not hold, or a verdict compare
        return None, NOT_A_NUMBER
    if _AMBIGUOUS_COMMA.fullmatch(text):
        return None, (
            f"Did you mean {whole}{fraction} or {number_text(value)}? "
            "Type it without the comma, or with a point."
        )
    if abs(value) < _EXACT and value.is_integer():
        value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        return None, _out_of_range(low, high)
    return value, ""


def _out_of_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"Enter a number from {number_text(low)} to {number_text(high)}."
    if low is not None:
        return f"Enter {number_text(low)} or more."
    return f"Enter {number_text(high or 0)} or less."

"""Number answers: one reading for the app and the quick check (model/numbers.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from selfcheck.model.numbers import NOT_A_NUMBER, number_text, parse_number

from .test_quickcheck import MORE, SAVE, Script, run


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("4", 4),
        (" 2.5 ", 2.5),
        ("2,5", 2.5),  # a decimal comma
        ("0,125", 0.125),  # a leading 0 cannot be thousands
        ("1 000", 1000),  # spaces between groups of three
        ("12\u202f500,5", 12500.5),  # a narrow no-break space, as some keyboards type it
        ("3.0", 3),  # a whole number is stored as one
        (".5", 0.5),
        ("-2", -2),
        ("", None),  # nothing typed: no answer, no complaint
    ],
)
def test_what_people_type_is_read(typed: str, value: float | None) -> None:
    assert parse_number(typed) == (value, "")
    assert type(parse_number(typed)[0]) is type(value)


@pytest.mark.parametrize(
    "typed", ["1e1", "inf", "nan", "three", "1_000", "0x10", "1.000,5", "10 00", "+", "9" * 400]
)
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    assert parse_number(typed) == (None, NOT_A_NUMBER)


def test_a_comma_before_three_digits_asks_which_was_meant() -> None:
    value, problem = parse_number("1,000")
    assert value is None
    assert problem == "Did you mean 1000 or 1? Type it without the comma, or with a point."


def test_the_range_is_checked_and_named() -> None:
    assert parse_number("71", 0, 70) == (None, "Enter a number from 0 to 70.")
    assert parse_number("-1", 0, None) == (None, "Enter 0 or more.")
    assert parse_number("11", None, 10) == (None, "Enter 10 or less.")
    assert parse_number("70", 0, 70) == (70, "")


def test_numbers_are_shown_as_people_write_them() -> None:
    assert [number_text(v) for v in (4, 4.0, 2.5, 1000.0)] == ["4", "4", "2.5", "1000"]


def test_the_quick_check_accepts_what_the_app_accepts(tmp_path: Path) -> None:
    """The same refusals and the same stored value as the app's requirements form."""
    script = Script(
        [
            ("How many years", ["1e1", "1,000", "two", "2,5"]),
            (MORE, False),
            (SAVE, True),
            ("name", "Alex"),
        ]
    )
    assert run(script, tmp_path, "career-management", "CMP") == 1
    script.done()
    (saved,) = tmp_path.glob("*.toml")
    assert tomllib.loads(saved.read_text("utf-8"))["requirements"]["experience_years"] == 2.5

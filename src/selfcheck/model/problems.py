"""Problems found while reading a document, collected rather than raised one at a time."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

KeyPath = tuple[str | int, ...]
#: What `Reader` finds when a key is missing or of the wrong type.
ABSENT: Any = object()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at a place given as a TOML key path."""

    path: KeyPath
    message: str

    @property
    def where(self) -> str:
        """The key path written as a person would: ``areas[0].competencies[2].id``."""
        return format_path(self.path)


def format_path(path: KeyPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if part.replace("_", "").replace("-", "").isalnum() else repr(part)
            out += f".{shown}" if out else shown
    return out


#: TOML whole numbers are signed 64-bit: a larger one cannot be read back by other programs,
#: and no count of years or hours is that large.
SMALLEST_INT, LARGEST_INT = -(2**63), 2**63 - 1


def number_problem(value: Any) -> str | None:
    """Why a number read from a file cannot be used, or None. tomllib reads `inf`, `nan` and
    anything past 1.8e308 as floats no verdict can compare and no save can write back the
    same, and whole numbers of any size."""
    if type(value) is float and not math.isfinite(value):
        if math.isnan(value):
            return "nan (not a number) cannot be used; write a number"
        return "infinite, or too large to be a number (over 1.8e308); write a finite number"
    if type(value) is int and not SMALLEST_INT <= value <= LARGEST_INT:
        return f"a whole number too large to use (at most {LARGEST_INT:,})"
    return None


def unusable_numbers(document: dict[str, Any]) -> list[Problem]:
    """Every number in a decoded document that cannot be used, wherever it is (unknown keys
    too: they are written back on the next save)."""
    found: list[Problem] = []

    def walk(container: dict[str, Any] | list[Any], path: KeyPath) -> None:
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            kind = type(value)
            if kind is dict or kind is list:
                walk(value, (*path, key))
            elif (kind is int and not SMALLEST_INT <= value <= LARGEST_INT) or (
                kind is float and not math.isfinite(value)
            ):
                found.append(Problem((*path, key), number_problem(value) or ""))

    walk(document, ())
    return found


class InvalidDocument(Exception):
    """A document that cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in self.problems))


class Reader:
    """Typed access to a parsed TOML table that records problems instead of raising.

    `type(x) is int` is used on purpose: `True` is an `int` to isinstance.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def report(self, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(path, message))

    def table(self, value: Any, path: KeyPath) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.report(path, f"expected a table, found {describe(value)}")
        return None

    def tables(self, data: dict[str, Any], key: str, path: KeyPath) -> list[dict[str, Any]]:
        """An array of tables; missing means empty."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.report((*path, key), f"expected an array of tables, found {describe(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            table = self.table(item, (*path, key, i))
            if table is not None:
                out.append(table)
        return out

    def unknown(self, data: dict[str, Any], allowed: Iterable[str], path: KeyPath) -> None:
        known = allowed if isinstance(allowed, frozenset | set) else set(allowed)
        for key in data:
            if key not in known:
                expected = ", ".join(sorted(known))
                self.report((*path, key), f"unknown key (expected one of: {expected})")

    def _typed(
        self,
        data: dict[str, Any],
        key: str,
        path: KeyPath,
        noun: str,
        fits: Callable[[Any], bool],
        *,
        required: bool,
    ) -> Any:
        """`data[key]` when it is there and `fits`; else `ABSENT`, with a problem reported when
        it was required, or is there with the wrong type. `noun` names what is expected."""
        if key not in data:
            if required:
                self.report((*path, key), f"missing ({noun} is required)")
            return ABSENT
        value = data[key]
        if not fits(value):
            self.report((*path, key), f"expected {noun}, found {describe(value)}")
            return ABSENT
        return value

    def _usable(self, value: Any, key: str, path: KeyPath) -> Any:
        """A number read, or `ABSENT` (reported) when no verdict or save could use it."""
        problem = number_problem(value)
        if problem:
            self.report((*path, key), problem)
            return ABSENT
        return value

    def string(
        self,
        data: dict[str, Any],
        key: str,
        path: KeyPath,
        *,
        required: bool = True,
        default: str = "",
        max_length: int = 200,
    ) -> str:
        value = self._typed(
            data, key, path, "a string", lambda v: type(v) is str, required=required
        )
        if value is ABSENT:
            return default
        if required and not value.strip():
            self.report((*path, key), "must not be blank")
        if len(value) > max_length:
            self.report((*path, key), f"too long: {len(value)} characters (at most {max_length})")
            return str(value[:max_length])
        return str(value)

    def integer(
        self,
        data: dict[str, Any],
        key: str,
        path: KeyPath,
        *,
        required: bool = True,
        default: int = 0,
    ) -> int:
        value = self._typed(
            data, key, path, "a whole number", lambda v: type(v) is int, required=required
        )
        if value is not ABSENT:
            value = self._usable(value, key, path)
        return default if value is ABSENT else int(value)

    def number(
        self, data: dict[str, Any], key: str, path: KeyPath, *, required: bool = True
    ) -> float | None:
        value = self._typed(
            data, key, path, "a number", lambda v: type(v) in (int, float), required=required
        )
        if value is not ABSENT:
            value = self._usable(value, key, path)
        return None if value is ABSENT else float(value)

    def boolean(
        self, data: dict[str, Any], key: str, path: KeyPath, *, default: bool = False
    ) -> bool:
        value = self._typed(
            data, key, path, "true or false", lambda v: type(v) is bool, required=False
        )
        return default if value is ABSENT else bool(value)

    def strings(
        self, data: dict[str, Any], key: str, path: KeyPath, *, required: bool = False
    ) -> tuple[str, ...]:
        value = self._typed(
            data, key, path, "an array of strings",
            lambda v: isinstance(v, list) and all(type(x) is str for x in v), required=required,
        )  # fmt: skip
        return () if value is ABSENT else tuple(value)


def describe(value: Any) -> str:
    """Name a TOML value's type the way the format documentation does."""
    names = {
        bool: "a boolean",
        int: "a whole number",
        float: "a decimal number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    if type(value) is bool:
        return f"a boolean ({'true' if value else 'false'})"
    for kind, name in names.items():
        if type(value) is kind:
            shown = repr(value)
            if len(shown) > 40:
                shown = shown[:37] + "..."
            return f"{name} ({shown})" if kind not in (list, dict) else name
    return f"a {type(value).__name__}"

"""Cheap checks before parsing TOML, and finding the line a key path was written on.

tomllib is quadratic on long dotted keys and recurses on deep nesting, so hostile files are
refused by a linear scan before they reach it. tomllib reports
lines for syntax errors but not for keys, so `locate` maps key paths back to lines.
"""

from __future__ import annotations

import re

from selfcheck.model.problems import KeyPath

MAX_KEY_DOTS = 16
MAX_NESTING = 32

_TOKEN = re.compile(
    r'''
     (?P<string>"""(?:[^\\]|\\.)*?"""{1,3}|\'\'\'.*?\'\'\'{1,3}|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')
    |(?P<comment>\#[^\n]*)
    |(?P<open>[\[{])
    |(?P<close>[\]}])
    |(?P<sep>[=,\n])
    |(?P<dot>\.)
    ''',
    re.S | re.X,
)


# Three openers in a row start every deeply nested value worth a precise message; nesting
# spread over whitespace still fails safely in the parser (RecursionError, "nested too deeply").
_BRACKET_RUNS = ("[[[", "[ [")
_OPENER_RUNS = (*_BRACKET_RUNS, "{{", "[{", "{[", "{ {")


def precheck(text: str) -> str | None:
    """Why a document is too deeply nested or has too long a dotted key, or None if fine."""
    # Ordinary files have no line with that many dots and no long run of openers: skip the
    # string-aware scan for them (it would cost about half a parse).
    many_dots = text.count(".") > MAX_KEY_DOTS and any(
        line.count(".") > MAX_KEY_DOTS for line in text.splitlines()
    )
    # Most files have no inline table at all; then only the runs of "[" can be there.
    runs = _OPENER_RUNS if "{" in text else _BRACKET_RUNS
    if not many_dots and not any(run in text for run in runs):
        return None
    return _scan(text)


def _scan(text: str) -> str | None:
    stack: list[str] = []
    dots = 0
    in_value = False
    line = 1
    header = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "string":
            line += m.group().count("\n")
        elif kind == "open":
            if not stack and not in_value:
                header = True
            stack.append(m.group())
            if len(stack) > MAX_NESTING:
                return f"line {line}: nested more than {MAX_NESTING} deep"
            if m.group() == "{":
                dots, in_value = 0, False
        elif kind == "close":
            if stack:
                stack.pop()
        elif kind == "sep":
            sep = m.group()
            if sep == "\n":
                line += 1
                header = False
                if not stack:
                    in_value = False
            elif sep == "=":
                in_value = True
            elif sep == "," and stack and stack[-1] == "{":
                in_value = False
            dots = 0
        elif kind == "dot":
            key_position = header or (not in_value and (not stack or stack[-1] == "{"))
            if key_position:
                dots += 1
                if dots > MAX_KEY_DOTS:
                    return f"line {line}: a key with more than {MAX_KEY_DOTS} dotted parts"
    return None


_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = re.compile(rf"\s*((?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*)\s*")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _parts(key: str) -> tuple[str, ...]:
    out = []
    for part in _PART.findall(key):
        if part[0] in "\"'":
            part = part[1:-1]
        out.append(part)
    return tuple(out)


def locate(text: str, path: KeyPath) -> int | None:
    """The 1-based line where `path` (or its nearest written parent) is defined."""
    lines: dict[tuple[str | int, ...], int] = {}
    arrays: dict[tuple[str | int, ...], int] = {}
    current: tuple[str | int, ...] = ()
    in_multiline: str | None = None

    def resolve(parts: tuple[str, ...]) -> tuple[str | int, ...]:
        out: tuple[str | int, ...] = ()
        for i, part in enumerate(parts):
            out = (*out, part)
            if i < len(parts) - 1 and out in arrays:
                out = (*out, arrays[out] - 1)
        return out

    for number, line in enumerate(text.splitlines(), 1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        stripped = line.strip()
        if stripped.startswith("[["):
            m = _KEY.match(stripped[2:])
            if m:
                table = resolve(_parts(m.group(1)))
                index = arrays.get(table, 0)
                arrays[table] = index + 1
                current = (*table, index)
                lines.setdefault(current, number)
                lines.setdefault(table, number)
        elif stripped.startswith("["):
            m = _KEY.match(stripped[1:])
            if m:
                current = resolve(_parts(m.group(1)))
                lines.setdefault(current, number)
        else:
            m = _KEY.match(line)
            if m and line[m.end() : m.end() + 1] == "=":
                lines.setdefault((*current, *_parts(m.group(1))), number)
                rest = line[m.end() + 1 :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
    for end in range(len(path), -1, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None

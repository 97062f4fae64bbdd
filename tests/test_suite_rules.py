"""The test suite's own rules (tests/README.md), checked on every test file:

- a test reads only public state: no `_private` attribute of another object, no private
  name or module imported from a library (a Textual upgrade would break such a test
  without breaking the app, or let the app break while the test still passed);
- a test waits for what it waits for: no `asyncio.sleep`, no `pilot.pause(seconds)`, and
  `time.sleep` only where a test polls a process of its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent

#: Private names still used, each with where and why. Anything else fails.
ALLOWED_PRIVATE = {
    ("ui/helpers.py", "_character_to_key"): (
        "burst() names a typed character the way pilot.press does; Textual has no public "
        "function for it"
    ),
}
#: A forked child ends with os._exit, which skips the parent's clean-up (documented API).
ALLOWED_ATTRIBUTES = {("os", "_exit")}
#: The test that pins the private Textual names the app still uses reads them on purpose.
PINS_PRIVATE_API = {"test_textual_private_api.py"}
#: Tests that run a real process and poll it between reads.
MAY_SLEEP = {"ui/test_process.py", "test_prompts_pty.py"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _problems(source: str, where: str) -> list[str]:
    """What breaks the rules in one test file's `source`; `where` is its path in tests/."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner in ("self", "cls") or (owner, node.attr) in ALLOWED_ATTRIBUTES:
                continue
            if (where, node.attr) not in ALLOWED_PRIVATE:
                found.append(f"{line}: reads private {owner or '…'}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if any(_private(part) for part in node.module.split(".")):
                found.append(f"{line}: imports from private module {node.module}")
            for alias in node.names:
                if _private(alias.name) and (where, alias.name) not in ALLOWED_PRIVATE:
                    found.append(f"{line}: imports private {node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(_private(part) for part in alias.name.split(".")):
                    found.append(f"{line}: imports private module {alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            called = node.func
            owner = called.value.id if isinstance(called.value, ast.Name) else ""
            if (owner, called.attr) == ("asyncio", "sleep"):
                found.append(f"{line}: sleeps (wait for what is pending instead)")
            elif called.attr == "pause" and (node.args or node.keywords):
                found.append(f"{line}: pauses for a time (wait for what is pending instead)")
            elif (owner, called.attr) == ("time", "sleep") and where not in MAY_SLEEP:
                found.append(f"{line}: sleeps (only a test polling its own process may)")
    return found


def test_tests_use_public_api_and_never_wait_a_fixed_time() -> None:
    files = sorted(TESTS.rglob("*.py"))
    assert len(files) > 30  # the walk found the suite
    problems = [
        problem
        for path in files
        if path.relative_to(TESTS).as_posix() not in PINS_PRIVATE_API
        for problem in _problems(path.read_text("utf-8"), path.relative_to(TESTS).as_posix())
    ]
    assert problems == [], "\n".join(problems)


def test_the_rules_see_what_they_forbid() -> None:
    code = (
        "import asyncio, time\n"
        "from textual.widgets._footer import FooterKey\n"
        "from textual.keys import _character_to_key\n"
        "async def test(app, pilot):\n"
        "    app._notifications\n"
        "    await asyncio.sleep(0.1)\n"
        "    await pilot.pause(0.5)\n"
        "    time.sleep(1)\n"
    )
    found = sorted(_problems(code, "ui/test_sample.py"), key=lambda p: int(p.split(":")[1]))
    assert [problem.split(": ", 1)[1] for problem in found] == [
        "imports from private module textual.widgets._footer",
        "imports private textual.keys._character_to_key",
        "reads private app._notifications",
        "sleeps (wait for what is pending instead)",
        "pauses for a time (wait for what is pending instead)",
        "sleeps (only a test polling its own process may)",
    ]

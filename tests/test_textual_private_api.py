"""The few private Textual names selfcheck still relies on, pinned: a Textual upgrade that
renames or drops one fails here, saying where it is used, instead of silently losing what it
gives us. Any other private Textual method overridden, or private module imported, fails too."""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import pytest
from textual.app import App
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, TextArea

from .test_hygiene import PACKAGE, all_modules

#: (owner, name, parameters, where it is used and why).
PRIVATE: list[tuple[type, str, list[str], str]] = [
    (
        App,
        "_handle_exception",
        ["self", "error"],
        "ui/app.py SelfcheckApp._handle_exception, to keep the recovery draft before a crash "
        "exits the app (Textual has no public hook for an unhandled error)",
    ),
    (
        App,
        "_check_bindings",
        ["self", "key", "priority"],
        "ui/key_order.py KeysInOrder._bound_now, to run a key's binding as it arrives, so keys "
        "take effect in the order they were typed (Textual resolves them only after bubbling)",
    ),
    (
        App,
        "_fatal_error",
        ["self"],
        "ui/app.py SelfcheckApp._fatal_error, to replace Textual's traceback (it lists local "
        "variables, which can hold a candidate's notes) with a short message and a report",
    ),
]


@pytest.mark.parametrize(
    ("owner", "name", "parameters", "used_by"), PRIVATE, ids=[p[1] for p in PRIVATE]
)
def test_the_private_textual_api_we_use_is_still_there(
    owner: type, name: str, parameters: list[str], used_by: str
) -> None:
    method = getattr(owner, name, None)
    where = f"{owner.__name__}.{name}, used by {used_by}"
    assert callable(method), f"Textual no longer has {where}"
    assert list(inspect.signature(method).parameters) == parameters, (
        f"Textual changed the signature of {where}"
    )


def test_an_unhandled_error_still_reaches_the_fatal_error_hook() -> None:
    source = inspect.getsource(App._handle_exception)
    assert "self._fatal_error()" in source, (
        "Textual's App._handle_exception no longer calls _fatal_error: ui/app.py's crash "
        "message (no local variables, a private report) would not be shown"
    )


def _textual_classes(owner: type) -> list[type]:
    return [c for c in owner.__mro__ if c.__module__.split(".")[0] == "textual"]


def test_no_other_private_textual_method_is_overridden() -> None:
    pinned = {(owner, name) for owner, name, _, _ in PRIVATE}
    found = []
    for module_name in all_modules():
        if not module_name.startswith(("selfcheck.ui", "selfcheck.serve")):
            continue
        module = importlib.import_module(module_name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name:
                continue
            for name, value in vars(cls).items():
                if not name.startswith("_") or name.startswith("__"):
                    continue
                if getattr(value, "__module__", None) != module_name:
                    continue  # set by Textual itself (handlers, CSS), not written by us
                for base in _textual_classes(cls):
                    if hasattr(base, name) and not any(
                        issubclass(base, owner) and name == n for owner, n in pinned
                    ):
                        found.append(f"{module_name}.{cls.__name__}.{name} (from {base})")
    assert found == [], "pin these in PRIVATE, or use a public API instead"


def test_every_private_textual_name_we_use_is_pinned() -> None:
    """Any `._name` in our code that Textual's classes have, and our code does not define
    itself, is Textual's private API: it must be in PRIVATE."""
    textual_classes = [App, Screen, Widget, TextArea, Input, OptionList, Select, Message, Key]
    pinned = {name for _, name, _, _ in PRIVATE}
    ours: set[str] = set()
    used: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                ours.add(node.name)
            elif isinstance(node, ast.Attribute):
                if isinstance(node.ctx, ast.Store):
                    ours.add(node.attr)
                elif node.attr.startswith("_") and not node.attr.startswith("__"):
                    used.setdefault(node.attr, set()).add(str(path.relative_to(PACKAGE)))
    textual_private = {
        name: sorted(files)
        for name, files in used.items()
        if any(hasattr(cls, name) for cls in textual_classes)
        and (name not in ours or name in pinned)
    }
    unpinned = {name: files for name, files in textual_private.items() if name not in pinned}
    assert unpinned == {}, "pin these in PRIVATE, or use a public API instead"


def test_no_private_textual_module_is_imported() -> None:
    private = re.compile(r"^\s*(from|import)\s+textual(\.\w+)*\._", re.MULTILINE)
    found = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if private.search(path.read_text("utf-8"))
    ]
    assert found == [], "import these from Textual's public modules"

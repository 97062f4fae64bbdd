"""The layers hold: discovered module by module, not from a hand-kept list."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import selfcheck

PACKAGE = Path(selfcheck.__file__).parent
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"
#: Layers that may load an interactive library; everything else must not.
FRONT_ENDS = ("cli", "ui", "quick", "serve")
INTERACTIVE = ("textual", "questionary", "prompt_toolkit")


def all_modules() -> list[str]:
    found = []
    for file in sorted(PACKAGE.rglob("*.py")):
        parts = file.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(("selfcheck", *parts)))
    return found


def layer_of(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_modules_are_discovered() -> None:
    modules = all_modules()
    assert "selfcheck.model.readiness" in modules and "selfcheck.storage.atomic" in modules


def test_no_layer_below_the_front_ends_loads_an_interactive_library() -> None:
    """Every module below the front ends is imported in turn; the first that brings in
    Textual, questionary or prompt_toolkit is named."""
    below = [
        m for m in all_modules() if layer_of(m) not in FRONT_ENDS and m != "selfcheck.__main__"
    ]
    code = (
        "import importlib, json, sys\n"
        f"bad = {{}}\nfor name in {below!r}:\n"
        "    importlib.import_module(name)\n"
        f"    ui = sorted(m for m in sys.modules if m.split('.')[0] in {INTERACTIVE!r})\n"
        "    if ui:\n        bad[name] = ui[:3]\n        break\n"
        "print(json.dumps(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}
    assert len(below) > 20  # the walk really found the lower layers


def test_every_package_has_a_place_in_the_layer_contract() -> None:
    """A new package must be given its layer (pyproject's import contract, and
    docs/architecture.md), or the contract would silently not cover it."""
    config = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    named = {
        name.strip().strip("()")
        for layer in layers
        for name in layer.replace("|", " ").replace(":", " ").split()
    }
    tops = {layer_of(m) for m in all_modules()} - {"", "__main__"}
    assert tops - named == set()
    architecture = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text("utf-8")
    assert all(f"{top}" in architecture for top in tops)


def test_the_domain_imports_only_the_domain() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {[m for m in all_modules() if layer_of(m) == 'model']!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('selfcheck')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    loaded = eval(result.stdout)
    allowed = ("selfcheck.model", "selfcheck.safetext", "selfcheck.clock")
    assert all(m.startswith(allowed) or m == "selfcheck" for m in loaded), loaded

"""The domain, storage and report layers import no user-interface library."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    ["selfcheck.model.catalogue", "selfcheck.model.session", "selfcheck.model.readiness",
     "selfcheck.storage", "selfcheck.report", "selfcheck.paths", "selfcheck.safetext"],
)  # fmt: skip
def test_layer_imports_no_ui(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "ui = [m for m in sys.modules if m.split('.')[0] in ('textual', 'questionary',"
        " 'prompt_toolkit', 'rich')]\n"
        "print(ui)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_model_does_no_io() -> None:
    code = (
        "import sys, selfcheck.model.readiness, selfcheck.model.session\n"
        "print(sorted(m for m in sys.modules if m.startswith('selfcheck')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    loaded = eval(result.stdout)
    assert all(m.startswith("selfcheck.model") or m == "selfcheck" for m in loaded), loaded

"""What the app's text fields have in common, importable without loading the editors (they
are mounted after the first frame)."""

from __future__ import annotations


class TextField:
    """Mixed into every widget that takes typed text: while one has focus, letters are text,
    not keys (the rating tab's bindings step aside)."""

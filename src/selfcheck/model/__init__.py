"""Catalogues, sessions and readiness: pure Python, no I/O, no user interface."""

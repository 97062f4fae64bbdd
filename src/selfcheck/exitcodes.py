"""The exit codes every command shares (a contract: scripts depend on them)."""

from __future__ import annotations

EXIT_OK = 0
#: `check` only: the candidate is not ready for the designation asked about.
EXIT_NOT_READY = 1
#: Bad usage or invalid input.
EXIT_USAGE = 2
#: Cancelled by the user (Ctrl+C), nothing saved.
EXIT_CANCELLED = 130

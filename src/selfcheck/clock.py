"""The one clock: what "now" and "today" mean everywhere (UTC, whole seconds)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    """The time stamped into saves and verdicts: UTC, whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def today() -> date:
    """The day a verdict is computed for (evidence windows count back from it)."""
    return utc_now().date()

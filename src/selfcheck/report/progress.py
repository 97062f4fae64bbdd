"""The progress bar every report and the app draw: one rounding rule, readable without colour.

Any progress shows (at least one cell), and only complete progress fills the bar, so "1 of
300" never reads as nothing and "299 of 300" never reads as done.
"""

from __future__ import annotations

FULL, EMPTY = "█", "░"
BAR_WIDTH = 20


def filled_cells(done: int, total: int, width: int) -> int:
    """How many of `width` cells show `done` of `total` (none when there is nothing to do)."""
    if total <= 0 or done <= 0:
        return 0
    if done >= total:
        return width
    return min(width - 1, max(1, round(width * done / total)))


def percent(done: int, total: int) -> int:
    """`done` of `total` in whole percent, by the same rule as the bar."""
    return filled_cells(done, total, 100)


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """████████░░░░"""
    filled = filled_cells(done, total, width)
    return FULL * filled + EMPTY * (width - filled)

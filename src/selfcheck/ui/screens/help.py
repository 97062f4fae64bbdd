"""The help screen: every key, built from the bindings themselves, and what the marks mean."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from selfcheck.ui.widgets.competency_list import COMMENT_MARK, MARKS
from selfcheck.ui.widgets.editors import NoteEditor

KeyTable = list[tuple[str, list[tuple[str, str]]]]

_NAMES = {
    "question_mark": "?", "delete": "Delete", "escape": "Esc", "enter": "Enter",
    "up": "↑", "down": "↓", "home": "Home", "end": "End", "tab": "Tab",
}  # fmt: skip


def _key(key: str) -> str:
    """ "ctrl+q" as people write it: "Ctrl+Q"."""
    *mods, last = key.split("+")
    if (last.startswith("f") and last[1:].isdigit()) or mods:
        last = last.upper()
    return "+".join([*(m.capitalize() for m in mods), _NAMES.get(last, last)])


def _rows(bindings: list[BindingType], skip_rates: bool = True) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    keys: set[str] = set()
    for b in bindings:
        if not isinstance(b, Binding) or not b.description or b.key in keys:
            continue  # a second binding of a key (one that explains a refusal) is not listed
        if skip_rates and b.action.startswith("rate("):
            continue
        keys.add(b.key)
        rows.append((", ".join(_key(k) for k in b.key.split(",")), b.tooltip or b.description))
    return rows


def key_table(everywhere: list[BindingType]) -> KeyTable:
    """Sections of (keys, what they do), from the screens' own bindings; `everywhere` are
    the app's."""
    from selfcheck.ui.screens.development_forms import ActivityDialog
    from selfcheck.ui.screens.evidence_item import ItemDialog
    from selfcheck.ui.screens.rater import RaterScreen
    from selfcheck.ui.screens.review import ReviewScreen
    from selfcheck.ui.screens.session import SessionScreen
    from selfcheck.ui.screens.start import StartScreen
    from selfcheck.ui.widgets.development_view import DevelopmentView
    from selfcheck.ui.widgets.rate_tab import RateTab

    return [
        (
            "Everywhere",
            [
                *_rows(everywhere),
                ("Ctrl+P", "Command palette (every action by name)"),
                ("Tab, Shift+Tab", "Move between fields"),
                ("Ctrl+C", "Copy (it does not quit)"),
            ],
        ),
        (
            "Start screen",
            [("↑, ↓, Enter", "Choose and open a saved session"), *_rows(StartScreen.BINDINGS)],
        ),
        ("In a session", _rows(SessionScreen.BINDINGS)),
        (
            "Rating tab",
            [
                ("↑, ↓, j, k", "Previous / next competency"),
                ("0–9", "Rate at that level (or click a level)"),
                *_rows(RateTab.BINDINGS),
            ],
        ),
        (
            "Notes and comments",
            [*_rows(NoteEditor.BINDINGS), ("Esc", "Leave the text, back to the list")],
        ),
        (
            "Evidence item form (i, or Enter on an item)",
            [
                *_rows(ItemDialog.BINDINGS),
                ("Tab, Shift+Tab", "Method, date, title, hours, link, note"),
            ],
        ),
        (
            "Development tab (F6)",
            [
                *_rows(DevelopmentView.BINDINGS),
                ("Enter", "Edit the goal or activity chosen, or date the milestone"),
            ],
        ),
        (
            "Activity and goal forms",
            [
                *_rows(ActivityDialog.BINDINGS),
                ("Tab, Shift+Tab", "Title, hours, date, competencies, reflection"),
                ("Space", "Tick or untick the competency chosen"),
            ],
        ),
        (
            "Mentor's review (selfcheck review SESSION)",
            [*_rows(ReviewScreen.BINDINGS), ("Esc", "Leave the comment, back to the list")],
        ),
        (
            "Filling in a feedback form (selfcheck FORM)",
            [
                ("↑, ↓", "Previous / next competency"),
                ("0–9", "Rate at that level (or click a level)"),
                *_rows(RaterScreen.BINDINGS),
                ("Ctrl+Q", "Quit (everything is already saved in the form)"),
            ],
        ),
        ("Dialogs", [("Esc", "Cancel"), ("Enter", "Choose")]),
    ]


def legend() -> list[tuple[str, str]]:
    return [(symbol, meaning) for symbol, _, meaning in MARKS.values()] + [COMMENT_MARK]


def keys_markdown(everywhere: list[BindingType]) -> str:
    """docs/keys.md, from the same table as the help screen (a test keeps them equal)."""
    out = [
        "# Keys",
        "",
        "Every key is also in the footer (the ones that apply where you are), in the help "
        "screen (F1 or ?) and in the command palette (Ctrl+P), by name.",
    ]
    for section, rows in key_table(everywhere):
        out += ["", f"## {section}", "", "| Key | What it does |", "| --- | --- |"]
        out += [f"| {k} | {d} |" for k, d in rows]
    out += ["", "## Marks in the competency list", "", "| Mark | Meaning |", "| --- | --- |"]
    out += [f"| `{symbol}` | {meaning} |" for symbol, meaning in legend()]
    out += [
        "",
        "A digit after the mark is the level chosen. Everything is saved as you type.",
        "",
    ]
    return "\n".join(out)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help"),
    ]

    def __init__(self, everywhere: list[BindingType]) -> None:
        """`everywhere`: the app's own keys, listed first."""
        super().__init__()
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(Content.styled("selfcheck keys", "bold"), classes="dialog-title")
            for section, rows in key_table(self.everywhere):
                yield Static(Content.styled(section, "bold $accent"), classes="section")
                width = max(len(k) for k, _ in rows)
                yield Static(
                    Content("\n").join(
                        Content.assemble((k.ljust(width), "bold"), "  ", d) for k, d in rows
                    )
                )
            yield Static(
                Content.styled("Marks in the competency list", "bold $accent"), classes="section"
            )
            yield Static(
                Content("\n").join(Content.assemble((s, "bold"), "  ", m) for s, m in legend())
            )
            yield Static(
                "Everything is saved as you type. A number after a mark is the level you chose.",
                classes="muted",
            )
            yield Static("Esc closes this help.", classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)

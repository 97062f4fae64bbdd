"""User and catalogue text is shown literally: never markup, never a live escape sequence,
never an action, and stored exactly as written."""

from __future__ import annotations

from typing import Any

import tomli_w
from textual.widgets import OptionList

from selfcheck.model.review import Review
from selfcheck.model.session import MAX_NOTE
from selfcheck.safetext import one_line, visible
from selfcheck.storage.reviews import review_path, save_review
from selfcheck.ui.screens.start import StartScreen
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor

from .conftest import demo_catalogue, session_document
from .helpers import Notices, read, session_screen, settle, shown

NASTY = [
    "[", "]", "[/", "[/]", "[/bold] x", "[bold]x", "[TODO] fix", "[IMPORTANT]", "[PR-6] done",
    "[x] done", "a[b]c", "[a [b] c]", "[$accent]x", "[red]", "[red]x[/] [a[0]]",
    "[link='https://evil.example']click[/link]", "[link=https://evil.example]x[/link]",
    "[@click=app.quit]x[/]", "[@click=app.screenshot('pwn.svg','/tmp')]x[/]", "\\[bold]",
    "ends with \\", "\x1b]0;PWNED\x07", "\x1b]52;c;SGVsbG8=\x07", "\x1b[2J\x1b[H", "\x9b31m",
    "a\x00b", "\x07\x08\r\x0b\x0c", "\u202eevil", "Zoë 🧠 日本語", '"""', "'''",
    "line1\r\nline2", "", " " * 10_000, "x" * 1_000_000,
]  # fmt: skip
RAW = ("\x1b", "\x9b", "\x00", "\x07", "\u202e")
#: A designation id that would retitle the terminal if it reached it raw.
NASTY_ID = "N\x1b]0;PWNED\x07\u202e"


def _no_raw(text: str) -> bool:
    return not any(ch in text for ch in RAW)


def nasty_catalogue() -> dict[str, Any]:
    """The demo catalogue with one competency per nasty string, in titles and statements."""
    competencies = []
    for i, text in enumerate(NASTY):
        title = text if text.strip() and len(text) <= 200 else f"plain {i}"
        statement = text if text.strip() and len(text) <= 2000 else f"plain statement {i}"
        competencies.append({"id": f"n{i}", "title": title, "statement": statement})
    areas = [{"id": "nasty", "title": "[b]Nasty[/b] \x1b[2J area", "competencies": competencies}]
    catalogue = demo_catalogue(
        id="nasty",
        title="[red]Nasty[/] catalogue \x1b]0;PWNED\x07",
        areas=areas,
        requirements=[],
        designations=[
            {"id": NASTY_ID, "title": "[@click=app.quit]N[/]", "rank": 1,
             "rules": [{"kind": "at_least", "area": "nasty", "count": 1}]},
        ],
    )  # fmt: skip
    catalogue["scale"]["levels"][3]["label"] = "Proficient \x1b[2J\x9b31m"
    return catalogue


#: A mentor's name as nasty as the rest, and the strings a mentor commented with (all but
#: the two long ones, which the review limits test covers).
MENTOR = "[b]Mo[/b] \x1b]52;c;SGVsbG8=\x07"
COMMENTED = NASTY[:-2]


def write_nasty(folders) -> Any:
    """The nasty catalogue, a session rating each competency with its nasty string as the
    evidence, and a mentor's review commenting each with the same string."""
    (folders.catalogues / "nasty.toml").write_text(tomli_w.dumps(nasty_catalogue()), "utf-8")
    ratings = {f"n{i}": {"level": 3, "evidence": text} for i, text in enumerate(NASTY)}
    document = session_document(
        catalogue="nasty",
        candidate="[red]x[/] [a[0]] \x1b]0;PWNED\x07",
        target=NASTY_ID,
        position="n0",
        ratings=ratings,
        requirements={},
    )
    path = folders.write_session("nasty.toml", document)
    comments = {f"n{i}": text for i, text in enumerate(COMMENTED) if text}
    save_review(path, Review(session=path.name, mentor=MENTOR, comments=comments))
    return path


async def test_nasty_strings_show_literally_and_are_saved_unchanged(
    folders, make_app, unchecked_catalogue_text, typing_never_autosaves
):
    """Every nasty string on screen and back on disk. Moving through the list is not saved
    on the way (each save rewrites megabytes): the rating at the end and quitting save."""
    path = write_nasty(folders)
    original = read(path)["ratings"]
    review_before = review_path(path).read_bytes()
    app = make_app()
    said = Notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        label = str(app.screen.query_one("#sessions", OptionList).get_option_at_index(0).prompt)
        assert label.startswith(one_line("[red]x[/] [a[0]] \x1b]0;PWNED\x07"))
        assert _no_raw(label)
        await pilot.press("enter")
        await settle(pilot)
        screen = session_screen(app)
        assert "[red]x[/] [a[0]] ␛]0;PWNED␇" in screen.sub_title
        mentor = shown(screen.query_one("#comment-title"))
        assert mentor == "Comment from [b]Mo[/b] ␛]52;c;SGVsbG8=␇"
        names = screen.query_one(CompetencyList)
        for i, text in enumerate(NASTY):
            cid = f"n{i}"
            assert names.go_to(cid)
            await pilot.pause()
            title = shown(screen.query_one("#c-title"))
            statement = shown(screen.query_one("#c-statement"))
            if text.strip() and len(text) <= 200:
                assert title == f"{cid} {one_line(text)}", (i, title)
            if text.strip() and len(text) <= 2000:
                assert statement == visible(text), (i, statement)
            prompt = str(names.get_option(f"c:{cid}").prompt)
            editor = screen.query_one("#c-evidence", NoteEditor)
            if len(text) <= MAX_NOTE:
                assert not editor.read_only
                rendered = "".join(
                    editor.get_line(n).plain for n in range(editor.document.line_count)
                )
                assert _no_raw(rendered), (i, rendered[:40])
            else:
                assert editor.read_only  # kept whole on disk, not loaded past the limit
                assert "over the 20,000 limit" in shown(screen.query_one("#c-count"))
            comment = shown(screen.query_one("#comment-text"))
            if i < len(COMMENTED):
                expected = visible(text) if text.strip() else "No comment on this competency."
                assert comment == expected, (i, comment[:40])
            for seen in (title, statement, prompt, comment):
                assert _no_raw(seen), (i, seen[:40])
        assert names.go_to("n1")
        await pilot.press("1")  # below the bar: the status names the bar's level label
        await settle(pilot)
        status = shown(screen.query_one("#c-status"))
        assert status == "Rated below the bar: counts from 3 (Proficient ␛[2J<U+009B>31m)."
        await pilot.press("t")  # only the target's competencies: the notice names the target
        await settle(pilot)
        notices = said.messages
        assert f"Showing only {one_line(NASTY_ID)}'s competencies." in notices
        assert all(_no_raw(n) for n in notices)
        await pilot.press("f4")
        await settle(pilot)
        verdict = shown(screen.query_one("#readiness-view .r-verdict-0"))
        assert "[@click=app.quit]N[/]" in verdict
        await pilot.press("f2")
        await pilot.pause()
        names.go_to("n0")
        await pilot.press("4")  # an edit elsewhere rewrites the whole file
        await settle(pilot)
        assert app.is_running  # an error in the app would also be raised by run_test
        await pilot.press("ctrl+q")
    saved = read(path)
    assert saved["candidate"] == "[red]x[/] [a[0]] \x1b]0;PWNED\x07"
    for i, text in enumerate(NASTY):
        assert saved["ratings"][f"n{i}"]["evidence"] == original[f"n{i}"]["evidence"] == text
    assert "\\u001b]0;PWNED" in path.read_text("utf-8")  # stored escaped, not raw
    assert review_path(path).read_bytes() == review_before  # the candidate never writes it


async def test_clicking_link_markup_runs_no_action(folders, make_app, tmp_path):
    target = tmp_path / "pwn-target"
    target.mkdir()
    trap = f"[@click=app.screenshot('pwn.svg','{target}')]click me[/]"
    catalogue = demo_catalogue()
    catalogue["areas"][0]["competencies"][0]["statement"] = trap
    catalogue["areas"][0]["competencies"][0]["title"] = "[@click=app.quit]quit[/]"
    (folders.catalogues / "demo.toml").write_text(tomli_w.dumps(catalogue), "utf-8")
    ratings = {"1.1": {"level": 3, "evidence": trap}}
    path = folders.write_session("alex.toml", session_document(position="1.1", ratings=ratings))
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        for selector in ("#c-statement", "#c-title", "#competencies", "#c-evidence"):
            await pilot.click(selector)
            await pilot.click(selector, offset=(2, 0))
            await settle(pilot)
        assert app.is_running  # an error in the app would also be raised by run_test
        assert trap in shown(screen.query_one("#c-statement"))
    assert not list(target.iterdir())


async def test_long_paste_is_cut_at_the_limit_with_a_message(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    said = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("e")
        editor = screen.query_one("#c-evidence", NoteEditor)
        editor.post_message(_paste("y" * 1_000_000))
        await settle(pilot)
        assert len(editor.text) == MAX_NOTE
        assert any("limited to 20,000 characters" in message for message in said.messages)
        await pilot.press("z")  # full: one more key changes nothing
        await settle(pilot)
        assert len(editor.text) == MAX_NOTE
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert len(read(path)["ratings"]["1.2"]["evidence"]) == MAX_NOTE


def _paste(text: str) -> Any:
    from textual import events

    return events.Paste(text)


async def test_start_screen_shows_catalogue_text_literally(
    folders, make_app, unchecked_catalogue_text
):
    (folders.catalogues / "nasty.toml").write_text(tomli_w.dumps(nasty_catalogue()), "utf-8")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        await settle(pilot)
        options = app.screen.query_one("#catalogues", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(label.startswith("[red]Nasty[/] catalogue ␛]0;PWNED␇") for label in labels)
        assert all(_no_raw(label) for label in labels)

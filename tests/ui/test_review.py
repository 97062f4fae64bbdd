"""The mentor's view (`selfcheck review SESSION`): the candidate's file is only read, the
comments, overall comment and verdict go to the review file beside it, and the candidate sees
them, literally, the next time the session opens."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.model.review import Review, Stamp
from selfcheck.safetext import one_line, visible
from selfcheck.storage.reviews import (
    ReviewFile,
    load_review,
    read_review,
    review_path,
    save_review,
)
from selfcheck.storage.sessions import list_sessions
from selfcheck.ui.screens.compare import ChangesDialog
from selfcheck.ui.screens.dialogs import PickOne
from selfcheck.ui.screens.review import ReviewScreen
from selfcheck.ui.widgets.comments import CommentPanel, ReviewSummary
from selfcheck.ui.widgets.competency_list import COMMENT_MARK, CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput

from .conftest import NOW, Folders, demo_catalogue, session_document
from .helpers import SNAPSHOT_SIZES, Notices, WidgetApp, pressing, session_screen, settle, shown
from .test_literal_text import NASTY, _no_raw
from .test_process import Terminal

TRAP = "[red]x[/] [@click=app.quit]q[/] \x1b]0;PWNED\x07"
MENTOR = "Morgan Mentor"


def _stamp(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


def _reviewed(folders: Folders, **review: Any) -> Path:
    path = folders.write_session("alex-doe-demo.toml", session_document())
    save_review(path, Review(session=path.name, **review))
    return path


async def test_mentor_comments_and_leaves_the_candidate_file_alone(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    before = _stamp(path)
    app = make_app(session=path, review=True, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert isinstance(screen, ReviewScreen)
        assert "never changes the candidate's file" in shown(screen.query_one("#banner"))
        # Everything is visible: the rating, the evidence, requirements and readiness.
        assert screen.query_one("#c-evidence", NoteEditor).text == "Some plans, with help."
        assert screen.query("#requirements-form") and screen.query("#readiness-view")

        await pilot.press("c", *"Plan with the client", "escape")  # on 1.2, where it opened
        await pilot.press("up", "c")  # 1.1; control characters cannot be typed: pasted
        screen.query_one("#comment-editor", NoteEditor).insert(TRAP)
        await pilot.press("escape")
        await pilot.press("4")  # a rating key: the session is read-only
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        await pilot.press("down", "down", "enter")  # not yet
        await pilot.press("o", *"Ready soon.")
        await settle(pilot)
        marks = screen.query_one(CompetencyList)
        assert COMMENT_MARK[0] in str(marks.get_option("c:1.1").prompt)
        assert COMMENT_MARK[0] not in str(marks.get_option("c:1.3").prompt)
        await pilot.press("ctrl+q")

    assert _stamp(path) == before
    assert sorted(p.name for p in folders.sessions.iterdir()) == ["alex.review.toml", "alex.toml"]
    assert not folders.draft_files()
    review, fingerprint = load_review(path)
    assert review is not None and fingerprint
    assert review.comments == {"1.2": "Plan with the client", "1.1": TRAP}
    assert (review.verdict, review.overall, review.mentor) == ("not-yet", "Ready soon.", MENTOR)
    assert review.session == "alex.toml" and review.updated == NOW


async def test_candidate_sees_the_comments_literally(folders, make_app):
    path = _reviewed(
        folders, mentor=MENTOR, verdict="discuss", overall=TRAP, comments={"1.1": TRAP}
    )
    review_before = review_path(path).read_bytes()
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert not isinstance(screen, ReviewScreen) and not screen.read_only
        panel = screen.query_one(CommentPanel)
        assert not panel.editable and not screen.query("#comment-editor")
        assert shown(screen.query_one("#comment-text")) == "No comment on this competency."
        await pilot.press("up")  # 1.1
        await settle(pilot)
        text = shown(screen.query_one("#comment-text"))
        assert text == visible(TRAP) and _no_raw(text)
        assert shown(screen.query_one("#comment-title")) == f"Comment from {MENTOR}"
        names = screen.query_one(CompetencyList)
        assert str(names.get_option("c:1.1").prompt).startswith(f"✓3 {COMMENT_MARK[0]}1.1")
        assert str(names.get_option("c:1.3").prompt).startswith("·   1.3")
        await pilot.click("#comment-text")  # the [@click=app.quit] in it is only text
        assert app.is_running

        await pilot.press("f4")
        await settle(pilot)
        summary = screen.query_one(ReviewSummary)
        assert summary.parent is screen.query_one("#readiness")
        assert shown(screen.query_one("#review-head")) == f"By {MENTOR} · Verdict: Let's discuss"
        assert shown(screen.query_one("#review-overall")) == visible(TRAP)
        await pilot.press("ctrl+q")
    assert review_path(path).read_bytes() == review_before


async def test_comments_save_when_the_field_is_left_and_after_a_pause(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path, review=True, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("c", *"Typed")
        await pilot.pause()
        assert not review_path(path).exists()  # typing: saved after a pause
        assert screen.autosave.waiting
        # ...and journalled at once: a kill now loses at most the keystroke in flight.
        assert any('"Typed"' in p.read_text("utf-8") for p in folders.draft_files())
        await pilot.press("escape")  # leaving the field saves at once
        await pilot.pause()
        review, _ = load_review(path)
        assert review is not None and review.comments == {"1.2": "Typed"}
        assert "Review saved" in shown(screen.query_one("#status"))
        await pilot.press("ctrl+q")


async def test_a_conflict_saves_beside_the_other_review_and_overwrites_nothing(folders, make_app):
    path = _reviewed(folders, mentor="Another mentor", comments={"1.1": "Theirs."})
    app = make_app(session=path, review=True, mentor=MENTOR)
    said = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        # Someone else saves the review while this window has it open.
        theirs, fingerprint = load_review(path)
        assert theirs is not None
        save_review(path, theirs.with_overall("Changed elsewhere."),
                            expected_fingerprint=fingerprint)  # fmt: skip
        on_disk = review_path(path).read_bytes()
        await pilot.press("c", *"Mine", "escape")
        await settle(pilot)
        beside = review_path(path, 2)
        status = shown(screen.query_one("#status"))
        assert status.startswith("Review saved") and status.endswith(beside.name)
        notices = said.messages
        assert any(f"your review is saved as {beside.name}" in n for n in notices)
        assert review_path(path).read_bytes() == on_disk
        mine, _ = read_review(beside)
        assert mine.comments == {"1.1": "Theirs.", "1.2": "Mine"}
        await pilot.press("c", *" too", "escape")  # later saves go on to the same file
        await settle(pilot)
        await pilot.press("ctrl+q")  # nothing left unsaved: no question
    assert review_path(path).read_bytes() == on_disk
    assert read_review(beside)[0].comments["1.2"] == "Mine too"
    assert not folders.draft_files()


async def test_a_mentors_unsaved_text_comes_back_after_a_kill(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    killed = ReviewFile.open(path, mentor=MENTOR, state_dir=folders.state)
    killed.change(killed.review.with_comment("1.2", "Typed before the kill"), NOW)
    assert folders.draft_files() and not review_path(path).exists()
    app = make_app(session=path, review=True, mentor=MENTOR)
    said = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert any(n.title == "Review restored" for n in said)
        assert screen.query_one("#comment-editor", NoteEditor).text == "Typed before the kill"
        assert shown(screen.query_one("#status")).startswith("Review saved")
        await pilot.press("ctrl+q")
    review, _ = load_review(path)
    assert review is not None and review.comments == {"1.2": "Typed before the kill"}
    assert not folders.draft_files()


async def test_an_unreadable_review_is_shown_as_a_problem_and_kept(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    broken = review_path(path)
    broken.write_text('kind = "selfcheck-review"\nmentor = [\n', "utf-8")
    before = _stamp(broken)
    app = make_app(session=path, review=True, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert not screen.query(CommentPanel)
        assert "could not be read" in shown(screen.query_one("#status"))
        await pilot.press("c", "v", "o")  # nothing to edit
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")
    assert _stamp(broken) == before


async def test_the_mentor_is_the_signed_in_user_unless_renamed(folders, make_app, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "robin")
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("v", "enter")  # agree
        await settle(pilot)
        review, _ = load_review(path)
        assert review is not None and (review.mentor, review.verdict) == ("robin", "agree")
        await pilot.press("f4")
        await settle(pilot)
        name = screen.query_one("#mentor-name", SafeInput)
        assert name.value == "robin"
        screen.set_focus(name)
        name.value = "Robin Q."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
    review, _ = load_review(path)
    assert review is not None and review.mentor == "Robin Q."


async def test_every_nasty_review_text_shows_literally(folders):
    """Each nasty string as the comment, the overall comment and the mentor's name: saved,
    read back, and shown by the candidate's comment panel and review summary. One small app
    shows them all (the whole candidate's screen shows them in test_literal_text)."""
    path = folders.write_session("alex-doe-demo.toml", session_document())
    panel, summary = CommentPanel(editable=False), ReviewSummary(editable=False)
    async with WidgetApp(panel, summary).run_test(size=(100, 30)) as pilot:
        for text in NASTY[:-2]:  # the two long ones: see the limits test
            comments = {"1.2": text} if text else {}  # a review keeps no empty comment
            review_path(path).unlink(missing_ok=True)
            save_review(path, Review(session=path.name, mentor=text, verdict="agree",
                                     overall=text, comments=comments))  # fmt: skip
            review, _ = load_review(path)
            assert review is not None
            panel.show("1.2", review, 2)  # the session rates 1.2 at 2
            summary.show(review)
            await pilot.pause()
            shown_text = shown(panel.query_one("#comment-text"))
            expected = visible(text) if text.strip() else "No comment on this competency."
            assert shown_text == expected and _no_raw(shown_text), repr(text)
            mentor = one_line(text.strip()) if text.strip() else "your mentor"
            assert shown(panel.query_one("#comment-title")) == f"Comment from {mentor}"
            assert shown(summary.query_one("#review-head")) == f"By {mentor} · Verdict: Agree"
            overall = shown(summary.query_one("#review-overall"))
            assert overall == (visible(text) if text.strip() else "") and _no_raw(overall)


async def test_long_comments_are_cut_on_screen_not_on_disk(folders, make_app):
    long = "x" * 1_000_000
    path = _reviewed(folders, comments={"1.2": long})
    app = make_app(session=path, review=True, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        editor = session_screen(app).query_one("#comment-editor", NoteEditor)
        assert editor.read_only and len(editor.text) == 20_000
        await pilot.press("ctrl+q")
    review, _ = load_review(path)
    assert review is not None and review.comments["1.2"] == long


def test_reviews_are_not_listed_as_sessions(folders):
    path = _reviewed(folders, comments={"1.1": "Good."})
    catalogue = parse_catalogue(demo_catalogue())
    found, skipped = list_sessions(path.parent, {"demo": catalogue})
    assert [s.path.name for s in found] == ["alex-doe-demo.toml"] and not skipped


# --- snapshots ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_review_rating_view(snap_compare, folders, make_app, size):
    path = _reviewed(folders, mentor=MENTOR, verdict="discuss", overall="Nearly there.",
                     comments={"1.1": "Strong: [b]12[/b] workshops.", "1.2": "Plan with them."})  # fmt: skip
    app = make_app(session=path, review=True, mentor=MENTOR)
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZES[size], run_before=pressing())


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_review_readiness_view(snap_compare, folders, make_app, size):
    path = _reviewed(folders, mentor=MENTOR, verdict="discuss", overall="Nearly there.",
                     comments={"1.1": "Strong: [b]12[/b] workshops."})  # fmt: skip
    app = make_app(session=path, review=True, mentor=MENTOR)
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZES[size], run_before=pressing("f4"))


async def test_compare_with_an_earlier_session(folders, make_app):
    earlier = session_document(updated=NOW.replace(month=10), ratings={"1.1": {"level": 2}})
    folders.write_session("alex-october.toml", earlier)
    folders.write_session("other-catalogue.toml", session_document(catalogue="elsewhere"))
    path = folders.write_session("alex.toml", session_document())
    before = _stamp(path)
    app = make_app(session=path, review=True, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        assert app.screen.choices[0][0] == "0" and len(app.screen.choices) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangesDialog)
        text = str(app.screen.text)
        assert "Since alex-october.toml" in text
        assert "1.1 Listening: 2 → 3" in text and "1.2 Planning: rated 2" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")
    assert _stamp(path) == before


# --- the real program in a pseudo-terminal ---------------------------------------------

HOSTILE = "\x1b]0;PWNED\x07 \x1b]52;c;SGVsbG8=\x07 \x9b31m \x1b[2J \x00"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")
def test_mentor_view_sends_no_escape_sequences_from_the_data(folders):
    document = session_document(candidate=f"Eve {HOSTILE}")
    document["ratings"]["1.2"]["evidence"] = f"Evidence {HOSTILE}"
    path = folders.write_session("eve.toml", document).resolve()
    save_review(path, Review(session=path.name, mentor=f"Mo {HOSTILE}",
                                     overall=HOSTILE, comments={"1.2": f"Hm {HOSTILE}"}))  # fmt: skip
    before = _stamp(path)
    env = dict(os.environ, TERM="xterm-256color", SELFCHECK_CATALOGUES=str(folders.catalogues))
    term = Terminal(path, env, command=("review",))
    try:
        term.pump(lambda: "Hm ␛]0;PWNED␇".encode() in term.output, "the mentor's comment")
        term.send(b"\x1b[14~")  # F4: readiness, with the overall comment
        term.pump(lambda: b"Mentor review" in term.output, "the readiness tab")
        term.send(b"\x11")  # Ctrl+Q
        assert term.wait_exit() == 0
    finally:
        term.kill()
    for sequence in (b"\x1b]0;PWNED", b"\x1b]52;", b"\xc2\x9b", b"\x1b[2J", b"\x00"):
        assert sequence not in term.output, sequence
    assert _stamp(path) == before


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_signal_while_commenting_saves_the_comment(folders):
    path = folders.write_session("alex.toml", session_document()).resolve()
    before = _stamp(path)
    env = dict(os.environ, TERM="xterm-256color", SELFCHECK_CATALOGUES=str(folders.catalogues))
    term = Terminal(path, env, command=("review",))
    try:
        term.pump(lambda: b"Your comment on" in term.output, "the comment panel")
        term.send(b"c")
        term.pump(lambda: b"Leave the field" in term.output or b"Back to list" in term.output,
                  "the comment field to take the keys")  # fmt: skip
        term.send(b"Said just before the end")
        term.pump(lambda: b"the end" in term.output, "the typed comment on screen")
        os.kill(term.pid, signal.SIGTERM)
        assert term.wait_exit() == 128 + signal.SIGTERM
    finally:
        term.kill()
    review, _ = load_review(path)
    assert review is not None and review.comments == {"1.2": "Said just before the end"}
    assert _stamp(path) == before


@pytest.mark.parametrize("review", [False, True])
async def test_only_the_candidate_is_asked_to_write_missing_evidence(folders, make_app, review):
    ratings = {"1.1": {"level": 3, "evidence": ""}}
    path = folders.write_session("alex.toml", session_document(ratings=ratings, position="1.1"))
    app = make_app(session=path, review=review, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        status = shown(session_screen(app).query_one("#c-status"))
        await pilot.press("ctrl+q")
    if review:
        assert status == "Rated high enough, but there is no evidence yet, so it does not count."
    else:
        assert status == "Rated high enough; write your evidence below to count."


async def test_a_comment_keeps_its_rating_and_says_when_the_rating_moved_on(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path, review=True, mentor=MENTOR)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("c", *"Rated 2 is honest", "escape", "f4")
        await settle(pilot)
        assert "The candidate's target P" in shown(screen.query_one("#readiness-view .r-headline"))
        await pilot.press("ctrl+q")
    review, _ = load_review(path)
    assert review is not None and review.stamps == {"1.2": Stamp(2, NOW)}

    app = make_app(session=path)  # the candidate, who then rates 1.2 higher
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert shown(screen.query_one("#comment-title")) == f"Comment from {MENTOR} · 2026-11-20"
        assert screen.query_one("#comment-stale").has_class("hidden")
        await pilot.press("3")
        await settle(pilot)
        stale = screen.query_one("#comment-stale")
        assert shown(stale) == "The rating changed since this comment (2 → 3)."
        assert not stale.has_class("hidden")
        await pilot.press("f4")
        await settle(pilot)
        assert shown(screen.query_one("#review-head")) == f"By {MENTOR} · 2026-11-20"
        assert "Your target P" in shown(screen.query_one("#readiness-view .r-headline"))
        await pilot.press("ctrl+q")

"""The quick readiness check: question order, early stopping, verdicts, saving, cancelling.

Most runs feed scripted answers through the `Asker` interface; a few drive the real
questionary prompts with prompt_toolkit's pipe input.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from selfcheck import paths
from selfcheck.clock import today
from selfcheck.exitcodes import EXIT_CANCELLED
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import assess
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.quick import prompts
from selfcheck.quick.asker import Choice, QuestionaryAsker, Validator
from selfcheck.quick.plan import QuickCheck, no_level, plan, yes_level
from selfcheck.quick.prompts import CANCELLED, run_quick_check
from selfcheck.storage.sessions import load_session
from selfcheck.storage.toml_files import MAX_SESSION_BYTES, SaveError, read_toml
from tests.portfolio import with_portfolio

#: The quick check dates its verdict (and portfolio answers) by the clock.
TODAY = today()

SHIPPED = paths.shipped_catalogues_dir()
EVIDENCE = "Can you show evidence of it from the past 5 years?"
NOTE = "Your evidence"
MORE = " anyway?"
SAVE = "Save these answers"
KEEP = "Stopped. Save the"
CORE = [f"1.{i}" for i in range(1, 13)]
SELECTED = [f"2.{i}" for i in range(1, 20)]
#: The career-management portfolio questions (asked before the competencies), and the one
#: that follows a "yes".
COURSE, TALK, CASE = "course or training completed (A)", "presentation (B or G)", "case study (D)"
BACKS = "Which competency does it back best?"


# --- a scripted asker ----------------------------------------------------------------------


class Script:
    """Answers each question in turn; an entry is (text the question must contain, answer).

    For a text question the answer may be a list: every item but the last must be refused
    by the question's validation, the last accepted. `KeyboardInterrupt` as an answer
    presses Ctrl+C.
    """

    def __init__(self, answers: Sequence[tuple[str, Any]]):
        self.answers = list(answers)
        self.asked: list[str] = []

    def _next(self, message: str) -> Any:
        self.asked.append(message)
        assert self.answers, f"unexpected question: {message!r}"
        expected, answer = self.answers.pop(0)
        assert expected in message, f"expected {expected!r}, asked {message!r}"
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return answer

    def confirm(self, message: str, *, default: bool = False) -> bool:
        answer = self._next(message)
        assert isinstance(answer, bool)
        return answer

    def text(
        self, message: str, *, instruction: str = "", validate: Validator | None = None
    ) -> str:
        answer = self._next(message)
        attempts = answer if isinstance(answer, list) else [answer]
        for refused in attempts[:-1]:
            assert validate is not None and validate(refused), f"{refused!r} was accepted"
        final = attempts[-1]
        assert isinstance(final, str)
        if validate is not None:
            error = validate(final)
            assert error is None, error
        return final

    def select(self, message: str, choices: Sequence[Choice], *, default: str | None = None) -> str:
        answer = self._next(message)
        assert answer in [c.value for c in choices], (answer, choices)
        assert isinstance(answer, str)
        return answer

    def done(self) -> None:
        assert not self.answers, f"questions not asked: {self.answers}"


def args(catalogue: str | None = None, designation: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(catalogue=catalogue, designation=designation, session=None)


def run(asker: Any, sessions: Path, catalogue: str | None, designation: str | None) -> int:
    return run_quick_check(args(catalogue, designation), SHIPPED, sessions, asker)


def yes(note: str = "ran workshops, 2025") -> list[tuple[str, Any]]:
    return [(EVIDENCE, True), (NOTE, note)]


def no() -> list[tuple[str, Any]]:
    return [(EVIDENCE, False)]


def portfolio(course: str = "1.2", talk: str = "2.6", case: str = "1.3") -> list[tuple[str, Any]]:
    """Yes to the three portfolio questions, each item under the competency given."""
    return [
        (COURSE, True),
        (BACKS, course),
        (TALK, "G"),
        (BACKS, talk),
        (CASE, True),
        (BACKS, case),
    ]


def flat(*parts: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [item for part in parts for item in part]


def words(text: str) -> str:
    """Text with wrapping undone, for comparing printed messages."""
    return " ".join(text.split())


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def session_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*")) if folder.exists() else []


# --- the plan and early stopping (pure) -----------------------------------------------------


def test_plan_asks_only_what_the_designation_uses(catalogues: dict[str, Catalogue]) -> None:
    career = catalogues["career-management"]
    cma = career.designation("CMA")
    assert cma is not None
    keys = [s.key for s in plan(career, cma)]
    # The three portfolio rules (rules 2-4 of CMA) first, then the competencies.
    portfolio_rules = [("evidence", str(i)) for i in (2, 3, 4)]
    assert keys == portfolio_rules + [("competency", c) for c in CORE + SELECTED]
    cmp_ = career.designation("CMP")
    assert cmp_ is not None
    assert plan(career, cmp_)[0].key == ("requirement", "experience_years")

    icma = catalogues["icma"]
    cm = icma.designation("ICMA-CM")
    assert cm is not None
    # Requirements only; education comes right before the experience it decides.
    assert [s.key[1] for s in plan(icma, cm)] == [
        "icma_member",
        "management_assessment",
        "professional_development_hours",
        "development_plan",
        "education",
        "executive_experience_years",
    ]


def test_quick_levels(career: Catalogue) -> None:
    assert yes_level(career.scale) == 3
    assert no_level(career.scale) == 2


def _portfolio_met(check: QuickCheck) -> None:
    """Answer the portfolio questions with a portfolio that meets them."""
    for step in [s for s in check.remaining if s.evidence_rule is not None]:
        check.mark_asked(step, with_portfolio(check.session, TODAY, "2.19"))


def _answer(check: QuickCheck, cid: str, demonstrated: bool) -> None:
    step = next(s for s in check.remaining if s.competency and s.competency.id == cid)
    rating = Rating(level=3, evidence="x") if demonstrated else Rating(level=2)
    check.mark_asked(step, check.session.with_rating(cid, rating))


def test_at_least_rule_fails_once_too_few_remain(career: Catalogue) -> None:
    cma = career.designation("CMA")
    assert cma is not None
    check = QuickCheck(career, cma, new_session(career, ""), TODAY)
    for cid in CORE[:6]:
        _answer(check, cid, False)
        assert check.outlook().verdict == "open"  # 6 still possible from the 6 left
    _answer(check, CORE[6], False)
    outlook = check.outlook()
    assert outlook.verdict == "not_ready"
    assert outlook.reason == (
        "Core competencies: 0 demonstrated and 5 left to ask, but CMA needs 6"
    )


def test_met_rule_skips_the_rest_of_its_competencies(career: Catalogue) -> None:
    cma = career.designation("CMA")
    assert cma is not None
    check = QuickCheck(career, cma, new_session(career, ""), TODAY)
    _portfolio_met(check)
    for cid in CORE[:6]:
        _answer(check, cid, True)
    step = check.next_step()
    assert step is not None and step.key == ("competency", "2.1")
    assert check.skippable_in(cma.rules[0]) == 6
    # Answering everything still goes back to the skipped ones, in order.
    step = check.next_step(everything=True)
    assert step is not None and step.key == ("competency", "1.7")
    for cid in SELECTED[:4]:
        _answer(check, cid, True)
    assert check.outlook().verdict == "ready"
    assert check.next_step() is None


def test_all_rule_fails_on_the_first_no(career: Catalogue) -> None:
    cmp_ = career.designation("CMP")
    assert cmp_ is not None
    check = QuickCheck(career, cmp_, new_session(career, ""), TODAY)
    _answer(check, "1.1", True)
    assert check.outlook().verdict == "open"
    _answer(check, "1.2", False)
    assert check.outlook().reason == (
        "Core competencies: CMP needs all 12, and 1.2 is not demonstrated"
    )


def test_failed_requirement_settles_the_verdict(career: Catalogue) -> None:
    cmp_ = career.designation("CMP")
    assert cmp_ is not None
    check = QuickCheck(career, cmp_, new_session(career, ""), TODAY)
    step = check.next_step()
    assert step is not None and step.requirement is not None
    check.mark_asked(step, check.session.with_answer("experience_years", 2))
    outlook = check.outlook()
    assert outlook.verdict == "not_ready"
    assert outlook.reason == (
        "Years of experience: 2 years, needs at least 3 years (rule not confirmed by a source)"
    )


# --- full runs with scripted answers --------------------------------------------------------


def test_cma_ready(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = Script(
        flat(
            portfolio(),
            *[yes() for _ in range(6)],
            *[yes() for _ in range(4)],
            [(MORE, False), (SAVE, False)],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 0
    script.done()
    out = capsys.readouterr().out
    assert "Ready for Career Management Associate (CMA)." in out  # CMA: every rule confirmed
    assert "✓ Core competencies: 6 demonstrated, enough for CMA; skipping the other 6." in out
    assert "✓ Selected" not in out  # the verdict itself says so
    assert "You meet everything CMA needs; the rest cannot change that." in out
    assert "Answer the other 21 questions anyway?" in script.asked
    # The quick path: 3 portfolio questions and where each item goes, 10 yes/no questions,
    # 10 notes, "go on?", "save?".
    assert len(script.asked) == 28
    assert session_files(sessions) == []


def test_cma_not_ready_gaps_match_the_app(
    sessions: Path, capsys: pytest.CaptureFixture[str], career: Catalogue
) -> None:
    # Five core yes, one without a note (so it does not count), then six no: with one
    # left to ask, six is out of reach.
    script = Script(
        flat(
            portfolio(),
            *[yes() for _ in range(4)],
            yes(note="  "),
            *[no() for _ in range(6)],
            [(MORE, False), (SAVE, False)],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 1
    script.done()
    out = capsys.readouterr().out
    assert "The verdict can no longer change:" in out
    assert "Answer the other 20 questions anyway?" in script.asked

    expected = with_portfolio(new_session(career, "", "CMA"), TODAY, "2.6")
    for cid in CORE[:4]:
        expected = expected.with_rating(cid, Rating(level=3, evidence="ran workshops, 2025"))
    expected = expected.with_level(CORE[4], 3)
    for cid in CORE[5:11]:
        expected = expected.with_level(cid, 2)
    result = assess(career, expected, TODAY).result("CMA")
    assert result is not None and len(result.gaps) == 2
    assert "1.5 Career assessment has no evidence" in result.gaps[0].message
    for gap in result.gaps:
        assert words(gap.message) in words(out)
    assert "Not ready for Career Management Associate (CMA)." in out
    assert "20 questions were not asked" in words(out)


def test_continue_after_the_verdict_asks_everything(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Script(
        flat(
            portfolio(),
            *[no() for _ in range(7)],
            [(MORE, True)],
            *[no() for _ in range(5)],  # the rest of core
            *[no() for _ in range(18)],  # 2.1-2.18
            no(),  # 2.19, the "Other"
            [(SAVE, False)],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 1
    script.done()
    assert "not asked" not in capsys.readouterr().out


def test_user_defined_competency_asks_title_and_rationale(
    sessions: Path, career: Catalogue
) -> None:
    script = Script(
        flat(
            portfolio(),
            *[yes() for _ in range(6)],
            *[yes() for _ in range(3)],  # 2.1-2.3
            *[no() for _ in range(15)],  # 2.4-2.18
            [
                (EVIDENCE, True),
                ("Its title", "Career services for veterans"),
                ("Why it is relevant", "A third of my clients leave the forces"),
                (NOTE, "Transition programme, 2024"),
            ],
            [(MORE, False), (SAVE, True), ("Your name", "Sam Ray")],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 0
    script.done()
    (file,) = session_files(sessions)
    other = load_session(file, {career.id: career}).session.rating("2.19")
    assert other == Rating(
        level=3,
        evidence="Transition programme, 2024",
        title="Career services for veterans",
        rationale="A third of my clients leave the forces",
    )


def test_one_question_left_is_offered_too(sessions: Path) -> None:
    # Core met late, selected met on 2.18: only the "Other" (2.19) is left, and it cannot
    # change the verdict.
    script = Script(
        flat(
            portfolio(),
            *[no() for _ in range(6)],
            *[yes() for _ in range(6)],
            *[no() for _ in range(14)],
            *[yes() for _ in range(4)],
            [(MORE, False), (SAVE, False)],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 0
    script.done()
    assert "Answer the last question anyway?" in script.asked
    assert len(script.asked) == 6 + 30 + 10 + 2


def test_cmp_stops_early_on_a_failed_requirement(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Script(
        [
            ("How many years", ["", "three", "-1", "71", "nan", "2"]),
            (MORE, False),
            (SAVE, False),
        ]
    )
    assert run(script, sessions, "career-management", "CMP") == 1
    script.done()
    out = words(capsys.readouterr().out)
    assert "The verdict can no longer change: Years of experience: 2 years, needs at least 3" in out
    assert "Answer the other 34 questions anyway?" in script.asked


@pytest.mark.parametrize(
    ("education", "years", "ready", "gap"),
    [
        ("mpa", "7", True, None),
        ("bachelors", "7", False, "7 years, needs at least 9 years (Education: Bachelor's degree)"),
        ("bachelors", "9", True, None),
        ("less_than_bachelors", "14.5", False, "14.5 years, needs at least 15 years"),
    ],
)
def test_icma_cm_experience_depends_on_education(
    sessions: Path,
    capsys: pytest.CaptureFixture[str],
    education: str,
    years: str,
    ready: bool,
    gap: str | None,
) -> None:
    script = Script(
        [
            ("full member of ICMA", True),
            ("management assessment", True),
            ("hours of professional development", "40"),
            ("annual professional development plan", True),
            ("highest level of education", education),
            ("years of local government executive experience", years),
            (SAVE, False),
        ]
    )
    assert run(script, sessions, "icma", "ICMA-CM") == (0 if ready else 1)
    script.done()
    out = words(capsys.readouterr().out)
    verdict = (
        "Ready for ICMA Credentialed Manager (ICMA-CM) — "
        "rests on a rule no source confirms: Executive experience."
    )
    assert (verdict in out) is ready
    if gap:
        assert f"Executive experience: {gap}" in out
    assert "not confirmed by the issuer" in out


def test_icma_not_a_member_stops_at_once(sessions: Path) -> None:
    script = Script([("full member of ICMA", False), (MORE, False), (SAVE, False)])
    assert run(script, sessions, "icma", "ICMA-CM") == 1
    script.done()


def test_not_applicable_is_offered_where_the_catalogue_allows_it(
    sessions: Path, catalogues: dict[str, Catalogue]
) -> None:
    guidelines = catalogues["lmi-service-guidelines"]
    ids = [c.id for c in guidelines.competencies]
    script = Script(
        [
            ("Can you show evidence of it?", "n/a"),
            ("Can you show evidence of it?", "yes"),
            ("Can you show evidence of it?", "no"),
            (MORE, False),
            (SAVE, True),
            ("Organisation name", "Job Centre North"),
        ]
    )
    assert run(script, sessions, "lmi-service-guidelines", None) == 1
    script.done()
    (file,) = session_files(sessions)
    saved = load_session(file, {guidelines.id: guidelines}).session
    assert saved.rating(ids[0]).not_applicable
    assert saved.rating(ids[1]).level == 1
    assert saved.rating(ids[2]).level == 0


def test_choosing_catalogue_and_designation(sessions: Path) -> None:
    script = Script(
        [
            ("Which catalogue?", "icma"),
            ("Which designation?", "ICMA-CM-Candidate"),
            ("full member of ICMA", False),
            (MORE, False),
            (SAVE, False),
        ]
    )
    assert run(script, sessions, None, None) == 1
    script.done()


def test_designation_alone_finds_its_catalogue(sessions: Path) -> None:
    script = Script([(COURSE, KeyboardInterrupt)])
    assert run(script, sessions, None, "cma") == EXIT_CANCELLED
    script.done()


@pytest.mark.parametrize(
    ("catalogue", "designation", "message"),
    [
        ("nope", None, "no catalogue 'nope' (known: "),
        ("career-management", "XYZ", "no designation 'XYZ' in career-management (CMA, CMP, CMF)"),
        (None, "XYZ", "no designation 'XYZ' in any catalogue"),
    ],
)
def test_unknown_ids_are_one_line_and_exit_2(
    sessions: Path,
    capsys: pytest.CaptureFixture[str],
    catalogue: str | None,
    designation: str | None,
    message: str,
) -> None:
    script = Script([])
    assert run(script, sessions, catalogue, designation) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


# --- saving and cancelling ----------------------------------------------------------------------


def test_save_writes_a_session_the_app_can_open(
    sessions: Path, capsys: pytest.CaptureFixture[str], career: Catalogue
) -> None:
    script = Script(
        flat(
            portfolio(),
            *[yes() for _ in range(5)],
            *[no() for _ in range(7)],
            [(MORE, False), (SAVE, True), ("Your name", ["   ", "Alex Doe"])],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 1
    script.done()
    out = capsys.readouterr().out
    (file,) = session_files(sessions)
    assert file.name == "alex-doe-career-management.toml"
    assert f"Saved to {file.resolve()}" in out
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(sessions.stat().st_mode) == 0o700

    loaded = load_session(file, {career.id: career})
    session: Session = loaded.session
    assert session.candidate == "Alex Doe" and session.target == "CMA"
    assert session.rating("1.1") == Rating(level=3, evidence="ran workshops, 2025")
    assert session.rating("1.6") == Rating(level=2)
    assert "1.12" in session.ratings and "2.1" not in session.ratings
    result = assess(career, session, TODAY).result("CMA")
    assert result is not None
    printed = words(out)
    for gap in result.gaps:
        assert words(gap.message) in printed
    summary = read_toml(file, MAX_SESSION_BYTES)[0]["summary"]
    assert summary["gaps"]["CMA"] == [g.message for g in result.gaps]


def test_a_second_save_gets_its_own_file(sessions: Path) -> None:
    for _ in range(2):
        script = Script([("full member", False), (MORE, False), (SAVE, True), ("name", "Kim")])
        assert run(script, sessions, "icma", "ICMA-CM") == 1
    assert [p.name for p in session_files(sessions)] == ["kim-icma-2.toml", "kim-icma.toml"]


@pytest.mark.parametrize(
    "answers",
    [
        [(COURSE, KeyboardInterrupt)],
        [(COURSE, True), (BACKS, KeyboardInterrupt)],
        # Once something was answered, Ctrl+C offers to keep it: "no" saves nothing.
        flat(portfolio(), [(EVIDENCE, True), (NOTE, KeyboardInterrupt), (KEEP, False)]),
        flat(portfolio(), *[no() for _ in range(7)], [(MORE, KeyboardInterrupt), (KEEP, False)]),
        flat(portfolio(), *[no() for _ in range(7)], [(MORE, False), (SAVE, KeyboardInterrupt)]),
        flat(
            portfolio(),
            *[no() for _ in range(7)],
            [(MORE, False), (SAVE, True), ("name", KeyboardInterrupt)],
        ),
    ],
    ids=["first-question", "which-competency", "evidence-note", "go-on", "save", "name"],
)
def test_ctrl_c_anywhere_saves_nothing(
    sessions: Path, capsys: pytest.CaptureFixture[str], answers: list[tuple[str, Any]]
) -> None:
    script = Script(answers)
    assert run(script, sessions, "career-management", "CMA") == EXIT_CANCELLED
    script.done()
    assert CANCELLED in capsys.readouterr().err
    assert session_files(sessions) == []


def test_ctrl_c_offers_to_keep_what_was_answered(
    sessions: Path, capsys: pytest.CaptureFixture[str], catalogues: Any
) -> None:
    script = Script(
        [*portfolio("2.6", "2.6", "2.6"), *yes("ran workshops"), *no(),
         (EVIDENCE, KeyboardInterrupt), ("Stopped. Save the 5 answers so far", True),
         ("name", "Kim")]
    )  # fmt: skip
    assert run(script, sessions, "career-management", "CMA") == EXIT_CANCELLED
    script.done()
    (file,) = session_files(sessions)
    saved = load_session(file, catalogues).session
    assert saved.candidate == "Kim" and saved.target == "CMA"
    assert saved.rating("1.1").evidence == "ran workshops" and saved.rating("1.2").level == 2
    assert "1.3" not in saved.ratings
    assert f"Saved to {file.resolve()}" in capsys.readouterr().out
    # A second Ctrl+C at the offer keeps nothing.
    script = Script([*portfolio(), *no(), (EVIDENCE, KeyboardInterrupt), (KEEP, KeyboardInterrupt)])
    assert run(script, sessions, "career-management", "CMA") == EXIT_CANCELLED
    assert CANCELLED in capsys.readouterr().err
    assert session_files(sessions) == [file]


def test_a_failed_save_says_so(
    sessions: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object, **__: object) -> None:
        raise SaveError("could not save x: the disk is full")

    monkeypatch.setattr(prompts, "create_session_file", full)
    script = Script([("full member", False), (MORE, False), (SAVE, True), ("name", "Kim")])
    assert run(script, sessions, "icma", "ICMA-CM") == 2
    assert "the disk is full" in capsys.readouterr().err


@pytest.mark.usefixtures("unchecked_catalogue_text")
def test_catalogue_text_is_printed_safely(
    tmp_path: Path, sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SHIPPED / "icma.toml").read_text(encoding="utf-8")
    text = text.replace(
        'title = "ICMA Credentialed Manager"\n',
        'title = "ICMA \\u001b]0;PWNED\\u0007 \\u009b31m\\u001b[2J Manager"\n',
    ).replace("ICMA's Code of Ethics", "\\u001b]52;c;SGVsbG8=\\u0007 Code")
    folder = tmp_path / "catalogues"
    folder.mkdir()
    (folder / "icma.toml").write_text(text, encoding="utf-8")
    script = Script([("full member", False), (MORE, False), (SAVE, False)])
    assert run_quick_check(args("icma", "ICMA-CM"), folder, sessions, script) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "ICMA ␛]0;PWNED␇ <U+009B>31m␛[2J Manager" in out


# --- the real prompts, through prompt_toolkit's pipe input --------------------------------------


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


class Keys:
    """A real QuestionaryAsker, with each question's keystrokes typed as it is asked."""

    def __init__(self, pipe: PipeInput, keys: Sequence[str]):
        self.pipe = pipe
        self.keys = list(keys)
        self.real = QuestionaryAsker(input=pipe, output=DummyOutput())

    def _type(self) -> None:
        assert self.keys, "more questions than keystrokes"
        self.pipe.send_text(self.keys.pop(0))

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self._type()
        return self.real.confirm(message, default=default)

    def text(
        self, message: str, *, instruction: str = "", validate: Validator | None = None
    ) -> str:
        self._type()
        return self.real.text(message, instruction=instruction, validate=validate)

    def select(self, message: str, choices: Sequence[Choice], *, default: str | None = None) -> str:
        self._type()
        return self.real.select(message, choices, default=default)


ENTER, DOWN, CTRL_C, BACKSPACE = "\r", "\x1b[B", "\x03", "\x7f"


def test_pipe_icma_cm_full_run_with_save(
    pipe: PipeInput, sessions: Path, capsys: pytest.CaptureFixture[str], catalogues: Any
) -> None:
    # Lists are in file order: career-management first, icma second.
    keys = Keys(
        pipe,
        [
            DOWN + ENTER,  # catalogue: icma
            DOWN + ENTER,  # designation: ICMA-CM
            "y" + ENTER,  # member
            "ny" + ENTER,  # management assessment: y or n waits for Enter; the last counts
            "x" + ENTER + BACKSPACE + "45" + ENTER,  # hours: "x" is refused, then 45
            "Y" + ENTER,  # development plan
            "3" + ENTER,  # education: Bachelor's degree, by its shortcut
            "8.5" + ENTER,  # executive experience: short of 9
            "y" + ENTER,  # save
            "Robin Q" + ENTER,
        ],
    )
    assert run_quick_check(args(), SHIPPED, sessions, keys) == 1
    assert keys.keys == []
    out = words(capsys.readouterr().out)
    assert "Executive experience: 8.5 years, needs at least 9 years" in out
    (file,) = session_files(sessions)
    saved = load_session(file, catalogues).session
    assert saved.requirements == {
        "icma_member": True,
        "management_assessment": True,
        "professional_development_hours": 45,
        "development_plan": True,
        "education": "bachelors",
        "executive_experience_years": 8.5,
    }
    assert saved.candidate == "Robin Q" and saved.target == "ICMA-CM"


def test_pipe_cma_quick_path(pipe: PipeInput, sessions: Path) -> None:
    # Yes to the course (under the first competency offered), the first kind of presentation
    # (B) and the case study, each under the first competency.
    typed = ["y" + ENTER, ENTER, ENTER, ENTER, "y" + ENTER, ENTER]
    for _ in range(10):
        typed += ["y" + ENTER, "ran workshops" + ENTER]
    keys = Keys(pipe, [*typed, ENTER, ENTER])  # Enter: "no" to going on and to saving
    assert run_quick_check(args("career-management", "CMA"), SHIPPED, sessions, keys) == 0
    assert keys.keys == []
    assert session_files(sessions) == []


def test_pipe_ctrl_c(pipe: PipeInput, sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # After the portfolio questions, Ctrl+C offers to keep the answers: Enter says no.
    keys = Keys(
        pipe,
        ["y" + ENTER, ENTER, ENTER, ENTER, "y" + ENTER, ENTER, "y" + ENTER,
         "half a note" + CTRL_C, ENTER],
    )  # fmt: skip
    assert run_quick_check(args("career-management", "CMA"), SHIPPED, sessions, keys) == 130
    assert CANCELLED in capsys.readouterr().err
    assert session_files(sessions) == []
    assert not os.path.exists(sessions)

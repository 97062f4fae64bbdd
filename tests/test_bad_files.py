"""Every broken file gives one clear message naming the file and the place; none is changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.storage.catalogues import load_catalogue, load_catalogues
from selfcheck.storage.sessions import load_session
from selfcheck.storage.toml_files import MAX_CATALOGUE_BYTES, LoadError

DATA = Path(__file__).parent / "data"

BAD_SESSIONS = {
    "activity-date-string.toml": ":13: activities[1].date: expected a date such as 2026-03-14, found a string ('March 2026')",
    "activity-hours-missing.toml": ":5: activities[0].hours: missing (a number of hours is required)",
    "answer-infinite.toml": ":6: requirements.experience_years: infinite, or too large to be a number",
    "answer-past-float-range.toml": ":6: requirements.experience_years: infinite, or too large",
    "answer-too-large.toml": ":6: requirements.experience_years: a whole number too large to use",
    "answer-wrong-type.toml": ":6: requirements.experience_years: expected a number, found a string",
    "bare-cr.toml": ":1: not valid TOML: Expected newline",
    "date-not-datetime.toml": ":4: updated: expected a date and time with a UTC offset, found a date",
    "deep-array.toml": ": refused: line 1: nested more than 32 deep",
    "deep-header.toml": ": refused: line 1: a key with more than 16 dotted parts",
    "duplicate-key.toml": ":4: not valid TOML: Cannot overwrite a value (column 16)",
    "empty.toml": ": the file is empty",
    "goal-without-text.toml": ":12: plan.goals[1].goal: missing (a string is required)",
    "item-date-string.toml": ":11: ratings.'2.6'.items[0].date: expected a date such as 2025-10-02, found a string ('2025-10')",
    "item-hours-negative.toml": ":9: ratings.'1.1'.items[0].hours: must be a number from 0 up, found -6",
    "item-missing-method.toml": ":13: ratings.'2.6'.items[1].method: missing (a string is required)",
    "items-not-array.toml": ":7: ratings.'1.1'.items: expected an array of tables, found a string",
    "latin-1.toml": ":4: not UTF-8 text (byte 0xe9); save it as UTF-8",
    "long-dotted-key.toml": ": refused: line 1: a key with more than 16 dotted parts",
    "milestone-not-date.toml": ":6: milestones.pa_started: expected a date such as 2026-03-14, found a string ('2026-09-01')",
    "naive-datetime.toml": ":4: updated: expected a date and time with a UTC offset",
    "nan-in-unknown-key.toml": ":6: from_another_tool.weight: nan (not a number) cannot be used",
    "newer-schema.toml": ": written by a newer selfcheck (schema 999); this version reads 1",
    "none-value.toml": ":4: not valid TOML: Invalid value",
    "not-applicable-not-allowed.toml": ":6: ratings.'1.2'.not_applicable: this competency cannot be N/A",
    "random-bytes.toml": ": not UTF-8 text",
    "rating-bool.toml": ":5: ratings.'1.1'.level: expected a whole number, found a boolean (true)",
    "rating-float.toml": ":5: ratings.'1.1'.level: expected a whole number, found a decimal number",
    "rating-off-scale.toml": ":6: ratings.'1.1'.level: 9 is not on the scale (0, 1, 2, 3, 4)",
    "rating-string.toml": ":5: ratings.'1.1'.level: expected a whole number, found a string ('3')",
    "raw-escape.toml": ":4: not valid TOML: Illegal character '\\x1b'",
    "unknown-catalogue.toml": ":2: no catalogue with id 'no-such-catalogue'",
    "unterminated-string.toml": ":6: not valid TOML: Illegal character '\\n'",
}

BAD_CATALOGUES = {
    "bad-rule-area.toml": ":252: designations[0].rules[1].area: no area with id 'selectd'",
    "control-in-designation-id.toml": ":256: designations[1].id: contains the control character U+001B",
    "control-in-label.toml": ":55: scale.levels[3].label: contains the control character U+001B",
    "maximum-nan.toml": ":236: requirements[0].max: nan (not a number) cannot be used",
    "threshold-infinite.toml": ":272: designations[1].requirements[0].at_least: infinite",
    "count-too-large.toml": ":287: designations[2].rules[1].count: needs 30 but only 19",
    "duplicate-competency.toml": ":73: areas[0].competencies[1].id: duplicate competency id '1.1'",
    "threshold-not-level.toml": ":37: scale.demonstrated_from: 7 is not one of the levels",
    "unknown-key.toml": ":5: isuer: unknown key",
    "unknown-requirement.toml": ":271: designations[1].requirements[0].requirement: no requirement",
    "wrong-type.toml": ":258: designations[1].rank: expected a whole number, found a string",
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in (DATA / "bad").iterdir()) == sorted(BAD_SESSIONS)
    assert sorted(p.name for p in (DATA / "bad-catalogues").iterdir()) == sorted(BAD_CATALOGUES)


@pytest.mark.parametrize(("name", "expected"), sorted(BAD_SESSIONS.items()))
def test_bad_session(name: str, expected: str, catalogues: dict[str, Catalogue]) -> None:
    path = DATA / "bad" / name
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(LoadError) as caught:
        load_session(path, catalogues, allow_newer=False)  # as the reading commands load
    first = str(caught.value.problems[0])
    assert first.startswith(str(path) + ":")
    assert expected in first
    assert "\n" not in first
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


@pytest.mark.parametrize(("name", "expected"), sorted(BAD_CATALOGUES.items()))
def test_bad_catalogue(name: str, expected: str) -> None:
    path = DATA / "bad-catalogues" / name
    with pytest.raises(LoadError) as caught:
        load_catalogue(path)
    assert any(expected in str(p) for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize("name", sorted(BAD_SESSIONS))
def test_bad_files_are_refused_as_catalogues_too(name: str) -> None:
    with pytest.raises(LoadError):
        load_catalogue(DATA / "bad" / name)


def test_a_catalogue_lists_every_problem(tmp_path: Path) -> None:
    text = (DATA / "bad-catalogues" / "unknown-key.toml").read_text()
    text = text.replace("rank = 2", 'rank = "2"').replace(
        "demonstrated_from = 3", "demonstrated_from = 9"
    )
    path = tmp_path / "many.toml"
    path.write_text(text)
    with pytest.raises(LoadError) as caught:
        load_catalogue(path)
    assert len(caught.value.problems) == 3


def test_byte_order_mark_is_accepted(tmp_path: Path, catalogues: dict[str, Catalogue]) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(
        b'\xef\xbb\xbfschema_version = 1\ncatalogue = "career-management"\ncandidate = "A"\n'
    )
    assert load_session(path, catalogues).session.candidate == "A"


def test_folder_with_toml_name(tmp_path: Path, catalogues: dict[str, Catalogue]) -> None:
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    with pytest.raises(LoadError, match="is a folder"):
        load_session(folder, catalogues)


def test_oversized_files_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b'x = "' + b"a" * (MAX_CATALOGUE_BYTES + 10) + b'"\n')
    with pytest.raises(LoadError, match="too large"):
        load_catalogue(path)


def test_long_note_line_is_not_refused(tmp_path: Path, catalogues: dict[str, Catalogue]) -> None:
    # tomli-w writes a note on one line: a 20,000-character note must load.
    path = tmp_path / "long.toml"
    note = "word " * 4000
    path.write_text(
        'schema_version = 1\ncatalogue = "career-management"\ncandidate = "A"\n'
        f'[ratings."1.1"]\nlevel = 3\nevidence = "{note}"\n'
    )
    assert load_session(path, catalogues).session.rating("1.1").evidence == note


def test_folder_load_skips_bad_and_keeps_good(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[1] / "catalogues" / "career-management.toml"
    (tmp_path / "good.toml").write_bytes(shipped.read_bytes())
    (tmp_path / "bad.toml").write_bytes((DATA / "bad-catalogues" / "wrong-type.toml").read_bytes())
    (tmp_path / "copy.toml").write_bytes(shipped.read_bytes())
    found = load_catalogues(tmp_path)
    assert list(found.catalogues) == ["career-management"]
    messages = [str(p) for p in found.skipped]
    assert any("bad.toml:258:" in m for m in messages)
    assert f"{tmp_path / 'good.toml'}: catalogue id 'career-management' is also" in messages[-1]


# --- the same files through the command line ------------------------------------------------


def _special_files(folder: Path) -> list[Path]:
    """Bad inputs that cannot be kept in the repository: made where the test runs."""
    made = [folder / "folder.toml"]
    made[0].mkdir()
    link = folder / "link.toml"
    link.symlink_to(DATA / "bad" / "empty.toml")
    big = folder / "huge.toml"
    big.write_bytes(b'id = "huge"\n' + b"# padding\n" * 500_000)  # over 4 MiB
    made += [link, big]
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.toml")
        made.append(folder / "pipe.toml")
    return made


def test_every_bad_input_is_one_line_naming_the_file_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = sorted((DATA / "bad").iterdir()) + sorted((DATA / "bad-catalogues").iterdir())
    for path in [*corpus, *_special_files(tmp_path)]:
        for command in ("validate", "report"):
            code = main([command, str(path)])
            printed = capsys.readouterr()
            problems = printed.err.splitlines()
            assert code == 2, (command, path.name, printed)
            # validate lists every problem, report only the first; each names the file.
            assert problems and (command == "validate" or len(problems) == 1), problems
            assert all(p.startswith(f"{path}:") for p in problems), (command, problems)
            assert "Traceback" not in printed.out + printed.err


def test_an_oversized_catalogue_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import selfcheck.storage.validate

    big = tmp_path / "huge-catalogue.toml"
    big.write_bytes(b'id = "huge"\n' + b"# padding\n" * 300_000)  # 3 MB: could be a session

    def never(*_: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(selfcheck.storage.validate, "parse_toml", never)
    assert main(["validate", str(big)]) == 2
    assert (
        "too large: 3,000,012 bytes (at most 2,097,152 for a catalogue)" in capsys.readouterr().err
    )
    monkeypatch.setattr(os, "read", never)  # loading one refuses it before reading a byte
    with pytest.raises(LoadError, match="too large"):
        load_catalogue(big)

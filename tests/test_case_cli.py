"""`selfcheck import case` and `selfcheck export case`: files, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from selfcheck.cli.main import main

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data" / "case"
SAMPLE = DATA / "opensalt-what-standards-could-be.json"
ALEX = ROOT / "examples" / "alex-doe-career-management.toml"
SHIPPED_CAREER = ROOT / "catalogues" / "career-management.toml"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_import_then_validate_then_open_from_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ratios.toml"
    assert main(["import", "case", str(SAMPLE), "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert f"Wrote {target}: 14 competencies in 2 areas." in err
    assert "note: left out 23 associations other than isChildOf" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith('# Imported from the CASE package "What Standards Could Be"')
    assert main(["validate", str(target)]) == 0
    assert main(["--catalogues", str(tmp_path), "catalogues"]) == 0
    assert "what-standards-could-be: What Standards Could Be" in capsys.readouterr().out


def test_import_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "case", str(DATA / "opensalt-markdown.json")]) == 0
    out = capsys.readouterr().out
    assert 'id = "test-markdown-framework"' in out


def test_import_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    package = tmp_path / "bom.json"
    package.write_bytes(b"\xef\xbb\xbf" + (DATA / "opensalt-markdown.json").read_bytes())
    assert main(["import", "case", str(package), "-o", str(tmp_path / "out.toml")]) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"CFDocument": {}, ', "bad.json:1: not valid JSON: Expecting property name"),
        (b"[1, 2]", "bad.json: not a CASE package: there is no CFDocument object"),
        (b'{"CFDocument": {"title": NaN}}', "bad.json: not valid JSON: NaN is not a JSON number"),
        (b"\xff\xfe{}", "bad.json:1: not UTF-8 text (byte 0xff)"),
        (b"  \n", "bad.json: the file is empty"),
        (b"[" * 100_000 + b"]" * 100_000, "bad.json: refused: nested too deeply"),
    ],
    ids=["truncated", "not-a-package", "nan", "not-utf8", "blank", "deep"],
)
def test_import_of_a_bad_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert main(["import", "case", str(bad), "-o", str(tmp_path / "x.toml")]) == 2
    assert message in one_error_line(capsys)
    assert not (tmp_path / "x.toml").exists()


def test_import_names_the_item_it_cannot_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = json.loads(SAMPLE.read_text())
    package["CFItems"][2]["fullStatement"] = {"en": "x"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(package))
    assert main(["import", "case", str(bad)]) == 2
    assert one_error_line(capsys) == (
        f"selfcheck: {bad}: CFItems[2]: fullStatement should be text, found an object"
    )


def feedback_file(folder: Path) -> Path:
    path = folder / "peer.toml"
    path.write_text(
        'schema_version = 1\nkind = "feedback"\ngroup = "peer"\n\n[[areas]]\nid = "x"\n'
    )
    return path


def session_copy(folder: Path) -> Path:
    session = folder / "alex.toml"
    session.write_bytes(ALEX.read_bytes())
    return session


@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda d: session_copy(d), "exists and is not a catalogue"),
        (lambda d: d / "alex.review.toml", "exists and is not a catalogue"),
        (lambda d: feedback_file(d), "exists and is not a catalogue"),
        (lambda d: d / "package.json", "is the input"),
        (lambda d: d, "is a folder"),
    ],
)  # fmt: skip
def test_import_never_writes_over_an_input_a_session_or_a_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_target: object, message: str
) -> None:
    package = tmp_path / "package.json"
    package.write_bytes(SAMPLE.read_bytes())
    review = tmp_path / "alex.review.toml"
    review.write_text('schema_version = 1\nkind = "review"\nsession = "alex.toml"\n')
    target = make_target(tmp_path)  # type: ignore[operator]
    before = target.read_bytes() if target.is_file() else None
    assert main(["import", "case", str(package), "-o", str(target)]) == 2
    assert message in one_error_line(capsys)
    if before is not None:
        assert target.read_bytes() == before


def test_import_replaces_a_catalogue_but_not_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "c.toml"
    target.write_bytes(SHIPPED_CAREER.read_bytes())
    assert main(["import", "case", str(SAMPLE), "-o", str(target)]) == 0
    assert 'id = "what-standards-could-be"' in target.read_text()
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert main(["import", "case", str(SAMPLE), "-o", str(link)]) == 2
    capsys.readouterr()


def test_export_by_id_is_the_same_twice_and_imports_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    assert main(["export", "case", "career-management", "-o", str(first)]) == 0
    assert main(["export", "case", str(SHIPPED_CAREER), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert main(["export", "case", str(SHIPPED_CAREER), "-o", str(first)]) == 0  # replaces it
    assert main(["export", "case", "career-management"]) == 0
    assert json.loads(capsys.readouterr().out)["CFDocument"]["title"].startswith("Career")
    back = tmp_path / "back.toml"
    assert main(["import", "case", str(first), "-o", str(back)]) == 0
    assert main(["validate", str(back)]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "case", "no-such-catalogue"], "no catalogue file or id 'no-such-catalogue'"),
        (["export", "case", str(ALEX)], "career-management.toml is a session or review file"),
        (["export", "case", str(SHIPPED_CAREER), "-o", str(SHIPPED_CAREER)], "is the input"),
        (["export", "case", str(SHIPPED_CAREER), "-o", str(ALEX)], "is not a CASE package"),
        (["export", "csv", "career-management"], "invalid choice: 'csv'"),
        (["import", "case"], "the following arguments are required: PACKAGE.json"),
        (["import", "case", "missing.json"], "missing.json: no such file"),
    ],
)
def test_export_and_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = ALEX.read_bytes(), SHIPPED_CAREER.read_bytes()
    assert main(args) == 2
    assert message in one_error_line(capsys)
    assert (ALEX.read_bytes(), SHIPPED_CAREER.read_bytes()) == before


def test_export_refuses_an_invalid_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        SHIPPED_CAREER.read_text().replace("demonstrated_from = 3", "demonstrated_from = 9")
    )
    assert main(["export", "case", str(bad)]) == 2
    assert f"{bad}:" in one_error_line(capsys)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_written_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    assert main(["export", "case", "icma", "-o", str(target)]) == 0
    assert target.stat().st_mode & 0o777 == 0o600

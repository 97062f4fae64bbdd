"""The command-line contract: commands, exit codes, JSON report, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck.cli.main import main
from selfcheck.model.review import Review
from selfcheck.storage.reviews import review_path, save_review

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
ALEX = EXAMPLES / "alex-doe-career-management.toml"


def run(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        capture_output=True, text=True, stdin=stdin, timeout=60, env=os.environ.copy(),
    )  # fmt: skip


def test_catalogues_lists_every_shipped_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogues"]) == 0
    out = capsys.readouterr().out
    for cid in ["career-management", "icma", "icmi", "nscm-pcm", "lmi-specialist",
                "lmi-service-guidelines"]:  # fmt: skip
        assert f"\n{cid}: " in out
    assert "  - CMP: Career Management Practitioner" in out


def test_validate_shipped_catalogues_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted((ROOT / "catalogues").glob("*.toml"))]
    assert main(["validate", *files, str(EXAMPLES)]) == 0
    assert "9 file(s) checked: 9 valid, 0 invalid" in capsys.readouterr().out


def test_validate_a_sessions_folder_checks_each_file_as_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = tmp_path / ALEX.name
    session.write_bytes(ALEX.read_bytes())
    save_review(session, Review(session=session.name, mentor="Kim").with_overall("Good."))
    for leftover in (f"{ALEX.name}.bak", f"{ALEX.name}.lock", f".{ALEX.name}.x1y2.tmp"):
        (tmp_path / leftover).write_text("not checked")
    assert main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{session}: session, valid" in out
    assert f"{review_path(session)}: review, valid" in out
    assert "2 file(s) checked: 2 valid, 0 invalid (1 review, 1 session)" in out

    review_path(session).write_text('kind = "selfcheck-review"\nverdict = "maybe"\n')
    assert main(["validate", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert f"{review_path(session)}: review, invalid" in captured.out
    assert f"{review_path(session)}:2: verdict: expected one of" in captured.err


def test_validate_reports_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests" / "data" / "bad-catalogues" / "wrong-type.toml"
    assert (
        main(["validate", str(bad), str(ROOT / "tests" / "data" / "bad" / "rating-bool.toml")]) == 2
    )
    err = capsys.readouterr().err
    assert f"{bad}:258: designations[1].rank: expected a whole number" in err
    assert "rating-bool.toml:5: ratings.'1.1'.level: expected a whole number" in err


def test_json_report_matches_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(ALEX), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "selfcheck-report/1"
    assert report["session"] == str(ALEX)
    assert report["candidate"] == "Alex Doe"
    # The contract's keys with their values; later keys are only ever added.
    assert {k: report["catalogue"][k] for k in ("id", "title", "version")} == {
        "id": "career-management",
        "title": "Career management levels: CMA, CMP, CMF",
        "version": "2026.1",
    }
    assert [d["id"] for d in report["designations"]] == ["CMA", "CMP", "CMF"]
    assert report["ready_for"] == ["CMA"] and report["highest_ready"] == "CMA"
    cmp_ = report["designations"][1]
    assert cmp_["ready"] is False
    core = cmp_["gaps"][0]
    assert set(core) == {"kind", "area", "have", "need", "message"}
    assert (core["kind"], core["area"], core["have"], core["need"]) == (
        "competencies",
        "core",
        6,
        12,
    )
    years = report["designations"][2]["gaps"][-1]
    # Added keys: the experience rule is not confirmed by a source.
    assert set(years) == {"kind", "requirement", "message", "verified", "note"}
    assert years["requirement"] == "experience_years"
    assert years["verified"] is False and "public level descriptions" in years["note"]
    contract = ("id", "level", "demonstrated", "evidence")
    first = report["competencies"][0]
    assert {k: first[k] for k in contract} == {
        "id": "1.1",
        "level": 4,
        "demonstrated": True,
        "evidence": True,
    }
    assert [i["method"] for i in first["items"]] == ["A"] and first["undated"] is False
    seventh = next(c for c in report["competencies"] if c["id"] == "1.7")
    assert {k: seventh[k] for k in contract} == {
        "id": "1.7",
        "level": 3,
        "demonstrated": False,
        "evidence": False,
    }
    assert seventh["items"] == []
    unrated = next(c for c in report["competencies"] if c["id"] == "1.9")
    assert unrated["level"] is None


def test_json_report_of_several_sessions_is_an_array(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--format", "json", str(EXAMPLES)]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert [r["candidate"] for r in reports] == ["Alex Doe", "Riverside Career Centre", "Sam Lee"]


def test_report_to_file_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.txt"
    assert main(["report", str(ALEX), "-o", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().err
    assert "Career Management Associate (CMA): ready" in out.read_text()


def _cohort_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cohort"
    folder.mkdir()
    for name in ("alex.toml", "other.toml"):
        (folder / name).write_bytes(ALEX.read_bytes())
    (folder / "alex.review.toml").write_text('kind = "selfcheck-review"\nsession = "alex.toml"\n')
    (folder / "alex.toml.bak").write_text("a backup")
    (folder / "sub").mkdir()
    (folder / "alias.html").symlink_to(folder / "alex.toml")
    return folder


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("alex.toml", "is the input"),
        ("other.toml", "exists and is a selfcheck file (a session, review, catalogue"),
        ("alex.review.toml", "is the input"),  # the review is read into the report
        ("alex.toml.bak", "exists and is a selfcheck file"),
        ("alias.html", "is a symbolic link; not writing through it"),
        ("sub", "is a folder"),
    ],
)
def test_a_report_is_never_written_over_a_file_of_ours(
    tmp_path: Path, output: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _cohort_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    for inputs in ([str(folder / "alex.toml")], [str(folder)]):
        code = main(["report", *inputs, "--format", "html", "-o", str(folder / output)])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1
        assert err[0].startswith(f"selfcheck: {folder / output} ")
        if len(inputs[0]) > len(str(folder)):  # of a folder, every session in it is an input
            assert message in err[0]
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_a_report_of_nothing_readable_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.toml").write_text("not toml at all =")
    (bad / "b.toml").mkdir()
    empty = tmp_path / "empty"
    empty.mkdir()
    for fmt in ("text", "json", "csv"):
        assert main(["report", str(bad), "--format", fmt]) == 2
        printed = capsys.readouterr()
        assert printed.out == ""
        assert printed.err.splitlines() == [
            f"{bad / 'b.toml'}: is a folder, not a file; skipped",
            f"{bad / 'a.toml'}:1: not valid TOML: Expected '=' after a key in a key/value pair "
            "(column 5)",
            "no readable session among 1 file; nothing written",
        ]
    assert main(["report", str(empty)]) == 2
    assert capsys.readouterr().err == f"selfcheck: no session file in {empty}\n"


@pytest.mark.parametrize(
    "args",
    [["validate", "{f}"], ["report", "{f}"], ["check", "{f}", "--designation", "CMA"],
     ["diff", str(ALEX), "{f}"], ["diff", "{f}", str(ALEX)]],
)  # fmt: skip
def test_a_session_from_a_newer_selfcheck_is_refused_by_reading_commands(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    newer = tmp_path / "newer.toml"
    newer.write_text(ALEX.read_text().replace("schema_version = 1", "schema_version = 999"))
    assert main([a.format(f=newer) for a in args]) == 2
    err = capsys.readouterr().err
    assert f"{newer}: written by a newer selfcheck (schema 999); this version reads 1" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("designation", "code"), [("CMA", 0), ("CMP", 1), ("CMF", 1), (None, 1)]
)  # fmt: skip
def test_check_session_exit_codes(designation: str | None, code: int) -> None:
    """Without --designation, the session's target (CMP) is the one checked."""
    chosen = ["--designation", designation] if designation else []
    result = run("check", str(ALEX), *chosen)
    assert result.returncode == code, result.stderr
    verdict = "ready" if code == 0 else "not ready"
    assert result.stdout.startswith(f"Alex Doe: {verdict} for ")
    assert f"({designation or 'CMP'})" in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", str(ALEX), "--designation", "XYZ"], "no designation 'XYZ' in career-management"),
        (
            ["check", str(EXAMPLES / "riverside-lmi-service-guidelines.toml")],
            "check SESSION needs --designation ID (compliant): the session has no target",
        ),
        (["check", "missing.toml", "--designation", "CMA"], "missing.toml: no such file"),
        (["report", "--format", "pdf", str(ALEX)], "invalid choice: 'pdf'"),
        (["report", str(ROOT / "tests/data/bad/empty.toml")], "empty.toml: the file is empty"),
        (["--catalogues", "/nonexistent", "catalogues"], "no usable catalogue in /nonexistent"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert message in lines[-1]
    assert "Traceback" not in result.stderr


def test_environment_variable_selects_catalogues(tmp_path: Path) -> None:
    (tmp_path / "only.toml").write_bytes((ROOT / "catalogues" / "icma.toml").read_bytes())
    env = {**os.environ, "SELFCHECK_CATALOGUES": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "selfcheck", "catalogues"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "icma: " in result.stdout
    assert "career-management" not in result.stdout


def test_escape_codes_in_data_never_reach_the_terminal(tmp_path: Path) -> None:
    session = tmp_path / "evil.toml"
    session.write_text(
        'schema_version = 1\ncatalogue = "career-management"\n'
        'candidate = "Eve\\u001b]0;PWNED\\u0007"\n[ratings."1.1"]\nlevel = 3\n'
        'evidence = "\\u001b[2J cleared \\u009b31m red \\u0000"\n'
    )
    for args in (["report", str(session)], ["check", str(session), "--designation", "CMA"]):
        out = run(*args).stdout
        for raw in ("\x1b", "\x9b", "\x00", "\x07"):
            assert raw not in out
        assert "Eve␛]0;PWNED␇" in out


NON_TUI = [
    ["catalogues"],
    ["validate", str(ALEX)],
    ["report", str(ALEX), "--format", "json"],
    ["check", str(ALEX), "--designation", "CMA"],
    ["import", "case", str(ROOT / "tests" / "data" / "case" / "opensalt-markdown.json")],
    ["export", "case", "career-management"],
]


@pytest.mark.parametrize("args", NON_TUI)
def test_non_tui_commands_never_import_textual(args: list[str]) -> None:
    code = (
        "import sys; from selfcheck.cli.main import main\n"
        f"rc = main({args!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'questionary',"
        " 'prompt_toolkit'))\n"
        "print('IMPORTED', bad, file=sys.stderr); sys.exit(rc if rc in (0, 1) else 3)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    assert "IMPORTED []" in result.stderr


#: What only writing, HTML or CSV needs, and shutil (argparse's help width; it loads the
#: compression modules): loading them would slow every read-only command.
NOT_FOR_READING = ("hashlib", "tomli_w", "csv", "selfcheck.report_html", "shutil")


@pytest.mark.parametrize(
    "args", [["validate", str(ALEX)], ["report", str(ALEX), "--format", "json"]]
)
def test_reading_commands_load_only_what_they_use(args: list[str]) -> None:
    # Only what the command loads counts: some Pythons load tempfile at start-up already.
    code = (
        "import sys; before = set(sys.modules); from selfcheck.cli.main import main\n"
        f"rc = main({args!r})\n"
        f"loaded = sorted(m for m in {NOT_FOR_READING!r} if m in set(sys.modules) - before)\n"
        "print('LOADED', loaded, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert "LOADED []" in result.stderr, result.stderr


@pytest.mark.parametrize("columns", [80, 130])
def test_help_wraps_to_the_terminal_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("report", "--help")
    assert result.returncode == 0 and "--format" in result.stdout
    # argparse leaves two columns free and uses the room it has.
    widths = [len(line) for line in result.stdout.splitlines()]
    assert columns - 20 < max(widths) <= columns - 2

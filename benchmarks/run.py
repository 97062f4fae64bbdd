"""Benchmarks: selfcheck against baselines measured in the same run.

    python benchmarks/run.py [--quick] [--json]

Every measurement alternates ours and the baseline several times and quotes medians, so the
machine's mood affects both alike. Prints a table: measurement, ours, baseline, ratio, goal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import served  # noqa: E402
from generate import (  # noqa: E402
    big_catalogue,
    case_package,
    largest_catalogue_size,
    many_sessions,
    portfolio_session,
    rated_by_many,
    session_for,
)
from terminal import Terminal  # noqa: E402

from selfcheck.storage.sessions import save_session  # noqa: E402

PY = sys.executable
BARE = [PY, str(HERE / "bare_app.py")]
BARE_MARKER = "READY-MARKER"
#: The session screen's widgets without our code (a reference for measurement 2).
LAYOUT = [PY, str(HERE / "layout_app.py")]
#: What the start screen shows once it is painted.
START_MARKER = "New assessment"
#: Rating keys for the first competency of the benchmark session (rated 3, with evidence),
#: each with what the screen says once it has taken the rating in.
RATINGS = ((b"2", "Rated below the bar"), (b"3", "Demonstrated: this competency counts"))


@dataclass
class Result:
    name: str
    ours: float
    baseline: float | None
    unit: str
    goal: str
    #: None for a reference figure that has no goal of its own.
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None


def alternate(
    runs: int, ours: Callable[[], float], base: Callable[[], float]
) -> tuple[float, float]:
    """Medians of ours and baseline, run alternately so drift hits both."""
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(base())
    return statistics.median(a), statistics.median(b)


def first_screen(argv: list[str], marker: str, env: dict[str, str]) -> tuple[float, int]:
    term = Terminal(argv, env=env)
    try:
        seconds = term.read_until(marker)
    finally:
        rss = term.close()
    return seconds, rss


def compile_ours() -> str:
    """Give our package the bytecode an installed one has.

    pip compiles a package's bytecode when it installs it, so Textual's modules load from
    `__pycache__`. A source checkout gets its bytecode on first import, unless
    PYTHONDONTWRITEBYTECODE is set (as on some CI machines): then every start would compile
    our modules again while the baseline's come precompiled. Compiling first makes both sides
    start as a user's installation does. Returns a note for the report."""
    import compileall

    import selfcheck

    folder = Path(selfcheck.__file__).parent
    compileall.compile_dir(folder, quiet=1)
    return "bytecode compiled for both sides, as after an install"


def timed(argv: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


@dataclass
class Bench:
    """What every measurement shares: how many runs, and the folders and environment of
    the programs it starts (never the user's own sessions or state)."""

    runs: int
    work: Path
    env: dict[str, str]

    @property
    def sessions(self) -> Path:
        return self.work / "sessions"


def start_screen_and_memory(bench: Bench) -> list[Result]:
    """1 and 7: the start screen against the bare app; peak memory of both at that moment."""
    ours_t, base_t, ours_m, base_m = [], [], [], []
    for _ in range(bench.runs):
        t, m = first_screen([PY, "-m", "selfcheck"], START_MARKER, bench.env)
        ours_t.append(t)
        ours_m.append(m)
        t, m = first_screen(BARE, BARE_MARKER, bench.env)
        base_t.append(t)
        base_m.append(m)
    ours, base = statistics.median(ours_t), statistics.median(base_t)
    mem_ours, mem_base = statistics.median(ours_m) / 1024, statistics.median(base_m) / 1024
    return [
        Result("first screen (start)", ours, base, "s", "ratio ≤ 1.10", ours / base <= 1.10),
        Result("peak memory at first screen", mem_ours, mem_base, "MiB", "≤ +20 MiB",
               mem_ours - mem_base <= 20),
    ]  # fmt: skip


def session_screen_and_rating(bench: Bench, session: Path, marker: str) -> list[Result]:
    """2 and 3: a session on the largest shipped catalogue against the bare app (and, as a
    reference, against the same widgets without our code); then rating keystrokes."""
    layout = [*LAYOUT, str(largest_catalogue_size())]
    ours_t, base_t, layout_t, keys = [], [], [], []
    for _ in range(bench.runs):
        term = Terminal([PY, "-m", "selfcheck", str(session)], env=bench.env)
        try:
            ours_t.append(term.read_until(marker))
            term.drain(0.2)
            # Until the detail pane says what the new rating means, not just any output.
            for key, shown in RATINGS:
                keys.append(term.keystroke_latency(key, shown))
        finally:
            term.close()
        base_t.append(first_screen(BARE, BARE_MARKER, bench.env)[0])
        layout_t.append(first_screen(layout, BARE_MARKER, bench.env)[0])
    ours, base = statistics.median(ours_t), statistics.median(base_t)
    rate_ms = statistics.median(keys) * 1000
    return [
        Result("first screen (session, largest catalogue)", ours, base, "s", "ratio ≤ 1.25",
               ours / base <= 1.25),
        # Not a goal: how much of that ratio the same widgets cost with none of our code.
        Result("  its widgets alone (layout_app.py)", statistics.median(layout_t), base, "s",
               "reference", None),
        Result("keystroke to screen: rate", rate_ms, None, "ms", "≤ 50 ms", rate_ms <= 50),
    ]  # fmt: skip


def report_one(bench: Bench, session: Path) -> Result:
    """4: report --format json on one session vs reading it with tomllib."""
    read_one = [PY, "-c", f"import tomllib; tomllib.load(open({str(session)!r}, 'rb'))"]
    report = [PY, "-m", "selfcheck", "report", "--format", "json", str(session)]
    ours, base = alternate(bench.runs, lambda: timed(report, bench.env), lambda: timed(read_one))
    return Result("report json, one session", ours, base, "s", "ratio ≤ 3", ours / base <= 3)


def report_cohort(bench: Bench, count: int) -> Result:
    """5: report over many sessions vs parsing them with tomllib alone."""
    folder = many_sessions(bench.work / "cohort", count)
    parse_all = [PY, "-c", "import tomllib, pathlib, sys\n"
                 f"for p in sorted(pathlib.Path({str(folder)!r}).glob('*.toml')):\n"
                 " tomllib.loads(p.read_text())"]  # fmt: skip
    report = [PY, "-m", "selfcheck", "report", "--format", "json", str(folder)]
    few = max(3, bench.runs // 2)  # each run reads every session: fewer runs are enough
    ours, base = alternate(few, lambda: timed(report, bench.env), lambda: timed(parse_all))
    return Result(f"report json, {count:,} sessions", ours, base, "s", "ratio ≤ 1.5",
                  ours / base <= 1.5)  # fmt: skip


def big_catalogue_checks(bench: Bench) -> list[Result]:
    """6: a 5,000-competency catalogue: validate vs tomllib; moving to the next competency."""
    catalogues = bench.work / "catalogues"
    big = big_catalogue(catalogues, 5_000)
    parse_big = [PY, "-c", f"import tomllib; tomllib.load(open({str(big)!r}, 'rb'))"]
    validate = [PY, "-m", "selfcheck", "validate", str(big)]
    ours, base = alternate(bench.runs, lambda: timed(validate, bench.env), lambda: timed(parse_big))
    session, marker = session_for(bench.sessions, "big", catalogues)
    moves = []
    term = Terminal([PY, "-m", "selfcheck", "--catalogues", str(catalogues), str(session)],
                    env=bench.env)  # fmt: skip
    try:
        term.read_until(marker, timeout=60)
        term.drain(0.3)
        for n in range(1, bench.runs * 2 + 1):  # until the next statement shows (generate.py)
            moves.append(term.keystroke_latency(b"j", f"Do task {n} of area 0 well"))
    finally:
        term.close()
    move = statistics.median(moves) * 1000
    return [
        Result("validate 5,000 competencies", ours, base, "s", "ratio ≤ 1.5", ours / base <= 1.5),
        Result("next competency, 5,000 catalogue", move, None, "ms", "≤ 50 ms", move <= 50),
    ]


def case_import(bench: Bench, items: int) -> Result:
    """8: import a CASE package vs reading its JSON and validating the catalogue made."""
    package = case_package(bench.work / "case", items)
    made = bench.work / "case" / "imported.toml"
    import_it = [PY, "-m", "selfcheck", "import", "case", str(package), "-o", str(made)]
    timed(import_it, bench.env)  # the catalogue the baseline validates
    # One process, as ours is: json.load of the package, then validate of the result.
    load_and_validate = [
        PY, "-c", f"import json; json.load(open({str(package)!r}, 'rb'))\n"
        "from selfcheck.cli.main import main\n"
        f"raise SystemExit(main(['validate', {str(made)!r}]))",
    ]  # fmt: skip
    ours, base = alternate(
        bench.runs, lambda: timed(import_it, bench.env), lambda: timed(load_and_validate, bench.env)
    )
    return Result(f"import CASE, {items:,} items", ours, base, "s", "ratio ≤ 2", ours / base <= 2)


def feedback_summary(bench: Bench, raters: int = 25, competencies: int = 60) -> Result:
    """11: the multi-rater summary (read and check every form, summarise, JSON text) vs
    parsing the same forms with tomllib, in one process: both read the files from disk."""
    import tomllib

    from selfcheck.model.feedback import groups_of
    from selfcheck.model.feedback_summary import summarise
    from selfcheck.report.feedback import FeedbackReport, feedback_json_text
    from selfcheck.storage.catalogues import load_catalogue
    from selfcheck.storage.feedback import feedback_folder, load_feedback
    from selfcheck.storage.sessions import load_session

    catalogue_path, session_path = rated_by_many(bench.work / "feedback", raters, competencies)
    catalogue = load_catalogue(catalogue_path)
    loaded = load_session(session_path, {catalogue.id: catalogue})
    forms = sorted(feedback_folder(session_path).glob("*.toml"))
    repeat = 10  # one summary takes milliseconds: time several per run

    def ours() -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            found = load_feedback(session_path, catalogue, loaded.session.candidate)
            assert len(found.forms) == raters and not found.problems
            summary = summarise(
                catalogue, groups_of(catalogue), loaded.session.ratings, found.rater_forms
            )
            feedback_json_text(FeedbackReport(catalogue, "Bench Rated", "rated", summary))
        return (time.perf_counter() - start) / repeat

    def parse_only() -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            for form in forms:
                tomllib.loads(form.read_text(encoding="utf-8"))
        return (time.perf_counter() - start) / repeat

    ours_s, base_s = alternate(bench.runs, ours, parse_only)
    return Result(f"feedback summary, {raters} forms × {competencies}", ours_s, base_s, "s",
                  "ratio ≤ 1.5", ours_s / base_s <= 1.5)  # fmt: skip


def served_in_a_browser(bench: Bench) -> list[Result]:
    """9: `selfcheck serve` in headless Chromium against the bare app served the same way."""
    why_not = served.unavailable()
    if why_not is not None:
        print(f"served measurements skipped: {why_not}", file=sys.stderr)
        return []
    m = served.measure(bench.runs, bench.env, START_MARKER, BARE_MARKER)
    return [
        Result("served: page to start screen", m.seconds_ours, m.seconds_bare, "s",
               "ratio ≤ 1.15", m.seconds_ours / m.seconds_bare <= 1.15),
        Result("served: memory per tab (its app)", m.memory_ours, m.memory_bare, "MiB",
               "≤ +20 MiB", m.memory_ours - m.memory_bare <= 20),
    ]  # fmt: skip


def portfolio_checks(bench: Bench) -> list[Result]:
    """10: a session of 31 competencies with 20 evidence items each: opening it and rating keys
    (against the bare app, with the same session less its items as a reference), a save, and
    `report --format json` (against reading it with tomllib)."""
    folder = bench.work / "portfolio"
    folder.mkdir(mode=0o700)
    path, marker, session, catalogue = portfolio_session(folder)
    plain_path = folder / "bench-portfolio-plain.toml"
    plain = session
    for cid in session.ratings:
        plain = plain.with_items(cid, ())
    save_session(plain_path, plain, catalogue)
    opened, plain_opened, base, keys = [], [], [], []
    for _ in range(bench.runs):
        term = Terminal([PY, "-m", "selfcheck", str(path)], env=bench.env)
        try:
            opened.append(term.read_until(marker))
            term.drain(0.2)
            for key, shown in RATINGS:  # a rating is saved at once: the key includes the save
                keys.append(term.keystroke_latency(key, shown))
        finally:
            term.close()
        plain_opened.append(first_screen([PY, "-m", "selfcheck", str(plain_path)], marker,
                                         bench.env)[0])  # fmt: skip
        base.append(first_screen(BARE, BARE_MARKER, bench.env)[0])
    ours, bare = statistics.median(opened), statistics.median(base)
    rate_ms = statistics.median(keys) * 1000

    def save_ours() -> float:
        target = folder / "saved.toml"
        target.unlink(missing_ok=True)
        start = time.perf_counter()
        save_session(target, session, catalogue)
        return time.perf_counter() - start

    def save_base() -> float:  # the same document written by tomli_w alone, no checks
        import tomli_w

        start = time.perf_counter()
        (folder / "plain-write.toml").write_text(tomli_w.dumps(session.to_toml()))
        return time.perf_counter() - start

    save, save_baseline = alternate(bench.runs, save_ours, save_base)
    read_one = [PY, "-c", f"import tomllib; tomllib.load(open({str(path)!r}, 'rb'))"]
    report = [PY, "-m", "selfcheck", "report", "--format", "json", str(path)]
    rep, rep_base = alternate(bench.runs, lambda: timed(report, bench.env),
                              lambda: timed(read_one))  # fmt: skip
    return [
        Result("first screen (session, 31 × 20 items)", ours, bare, "s", "ratio ≤ 1.25",
               ours / bare <= 1.25),
        Result("  the same session without items", statistics.median(plain_opened), bare, "s",
               "reference", None),
        Result("keystroke to screen: rate, 31 × 20 items", rate_ms, None, "ms", "≤ 50 ms",
               rate_ms <= 50),
        Result("save, 31 × 20 items", save * 1000, save_baseline * 1000, "ms", "≤ 50 ms",
               save * 1000 <= 50),
        Result("report json, 31 × 20 items", rep, rep_base, "s", "ratio ≤ 3", rep / rep_base <= 3),
    ]  # fmt: skip


def print_table(machine: str, results: list[Result]) -> None:
    print(f"machine: {machine}")
    print(f"{'measurement':42} {'ours':>12} {'baseline':>12} {'ratio':>6}  {'goal':12} met")
    for r in results:
        ours = f"{r.ours:.3f} {r.unit}"
        base = f"{r.baseline:.3f} {r.unit}" if r.baseline is not None else "-"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        met = "-" if r.met is None else "yes" if r.met else "NO"
        print(f"{r.name:42} {ours:>12} {base:>12} {ratio:>6}  {r.goal:12} {met}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller inputs")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    bytecode = compile_ours()
    with tempfile.TemporaryDirectory(prefix="selfcheck-bench-") as folder:
        work = Path(folder)
        bench = Bench(
            runs=5 if args.quick else 11,
            work=work,
            env={"SELFCHECK_SESSIONS": str(work / "sessions"),
                 "SELFCHECK_STATE": str(work / "state"), "NO_COLOR": ""},
        )  # fmt: skip
        bench.sessions.mkdir(mode=0o700)
        session, marker = session_for(bench.sessions, "largest")
        results = [
            *start_screen_and_memory(bench),
            *session_screen_and_rating(bench, session, marker),
            report_one(bench, session),
            report_cohort(bench, 2_000 if args.quick else 10_000),
            *big_catalogue_checks(bench),
            case_import(bench, 5_000),
            *portfolio_checks(bench),
            feedback_summary(bench),
        ]
        results += served_in_a_browser(bench)
    machine = (
        f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · {platform.system()} {platform.release()} · "
        f"{bytecode}"
    )
    if args.json:
        rows = [asdict(r) | {"ratio": r.ratio} for r in results]
        print(json.dumps({"machine": machine, "quick": args.quick, "results": rows}, indent=2))
    else:
        print_table(machine, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What each `selfcheck` command does, apart from argument parsing (cli.py)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from selfcheck import paths
from selfcheck.cli.usage import UsageError, folder_args
from selfcheck.exitcodes import EXIT_NOT_READY, EXIT_OK, EXIT_USAGE
from selfcheck.model.wording import plural, vocabulary
from selfcheck.safetext import one_line, visible
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.catalogues import CatalogueLibrary, CatalogueSet, load_catalogues
from selfcheck.storage.folder import output_problem, resolve_session, session_files, shown_name
from selfcheck.storage.reviews import review_path
from selfcheck.storage.sessions import load_session
from selfcheck.storage.toml_files import LoadError, SaveError
from selfcheck.storage.validate import Checked, check_file, files_to_check

if TYPE_CHECKING:
    from selfcheck.report.batch import Want


def _warn(message: str) -> None:
    print(one_line(message), file=sys.stderr)


def _say(text: str) -> None:
    """Print to stdout. Every line a command prints goes through here, so no text from a
    catalogue or a session reaches the terminal with a live control character."""
    print(visible(text))


def load_catalogues_or_fail(folder: Path, *, quiet: bool = False) -> CatalogueSet:
    found = load_catalogues(folder)
    if not quiet:
        for problem in found.skipped:
            _warn(f"skipped {problem}")
    if not found.catalogues:
        raise UsageError(f"no usable catalogue in {folder}")
    return found


def run_catalogues(args: argparse.Namespace) -> int:
    from selfcheck.model.readiness import unconfirmed_rules

    folder, _ = folder_args(args)
    found = load_catalogues_or_fail(folder)
    _say(f"Catalogues in {folder}:")
    for catalogue in found.catalogues.values():
        words = vocabulary(catalogue)
        _say("")
        _say(f"{one_line(catalogue.id)}: {one_line(catalogue.title)}")
        _say(f"  issuer: {one_line(catalogue.issuer)}; version {one_line(catalogue.version)}")
        _say(
            f"  {plural(catalogue.competency_count, words.item, words.items)} in "
            f"{plural(len(catalogue.areas), 'area')}, "
            f"{plural(len(catalogue.requirements), 'other requirement')}"
        )
        for d in catalogue.designations:
            unconfirmed = unconfirmed_rules(catalogue, d)
            flag = f" ({plural(len(unconfirmed), 'rule')} not confirmed by a source)"
            _say(f"  - {one_line(d.id)}: {one_line(d.title)}{flag if unconfirmed else ''}")
        if len(catalogue.designations) > 1 and not catalogue.ladders:
            _say("  (parallel designations: none ranks above another)")
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    library = CatalogueLibrary(paths.catalogues_dir(args.catalogues))
    files, not_files = files_to_check(args.paths)
    results = [Checked(p.path, None, (p,)) for p in not_files]
    results += [check_file(file, library) for file in files]
    for result in sorted(results, key=lambda r: r.path):
        for warning in result.warnings:
            _warn(f"warning: {warning}")
        for problem in result.problems:
            _warn(str(problem))
        state = "valid" if result.valid else "invalid"
        _say(one_line(f"{result.path}: {result.kind or 'unreadable'}, {state}"))
    bad = sum(not r.valid for r in results)
    kinds = Counter(r.kind for r in results if r.kind)
    named = ", ".join(plural(n, kind) for kind, n in sorted(kinds.items()))
    _say(
        f"{len(results)} file(s) checked: {len(results) - bad} valid, {bad} invalid"
        + (f" ({named})" if named else "")
    )
    return EXIT_USAGE if bad or not results else EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    folder, sessions_dir = folder_args(args)
    named, not_files = session_files(args.sessions_in, sessions_dir)
    for problem in not_files:
        _warn(str(problem))
    if not named:
        raise UsageError(f"no session file in {' '.join(args.sessions_in)}")
    files = [file for file, _ in named]
    if args.output:
        reviews = [review_path(f) for f in files]
        refused = output_problem(Path(args.output), [*files, *reviews])
        if refused:
            raise UsageError(refused)
    several = len(named) > 1 or any(
        Path(a).is_dir() and not a.endswith(".toml") for a in args.sessions_in
    )
    rich = args.format == "text" and not args.output and sys.stdout.isatty()
    if args.part == "development":
        if args.format not in ("text", "markdown", "html"):
            raise UsageError("--part development is written as text, markdown or html")
        if several:
            raise UsageError("--part development reports on one session at a time")
        return EXIT_USAGE if _report_development(files[0], folder, args) else EXIT_OK
    if several:
        failed = _report_cohort(named, folder, args.format, args.output, rich)
    else:
        file, shown = named[0]
        failed = _report_one(file, shown, folder, args.format, args.output, rich)
    return EXIT_USAGE if failed or not_files else EXIT_OK


def _report_one(
    file: Path, shown: str, folder: Path, fmt: str, output: str | None, rich: bool
) -> bool:
    """One session's full report; True when it could not be read."""
    from selfcheck.report.batch import load_subject
    from selfcheck.report.cohort import cohort_row, csv_report
    from selfcheck.report.json_doc import json_text
    from selfcheck.report.markdown import markdown_report
    from selfcheck.report.text import text_report

    subject, problems = load_subject(file, CatalogueLibrary(folder), shown)
    for problem in problems:
        _warn(problem)
    if subject is None:
        return True
    for warning in subject.loaded.warnings:
        _warn(f"warning: {warning}")
    if rich:
        from rich.console import Console

        from selfcheck.report.rich_terminal import print_report

        print_report(subject, Console())
        return False
    if fmt == "json":
        _emit(json_text(subject), output)
    elif fmt == "csv":
        _emit(csv_report([cohort_row(subject)]), output)
    elif fmt == "html":
        from selfcheck.report.html_page import html_report

        _emit(html_report(subject), output)
    else:
        render = {"text": text_report, "markdown": markdown_report}
        _emit(render[fmt](subject), output)
    return False


def _report_development(file: Path, folder: Path, args: argparse.Namespace) -> bool:
    """One session's development record as a document; True when it could not be read."""
    from selfcheck.report.development import (
        development_html,
        development_markdown,
        development_text,
    )
    from selfcheck.report.view import Subject

    try:
        loaded = load_session(file, CatalogueLibrary(folder))
    except LoadError as exc:
        for problem in exc.problems:
            _warn(str(problem))
        return True
    render = {"text": development_text, "markdown": development_markdown,
              "html": development_html}  # fmt: skip
    _emit(render[args.format](Subject(loaded, str(file))), args.output)
    return False


def _report_cohort(
    named: list[tuple[Path, str]], folder: Path, fmt: str, output: str | None, rich: bool
) -> bool:
    """A summary of many sessions (JSON: every report); True when some could not be read."""
    from selfcheck.report.batch import summarise
    from selfcheck.report.cohort import cohort_markdown, cohort_text, csv_report

    files = [file for file, _ in named]
    want: Want = "json" if fmt == "json" else "row"
    pieces, problems = summarise(files, folder, want, [shown for _, shown in named])
    for problem in problems:
        _warn(problem)
    failed = len(pieces) < len(files)
    if not pieces:
        _warn(f"no readable session among {plural(len(files), 'file')}; nothing written")
        return True
    if fmt == "json":
        # One object per line: indent= would switch json to its slow pure-Python encoder.
        _emit("[\n" + ",\n".join(str(p) for p in pieces) + "\n]\n", output)
        return failed
    rows = [p for p in pieces if isinstance(p, dict)]
    if rich:
        from rich.console import Console

        from selfcheck.report.rich_terminal import print_cohort

        print_cohort(rows, Console())
        return failed
    if fmt == "html":
        from selfcheck.report.html_page import cohort_html

        _emit(cohort_html(rows), output)
        return failed
    render = {"text": cohort_text, "markdown": cohort_markdown,
              "csv": csv_report}  # fmt: skip
    _emit(render[fmt](rows), output)
    return failed


def _emit(text: str, output: str | None) -> None:
    """Write a finished report to stdout or a file, as one safe text: whatever a renderer
    missed, no control character from the data goes out live."""
    text = visible(text)
    if not output:
        sys.stdout.write(text)
        return
    target = Path(output)
    try:
        atomic_write(target, text.encode("utf-8"))
    except SaveError as exc:
        raise UsageError(str(exc)) from None
    print(f"Wrote {target.resolve()}", file=sys.stderr)


def run_diff(args: argparse.Namespace) -> int:
    from selfcheck.clock import today
    from selfcheck.model.diff import diff_sessions

    folder, sessions_dir = folder_args(args)
    library = CatalogueLibrary(folder)
    old_path = resolve_session(args.old, sessions_dir)
    new_path = resolve_session(args.new, sessions_dir)
    try:
        old = load_session(old_path, library, allow_newer=False)
        new = load_session(new_path, library, allow_newer=False)
    except LoadError as exc:
        raise UsageError(str(exc.problems[0])) from None
    old_name, new_name = shown_name(args.old, old_path), shown_name(args.new, new_path)
    if old.catalogue.id != new.catalogue.id:
        raise UsageError(
            f"{old_name} uses {one_line(old.catalogue.id)} but {new_name} uses "
            f"{one_line(new.catalogue.id)}; "
            "only sessions of the same catalogue can be compared"
        )
    changes = diff_sessions(new.catalogue, old.session, new.session, today())
    _say(f"{one_line(old_name)} → {one_line(new_name)}")
    if not changes:
        _say("No changes.")
    for change in changes:
        _say(f"  {one_line(change.message)}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    folder, sessions_dir = folder_args(args)
    if args.session is None:
        from selfcheck.quick.prompts import run_quick_check

        return run_quick_check(args, folder, sessions_dir)
    path = resolve_session(args.session, sessions_dir)
    try:
        loaded = load_session(path, CatalogueLibrary(folder), allow_newer=False)
    except LoadError as exc:
        raise UsageError(str(exc.problems[0])) from None
    # Without --designation, the session's own target is the question.
    designation = args.designation or loaded.session.target
    known = ", ".join(one_line(d.id) for d in loaded.catalogue.designations)
    if not designation:
        raise UsageError(
            f"check SESSION needs --designation ID ({known}): the session has no target"
        )
    from selfcheck.clock import today
    from selfcheck.model.readiness import assess
    from selfcheck.model.verdicts import verdict_for

    for warning in loaded.warnings:
        _warn(f"warning: {warning}")
    verdict = verdict_for(assess(loaded.catalogue, loaded.session, today()), designation)
    if verdict is None:
        raise UsageError(
            f"no designation {one_line(designation)!r} in {one_line(loaded.catalogue.id)} ({known})"
        )
    name = one_line(loaded.session.candidate) or "This session"
    _say(f"{name}: {one_line(verdict.sentence)}")
    for gap in verdict.gaps:
        _say(f"  - {one_line(gap)}")
    return EXIT_OK if verdict.ready else EXIT_NOT_READY


def run_import(args: argparse.Namespace) -> int:
    from selfcheck.interchange import files

    package = Path(args.package)
    target = Path(args.output) if args.output else None
    try:
        if target:
            files.refuse_target(target, "catalogue", [package])  # before any work
        made = files.import_case(package)
        if target:
            files.write_output(target, made.text, "catalogue", [package])
        else:
            sys.stdout.write(made.text)
    except files.InterchangeError as exc:
        raise UsageError(str(exc)) from None
    for note in made.imported.notes:
        _warn(f"note: {note}")
    if not target:
        return EXIT_OK
    document = made.imported.document
    areas = plural(len(document["areas"]), "area")
    competencies = plural(made.imported.competency_count, "competency", "competencies")
    _warn(f"Wrote {target}: {competencies} in {areas}.")
    _warn(f"Edit what its header comment lists, then: selfcheck validate {target}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from selfcheck.interchange import files

    source = resolve_catalogue(args.catalogue, paths.catalogues_dir(args.catalogues))
    try:
        text = files.export_case(source)
        if not args.output:
            sys.stdout.write(text)
            return EXIT_OK
        target = Path(args.output)
        files.write_output(target, text, "package", [source])
    except files.InterchangeError as exc:
        raise UsageError(str(exc)) from None
    _warn(f"Wrote {target}: the CASE package of {source}")
    return EXIT_OK


def resolve_catalogue(arg: str, folder: Path) -> Path:
    """A catalogue named on the command line: a file, or the id of one in the folder."""
    given = Path(arg).expanduser()
    if given.exists() or given.is_symlink() or given.parent != Path("."):
        return given
    found = load_catalogues(folder)
    if arg in found.files:
        return found.files[arg]
    known = ", ".join(sorted(found.catalogues)) or "none"
    raise UsageError(f"no catalogue file or id {arg!r} (ids in {folder}: {known})")

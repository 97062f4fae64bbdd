"""`selfcheck feedback`: blank rater forms, filling one in with prompts, and the summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from selfcheck.cli.usage import UsageError, folder_args
from selfcheck.exitcodes import EXIT_OK, EXIT_USAGE
from selfcheck.model.feedback import groups_of
from selfcheck.safetext import one_line
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.catalogues import CatalogueLibrary
from selfcheck.storage.feedback import blank_form_text, feedback_folder, load_feedback
from selfcheck.storage.folder import output_problem, resolve_session
from selfcheck.storage.sessions import LoadedSession, load_session
from selfcheck.storage.toml_files import LoadError, SaveError

USAGE = (
    "feedback needs a session ('selfcheck feedback SESSION'), "
    "'form SESSION --group ID' or 'rate FORM'"
)


def run_feedback(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words[0] == "form":
        if len(words) != 2:
            raise UsageError("usage: selfcheck feedback form SESSION --group ID [-o FILE]")
        return _form(args, words[1])
    if words[0] == "rate":
        if len(words) != 2:
            raise UsageError("usage: selfcheck feedback rate FORM")
        from selfcheck.quick.rate_form import run_rate_form

        catalogues, _ = folder_args(args)
        return run_rate_form(Path(words[1]), catalogues)
    if len(words) != 1:
        raise UsageError(USAGE)
    if args.group or args.output:
        raise UsageError("--group and -o go with 'selfcheck feedback form SESSION'")
    return _summary(args, words[0])


def _session(args: argparse.Namespace, name: str) -> LoadedSession:
    catalogues, sessions = folder_args(args)
    try:
        return load_session(
            resolve_session(name, sessions), CatalogueLibrary(catalogues), allow_newer=False
        )
    except LoadError as exc:
        raise UsageError(str(exc.problems[0])) from None


def _form(args: argparse.Namespace, name: str) -> int:
    loaded = _session(args, name)
    groups = groups_of(loaded.catalogue)
    known = ", ".join(g.id for g in groups)
    if not args.group:
        raise UsageError(f"a form is for one group: add --group ID ({known})")
    group = next((g for g in groups if g.id == args.group), None)
    if group is None:
        raise UsageError(f"no group {args.group!r} in {loaded.catalogue.id} ({known})")
    text = blank_form_text(loaded.catalogue, loaded.session.candidate, group)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    # Never over an existing file: it may be a form someone has already filled in.
    refused = output_problem(
        target, [loaded.path], may_replace=lambda _: False, otherwise="may be a filled-in form"
    )
    if refused:
        raise UsageError(refused)
    try:
        atomic_write(target, text.encode("utf-8"))
    except SaveError as exc:
        raise UsageError(str(exc)) from None
    folder = feedback_folder(loaded.path)
    print(f"Wrote {target}: a blank form for {one_line(group.label.lower())}.", file=sys.stderr)
    print(
        f"Send it to the rater; put the filled-in form in {folder}{'/'}",
        file=sys.stderr,
    )
    return EXIT_OK


def _summary(args: argparse.Namespace, name: str) -> int:
    from selfcheck.model.feedback_summary import summarise
    from selfcheck.report import feedback as render

    loaded = _session(args, name)
    found = load_feedback(loaded.path, loaded.catalogue, loaded.session.candidate)
    for warning in found.warnings:
        print(f"warning: {one_line(str(warning))}", file=sys.stderr)
    for problem in found.problems:
        print(f"skipped {one_line(str(problem))}", file=sys.stderr)
    summary = summarise(
        loaded.catalogue, groups_of(loaded.catalogue), loaded.session.ratings, found.rater_forms
    )
    report = render.FeedbackReport(loaded.catalogue, loaded.session.candidate, name, summary)
    formats = {
        "text": render.feedback_text,
        "markdown": render.feedback_markdown,
        "html": render.feedback_html,
        "json": render.feedback_json_text,
    }
    sys.stdout.write(formats[args.format](report))
    if not found.forms and not found.problems:
        print(f"No rater forms yet in {found.folder}", file=sys.stderr)
    return EXIT_USAGE if found.problems else EXIT_OK

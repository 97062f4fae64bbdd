"""Rater forms on disk: `NAME.feedback/*.toml` beside a session, one file per rater.

Every form in the folder is read; each bad one is named with what is wrong, and never keeps the
good ones from being used. Blank forms are written with the competencies' statements and the
scale's meanings as comments, so a rater can fill one in with any text editor.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfcheck.model.feedback import (
    RaterForm,
    blank_form,
    check_form,
    groups_of,
    same_person,
)
from selfcheck.model.feedback_groups import FeedbackGroup
from selfcheck.model.problems import InvalidDocument
from selfcheck.safetext import one_line
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.folder import FEEDBACK_SUFFIX, index_folder
from selfcheck.storage.toml_files import (
    FileProblem,
    LoadError,
    located_problems,
    read_toml,
    serialise,
)

if TYPE_CHECKING:
    from selfcheck.model.catalogue import Catalogue
    from selfcheck.storage.catalogues import CatalogueLibrary

#: A form is small: a level and a comment per competency.
MAX_FORM_BYTES = 1024 * 1024
#: ICMA's tools take the supervisor and up to 25 others; this leaves plenty of room.
MAX_FORMS = 200


def feedback_folder(session_path: Path) -> Path:
    """Where a session's rater forms live: beside it, `NAME.feedback/`."""
    return session_path.with_name(session_path.stem + FEEDBACK_SUFFIX)


def is_form_document(data: dict[str, object]) -> bool:
    return data.get("kind") == "feedback"


@dataclass(frozen=True)
class LoadedForm:
    path: Path
    form: RaterForm


@dataclass(frozen=True)
class FeedbackFolder:
    """The forms of one session that can be used, and what is wrong with the others."""

    folder: Path
    forms: tuple[LoadedForm, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    warnings: tuple[FileProblem, ...] = ()

    @property
    def rater_forms(self) -> tuple[RaterForm, ...]:
        return tuple(f.form for f in self.forms)


def read_form(path: Path) -> RaterForm:
    """A form's shape, without its session (for filling it in). Raises LoadError."""
    data, text, _ = read_toml(path, MAX_FORM_BYTES)
    return _form_from(path, data, text)


def looks_like_form(path: Path) -> bool:
    """A quick look (the first few kilobytes) for `kind = "feedback"`: tells a rater form from
    a session before the app starts, without parsing the file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16 * 1024)
    except OSError:
        return False
    return _KIND_LINE.search(head) is not None


_KIND_LINE = re.compile(rb'^kind\s*=\s*"feedback"\s*(#.*)?\r?$', re.MULTILINE)


def open_form(
    path: Path, catalogues: CatalogueLibrary
) -> tuple[RaterForm, Catalogue, FeedbackGroup]:
    """A form to fill in, with its catalogue and group. Raises LoadError naming the problem."""
    form = read_form(path)
    catalogue = catalogues.get(form.catalogue)
    if catalogue is None:
        raise LoadError([FileProblem(path, f"no catalogue with id {form.catalogue!r}", None,
                                     "catalogue")])  # fmt: skip
    groups = groups_of(catalogue)
    errors, _ = check_form(form, catalogue, form.candidate, groups)
    if errors:
        _, text, _ = read_toml(path, MAX_FORM_BYTES)
        raise LoadError(located_problems(path, text, errors))
    group = next(g for g in groups if g.id == form.group)
    return form, catalogue, group


def _form_from(path: Path, data: dict[str, Any], text: str) -> RaterForm:
    try:
        return RaterForm.from_toml(data)
    except InvalidDocument as exc:
        raise LoadError(located_problems(path, text, exc.problems)) from None


def check_form_document(
    path: Path, data: dict[str, Any], text: str, catalogues: CatalogueLibrary
) -> list[FileProblem]:
    """Validate one form on its own (`selfcheck validate`): its shape, its catalogue, group and
    levels; warnings returned, LoadError with every problem. Its candidate is checked only
    beside a session."""
    form = _form_from(path, data, text)
    catalogue = catalogues.get(form.catalogue)
    if catalogue is None:
        raise LoadError([FileProblem(path, f"no catalogue with id {form.catalogue!r}", None,
                                     "catalogue")])  # fmt: skip
    errors, warnings = check_form(form, catalogue, form.candidate, groups_of(catalogue))
    if errors:
        raise LoadError(located_problems(path, text, errors))
    return located_problems(path, text, warnings)


def form_files(folder: Path) -> tuple[list[Path], list[FileProblem]]:
    """The `*.toml` files in a feedback folder, by name (hidden files left out); links, folders
    and pipes with such a name come back as problems."""
    if not folder.exists() and not folder.is_symlink():
        return [], []
    if folder.is_symlink() or not folder.is_dir():
        return [], [FileProblem(folder, "is not a folder; rater forms go in a folder here")]
    index = index_folder(folder)
    files, problems = index.documents, list(index.problems)
    if len(files) > MAX_FORMS:
        problems.append(
            FileProblem(folder, f"{len(files)} forms; only the first {MAX_FORMS} are read")
        )
    return files[:MAX_FORMS], problems


def load_feedback(session_path: Path, catalogue: Catalogue, candidate: str) -> FeedbackFolder:
    """Every usable form beside a session, and each unusable one named with why."""
    folder = feedback_folder(session_path)
    files, problems = form_files(folder)
    warnings: list[FileProblem] = []
    groups = groups_of(catalogue)
    found: list[LoadedForm] = []
    seen_bytes: dict[bytes, Path] = {}
    for path in files:
        try:
            data, text, raw = read_toml(path, MAX_FORM_BYTES)
            form = _form_from(path, data, text)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        errors, notes = check_form(form, catalogue, candidate, groups)
        if errors:
            problems.extend(located_problems(path, text, errors))
            continue
        warnings.extend(located_problems(path, text, notes))
        twin = seen_bytes.get(raw) or _same_rater(form, found)
        if twin is not None:
            problems.append(FileProblem(path, f"a second form from the same rater as {twin.name}"))
            continue
        seen_bytes[raw] = path
        found.append(LoadedForm(path, form))
    return FeedbackFolder(folder, tuple(found), tuple(problems), tuple(warnings))


def _same_rater(form: RaterForm, found: list[LoadedForm]) -> Path | None:
    if not form.rater.strip():
        return None  # unnamed raters cannot be told apart; identical files still are
    for other in found:
        if other.form.group == form.group and same_person(other.form.rater, form.rater):
            return other.path
    return None


def save_form(path: Path, form: RaterForm) -> None:
    """Write a filled-in form back (atomically). Raises SaveError."""
    atomic_write(path, serialise(form.to_toml()))


# --- blank forms -------------------------------------------------------------------------------


def blank_form_text(catalogue: Catalogue, candidate: str, group: FeedbackGroup) -> str:
    """A blank form for one rater, with what each competency means and the scale as comments.

    The text is read back before it is returned, so a form that would not parse is never
    handed out."""
    import tomli_w

    scale = catalogue.scale
    low, high = scale.values[0], scale.values[-1]
    who = one_line(candidate) or "the candidate"
    privacy = (
        f"Your name is never shown: your group's ratings appear only as an average, and only "
        f"once at least {group.min_raters} {group.label.lower()} have answered."
        if group.anonymous
        else "This group is not anonymous: your name appears with your comments."
    )
    lines = [
        f"Feedback on {who}, against: {one_line(catalogue.title)}.",
        f"You are answering as: {one_line(group.label)}. {privacy}",
        "This is feedback for development, not a performance evaluation.",
        "",
        f"For each competency, remove the '#' before 'level =' and write a level from {low} to "
        f"{high} after it; leave it out where you cannot judge. A comment is optional. Write "
        "your name after 'rater = ' if you like, then send this file back.",
        "",
        "The scale:",
        *(f"{lv.value} {one_line(lv.label)}: {one_line(lv.meaning)}" for lv in scale.levels),
    ]
    out = [_comment(part) for line in lines for part in (_wrap(line) if line else [""])]
    header = blank_form(catalogue, candidate, group).to_toml()
    header.pop("ratings")
    header["rater"] = ""
    out += ["", tomli_w.dumps(header).rstrip()]
    for area in catalogue.areas:
        out += ["", _comment(f"== {area.title} ==")]
        for competency in area.competencies:
            key = tomli_w.dumps({"ratings": {competency.id: {"comment": ""}}}).splitlines()[0]
            out += [
                "",
                _comment(f"{competency.id} {competency.title}"),
                *(_comment("  " + line) for line in _wrap(competency.statement)),
                key,
                "# level =",
                'comment = ""',
            ]
    text = "\n".join(out) + "\n"
    tomllib.loads(text)  # raises if the form could not be read back: a bug, not bad input
    return text


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(one_line(text), 90) or [""]


def _comment(line: str) -> str:
    return f"# {one_line(line)}".rstrip()

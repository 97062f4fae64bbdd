"""What is in a folder: every kind of file selfcheck keeps or leaves there, told apart by its
name, and the one index every folder scan uses (session lists, reports on a folder,
`validate FOLDER`, comparing sessions, catalogue loading, temp-file cleanup); and the one
guard every command asks before it writes a file.

Besides the catalogues and sessions themselves (`NAME.toml`, told apart by what they hold), a
folder can hold mentors' reviews beside a session (`NAME.review.toml`, a later mentor's
`NAME.review-2.toml`), backups made before a save that cannot keep everything
(`NAME.toml.bak`, `NAME.v1.bak`), a save's temp file (`.NAME.PID.XXXX.tmp`, left behind only
by a killed save) and an open session's lock (`NAME.toml.lock`). Recovery drafts live in the
state folder, never beside a session; one set aside there ends in `.unreadable` (or
`.restoring`, from earlier versions).

Nothing here imports the rest of storage, so every other module may ask it what a file is.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from selfcheck.storage.toml_files import FileProblem

DOCUMENT_SUFFIX = ".toml"
REVIEW_SUFFIX = ".review.toml"
BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"
DRAFT_SUFFIXES = (".unreadable", ".restoring")
#: Beside `NAME.toml`: the folder of its multi-rater feedback.
FEEDBACK_SUFFIX = ".feedback"
# `NAME.review.toml`, or `NAME.review-2.toml` and on: a second mentor's review of NAME.toml.
_REVIEW_NAME = re.compile(r"\.review(-[1-9][0-9]*)?\.toml$")

#: "document": a catalogue or a session (which one, only its content says); in a feedback
#: folder, a rater's form. "feedback": the folder of raters' forms beside a session.
FileKind = Literal["document", "review", "feedback", "backup", "draft", "temp", "lock", "other"]
#: Kinds worth a word when something that is not a regular file carries their name.
_NAMED_LIKE_OURS: tuple[FileKind, ...] = ("document", "review")


def is_review_name(name: str) -> bool:
    return _REVIEW_NAME.search(name) is not None


def file_kind(path: Path) -> FileKind:
    """What a file is, by its name alone."""
    name = path.name
    if name.startswith("."):
        return "temp" if name.endswith(TEMP_SUFFIX) else "other"
    if name.endswith(LOCK_SUFFIX):
        return "lock"
    if name.endswith(BACKUP_SUFFIX):
        return "backup"
    if name.endswith(DRAFT_SUFFIXES):
        return "draft"
    if is_review_name(name):
        return "review"
    if name.endswith(FEEDBACK_SUFFIX):
        return "feedback"
    if name.endswith(DOCUMENT_SUFFIX):
        return "document"
    return "other"


def is_session_file(path: Path) -> bool:
    """A file in a sessions folder that is a session (not a review, backup or temp file)."""
    return file_kind(path) == "document"


@dataclass(frozen=True)
class FolderIndex:
    """The regular files of one folder by kind (and its feedback folders), sorted by name;
    and the entries named like a catalogue, session or review that are not regular files (a
    link, a folder, a pipe), or why the folder could not be read."""

    folder: Path
    files: tuple[tuple[Path, FileKind], ...]
    problems: tuple[FileProblem, ...] = ()

    def of_kind(self, kind: FileKind) -> list[Path]:
        return [path for path, found in self.files if found == kind]

    @property
    def documents(self) -> list[Path]:
        """The sessions of a sessions folder, or the catalogues of a catalogue folder."""
        return self.of_kind("document")

    @property
    def reviews(self) -> list[Path]:
        return self.of_kind("review")


def index_folder(folder: Path) -> FolderIndex:
    """Every regular file in `folder` by kind, found without opening any."""
    files: list[tuple[Path, FileKind]] = []
    problems: list[FileProblem] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                path = Path(entry.path)
                kind = file_kind(path)
                try:
                    if kind == "feedback":  # the one kind that is a folder
                        regular = entry.is_dir(follow_symlinks=False)
                    else:
                        regular = entry.is_file(follow_symlinks=False)
                    odd = "" if regular else _not_a_file(entry)
                except OSError as exc:
                    regular, odd = False, exc.strerror or str(exc)
                if regular:
                    files.append((path, kind))
                elif kind in _NAMED_LIKE_OURS:
                    problems.append(FileProblem(path, f"{odd}; skipped"))
    except FileNotFoundError:
        return FolderIndex(folder, (), (FileProblem(folder, "no such folder"),))
    except OSError as exc:
        return FolderIndex(folder, (), (FileProblem(folder, exc.strerror or str(exc)),))
    return FolderIndex(
        folder,
        tuple(sorted(files, key=lambda found: found[0].name)),
        tuple(sorted(problems, key=lambda p: p.path)),
    )


def _not_a_file(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "is a symbolic link, not a file"
    if entry.is_dir(follow_symlinks=False):
        return "is a folder, not a file"
    return "not a regular file (a pipe, a device or a socket)"


def sessions_in(folder: Path) -> tuple[list[Path], list[FileProblem]]:
    """The session files of a folder, and what is named like one but is not a file."""
    index = index_folder(folder)
    named_like = [p for p in index.problems if is_session_file(p.path) or p.path == folder]
    return index.documents, named_like


def resolve_session(arg: str, sessions_dir: Path) -> Path:
    """A session named on the command line: a path, or a name in the sessions folder."""
    given = Path(arg).expanduser()
    if given.exists() or given.is_symlink() or given.parent != Path("."):
        return given
    for candidate in (sessions_dir / arg, sessions_dir / f"{arg}{DOCUMENT_SUFFIX}"):
        if candidate.exists():
            return candidate
    return given


def shown_name(arg: str, path: Path) -> str:
    """How a session named on the command line is named in what is printed: as it was typed,
    or its file name when it was found in the sessions folder. Never the absolute path, which
    would put the user's home folder into a report meant for a mentor."""
    return arg if Path(arg).expanduser() == path else path.name


def session_files(
    args_in: list[str], sessions_dir: Path
) -> tuple[list[tuple[Path, str]], list[FileProblem]]:
    """Files named, with folders expanded to the sessions inside them, each with the name to
    show for it (see `shown_name`; a folder's files under the folder as typed); and what in
    those folders is not a file."""
    files: list[tuple[Path, str]] = []
    problems: list[FileProblem] = []
    for arg in args_in:
        path = resolve_session(arg, sessions_dir)
        if path.is_dir() and not path.name.endswith(DOCUMENT_SUFFIX):
            found, skipped = sessions_in(path)
            files.extend((p, str(Path(arg) / p.name)) for p in found)
            problems.extend(skipped)
        else:
            files.append((path, shown_name(arg, path)))
    return files, problems


#: Endings of the files selfcheck keeps (every kind above but "other").
OUR_ENDINGS = (DOCUMENT_SUFFIX, BACKUP_SUFFIX, LOCK_SUFFIX, TEMP_SUFFIX, *DRAFT_SUFFIXES)
#: Why a report is not written over a file of ours (as output_problem words it).
OURS = "is a selfcheck file (a session, review, catalogue, backup or lock)"


def is_ours(path: Path) -> bool:
    return path.name.endswith(OUR_ENDINGS)


def output_problem(
    target: Path,
    inputs: Iterable[Path],
    *,
    may_replace: Callable[[Path], bool] = lambda path: not is_ours(path),
    otherwise: str = OURS,
) -> str:
    """Why a command must not write its output to `target` ("" when it may).

    The one guard every command that writes a file asks first: never through a link, never
    into a folder or a pipe, never over a file the output is made from, and over an existing
    file only when `may_replace` says it is of the kind being written (for a report: anything
    but a file of ours). `otherwise` says what the refused file is.
    """
    if target.is_symlink():
        return f"{target} is a symbolic link; not writing through it"
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"{target}: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return f"{target} is a folder; name a file to write"
    if not stat.S_ISREG(info.st_mode):
        return f"{target} is not a regular file; name a file to write"
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat(source)):
                return f"{target} is the input; choose another file to write"
    if not may_replace(target):
        return f"{target} exists and {otherwise}; not writing over it"
    return ""

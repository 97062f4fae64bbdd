"""Renaming, duplicating, archiving and deleting a saved session, with the files that belong
to it: its mentor's review, its feedback folder, its backups and its recovery draft.

Nothing is ever erased: archiving moves a session into `archive/` in its folder, deleting into
`deleted/` (empty that folder to free the space). A session open in a window is left alone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from filelock import Timeout

from selfcheck import paths
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.editor import lock_file_usable, release_and_tidy, session_lock
from selfcheck.storage.folder import (
    BACKUP_SUFFIX,
    DOCUMENT_SUFFIX,
    FEEDBACK_SUFFIX,
    REVIEW_SUFFIX,
    index_folder,
)
from selfcheck.storage.recovery import draft_path_for
from selfcheck.storage.toml_files import SaveError

ARCHIVE_FOLDER = "archive"
DELETED_FOLDER = "deleted"


class ManageError(SaveError):
    """A session that could not be renamed, copied or moved; nothing was changed."""


def belongings(path: Path, stem: str | None = None) -> list[tuple[Path, Path]]:
    """The files of session `path` as (now, after taking the name `stem`), the session first:
    NAME.toml, NAME.review.toml, NAME.feedback/, NAME.toml.bak, NAME.vN.bak."""
    old, new = path.stem, stem or path.stem
    folder = path.parent
    pairs = [
        (path, folder / f"{new}{DOCUMENT_SUFFIX}"),
        (folder / f"{old}{REVIEW_SUFFIX}", folder / f"{new}{REVIEW_SUFFIX}"),
        (folder / f"{old}{FEEDBACK_SUFFIX}", folder / f"{new}{FEEDBACK_SUFFIX}"),
        (
            folder / f"{old}{DOCUMENT_SUFFIX}{BACKUP_SUFFIX}",
            folder / f"{new}{DOCUMENT_SUFFIX}{BACKUP_SUFFIX}",
        ),
    ]
    pairs += [
        (backup, folder / f"{new}{backup.name.removeprefix(old)}")
        for backup in index_folder(folder).of_kind("backup")
        if backup.name.startswith(f"{old}.v")
    ]
    return [(a, b) for a, b in pairs if a == path or a.exists() or a.is_symlink()]


def rename_session(path: Path, wanted: str, state_dir: Path | None = None) -> Path:
    """Give a session (and its belongings) a new file name made safe from `wanted`."""
    stem = paths.safe_stem(wanted)
    if not stem:
        raise ManageError("a file name needs letters or digits")
    if stem == path.stem:
        return path
    with _held(path):
        return _move(path, path.parent, stem, state_dir, clash="already a session named")


def archive_session(path: Path, state_dir: Path | None = None) -> Path:
    """Move a session and its belongings into `archive/` beside it."""
    return _move_into(path, ARCHIVE_FOLDER, state_dir)


def delete_session(path: Path, state_dir: Path | None = None) -> Path:
    """Move a session and its belongings into `deleted/` beside it (never erased here)."""
    return _move_into(path, DELETED_FOLDER, state_dir)


def duplicate_session(path: Path, now: datetime) -> Path:
    """A copy of the session file as it is now (a snapshot, say before applying), named
    after the day: `NAME-2026-11-20.toml`. The mentor's review stays with the original."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManageError(f"could not read {path.name}: {exc.strerror or exc}") from None
    copy = paths.free_path(path.parent / f"{path.stem}-{now.strftime('%Y-%m-%d')}.toml")
    atomic_write(copy, data)
    return copy


@contextlib.contextmanager
def _held(path: Path) -> Iterator[None]:
    """Hold the session's lock while its files move: a window cannot open it meanwhile, and
    one that has it open is not pulled from under it."""
    if not lock_file_usable(path):
        raise ManageError(f"the lock file of {path.name} is not a regular file; remove it first")
    lock = session_lock(path)
    try:
        lock.acquire()
    except Timeout:
        raise ManageError(f"{path.name} is open in another window; close it there first") from None
    except OSError:
        pass  # a folder that cannot hold a lock: moving will say what is wrong
    try:
        yield
    finally:
        release_and_tidy(lock)


def _move_into(path: Path, folder_name: str, state_dir: Path | None) -> Path:
    folder = path.parent / folder_name
    with _held(path):
        try:
            paths.ensure_private_dir(folder)
        except OSError as exc:
            raise ManageError(f"could not create {folder}: {exc.strerror or exc}") from None
        # The files keep their name, unless one of them would replace a file already there.
        stem, n = path.stem, 2
        while any(new.exists() or new.is_symlink() for _, new in _placed(path, stem, folder)):
            stem, n = f"{path.stem}-{n}", n + 1
        return _move(path, folder, stem, state_dir, clash="already a file")


def _placed(path: Path, stem: str, folder: Path) -> list[tuple[Path, Path]]:
    """The session's belongings as (now, in `folder` under `stem`)."""
    return [(old, folder / new.name) for old, new in belongings(path, stem)]


def _move(path: Path, folder: Path, stem: str, state_dir: Path | None, *, clash: str) -> Path:
    """Move the session's files to `folder` under `stem` (its lock is held by the caller)."""
    moves = _placed(path, stem, folder)
    for _, new in moves:
        if new.exists() or new.is_symlink():
            raise ManageError(f"{clash} {new.name}")
    for old, new in moves:
        try:
            os.rename(old, new)
        except OSError as exc:
            if old == path:
                raise ManageError(f"could not move {old.name}: {exc.strerror}") from None
            raise ManageError(
                f"{path.name} is now {moves[0][1].name}, but {old.name} could not follow it: "
                f"{exc.strerror}"
            ) from None
    _move_draft(path, moves[0][1], state_dir)
    return moves[0][1]


def _move_draft(old: Path, new: Path, state_dir: Path | None) -> None:
    """Unsaved changes of the old name stay offered under the new one."""
    draft = draft_path_for(old, state_dir)
    if draft.is_file():
        with contextlib.suppress(OSError):
            os.replace(draft, draft_path_for(new, state_dir))

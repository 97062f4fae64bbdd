"""Files that are not what they seem (pipes, folders, links, other people's files, shared
folders): never opened in a way that can block, never taken over, never followed."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import new_session
from selfcheck.storage.catalogues import load_catalogue, load_catalogues
from selfcheck.storage.editor import SessionFile
from selfcheck.storage.folder import session_files
from selfcheck.storage.reviews import load_review
from selfcheck.storage.sessions import list_sessions, load_session, save_session
from selfcheck.storage.sharing import shared_folder_warning
from selfcheck.storage.toml_files import LoadError, SaveError, read_existing
from selfcheck.ui.screens.compare import others

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and modes")

SESSION = {"schema_version": 1, "catalogue": "career-management", "candidate": "Alex"}


@contextlib.contextmanager
def must_not_block(seconds: float = 5.0) -> Iterator[None]:
    """Fail (instead of hanging the test run) if the body blocks, as a plain open of a FIFO
    would."""

    def expired(*_: object) -> None:
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@posix_only
def test_a_pipe_named_like_a_session_is_refused_at_once(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    fifo = tmp_path / "alex.toml"
    os.mkfifo(fifo)
    with must_not_block():
        for load in (
            lambda: load_session(fifo, catalogues),
            lambda: load_catalogue(fifo),
        ):
            with pytest.raises(LoadError, match="not a regular file"):
                load()
        with pytest.raises(SaveError, match="not a regular file"):
            read_existing(fifo)
        with pytest.raises(SaveError):
            save_session(
                fifo,
                new_session(catalogues["career-management"], "A"),
                catalogues["career-management"],
            )
        summaries, skipped = list_sessions(tmp_path, catalogues)
        assert summaries == [] and [str(p) for p in skipped] == [
            f"{fifo}: not a regular file (a pipe, a device or a socket); skipped"
        ]
        found = load_catalogues(tmp_path)
        assert not found.catalogues and "not a regular file" in str(found.skipped[0])
    assert fifo.exists()  # nothing replaced it


@posix_only
def test_a_pipe_beside_a_session_blocks_nothing(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    session = tmp_path / "alex.toml"
    session.write_text(tomli_w.dumps(SESSION))
    os.mkfifo(tmp_path / "alex.review.toml")
    os.mkfifo(tmp_path / "bob.toml")
    with must_not_block():
        with pytest.raises(LoadError, match="not a regular file"):
            load_review(session)
        assert others(session, "career-management") == []  # what Shift+D offers to compare


def test_a_folder_named_like_a_session(tmp_path: Path, catalogues: dict[str, Catalogue]) -> None:
    folder = tmp_path / "x.toml"
    folder.mkdir()
    files, problems = session_files([str(folder)], tmp_path)
    # Named on its own: reported as what it is (under the name typed).
    assert files == [(folder, str(folder))] and problems == []
    with pytest.raises(LoadError, match="is a folder, not a file"):
        load_session(folder, catalogues)
    files, problems = session_files([str(tmp_path)], tmp_path)
    assert files == [] and [p.message for p in problems] == ["is a folder, not a file; skipped"]


@posix_only
def test_private_folders_are_0700_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        deep = tmp_path / "data" / "selfcheck" / "sessions"
        paths.ensure_private_dir(deep)
    finally:
        os.umask(previous)
    for folder in (tmp_path / "data", tmp_path / "data" / "selfcheck", deep):
        assert oct(folder.stat().st_mode & 0o777) == "0o700", folder
    tmp_path.chmod(0o755)
    paths.ensure_private_dir(tmp_path)  # an existing folder's mode is left alone
    assert oct(tmp_path.stat().st_mode & 0o777) == "0o755"


@posix_only
def test_another_users_session_opens_read_only(
    tmp_path: Path, catalogues: dict[str, Catalogue], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "alex.toml"
    path.write_text(tomli_w.dumps(SESSION))
    path.chmod(0o644)
    before = path.read_bytes(), path.stat().st_mode
    monkeypatch.setattr(os, "getuid", lambda: path.stat().st_uid + 1)
    file = SessionFile.open(path, catalogues, state_dir=tmp_path / "state")
    assert file.read_only.startswith("the file belongs to ")
    assert "unreadable to them" in file.read_only
    assert not (tmp_path / "alex.toml.lock").exists()  # not even a lock taken
    file.close()
    assert (path.read_bytes(), path.stat().st_mode) == before


@posix_only
def test_a_linked_lock_file_means_read_only(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    path = tmp_path / "alex.toml"
    path.write_text(tomli_w.dumps(SESSION))
    (tmp_path / "alex.toml.lock").symlink_to(tmp_path / "elsewhere.lock")
    file = SessionFile.open(path, catalogues, state_dir=tmp_path / "state")
    assert "lock file alex.toml.lock is not a regular file" in file.read_only
    file.close()
    assert not (tmp_path / "elsewhere.lock").exists()


@posix_only
def test_a_folder_others_may_write_is_warned_about(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "alex.toml").write_text(tomli_w.dumps(SESSION))
    folder.chmod(0o700)
    assert shared_folder_warning(folder) == ""
    folder.chmod(0o770)
    assert shared_folder_warning(folder).startswith("this folder can be written by its group")
    folder.chmod(0o777)
    warning = shared_folder_warning(folder)
    assert "can be written by anyone" in warning and "\n" not in warning
    file = SessionFile.open(folder / "alex.toml", catalogues, state_dir=tmp_path / "state")
    assert [str(w) for w in file.warnings] == [f"{folder}: {warning}"]
    file.close()

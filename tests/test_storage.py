"""Saving sessions: exact bytes, atomicity, faults, permissions, conflicts, what is kept."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.storage.atomic import (
    ABANDONED_AFTER,
    atomic_write,
    new_temp_file,
    remove_stale_temp_files,
    write_atomically,
)
from selfcheck.storage.folder import index_folder
from selfcheck.storage.sessions import load_session, save_session
from selfcheck.storage.toml_files import (
    ConflictError,
    LoadError,
    ReadOnlyError,
    SaveError,
    fingerprint_of,
)

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "data" / "golden-session.toml"


def sample(career: Catalogue) -> Session:
    session = new_session(career, "Alex Doe", target="CMP")
    session = session.with_rating("1.1", Rating(level=3, evidence="Ran 12 workshops in 2025."))
    session = session.with_rating("1.2", Rating(level=2, evidence='Quotes " and \\ and [red]x[/]'))
    session = session.with_rating(
        "2.19", Rating(level=4, title="Veterans", rationale="Why:\nit matters", evidence="")
    )
    return session.with_answer("experience_years", 4).with_position("1.2").touched(NOW)


def test_golden_session_bytes(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "alex.toml"
    save_session(path, sample(career), career, now=NOW)
    assert path.read_bytes() == GOLDEN.read_bytes()


def test_ratings_read_as_a_document(tmp_path: Path, career: Catalogue) -> None:
    """Catalogue order, whatever order the ratings were given in; each with its competency's
    title and its level's label, which loading ignores (editing them changes nothing)."""
    path = tmp_path / "alex.toml"
    session = new_session(career, "Alex Doe").with_level("2.19", 1).with_level("1.7", 3)
    session = session.with_answer("kept_from_before", True).with_answer("experience_years", 4)
    save_session(path, session, career, now=NOW)
    text = path.read_text("utf-8")
    assert text.index('[ratings."1.7"]') < text.index('[ratings."2.19"]')
    data = tomllib.loads(text)
    assert list(data["requirements"]) == ["experience_years", "kept_from_before"]
    assert data["ratings"]["1.7"] == {
        "competency": "Learning and development strategies",
        "level": 3,
        "level_label": "Proficient",
        "evidence": "",
    }
    assert data["ratings"]["2.19"]["competency"] == "Other"
    path.write_text(text.replace('level_label = "Proficient"', 'level_label = "Expert"'))
    loaded = load_session(path, {career.id: career})
    assert loaded.session == session


def test_round_trip_keeps_everything(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "alex.toml"
    session = sample(career)
    save_session(path, session, career, now=NOW)
    loaded = load_session(path, {career.id: career})
    assert loaded.session == session
    assert not loaded.warnings and not loaded.read_only


def test_summary_is_recomputed_not_trusted(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "alex.toml"
    save_session(path, sample(career), career, now=NOW)
    text = path.read_text().replace('highest_ready = ""', 'highest_ready = "CMF"')
    path.write_text(text)
    loaded = load_session(path, {career.id: career})
    save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint)
    assert tomllib.loads(path.read_text())["summary"]["highest_ready"] == ""


def test_unknown_keys_and_ids_survive(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "hand.toml"
    path.write_text(
        'schema_version = 1\ncatalogue = "career-management"\ncandidate = "A"\n'
        'favourite_colour = "blue"\n\n[plugin]\nx = 1\n\n[requirements]\nold_question = true\n\n'
        '[ratings."9.9"]\nlevel = 3\nevidence = "from an older catalogue"\n\n'
        '[ratings."1.1"]\nlevel = 3\nevidence = "e"\nconfidence = "high"\n'
    )
    loaded = load_session(path, {career.id: career})
    shown = sorted(str(w) for w in loaded.warnings)
    assert shown == [
        f"{path}:10: requirements.old_question: no such requirement in the catalogue; kept as written",
        f"{path}:12: ratings.'9.9': no such competency in the catalogue; kept as written",
    ]
    session = loaded.session.with_level("1.2", 1)
    save_session(path, session, career, expected_fingerprint=loaded.fingerprint)
    data = tomllib.loads(path.read_text())
    assert data["favourite_colour"] == "blue" and data["plugin"] == {"x": 1}
    assert data["requirements"]["old_question"] is True
    assert data["ratings"]["9.9"] == {"level": 3, "evidence": "from an older catalogue"}
    assert data["ratings"]["1.1"]["confidence"] == "high"


def test_new_files_are_owner_only_under_any_umask(tmp_path: Path, career: Catalogue) -> None:
    for mask in (0o000, 0o022):
        old = os.umask(mask)
        try:
            folder = paths.ensure_private_dir(tmp_path / f"sessions-{mask}")
            path = folder / "a.toml"
            save_session(path, sample(career), career, now=NOW)
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            os.chmod(path, 0o640)
            loaded = load_session(path, {career.id: career})
            save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint)
            # Policy: a re-save is owner-only again; evidence notes are personal.
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        finally:
            os.umask(old)


def failing(error: int) -> Any:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    return fail


@pytest.mark.parametrize("target", ["fsync", "replace", "write"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO, errno.EACCES])
def test_failed_save_leaves_previous_file(
    tmp_path: Path, career: Catalogue, monkeypatch: pytest.MonkeyPatch, target: str, error: int
) -> None:
    path = tmp_path / "a.toml"
    fingerprint, _ = save_session(path, sample(career), career, now=NOW)
    before = path.read_bytes()
    if target == "write":
        real_fdopen = os.fdopen

        class Broken:
            def __init__(self, handle: Any):
                self.handle = handle

            def __enter__(self) -> Broken:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def fileno(self) -> int:
                return int(self.handle.fileno())

            def write(self, data: bytes) -> int:
                raise OSError(error, os.strerror(error))

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Broken(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, target, failing(error))
    changed = sample(career).with_level("1.3", 4)
    with pytest.raises(SaveError) as caught:
        save_session(path, changed, career, expected_fingerprint=fingerprint)
    monkeypatch.undo()
    assert "the previous file is unchanged" in str(caught.value)
    if error == errno.ENOSPC:
        assert "the disk is full" in str(caught.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_durable_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        calls.append(f"fsync-{kind}")
        real_fsync(fd)

    def replace(a: Any, b: Any) -> None:
        calls.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "x.toml", b"a = 1\n")
    assert calls == ["fsync-file", "replace", "fsync-dir"]
    calls.clear()
    # A recovery draft only guards against a killed process: it skips the fsyncs.
    write_atomically(tmp_path / "draft.toml", b"a = 2\n", durable=False)
    assert calls == ["replace"]
    assert stat.S_IMODE((tmp_path / "draft.toml").stat().st_mode) == 0o600


@pytest.mark.parametrize("bad", [None, {1, 2}, "\ud800", object()])
def test_unserialisable_data_writes_nothing(tmp_path: Path, career: Catalogue, bad: object) -> None:
    path = tmp_path / "a.toml"
    fingerprint, _ = save_session(path, sample(career), career, now=NOW)
    before = path.read_bytes()
    session = Session(**{**sample(career).__dict__, "extra": {"first": "ok", "zz": {"bad": bad}}})
    with pytest.raises(SaveError, match="could not write the session"):
        save_session(path, session, career, expected_fingerprint=fingerprint)
    assert path.read_bytes() == before


def test_lone_surrogates_are_replaced_on_input(career: Catalogue) -> None:
    session = new_session(career, "A\ud800").with_evidence("1.1", "x\udfffy")
    assert session.candidate == "A\ufffd" and session.rating("1.1").evidence == "x\ufffdy"


def test_conflict_when_file_changed_since_load(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "a.toml"
    save_session(path, sample(career), career, now=NOW)
    window_a = load_session(path, {career.id: career})
    window_b = load_session(path, {career.id: career})
    save_session(
        path, window_a.session.with_level("1.5", 4), career,
        expected_fingerprint=window_a.fingerprint,
    )  # fmt: skip
    saved_by_a = path.read_bytes()
    with pytest.raises(ConflictError, match="changed by another program or window"):
        save_session(
            path, window_b.session.with_level("1.6", 1), career,
            expected_fingerprint=window_b.fingerprint,
        )  # fmt: skip
    assert path.read_bytes() == saved_by_a


def test_new_session_never_overwrites_an_existing_file(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "a.toml"
    path.write_text("mine")
    with pytest.raises(ConflictError):
        save_session(path, sample(career), career)
    assert path.read_text() == "mine"


def test_newer_schema_opens_read_only_and_is_never_saved(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "new.toml"
    path.write_text('schema_version = 999\ncatalogue = "career-management"\ncandidate = "A"\n')
    before = path.read_bytes()
    loaded = load_session(path, {career.id: career})
    assert loaded.read_only
    with pytest.raises(ReadOnlyError, match="newer selfcheck"):
        save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint)
    assert path.read_bytes() == before


def test_older_file_is_backed_up_before_first_overwrite(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "old.toml"
    path.write_text('catalogue = "career-management"\ncandidate = "A"\n')
    original = path.read_bytes()
    loaded = load_session(path, {career.id: career})
    assert loaded.session.schema_version == 0
    _, notes = save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint)
    assert (tmp_path / "old.v0.bak").read_bytes() == original
    assert any("old.v0.bak" in n for n in notes)
    assert tomllib.loads(path.read_text())["schema_version"] == 1


def test_hand_comments_are_kept_in_a_backup(tmp_path: Path, career: Catalogue) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        'schema_version = 1\n# my mentor said to add more here\ncatalogue = "career-management"\n'
        'candidate = "A"\n'
    )
    original = path.read_bytes()
    loaded = load_session(path, {career.id: career})
    assert loaded.has_comments
    _, notes = save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint)
    assert (tmp_path / "c.toml.bak").read_bytes() == original
    assert notes and "comments" in notes[0]


def test_symlinked_session_is_refused_and_target_untouched(
    tmp_path: Path, career: Catalogue
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "alice.toml"
    link.symlink_to(victim)
    with pytest.raises(LoadError, match="symbolic link"):
        load_session(link, {career.id: career})
    with pytest.raises(SaveError):
        save_session(link, sample(career), career)
    assert victim.read_text() == "precious"


def test_the_folder_index_knows_every_kind_of_file(tmp_path: Path) -> None:
    kinds = {
        "alex.toml": "document",
        "alex.review.toml": "review",
        "alex.review-2.toml": "review",
        "alex.toml.bak": "backup",
        "alex.v0.bak": "backup",
        "alex.toml.lock": "lock",
        ".alex.toml.x1y2.tmp": "temp",
        "alex-0123.restoring": "draft",
        "alex-0123.unreadable": "draft",
        ".hidden.toml": "other",
        "notes.txt": "other",
    }
    for name in kinds:
        (tmp_path / name).write_text("")
    index = index_folder(tmp_path)
    assert {path.name: kind for path, kind in index.files} == kinds
    assert [p.name for p in index.documents] == ["alex.toml"]
    assert [p.name for p in index.reviews] == ["alex.review-2.toml", "alex.review.toml"]
    (tmp_path / "alex.feedback").mkdir()  # raters' forms: the one kind that is a folder
    assert index_folder(tmp_path).of_kind("feedback") == [tmp_path / "alex.feedback"]
    (tmp_path / "bob.toml").mkdir()  # named like a session, but not a file: said, not listed
    (tmp_path / "notes").mkdir()  # named like nothing of ours: not a word
    index = index_folder(tmp_path)
    assert [str(p) for p in index.problems] == [
        f"{tmp_path / 'bob.toml'}: is a folder, not a file; skipped"
    ]
    assert [str(p) for p in index_folder(tmp_path / "missing").problems] == [
        f"{tmp_path / 'missing'}: no such folder"
    ]


def test_only_abandoned_temp_files_are_removed(tmp_path: Path, dead_pid: int) -> None:
    (tmp_path / "a.toml").write_text("keep")
    gone = tmp_path / f".a.toml.{dead_pid}.x1y2abcd.tmp"
    old = tmp_path / f".a.toml.{os.getpid()}.old12345.tmp"
    unnamed_old = tmp_path / ".a.toml.x1y2.tmp"
    for abandoned in (gone, old, unnamed_old):
        abandoned.write_text("half")
    for stale in (old, unnamed_old):
        past = time.time() - ABANDONED_AFTER - 5
        os.utime(stale, (past, past))
    # Saves that may still be under way: this window's, another live process's, and one
    # whose writer cannot be told (an older name without a pid) that is still fresh.
    mine = tmp_path / f".a.toml.{os.getpid()}.mine1234.tmp"
    other = tmp_path / f".a.toml.{os.getppid()}.othr1234.tmp"
    unnamed_fresh = tmp_path / ".a.toml.fresh123.tmp"
    for in_flight in (mine, other, unnamed_fresh):
        in_flight.write_text("half")
    assert remove_stale_temp_files(tmp_path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["a.toml", mine.name, other.name, unnamed_fresh.name]
    )


def test_temp_files_are_named_with_the_writers_pid(tmp_path: Path) -> None:
    fd, temp = new_temp_file(tmp_path / "a.toml")
    os.close(fd)
    assert temp.name.startswith(f".a.toml.{os.getpid()}.") and temp.name.endswith(".tmp")
    assert oct(temp.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "..", "a/b", "C:\\x", "con", "nul.toml", "x\x00y",
     "é" * 300, "", "   ", ".hidden"],
)  # fmt: skip
def test_session_file_names_stay_inside_the_folder(tmp_path: Path, name: str) -> None:
    path = paths.session_file_name(name, "career-management", tmp_path)
    assert path.parent == tmp_path
    assert path.resolve().is_relative_to(tmp_path.resolve())
    assert len(path.name.encode()) < 255 and not path.name.startswith(".")


def test_file_names_do_not_collide(tmp_path: Path) -> None:
    first = paths.session_file_name("Alex Doe", "icma", tmp_path)
    first.write_text("x")
    assert paths.session_file_name("Alex Doe", "icma", tmp_path).name == "alex-doe-icma-2.toml"


def test_sessions_do_not_default_to_the_current_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SELFCHECK_SESSIONS")
    monkeypatch.chdir(tmp_path)
    found = paths.sessions_dir()
    assert found.is_absolute() and found != tmp_path / "sessions"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert paths.sessions_dir() == found  # the same folder from anywhere


def test_a_source_checkout_keeps_sessions_in_its_own_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    monkeypatch.delenv("SELFCHECK_SESSIONS")
    package = Path(paths.__file__).resolve().parent
    checkout = paths.source_checkout()
    if package.parent.name == "src":  # these tests run from a checkout (pip install -e .)
        assert checkout == package.parents[1]
        assert paths.sessions_dir() == checkout / "sessions"
        assert (checkout / "sessions" / "README.md").is_file()
    # An installed package is no checkout, nor is a look-alike without catalogues/.
    wheel = tmp_path / "lib" / "site-packages" / "selfcheck"
    wheel.mkdir(parents=True)
    assert paths.source_checkout(wheel) is None
    root = tmp_path / "project"
    (root / "src" / "selfcheck").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    assert paths.source_checkout(root / "src" / "selfcheck") is None
    (root / "catalogues").mkdir()
    assert paths.source_checkout(root / "src" / "selfcheck") == root
    # Without a checkout: the platform's folder; a flag or the variable always wins.
    monkeypatch.setattr(paths, "source_checkout", lambda package_dir=None: None)
    assert paths.sessions_dir() == platformdirs.user_data_path("selfcheck") / "sessions"
    monkeypatch.setenv("SELFCHECK_SESSIONS", str(tmp_path / "mine"))
    assert paths.sessions_dir() == tmp_path / "mine"
    assert paths.sessions_dir(str(tmp_path / "flag")) == tmp_path / "flag"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_save_never_tears_the_file(tmp_path: Path, career: Catalogue) -> None:
    big = sample(career).with_evidence("1.3", "evidence " * 150_000)  # about 1.4 MB
    versions = [big.with_level("1.4", level) for level in (1, 2)]
    # The two whole files a save can leave; a kill at any moment must leave one of them.
    whole = set()
    for n, version in enumerate(versions):
        reference = tmp_path / "whole" / f"{n}.toml"
        reference.parent.mkdir(exist_ok=True)
        save_session(reference, version, career, now=NOW)
        assert load_session(reference, {career.id: career}).session.rating("1.4").level == n + 1
        whole.add(reference.read_bytes())
    folder = tmp_path / "saved"
    folder.mkdir()
    path = folder / "big.toml"
    save_session(path, versions[0], career, now=NOW)
    rng = random.Random(1)
    for _ in range(12):
        fingerprint = fingerprint_of(path.read_bytes())
        pid = os.fork()
        if pid == 0:  # child: save alternating versions until killed
            try:
                for i in range(1000):
                    fingerprint, _ = save_session(
                        path, versions[i % 2], career, expected_fingerprint=fingerprint, now=NOW
                    )
            finally:
                os._exit(0)
        # Kill at a random moment within the first few saves.
        _wait(rng.uniform(0.001, 0.05))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert path.read_bytes() in whole
    remove_stale_temp_files(folder)
    assert [p.name for p in folder.iterdir()] == ["big.toml"]


def _wait(seconds: float) -> None:
    # A short busy wait: the point is a random kill moment, not a timing assertion.
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_windows_line_endings(tmp_path: Path, career: Catalogue) -> None:
    typed = new_session(career, "A").with_evidence("1.1", "one\r\ntwo")
    assert typed.rating("1.1").evidence == "one\ntwo"
    # A hand-written file may hold a CR before a newline: it still saves, exactly.
    path = tmp_path / "crlf.toml"
    path.write_text(
        'schema_version = 1\ncatalogue = "career-management"\ncandidate = "A"\n'
        '[ratings."1.1"]\nlevel = 3\nevidence = "one\\r\\ntwo"\n'
    )
    loaded = load_session(path, {career.id: career})
    save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint)
    again = load_session(path, {career.id: career})
    assert again.session.rating("1.1").evidence == "one\r\ntwo"

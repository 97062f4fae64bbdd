"""Writing a file all at once: temp file, fsync, os.replace in the same folder, so a crash or a
full disk never leaves a torn or empty file. Every file selfcheck writes goes through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from pathlib import Path

from selfcheck import paths
from selfcheck.storage.folder import TEMP_SUFFIX, index_folder
from selfcheck.storage.toml_files import SaveError

#: A temp file this old is abandoned whoever wrote it: a save takes well under a second.
ABANDONED_AFTER = 60.0
# `.NAME.PID.RANDOM.tmp`: the writer's process id says whether the save may still be going on.
_TEMP_NAME = re.compile(r"^\..*\.(?P<pid>\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + "$")


def new_temp_file(path: Path) -> tuple[int, Path]:
    """An open, owner-only temp file beside `path`, named with this process's id (so a
    cleanup in another window can tell an abandoned one from a save in progress)."""
    import tempfile  # only writers need it; keeps read-only commands quick to start

    prefix = f".{path.name}.{os.getpid()}."
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMP_SUFFIX)
    return fd, Path(name)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once, durably; owner-only (0600) in an owner-only
    folder; never a torn file. Raises SaveError saying why, and leaves the previous file as it
    was."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise SaveError(_save_failure(path, exc)) from None


def write_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    """The one writer under every file selfcheck writes; raises OSError (callers say why).

    Order matters: write temp, flush, fsync temp, os.replace, fsync the folder; without the
    fsyncs a power cut can leave the new name pointing at an empty file. `durable=False`
    skips them, for a file that guards only against a killed process (a recovery draft,
    written at every keystroke), which the page cache survives.
    """
    folder = path.parent
    paths.ensure_private_dir(folder)
    fd, temp = new_temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if durable:
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is already done
    finally:
        os.close(fd)


def _save_failure(path: Path, exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the disk is read-only",
        errno.EIO: "the disk reported an input/output error",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return f"could not save {path}: {reason}; the previous file is unchanged"


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temp files that killed saves left behind (`.NAME.PID.XXXX.tmp`); return how
    many. Only abandoned ones: their writer's process is gone, or they are over a minute old.
    A save still under way in another window keeps its temp file."""
    removed = 0
    now = time.time()
    for temp in index_folder(folder).of_kind("temp"):
        with contextlib.suppress(OSError):
            if _abandoned(temp, now):
                temp.unlink()
                removed += 1
    return removed


def _abandoned(temp: Path, now: float) -> bool:
    if now - temp.lstat().st_mtime > ABANDONED_AFTER:
        return True
    found = _TEMP_NAME.match(temp.name)
    if found is None or os.name != "posix":  # no pid to ask about: only age tells
        return False
    pid = int(found["pid"])
    return pid != os.getpid() and not _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists (POSIX)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # it exists, as another user's; or not a pid at all: leave the file
    return True

"""Writing a file all at once: temp file, fsync, os.replace in the same folder, so a crash or a
full disk never leaves a torn or empty file.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from selfcheck.storage.toml_files import SaveError

if TYPE_CHECKING:
    pass


TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once; owner-only (0600); never a torn file.

    Order matters (check 15): write temp, flush, fsync temp, os.replace, fsync the folder.
    """
    import tempfile  # only writers need it; keeps read-only commands quick to start

    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise SaveError(_save_failure(path, exc)) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise SaveError(_save_failure(path, exc)) from None
        raise
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
    """Delete temp files a killed save left behind (`.NAME.XXXX.tmp`); return how many."""
    removed = 0
    with contextlib.suppress(OSError):
        for temp in folder.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                temp.unlink()
                removed += 1
    return removed

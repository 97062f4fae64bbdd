"""Where catalogues, sessions and recovery files live: flags, then environment, then defaults.

Sessions never default to the current folder: starting the app elsewhere must not "lose" them.
Run from a source checkout (the README's install), they go in the checkout's `sessions/`,
found from where this package is; an installed wheel uses the platform's data folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

APP_NAME = "selfcheck"


def shipped_catalogues_dir() -> Path:
    """The catalogues that come with selfcheck (inside a wheel, or a source checkout's)."""
    packaged = Path(__file__).parent / "catalogues"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "catalogues"


def catalogues_dir(flag: str | None = None) -> Path:
    chosen = flag or os.environ.get("SELFCHECK_CATALOGUES")
    return Path(chosen).expanduser() if chosen else shipped_catalogues_dir()


def source_checkout(package_dir: Path | None = None) -> Path | None:
    """The source checkout this package runs from, or None for an installed package. A
    checkout has pyproject.toml beside src/ (which holds the package) and catalogues/."""
    package = package_dir or Path(__file__).resolve().parent
    root = package.parent.parent
    if package.parent.name != "src" or not (root / "pyproject.toml").is_file():
        return None
    return root if (root / "catalogues").is_dir() else None


def sessions_dir(flag: str | None = None) -> Path:
    """--sessions, then SELFCHECK_SESSIONS, then a source checkout's `sessions/`, then the
    platform's user data folder."""
    chosen = flag or os.environ.get("SELFCHECK_SESSIONS")
    if chosen:
        return Path(chosen).expanduser()
    checkout = source_checkout()
    if checkout is not None:
        return checkout / "sessions"
    import platformdirs  # not needed by commands that only read the files they are given

    return platformdirs.user_data_path(APP_NAME) / "sessions"


def state_dir() -> Path:
    """Private per-user folder for recovery drafts and crash reports."""
    chosen = os.environ.get("SELFCHECK_STATE")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_state_path(APP_NAME)


def ensure_private_dir(path: Path) -> Path:
    """Create a folder, and each missing folder above it, readable by its owner only (0700),
    whatever the umask; leave the modes of folders that already exist alone."""
    missing: list[Path] = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by another window meanwhile
            folder.mkdir(mode=0o700)
            # mkdir's mode is filtered by the umask (0777 under `umask 000`); set it outright.
            os.chmod(folder, 0o700)
    return path


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def session_file_name(candidate: str, catalogue_id: str, folder: Path) -> Path:
    """A new, safe file name inside `folder` for a session.

    Built only from ASCII letters and digits of the candidate's name and the catalogue id, so
    no name ("../../etc/passwd", "con", NUL bytes) can point outside the folder. The display
    name lives inside the file.
    """
    base = f"{safe_stem(candidate, 40) or 'session'}-{safe_stem(catalogue_id, 40) or 'catalogue'}"
    return free_path(folder / f"{base}.toml")


def safe_stem(text: str, limit: int = 80) -> str:
    """A file name stem made of ASCII letters, digits and dashes only ("" if none are left):
    no name can point outside its folder or mean a device."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def free_path(wanted: Path) -> Path:
    """`wanted`, or with -2, -3... before the suffix if that name is taken: a new file never
    replaces one that is there."""
    path, n = wanted, 2
    while path.exists() or path.is_symlink():
        path = wanted.with_name(f"{wanted.stem}-{n}{wanted.suffix}")
        n += 1
    return path

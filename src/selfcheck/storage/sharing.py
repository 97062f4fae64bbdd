"""Files and folders shared with other people: whose a file is, and who else may write a folder.

A save replaces the file with a new one of the saver's own (owner-only, 0600), so saving
another user's file would take it from them: such a file opens read-only instead. A sessions
folder others may write lets them replace or remove the sessions in it, which is worth a warning.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def owner_name(uid: int) -> str:
    try:
        import pwd  # POSIX only

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def not_yours(path: Path) -> str:
    """Why this user must not save over `path` because it is someone else's ("" if it is
    theirs, or if the system has no owners to compare)."""
    if not hasattr(os, "getuid"):
        return ""
    try:
        uid = os.stat(path, follow_symlinks=False).st_uid
    except OSError:
        return ""
    if uid == os.getuid():
        return ""
    return (
        f"the file belongs to {owner_name(uid)}; saving would make it yours and unreadable to them"
    )


def shared_folder_warning(folder: Path) -> str:
    """A one-line warning, to follow the folder's name, when others may write in `folder`
    ("" when only its owner may)."""
    if os.name != "posix":
        return ""
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return ""
    if not stat.S_ISDIR(mode) or not mode & (stat.S_IWGRP | stat.S_IWOTH):
        return ""
    who = "anyone" if mode & stat.S_IWOTH else "its group"
    return (
        f"this folder can be written by {who}: others could add or replace sessions in it "
        f"('chmod 700 {folder}' keeps it yours)"
    )

"""Files that hold data about clients or about who checked what (the check log, an audit's
outputs, a log export) are created readable and writable by their owner only (mode 0600),
whatever the process's umask; a file of ours that is already there is narrowed to 0600."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any

PRIVATE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def create_private(path: Path) -> None:
    """Make sure `path` exists with mode 0600: an absent file is created empty, a file of
    ours that others may read is narrowed to 0600 (another owner's is left alone)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
    except FileExistsError:
        _narrow(path, PRIVATE_MODE)


def create_private_folder(path: Path) -> None:
    """Make sure the folder `path` exists with mode 0700, as `create_private` does for a file."""
    path.mkdir(mode=PRIVATE_FOLDER_MODE, exist_ok=True)
    _narrow(path, PRIVATE_FOLDER_MODE)


def _narrow(path: Path, mode: int) -> None:
    """A file or folder of ours that others may reach is narrowed to `mode`."""
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
            os.chmod(path, mode)


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """`open(path, mode)` for writing (w, wb, a, ab), a new file created with mode 0600."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_MODE)
    with contextlib.suppress(OSError):  # a file of another owner keeps its mode
        os.fchmod(descriptor, PRIVATE_MODE)
    return os.fdopen(descriptor, mode, **kwargs)

"""Output files written whole or not at all: written to a temporary file in the same folder
and renamed over the target, so that a reader (or a run that stopped half-way) never sees half
a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

_UMASK = os.umask(0o022)  # read once (it can only be read by setting it), and put back
os.umask(_UMASK)


@contextmanager
def replacing(path: Path, mode: str = "w", *, private: bool = False, **open_args: Any) -> Iterator[IO[Any]]:
    """A new file to write `path`'s contents to; it takes `path`'s place when the block ends
    without an error, and is removed otherwise. `mode` is "w" (text, UTF-8 unless told) or "wb".
    `private`: the file keeps mode 0600 (`triage.private_files`) instead of the umask's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    if "b" not in mode:
        open_args.setdefault("encoding", "utf-8")
    if not private:
        os.chmod(temporary, 0o666 & ~_UMASK)  # as an ordinary new file: mkstemp makes it private
    try:
        with os.fdopen(handle, mode, **open_args) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())  # on disk before it takes the old file's place
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`path` replaced by `text` (UTF-8) in one step."""
    with replacing(path) as out:
        out.write(text)

"""Writing a batch's outcome text at its place in a file, past the page cache where the
system allows it.

An audit writes about a kilobyte of outcome per decision, that nothing reads back while
it runs. Written the usual way, every byte is first copied into a page of the system's file
cache, a page the system must find and clear first. On a virtual machine that gives unused
memory back to its host, each such page costs a round trip to the host, many times the
cost of writing directly (O_DIRECT) from a buffer that the process keeps for every batch
(measured: bench/README.md, "Figures behind the code").

Direct writes must start and end on a block boundary, in memory and in the file. The
text is therefore laid out in a page-aligned buffer at the same distance from a page
boundary as its place in the file; the whole pages in the middle go directly, the
partial pages at either end (shared with the batch before or after) the usual way. Direct
and buffered writes so never touch the same page of the file. Where direct writes are not
possible (another system, a file system without them) everything is written the usual way.

A direct write waits for the disk, which the usual way leaves to the system's write-back.
On a disk that writes a batch slower than `SLOW_DISK` the wait costs more than the page
cache saves, so the writer goes the usual way from then on.
"""

from __future__ import annotations

import contextlib
import errno
import mmap
import os
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from triage.private_files import PRIVATE_MODE

PAGE = mmap.PAGESIZE  # alignment of the direct writes, in memory and in the file
_DIRECT = getattr(os, "O_DIRECT", 0)
# Bytes per second below which direct writes stop: half of where they broke even on the
# machine they were measured on (bench/README.md, "Figures behind the code"), judged on
# writes of at least `_JUDGED` bytes (a batch is several times that).
SLOW_DISK = 200 * 2**20
_JUDGED = 8 * 2**20
# what a file system without direct writes answers (at opening or at the first write)
_REFUSED = {errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


class PlacedTextWriter:
    """Writes text columns at a given offset of a file; one per process (it keeps its
    buffer from one batch to the next)."""

    def __init__(self, direct: bool = True):
        """`direct`: write whole pages past the page cache when the system allows it."""
        self.direct = direct and bool(_DIRECT)
        self._buffer: mmap.mmap | None = None

    def write(self, text: pl.DataFrame, path: Path, offset: int, size: int) -> None:
        """Write the values of the `text` column one after the other, `size` bytes in all,
        at `offset` in `path` (made if missing)."""
        start = offset % PAGE  # the text's place in the buffer: as far from a page boundary
        end = start + size
        buffer = self._buffer_for(end)
        sink = _BufferSink(buffer, start)
        text.write_csv(sink, include_header=False, quote_style="never", line_terminator="")
        if sink.position != end:
            raise OSError(f"{path}: {sink.position - start} bytes tekst in plaats van {size}")
        base = offset - start  # the file offset of the buffer's first byte
        whole_start, whole_end = -(-start // PAGE) * PAGE, end // PAGE * PAGE
        view = memoryview(buffer)
        try:
            direct = (
                self.direct
                and whole_end > whole_start
                and self._write_direct(path, view[whole_start:whole_end], base + whole_start)
            )
            if not direct:  # the usual way, all of it
                whole_start = whole_end = start
            with _opened(path, 0) as handle:  # also makes the file for a batch without text
                _write_all(handle, view[start:whole_start], base + start)
                _write_all(handle, view[whole_end:end], base + whole_end)
        finally:
            view.release()

    def _buffer_for(self, size: int) -> mmap.mmap:
        """The buffer, made larger when `size` bytes do not fit (with room to spare, at
        least a page: a batch of errors only has no text)."""
        if self._buffer is None or len(self._buffer) < size:
            if self._buffer is not None:
                self._buffer.close()
            self._buffer = mmap.mmap(-1, -(-max(size + size // 4, 1) // PAGE) * PAGE)
        return self._buffer

    def _write_direct(self, path: Path, data: memoryview, offset: int) -> bool:
        """False (and no more direct writes by this writer) when the file system refuses;
        after a write slower than `SLOW_DISK`, the next ones go the usual way."""
        began = time.perf_counter()
        try:
            with _opened(path, _DIRECT) as handle:
                _write_all(handle, data, offset)
        except OSError as error:
            if error.errno not in _REFUSED:
                raise
            self.direct = False
            return False
        if len(data) >= _JUDGED and len(data) < SLOW_DISK * (time.perf_counter() - began):
            self.direct = False
        return True


class _BufferSink:
    """A binary file-like object writing into `buffer` from `position`."""

    def __init__(self, buffer: mmap.mmap, position: int):
        self.buffer = buffer
        self.position = position

    def write(self, data: bytes) -> int:
        end = self.position + len(data)
        if end > len(self.buffer):
            raise OSError("uitkomsttekst groter dan aangekondigd")
        self.buffer[self.position : end] = data
        self.position = end
        return len(data)

    def flush(self) -> None:
        pass


@contextlib.contextmanager
def _opened(path: Path, flags: int) -> Iterator[int]:
    """`os.open(path, O_WRONLY | O_CREAT | flags)`, closed after the block."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | flags, PRIVATE_MODE)
    try:
        yield handle
    finally:
        os.close(handle)


def _write_all(handle: int, data: memoryview, offset: int) -> None:
    """All of `data` at `offset` (a write may take only part of it)."""
    while data:
        written = os.pwrite(handle, data, offset)
        data, offset = data[written:], offset + written

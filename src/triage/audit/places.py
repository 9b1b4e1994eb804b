"""Where each batch's outcome lines go in `outcomes.jsonl`, shared by the audit's processes.

The outcome lines of a batch go straight into `outcomes.jsonl` when every earlier batch
already has its place there: the process that evaluated the batch claims the next stretch
of the file (`OutcomePlaces.claim`) and writes its lines there. Batches are handed out in
order and take about as long as each other, so that is nearly always the case. A batch
that finishes before an earlier one cannot know its place yet: its lines go to a part file,
which the main process copies in when it takes that batch's result (in input order), by
then claiming its place itself. Copying a batch costs the main process about as much as a
worker spends writing it, and on ext4 a part file is written, copied and deleted.

Places are claimed in batch order only, so the claimed stretches always cover the start of
the file without gaps. Only the standard library: the worker processes get this object
when they are started, before the audit pipeline is imported.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

OUTCOMES = "outcomes.jsonl"
PARTS = ".parts"  # the folder of part files, in the output folder


class OutcomePlaces:
    """The next batch number to be placed and its offset in `outcomes.jsonl`, under a lock
    (shared with worker processes started from the same `context`)."""

    def __init__(self, context: BaseContext | None = None):
        context = context or multiprocessing.get_context("spawn")
        self._lock = context.Lock()
        self._next = context.RawArray("q", 2)  # batch number, offset

    def reset(self) -> None:
        """Start a new `outcomes.jsonl`: batch 0 goes at offset 0."""
        with self._lock:
            self._next[0], self._next[1] = 0, 0

    def claim(self, number: int, size: int) -> int | None:
        """The offset for the `size` bytes of batch `number` when every earlier batch has
        its place (the stretch is then this batch's), else None."""
        with self._lock:
            if self._next[0] != number:
                return None
            offset = self._next[1]
            self._next[0], self._next[1] = number + 1, offset + size
            return offset

    def placed(self) -> tuple[int, int]:
        """How many batches have a place, and where the next one would go."""
        with self._lock:
            return self._next[0], self._next[1]

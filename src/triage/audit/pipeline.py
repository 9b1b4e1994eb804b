"""`Auditor.run`: read every input, evaluate every row, write outcomes, errors and the summary.

The main process cuts the inputs into batches (about 50,000 rows) and hands them to worker
processes (`--workers`, default: one per CPU, see `triage.audit.workers`; an input of a
single batch is evaluated in the main process, which saves starting them). A worker
(`triage.audit.evaluator.BatchEvaluator`) parses its batch, sends rows in plain form
through the vectorised engine and all others through the reference path (which names the
error or evaluates with durable_rules), and writes the outcome lines into `outcomes.jsonl`
at the batch's place, or to a part file when an earlier batch has not finished yet (see
`triage.audit.places`). The main process takes the results in input order: it copies in
the part files, writes the errors and adds up the counts. A stop request (Ctrl-C) is
honoured between batches, so the files always hold whole batches and a valid summary. This
module does not import polars: the main process only cuts, orders and counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from triage.audit.inputs import (
    Batch,
    CsvChunk,
    InputError,
    csv_chunks,
    display_name,
    file_format,
    format_name,
    sha256_of,
)
from triage.audit.options import AuditOptions
from triage.audit.output_folder import ERRORS, clear_output, describe_failure, write_results
from triage.audit.places import OUTCOMES, OutcomePlaces
from triage.audit.summary import AuditSummary, InputFile, Receipt, RefusedInput, Totals
from triage.audit.tally import BatchResult, Tally
from triage.audit.workers import WorkerPool, collector_paused, run_batch, run_population, start_workers
from triage.population.figures import PopulationEntry, joined, population_entries
from triage.private_files import open_private
from triage.rulebook.loader import Rulebook
from triage.version import __version__

if TYPE_CHECKING:
    from triage.audit.evaluator import BatchEvaluator


@dataclass
class Progress:
    """Called after every batch with the number of input rows it covered."""

    advance: Callable[[int], None] = lambda rows: None
    stop_requested: Callable[[], bool] = lambda: False


Work = Batch | CsvChunk


class _Dispatcher:
    """Evaluates batches, in worker processes or in this one, and hands the results back in
    input order.

    A worker process takes about a second to start (imports, rule book, polars expressions).
    `triage audit` starts the workers itself, first thing, for an input that is sure to hold
    several batches (`pool`); otherwise they are started only once there is a second batch:
    a run of one batch is evaluated here. Either way the main process goes on cutting
    batches while the workers start."""

    def __init__(self, book: Rulebook, options: AuditOptions, places: OutcomePlaces, pool: WorkerPool | None):
        self.book = book
        self.options = options
        self.places = places
        self.pool = pool
        self.local: BatchEvaluator | None = None
        self.first: tuple[Work, int] | None = None  # held until a second batch shows up
        self.pending: deque[Future[BatchResult] | BatchResult] = deque()

    def submit(self, work: Work, number: int) -> None:
        """Start evaluating a batch (with workers, returns at once)."""
        if self.options.workers == 1:
            self.pending.append(self._local().run(work, number))
        elif self.pool is None and self.first is None:
            self.first = (work, number)
        else:
            if self.pool is None:
                self.pool = start_workers(self.options.workers, self.book, self.options, places=self.places)
            if self.first is not None:
                self._submit(*self.first)
                self.first = None
            self._submit(work, number)

    def next_result(self, drain: bool = False) -> BatchResult | None:
        """The oldest batch's result, waiting for it, once more batches are under way than
        there are workers, or when `drain`ing (the end of an input); None if not yet."""
        if drain and self.first is not None:  # a single batch: evaluated here
            self.pending.append(self._local().run(*self.first))
            self.first = None
        if not self.pending:
            return None
        if drain or self.pool is None or len(self.pending) > self.options.workers:
            # taken off the list only once it is done: a Ctrl-C while waiting leaves it
            # there, so that `close` waits for it before the outcomes are cut off
            oldest = self.pending[0]
            result = oldest.result() if isinstance(oldest, Future) else oldest
            self.pending.popleft()
            return result
        return None

    def idle_workers(self) -> int:
        """How many worker processes there are once every batch's result is in (they are all
        idle then); 0 without workers or while batches are still under way."""
        if self.pool is None or self.pending or self.first is not None:
            return 0
        return self.pool.processes()

    def offload(self, function: Callable[..., Any], *arguments: Any) -> Future[Any]:
        """Hand `function` to an idle worker process (see `idle_workers`: more than that
        would start new ones)."""
        assert self.pool is not None and not self.pending
        return self.pool.submit(function, *arguments)

    def close(self) -> None:
        """Stop the worker processes (batches not yet started are dropped; work handed over
        by `offload` is still done). Once every result is in, without waiting for the
        processes to end: that takes a while (the system frees their memory), and the pool
        still reaps them, at the latest when this process exits."""
        if self.pool is not None:
            self.pool.shutdown(wait=bool(self.pending), cancel_futures=bool(self.pending))

    def _submit(self, work: Work, number: int) -> None:
        assert self.pool is not None
        self.pending.append(self.pool.submit(run_batch, work, number, self.book.version))

    def _local(self) -> BatchEvaluator:
        if self.local is None:
            from triage.audit.evaluator import BatchEvaluator  # polars: only when needed

            self.local = BatchEvaluator(self.book, self.options, self.places)
        return self.local


# ---------------------------------------------------------------- the run
class Auditor:
    """Audits inputs against one rule book."""

    def __init__(self, book: Rulebook, options: AuditOptions, pool: WorkerPool | None = None):
        """`pool`: worker processes already started (`workers.start_workers`), which the
        audit uses and shuts down; without it, the audit starts them if it needs them."""
        self.book = book
        self.options = options
        self.pool = pool
        self.places = pool.places if pool is not None else OutcomePlaces()
        self._outcomes_end = 0  # of the batches finished so far
        self._errors_end = 0  # bytes of errors.jsonl of the batches finished so far
        self.tally = Tally()
        self._next_row = 0  # of the input being cut (see `_work`)
        self._sha256: str | None = None  # its hash, once cut whole
        self.status = "voltooid"  # see `summary.STATUSES`
        self.failure: str | None = None
        self.inputs: list[InputFile] = []
        self.refused: list[RefusedInput] = []

    def run(self, progress: Progress | None = None) -> AuditSummary:
        """Audit every input; returns the summary (also written to the output folder).

        What an earlier run left in the output folder is removed first, so that the folder
        never shows an old summary beside new outcomes; the summary and report are written
        last, each to a temporary file that is then renamed. An input file that cannot be
        read as a whole is refused (listed in the summary, status `onvolledig`) and the
        others are still audited. A run that stops on an error writes a summary with status
        `mislukt` where it still can, and raises the error."""
        progress = progress or Progress()
        started = time.perf_counter()
        out = self.options.out_dir
        out.mkdir(parents=True, exist_ok=True)
        clear_output(out)
        self.status, self.failure, self.inputs, self.refused = "voltooid", None, [], []
        batches = _Dispatcher(self.book, self.options, self.places, self.pool)
        self.places.reset()
        self._outcomes_end = self._errors_end = 0
        try:
            with (
                ThreadPoolExecutor(1) as background,
                open_private(_cleared(out / OUTCOMES, background), "wb", buffering=0) as outcomes,
                open_private(_cleared(out / ERRORS, background), "wb") as errors,
            ):
                self._audit_inputs(batches, background, outcomes, errors, progress)
                errors.flush()
                os.fsync(errors.fileno())
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                self.status = "onderbroken"
            else:
                self.status, self.failure = "mislukt", describe_failure(exc)
            self._close(batches, started, raising=False)
            raise
        return self._close(batches, started, raising=True)

    def _close(self, batches: _Dispatcher, started: float, raising: bool) -> AuditSummary:
        """Stop the workers, leave only finished batches in the outcomes, then write the
        summary and report; a failure to write them is raised only when `raising` (a run
        that is already failing keeps its own error)."""
        with collector_paused():
            out = self.options.out_dir
            # the population figures (one per provider, and there may be a hundred thousand)
            # are made by the idle workers, a share each, while this process makes the rest
            population = self._offload_population(batches)
            batches.close()
            clear_output(out)  # the part files of batches that never got their place
            _cut_off(out / OUTCOMES, self._outcomes_end)
            _cut_off(out / ERRORS, self._errors_end)
            # not needed in the worker processes; its template compiled while they work
            from triage.audit.report import prepare_report, render_report

            prepare_report()
            summary = self._summary(self.status, self.inputs, time.perf_counter() - started, population)
            try:
                write_results(out, summary, render_report)
            except Exception:
                if raising:
                    raise
        return summary

    def _audit_inputs(
        self,
        batches: _Dispatcher,
        background: ThreadPoolExecutor,
        outcomes: IO[bytes],
        errors: IO[bytes],
        progress: Progress,
    ) -> None:
        number = 0
        next_row = 0
        for path in self.options.inputs:
            submitted = False
            current = InputFile(path=display_name(path), format=format_name(path), rows=0, complete=False)
            try:
                for work in self._work(path, next_row):
                    if not submitted:
                        self.inputs.append(current)
                        submitted = True
                    batches.submit(work, number)
                    number += 1
                    while (result := batches.next_result()) is not None:
                        self._finish(result, outcomes, errors, current)
                        progress.advance(result.rows)
                    next_row = self._next_row
                    if progress.stop_requested():
                        self.status = "onderbroken"
                        break
            except InputError as exc:
                if submitted:  # part of the file is in the outputs: the run cannot go on
                    raise
                self.refused.append(RefusedInput(path=display_name(path), reason=exc.reason))
                continue
            if not submitted:  # an input without rows
                self.inputs.append(current)
            # the receipt's hash: made while cutting a whole CSV file, else read while the
            # last batches are evaluated
            digest = background.submit(sha256_of, path) if self._sha256 is None else None
            while (result := batches.next_result(drain=True)) is not None:
                self._finish(result, outcomes, errors, current)
                progress.advance(result.rows)
            current.sha256 = digest.result() if digest is not None else self._sha256
            current.complete = self.status != "onderbroken"
            if self.status == "onderbroken":
                break
        if self.status == "voltooid" and self.refused:
            self.status = "onvolledig"

    def _work(self, path: Path, first_row: int) -> Iterator[Work]:
        """The batches of one input; CSV is cut here and parsed in the workers."""
        self._next_row = first_row
        self._sha256 = None
        kind = file_format(path)
        if kind in ("csv", "jsonl"):
            chunks = csv_chunks(path, first_row, kind=kind)
            for chunk in chunks:
                self._next_row = chunk.first_row + chunk.lines
                yield chunk
            self._sha256 = chunks.sha256  # hashed while cutting
        else:
            from triage.audit.readers import read_input  # polars: only for these formats

            options = self.options
            for batch in read_input(path, first_row, options.pseudonymiser, options.latest_only, options.xsd):
                self._next_row += batch.rows
                yield batch

    def _finish(self, result: BatchResult, outcomes: IO[bytes], errors: IO[bytes], source: InputFile) -> None:
        """Take a finished batch, in input order: copy its part file into its place in the
        outcomes file (if it had none yet), write its errors and add up its counts."""
        assert result.outcomes == self.options.out_dir / OUTCOMES, (
            "a batch evaluated for another output folder"
        )
        offset = result.offset
        if result.part is not None:
            offset = self.places.claim(result.number, result.size)
            assert offset is not None, f"batch {result.number} finished out of order"
            with result.part.open("rb") as part:
                os.lseek(outcomes.fileno(), offset, os.SEEK_SET)
                sent = 0
                while sent < result.size:  # copied by the kernel, not through Python
                    sent += os.sendfile(outcomes.fileno(), part.fileno(), sent, result.size - sent)
            result.part.unlink()
        assert offset == self._outcomes_end, (
            f"batch {result.number} placed at {offset}, not {self._outcomes_end}"
        )
        lines = "".join(json_line(error.as_dict()) for _, error in result.errors).encode("utf-8")
        errors.write(lines)
        errors.flush()
        # the batch counts only now, all at once: a failure or stop before this line leaves
        # its outcomes and errors to be cut off, and its rows out of the counts
        self._outcomes_end = offset + result.size
        self._errors_end += len(lines)
        self.tally.merge(result.tally)
        source.rows += result.rows

    def _notes(self, inputs: list[InputFile]) -> list[str]:
        notes = []
        if any(i.format == "ijw-xml" for i in inputs):
            notes.append(IJW_REQUEST_DATE_NOTE)
        unset = [
            name
            for data in self.book.regions.values()
            for name, parameter in data.parameters.items()
            if not parameter.values
        ]
        if unset:
            notes.append(
                "Parameters zonder waarde in de regelbestanden (" + ", ".join(sorted(unset)) + "): de regels "
                "die ze gebruiken gaan pas af als een gemeente ze invult."
            )
        return notes

    def _provider_names(self) -> dict[str, str]:
        """The names of the providers the population figures are about."""
        names = self.tally.labels["provider"]
        return {key[3]: names[key[3]] for key in self.tally.population if key[3] in names}

    def _offload_population(self, batches: _Dispatcher) -> list[Future[list[PopulationEntry]]] | None:
        """The population figures handed to the idle worker processes, a share each (None
        without workers, or while batches are still under way)."""
        shares = batches.idle_workers()
        if not shares:
            return None
        counts, names, on = self.tally.population, self._provider_names(), self.options.on
        try:
            return [
                batches.offload(run_population, counts, names, on, self.book.version, (share, shares))
                for share in range(shares)
            ]
        except BrokenExecutor:  # a worker is gone: they are made here
            return None

    def _population(self, offloaded: list[Future[list[PopulationEntry]]] | None) -> list[PopulationEntry]:
        """The population figures: the shares the workers made (`offloaded`), or, without
        them or when a worker stopped before it was done, made here."""
        if offloaded is not None:
            with contextlib.suppress(BrokenExecutor, CancelledError):
                return joined(self.book, [share.result() for share in offloaded])
        tally = self.tally
        return population_entries(self.book, tally.population, tally.labels["provider"], self.options.on)

    def _summary(
        self,
        status: str,
        inputs: list[InputFile],
        seconds: float,
        population: list[Future[list[PopulationEntry]]] | None = None,
    ) -> AuditSummary:
        tally = self.tally
        input_rows = sum(i.rows for i in inputs)
        pseudonymiser = self.options.pseudonymiser
        # made, not validated: every part is built here, and validating a hundred thousand
        # providers' counts takes a second
        return AuditSummary.model_construct(
            status=status,
            failure=self.failure,
            refused_inputs=self.refused,
            receipt=Receipt(
                engine_version=__version__,
                rules_version=self.book.version,
                rules_in_force_on=self.options.on.isoformat() if self.options.on else "per beschikking",
                generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
                inputs=inputs,
                pseudonymisation=pseudonymiser.description() if pseudonymiser else None,
                notes=self._notes(inputs),
            ),
            totals=Totals(
                input_rows=input_rows,
                outcomes=tally.outcomes,
                errors=tally.errors,
                set_aside=tally.set_aside,
                reconciled=input_rows == tally.outcomes + tally.errors + tally.set_aside,
            ),
            verdicts=tally.verdict_counts(),
            priorities=tally.priority_counts(),
            by_rule=tally.by_rule(self.book),
            by_principle=tally.by_principle(self.book),
            by_municipality=tally.breakdown("municipality"),
            by_provider=tally.breakdown("provider"),
            by_month=tally.breakdown("month"),
            worst_offenders=tally.worst_offenders(),
            errors_by_field=tally.errors_by_field(),
            population=self._population(population),  # after the rest: a worker may be making it
            unmapped_categories=tally.unmapped_categories(),
            seconds=round(seconds, 3),
        )


IJW_REQUEST_DATE_NOTE = (
    "Een toewijzingsbericht (JW301/WMO301) heeft geen aanvraagdatum: de toewijzingsdatum is gebruikt als "
    "aanvraagdatum en als beschikkingsdatum. Termijnen die vanaf de aanvraag lopen (voorrang, crisis) "
    "tellen daardoor vanaf de toewijzing."
)


def _cleared(path: Path, background: ThreadPoolExecutor) -> Path:
    """`path`, with the file an earlier run left there moved aside and deleted in the
    background. Writing over it would cost time twice on ext4: freeing its blocks when it is
    truncated, and writing every new block out when it is closed (the file system's guard
    for programs that replace a file's contents by truncating it)."""
    if path.is_file() and not path.is_symlink():
        old = path.with_name(f".{path.name}.old")
        os.replace(path, old)
        background.submit(old.unlink)
    return path


def _cut_off(path: Path, end: int) -> None:
    """Cut `path` off at `end`: batches that were written in place but not finished by the
    main process (an audit that stopped on an error) are not left behind."""
    if path.is_file() and path.stat().st_size > end:
        os.truncate(path, end)


def json_line(data: dict[str, Any]) -> str:
    """One line of a JSON Lines file."""
    return json.dumps(data, ensure_ascii=False) + "\n"

"""`Auditor.run`: read every input, evaluate every row, write outcomes, errors and the summary.

The main process cuts the inputs into batches (about 50,000 rows) and hands them to worker
processes (`--workers`, default: one per CPU, see `triage.audit.workers`; an input of a
single batch is evaluated in the main process, which saves starting them). A worker
(`BatchEvaluator`) parses its batch, sends rows in plain form through the vectorised engine
and all others through the reference path (which names the error or evaluates with
durable_rules), and writes the outcome lines into `outcomes.jsonl` at the batch's place, or
to a part file when an earlier batch has not finished yet (see `triage.audit.places`). The
main process takes the results in input order: it copies in the part files, writes the
errors and adds up the counts. A stop request (Ctrl-C) is honoured between batches, so the
files always hold whole batches and a valid summary.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import polars as pl

from triage import __version__
from triage.audit.flat_frame import FlatReader
from triage.audit.flat_rows import unflatten
from triage.audit.options import AuditOptions
from triage.audit.places import OutcomePlaces
from triage.audit.readers import Batch, CsvChunk, csv_chunks, file_format, read_input, sha256_of
from triage.audit.records import FLAT_COLUMNS, RowError
from triage.audit.reference import Checked, check_rows
from triage.audit.summary import AuditSummary, InputFile, Receipt, Totals
from triage.audit.tally import DECISION_SCHEMA, FINDING_SCHEMA, Tally
from triage.audit.workers import WorkerPool, start_workers
from triage.engine.vectorised.dates import year_month
from triage.engine.vectorised.engine import VectorisedEngine
from triage.engine.vectorised.json_text import json_value
from triage.engine.vectorised.plans import collect, collect_all
from triage.privacy import looks_like_bsn_expr
from triage.rulebook.loader import Rulebook, RuleBookError, load_rulebook

PARTS = ".parts"
OUTCOMES = "outcomes.jsonl"


@dataclass
class Progress:
    """Called after every batch with the number of input rows it covered."""

    advance: Callable[[int], None] = lambda rows: None
    stop_requested: Callable[[], bool] = lambda: False


@dataclass
class BatchResult:
    """What a worker hands back: where the outcome lines are (at `offset` in `outcomes`, or
    in the `part` file), the errors, the counts."""

    number: int
    rows: int
    outcomes: Path  # the outcomes file the batch was evaluated for
    offset: int | None  # where its lines were written in it, or None: see `part`
    part: Path | None  # the lines, when the batch had no place yet
    size: int  # of the lines, in bytes
    errors: list[tuple[int, RowError]]
    tally: Tally


Work = Batch | CsvChunk


class BatchEvaluator:
    """Evaluates batches against one rule book; one per process."""

    def __init__(self, book: Rulebook, options: AuditOptions, places: OutcomePlaces | None = None):
        """`places`: shared with the main process; without it, every batch goes to a part file."""
        self.book = book
        self.options = options
        self.places = places
        self.outcomes = options.out_dir / OUTCOMES
        self.reader = FlatReader(book)
        self.engine = VectorisedEngine(book)
        # the fast path takes rows in plain form, except dates far in the past or future and
        # a client id that may be a BSN (to be refused): those go the reference path
        fast = (
            pl.col("fast")
            & self.engine.supported(options.on)
            & ~looks_like_bsn_expr(pl.col("client_id")).fill_null(False)
        )
        if options.region is not None:
            fast = fast & (pl.col("region") == options.region)
        self._fast = fast.alias("fast")

    def run(self, work: Work, number: int) -> BatchResult:
        """Evaluate batch `number`; its outcome lines go to its place in the outcomes file,
        or to a part file."""
        batch = work.parse() if isinstance(work, CsvChunk) else work
        tally = Tally()
        pieces: list[pl.DataFrame] = []
        errors = list(batch.errors)
        flat = batch.flat
        slow_rows = flat.get_column("__row")
        if self.options.engine == "fast" and flat.height:
            typed = collect(
                self.reader.typed_plan(flat.select("__row", *FLAT_COLUMNS))
                .join(_extra_columns(flat.lazy()), on="__row", how="left", maintain_order="left")
                .with_columns(self._fast)
            )
            fast, slow = collect_all(
                [
                    typed.lazy().filter("fast").drop("fast").with_columns(_REF_MEMBER),
                    typed.lazy().filter(~pl.col("fast")).select("__row"),
                ]
            )
            slow_rows = slow.get_column("__row")
            if fast.height:
                pieces.append(self._evaluate_fast(fast, tally))
        slow = flat.filter(pl.col("__row").is_in(slow_rows.implode()))
        checked: list[tuple[int, str]] = []
        for result in self._reference(slow, batch.nested, tally):
            if isinstance(result, Checked):
                checked.append((result.row, result.line + "\n"))
            else:
                errors.append(result)
        if checked:
            pieces.append(
                pl.DataFrame(checked, schema={"__row": pl.Int64, "text": pl.Utf8}, orient="row").select(
                    "__row", pl.lit(0, pl.Int32).alias("seq"), "text"
                )
            )
        errors.sort(key=lambda item: item[0])
        tally.add_errors([error for _, error in errors])
        text = _ordered_text(pieces)
        size = text.get_column("text").str.len_bytes().sum()
        offset = self.places.claim(number, size) if self.places is not None else None
        part = None
        if offset is None:
            part = self.options.out_dir / PARTS / f"{number:08d}.jsonl"
            part.parent.mkdir(parents=True, exist_ok=True)
        _write_text(text, part or self.outcomes, offset or 0, size)
        return BatchResult(number, batch.rows, self.outcomes, offset, part, size, errors, tally)

    def _evaluate_fast(self, fast: pl.DataFrame, tally: Tally) -> pl.DataFrame:
        """Outcome text pieces (__row, seq, text) of the rows the fast path takes; counts to `tally`."""
        evaluation = self.engine.evaluate(fast, on=self.options.on, first_member="__ref", line_end="\n")
        decisions = pl.concat(  # both in the order of `fast`
            [
                fast.select(
                    "__row",
                    "municipality",
                    "region",
                    "provider_id",
                    "provider_name",
                    year_month(pl.col("start_date")).alias("month"),
                ),
                evaluation.outcomes.select("verdict", "priority"),
            ],
            how="horizontal",
        )
        tally.add_decisions(
            decisions.select(list(DECISION_SCHEMA)), evaluation.findings, Counter(evaluation.applied)
        )
        return evaluation.text

    def _reference(
        self, slow: pl.DataFrame, nested: dict[int, dict[str, Any]], tally: Tally
    ) -> list[Checked | tuple[int, RowError]]:
        items = []
        for row in slow.iter_rows(named=True):
            number = row["__row"]
            data = nested.get(number)
            if data is None:
                data = unflatten({c: row.get(c) for c in FLAT_COLUMNS})
            items.append((number, row["ref"], data))
        if not items:
            return []
        matcher = "python" if self.options.engine == "python" else "durable"
        results = check_rows(self.book, items, self.options.on, self.options.region, matcher)
        checked = [r for r in results if isinstance(r, Checked)]
        if checked:
            decisions = pl.DataFrame([c.decision for c in checked], schema=DECISION_SCHEMA, orient="row")
            findings = pl.DataFrame(
                [(c.row, rule, outcome) for c in checked for rule, outcome in c.findings],
                schema=FINDING_SCHEMA,
                orient="row",
            )
            tally.add_decisions(decisions, findings, Counter(r for c in checked for r in c.applied))
        return results


def _ordered_text(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Outcome text pieces (__row, seq, text) as one `text` column in input order (each
    line's last piece ends it)."""
    schema = {"__row": pl.Int64, "seq": pl.Int32, "text": pl.Utf8}
    pieces = pl.concat([f.cast(schema) for f in frames]) if frames else pl.DataFrame(schema=schema)
    assert pieces.get_column("text").null_count() == 0, "an outcome piece without text"
    return pieces.sort("__row", "seq").select("text")


def _write_text(text: pl.DataFrame, path: Path, offset: int, size: int) -> None:
    """The `text` column's values one after the other, `size` bytes, written by polars (no
    Python string per line) at `offset` in `path` (made if missing)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        os.lseek(handle, offset, os.SEEK_SET)
        with io.FileIO(handle, "w", closefd=False) as file:
            text.write_csv(file, include_header=False, quote_style="never", line_terminator="")
        end = os.lseek(handle, 0, os.SEEK_CUR)
    finally:
        os.close(handle)
    if end != offset + size:
        raise OSError(f"{path}: {end - offset} bytes geschreven in plaats van {size}")


def _extra_columns(flat: pl.LazyFrame) -> pl.LazyFrame:
    """What the pipeline needs besides the decision: the row reference, the provider's name."""
    return flat.select("__row", "ref", pl.col("provider.name").alias("provider_name"))


# the outcome's first member: its row reference
_REF_MEMBER = pl.concat_str([pl.lit('"ref":'), json_value(pl.col("ref"))]).alias("__ref")


# ---------------------------------------------------------------- worker processes
# (started by `triage.audit.workers.start_workers`, which calls `start_worker`)
_WORKER: BatchEvaluator | None = None


def start_worker(book: Rulebook | Path | None, options: AuditOptions, places: OutcomePlaces) -> None:
    """Set up this worker process: the rule book (pickled by the main process, or loaded
    here from its folder when the workers start before the main process has loaded it)
    and an evaluator."""
    global _WORKER
    if not isinstance(book, Rulebook):
        try:
            book = load_rulebook(book)
        except RuleBookError:
            return  # the main process reports it and starts no batch
    _WORKER = BatchEvaluator(book, options, places)


def _run_in_worker(work: Work, number: int, rules_version: str) -> BatchResult:
    """Evaluate a batch in a worker, with the rule book the main process loaded."""
    if _WORKER is None or _WORKER.book.version != rules_version:
        raise RuntimeError("de regelbestanden zijn veranderd tijdens de audit; start de audit opnieuw")
    return _WORKER.run(work, number)


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
            oldest = self.pending.popleft()
            return oldest.result() if isinstance(oldest, Future) else oldest
        return None

    def close(self) -> None:
        """Stop the worker processes (batches not yet started are dropped). Once every
        result is in, without waiting for the processes to end: that takes a while
        (the system frees their memory), and the pool still reaps them, at the latest when
        this process exits."""
        if self.pool is not None:
            self.pool.shutdown(wait=bool(self.pending), cancel_futures=True)

    def _submit(self, work: Work, number: int) -> None:
        assert self.pool is not None
        self.pending.append(self.pool.submit(_run_in_worker, work, number, self.book.version))

    def _local(self) -> BatchEvaluator:
        if self.local is None:
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
        self.tally = Tally()
        self._next_row = 0  # of the input being cut (see `_work`)
        self._sha256: str | None = None  # its hash, once cut whole

    def run(self, progress: Progress | None = None) -> AuditSummary:
        """Audit every input; returns the summary (also written to the output folder)."""
        progress = progress or Progress()
        started = time.perf_counter()
        out = self.options.out_dir
        out.mkdir(parents=True, exist_ok=True)
        status = "voltooid"
        inputs: list[InputFile] = []
        batches = _Dispatcher(self.book, self.options, self.places, self.pool)
        self.places.reset()
        self._outcomes_end = 0
        try:
            with (
                ThreadPoolExecutor(1) as background,
                _cleared(out / OUTCOMES, background).open("wb", buffering=0) as outcomes,
                _cleared(out / "errors.jsonl", background).open("w", encoding="utf-8") as errors,
            ):
                number = 0
                next_row = 0
                for path in self.options.inputs:
                    rows_here = 0
                    for work in self._work(path, next_row):
                        batches.submit(work, number)
                        number += 1
                        while (result := batches.next_result()) is not None:
                            rows_here += self._finish(result, outcomes, errors)
                            progress.advance(result.rows)
                        next_row = self._next_row
                        if progress.stop_requested():
                            status = "onderbroken"
                            break
                    # the receipt's hash: made while cutting a whole CSV file, else read
                    # while the last batches are evaluated
                    digest = background.submit(sha256_of, path) if self._sha256 is None else None
                    while (result := batches.next_result(drain=True)) is not None:
                        rows_here += self._finish(result, outcomes, errors)
                        progress.advance(result.rows)
                    sha256 = digest.result() if digest is not None else self._sha256
                    assert sha256 is not None
                    inputs.append(
                        InputFile(path=str(path), format=file_format(path), sha256=sha256, rows=rows_here)
                    )
                    if status == "onderbroken":
                        break
        finally:
            batches.close()
            _remove_parts(out / PARTS)
            _cut_off(out / OUTCOMES, self._outcomes_end)
        from triage.audit.report import render_report  # not needed in the worker processes

        summary = self._summary(status, inputs, time.perf_counter() - started)
        (out / "summary.json").write_text(summary.model_dump_json(indent=2), encoding="utf-8")
        (out / "report.html").write_text(render_report(summary), encoding="utf-8")
        return summary

    def _work(self, path: Path, first_row: int) -> Iterator[Work]:
        """The batches of one input; CSV is cut here and parsed in the workers."""
        self._next_row = first_row
        self._sha256 = None
        if file_format(path) == "csv":
            chunks = csv_chunks(path, first_row)
            for chunk in chunks:
                self._next_row = chunk.first_row + chunk.lines
                yield chunk
            self._sha256 = chunks.sha256  # hashed while cutting
        else:
            for batch in read_input(path, first_row, self.options.pseudonymiser):
                self._next_row += batch.rows
                yield batch

    def _finish(self, result: BatchResult, outcomes: IO[bytes], errors: IO[str]) -> int:
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
        self._outcomes_end = offset + result.size
        errors.writelines(json_line(error.as_dict()) for _, error in result.errors)
        errors.flush()
        self.tally.merge(result.tally)
        return result.rows

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

    def _summary(self, status: str, inputs: list[InputFile], seconds: float) -> AuditSummary:
        tally = self.tally
        input_rows = sum(i.rows for i in inputs)
        pseudonymiser = self.options.pseudonymiser
        return AuditSummary(
            status=status,
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
                reconciled=input_rows == tally.outcomes + tally.errors,
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


def _remove_parts(folder: Path) -> None:
    if folder.is_dir():
        for part in folder.iterdir():
            part.unlink()
        folder.rmdir()


def json_line(data: dict[str, Any]) -> str:
    """One line of a JSON Lines file."""
    return json.dumps(data, ensure_ascii=False) + "\n"

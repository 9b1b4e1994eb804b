"""`run_audit`: read every input, evaluate every row, write outcomes, errors and the summary.

Per batch (up to 100,000 rows): rows in plain form go through the vectorised engine, all
others through the reference path (which names the error or evaluates with durable_rules);
outcomes and errors are written in input order. A stop request (Ctrl-C) is honoured
between batches, so the files always hold whole batches and a valid summary.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import polars as pl

from triage import __version__
from triage.audit.flat_frame import FlatReader
from triage.audit.flat_rows import unflatten
from triage.audit.pseudonym import Pseudonymiser
from triage.audit.readers import Batch, file_format, read_input, sha256_of
from triage.audit.records import FLAT_COLUMNS, RowError
from triage.audit.reference import Checked, check_rows
from triage.audit.report import render_report
from triage.audit.summary import AuditSummary, InputFile, Receipt, Totals
from triage.audit.tally import DECISION_SCHEMA, FINDING_SCHEMA, Tally
from triage.engine.vectorised.engine import VectorisedEngine
from triage.engine.vectorised.json_text import json_value
from triage.rulebook.loader import Rulebook

ENGINES = ("fast", "durable")


@dataclass
class AuditOptions:
    inputs: list[Path]
    out_dir: Path
    on: dt.date | None = None
    region: str | None = None
    workers: int = 1
    engine: str = "fast"  # fast: vectorised, durable rows only where needed; durable: every row
    pseudonymiser: Pseudonymiser | None = None


@dataclass
class Progress:
    """Called after every batch with the number of input rows it covered."""

    advance: Callable[[int], None] = lambda rows: None
    stop_requested: Callable[[], bool] = lambda: False


@dataclass
class _Writers:
    outcomes: IO[str]
    errors: IO[str]
    files: list[InputFile] = field(default_factory=list)


class Auditor:
    """Audits inputs against one rule book."""

    def __init__(self, book: Rulebook, options: AuditOptions):
        self.book = book
        self.options = options
        self.reader = FlatReader(book)
        self.engine = VectorisedEngine(book)
        self.tally = Tally(book)
        self._pool: ProcessPoolExecutor | None = None

    # -- the run --------------------------------------------------------------------
    def run(self, progress: Progress | None = None) -> AuditSummary:
        """Audit every input; returns the summary (also written to the output folder)."""
        progress = progress or Progress()
        started = time.perf_counter()
        out = self.options.out_dir
        out.mkdir(parents=True, exist_ok=True)
        status = "voltooid"
        inputs: list[InputFile] = []
        with (
            (out / "outcomes.jsonl").open("w", encoding="utf-8") as outcomes,
            (out / "errors.jsonl").open("w", encoding="utf-8") as errors,
        ):
            writers = _Writers(outcomes, errors)
            next_row = 0
            try:
                for path in self.options.inputs:
                    rows_here = 0
                    for batch in read_input(path, next_row, self.options.pseudonymiser):
                        self._process(batch, writers)
                        rows_here += batch.rows
                        next_row += batch.rows
                        progress.advance(batch.rows)
                        if progress.stop_requested():
                            status = "onderbroken"
                            break
                    inputs.append(
                        InputFile(
                            path=str(path), format=file_format(path), sha256=sha256_of(path), rows=rows_here
                        )
                    )
                    if status == "onderbroken":
                        break
            finally:
                if self._pool is not None:
                    self._pool.shutdown(cancel_futures=True)
        summary = self._summary(status, inputs, time.perf_counter() - started)
        (out / "summary.json").write_text(summary.model_dump_json(indent=2), encoding="utf-8")
        (out / "report.html").write_text(render_report(summary), encoding="utf-8")
        return summary

    def _process(self, batch: Batch, writers: _Writers) -> None:
        lines: list[tuple[int, str]] = []
        errors = list(batch.errors)
        flat = batch.flat
        if self.options.engine == "fast" and flat.height:
            typed = self.reader.typed(flat.select("__row", *FLAT_COLUMNS))
            region_ok = (
                pl.lit(True) if self.options.region is None else pl.col("region") == self.options.region
            )
            fast = typed.filter(pl.col("fast") & region_ok).drop("fast")
            slow_rows = typed.filter(~(pl.col("fast") & region_ok)).get_column("__row")
            if fast.height:
                lines += self._evaluate_fast(fast, flat)
        else:
            slow_rows = flat.get_column("__row")
        slow = flat.filter(pl.col("__row").is_in(slow_rows.implode()))
        for result in self._reference(slow, batch.nested):
            if isinstance(result, Checked):
                lines.append((result.row, result.line))
            else:
                errors.append(result)
        self._write(writers, lines, errors)

    # -- the two paths -----------------------------------------------------------------
    def _evaluate_fast(self, fast: pl.DataFrame, flat: pl.DataFrame) -> list[tuple[int, str]]:
        evaluation = self.engine.evaluate(fast, on=self.options.on)
        extra = flat.select("__row", "ref", pl.col("provider.name").alias("provider_name"))
        outcomes = evaluation.outcomes.join(extra, on="__row", how="left", maintain_order="left")
        line = pl.concat_str(
            [pl.lit('{"ref":'), json_value(pl.col("ref")), pl.lit(","), pl.col("json").str.slice(1)]
        )
        decisions = fast.select(
            "__row",
            "municipality",
            "region",
            "provider_id",
            pl.col("start_date").dt.to_string("%Y-%m").alias("month"),
        ).join(outcomes.select("__row", "verdict", "priority", "provider_name"), on="__row", how="left")
        self.tally.add_decisions(
            decisions.select(list(DECISION_SCHEMA)), evaluation.findings, Counter(evaluation.applied)
        )
        written = outcomes.select("__row", line.alias("line"))
        return list(written.iter_rows())

    def _reference(
        self, slow: pl.DataFrame, nested: dict[int, dict[str, Any]]
    ) -> Iterator[Checked | tuple[int, RowError]]:
        items = []
        for row in slow.iter_rows(named=True):
            number = row["__row"]
            data = nested.get(number)
            if data is None:
                data = unflatten({c: row.get(c) for c in FLAT_COLUMNS})
            items.append((number, row["ref"], data))
        if not items:
            return iter(())
        root = str(self.book.root)
        results: list[Checked | tuple[int, RowError]] = []
        if self.options.workers > 1 and len(items) >= 2 * self.options.workers:
            self._pool = self._pool or ProcessPoolExecutor(self.options.workers)
            size = -(-len(items) // (self.options.workers * 4))
            chunks = [items[i : i + size] for i in range(0, len(items), size)]
            futures = [
                self._pool.submit(check_rows, root, chunk, self.options.on, self.options.region)
                for chunk in chunks
            ]
            for future in futures:
                results += future.result()
        else:
            results = check_rows(root, items, self.options.on, self.options.region)
        checked = [r for r in results if isinstance(r, Checked)]
        if checked:
            decisions = pl.DataFrame([c.decision for c in checked], schema=DECISION_SCHEMA, orient="row")
            findings = pl.DataFrame(
                [(c.row, rule, outcome) for c in checked for rule, outcome in c.findings],
                schema=FINDING_SCHEMA,
                orient="row",
            )
            self.tally.add_decisions(decisions, findings, Counter(r for c in checked for r in c.applied))
        return iter(results)

    # -- output --------------------------------------------------------------------------
    def _write(
        self, writers: _Writers, lines: list[tuple[int, str]], errors: list[tuple[int, RowError]]
    ) -> None:
        lines.sort(key=lambda item: item[0])
        errors.sort(key=lambda item: item[0])
        if lines:
            writers.outcomes.write("\n".join(line for _, line in lines))
            writers.outcomes.write("\n")
        for _, error in errors:
            writers.errors.write(json_line(error.as_dict()))
        writers.outcomes.flush()
        writers.errors.flush()
        self.tally.add_errors([error for _, error in errors])

    def _summary(self, status: str, inputs: list[InputFile], seconds: float) -> AuditSummary:
        tally = self.tally
        input_rows = sum(i.rows for i in inputs)
        return AuditSummary(
            status=status,
            receipt=Receipt(
                engine_version=__version__,
                rules_version=self.book.version,
                rules_in_force_on=self.options.on.isoformat() if self.options.on else "per beschikking",
                generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
                inputs=inputs,
                pseudonymisation=self.options.pseudonymiser.description()
                if self.options.pseudonymiser
                else None,
            ),
            totals=Totals(
                input_rows=input_rows,
                outcomes=tally.outcomes,
                errors=tally.errors,
                reconciled=input_rows == tally.outcomes + tally.errors,
            ),
            verdicts=tally.verdict_counts(),
            priorities=tally.priority_counts(),
            by_rule=tally.by_rule(),
            by_principle=tally.by_principle(),
            by_municipality=tally.breakdown("municipality"),
            by_provider=tally.breakdown("provider"),
            by_month=tally.breakdown("month"),
            worst_offenders=tally.worst_offenders(),
            errors_by_field=tally.errors_by_field(),
            seconds=round(seconds, 3),
        )


def json_line(data: dict[str, Any]) -> str:
    """One line of a JSON Lines file."""
    return json.dumps(data, ensure_ascii=False) + "\n"

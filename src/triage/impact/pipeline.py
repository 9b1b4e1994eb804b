"""`ImpactRun.run`: every input row evaluated under both rule books, in worker processes, and
`changes.jsonl`, `errors.jsonl`, `report.html` and `summary.json` written.

The main process cuts the inputs into batches as `triage audit` does (`csv_chunks`,
`read_input`), hands them to worker processes (`triage.audit.workers.WorkerPool` with the
impact's own set-up; a run of one batch is evaluated here), and takes the results back in
input order: their lines go to `changes.jsonl` and `errors.jsonl`, their counts are merged.
Every output file is written under a temporary name and renamed when complete, and
`summary.json` last: a folder with a `summary.json` holds a finished run. (A summary of an
earlier run is removed first.) Like `triage.audit.pipeline`, this module does not import polars.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage.atomic import replacing, write_text
from triage.audit.inputs import Batch, CsvChunk, csv_chunks, display_name, file_format, sha256_of
from triage.audit.pipeline import IJW_REQUEST_DATE_NOTE
from triage.audit.summary import VERDICTS, InputFile
from triage.audit.workers import BATCH_BYTES, WorkerPool, start_workers
from triage.explanation import summary_title
from triage.impact.summary import (
    GroupImpact,
    ImpactReceipt,
    ImpactSummary,
    ImpactTotals,
    PrincipleImpact,
    RuleChange,
    RuleImpact,
    RulesRef,
)
from triage.impact.work import (
    FINDINGS,
    GROUP_COUNTS,
    IMPACT_SETUP,
    PRIORITY,
    RULE_COUNTS,
    VERDICT,
    ImpactBatch,
    ImpactOptions,
    ImpactTally,
)
from triage.rulebook.diff import Change
from triage.rulebook.loader import Rulebook
from triage.version import __version__

if TYPE_CHECKING:
    from triage.impact.evaluator import ImpactEvaluator

PRIORITY_CLASSES = ("crisis", "voorrang", "regulier")
CHANGES, ERRORS, SUMMARY, REPORT = "changes.jsonl", "errors.jsonl", "summary.json", "report.html"
OUTPUTS = (CHANGES, ERRORS, SUMMARY, REPORT)
REPORT_DECISIONS = 100  # changed decisions shown side by side in the report


class ImpactRun:
    """Evaluates inputs under two rule books and writes what changes."""

    def __init__(
        self,
        old: Rulebook,
        new: Rulebook,
        options: ImpactOptions,
        sources: tuple[RulesRef, RulesRef],
        rule_changes: list[Change],
    ):
        self.books = (old, new)
        self.options = options
        self.sources = sources
        self.rule_changes = rule_changes
        self.tally = ImpactTally()
        self._pool: WorkerPool | None = None
        self._local: ImpactEvaluator | None = None
        self._held: tuple[Any, int] | None = None  # the first batch, until a second shows up
        self._next_row = 0  # the number of the next input row
        self._sha256: str | None = None  # of the input just cut, when cutting hashed it

    def run(self) -> ImpactSummary:
        started = time.perf_counter()
        out = self.options.out_dir
        out.mkdir(parents=True, exist_ok=True)
        (out / SUMMARY).unlink(missing_ok=True)  # a summary only ever stands next to its own run
        self._pool = self._early_pool()
        pending: deque[Future[ImpactBatch] | ImpactBatch] = deque()
        inputs: list[InputFile] = []
        number = 0
        try:
            with replacing(out / CHANGES) as changes, replacing(out / ERRORS) as errors:
                for path in self.options.inputs:
                    rows = 0
                    for work in self._work(path):
                        self._submit(work, number, pending)
                        number += 1
                        while len(pending) > self.options.workers:
                            rows += self._finish(pending.popleft(), changes, errors)
                    self._flush_held(pending)
                    while pending:
                        rows += self._finish(pending.popleft(), changes, errors)
                    inputs.append(
                        InputFile(
                            path=display_name(path),
                            format=file_format(path),
                            sha256=self._sha256 or sha256_of(path),
                            rows=rows,
                        )
                    )
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
        from triage.impact.report import render_report  # jinja: only once the run is done

        summary = self._summary(inputs, time.perf_counter() - started)
        write_text(out / REPORT, render_report(summary, _first_changes(out / CHANGES, REPORT_DECISIONS)))
        write_text(out / SUMMARY, summary.model_dump_json(indent=2))
        return summary

    # -- batches ------------------------------------------------------------------
    def _early_pool(self) -> WorkerPool | None:
        """Worker processes, started now when the inputs hold several batches of CSV."""
        workers = self.options.workers
        sizes = [p.stat().st_size for p in self.options.inputs if p.suffix.lower() == ".csv" and p.is_file()]
        batches = sum(-(-size // BATCH_BYTES) for size in sizes)
        if workers == 1 or batches < 2:
            return None
        return self._start_pool(min(workers, batches))

    def _start_pool(self, now: int) -> WorkerPool:
        return start_workers(self.options.workers, self.books, self.options, now=now, setup=IMPACT_SETUP)

    def _work(self, path: Path) -> Iterator[Batch | CsvChunk]:
        """The batches of one input, rows numbered on from the inputs before it (CSV is cut
        here and parsed in the workers, hashed while it is cut: `_sha256`)."""
        self._sha256 = None
        if file_format(path) == "csv":
            chunks = csv_chunks(path, self._next_row)
            for chunk in chunks:
                self._next_row = chunk.first_row + chunk.lines
                yield chunk
            self._sha256 = chunks.sha256
            return
        from triage.audit.readers import read_input  # polars: only for these formats

        for batch in read_input(path, self._next_row, self.options.pseudonymiser):
            self._next_row += batch.rows
            yield batch

    def _submit(self, work: Batch | CsvChunk, number: int, pending: deque) -> None:
        """Start a batch: in a worker process, or here for a run of one batch."""
        if self.options.workers == 1:
            pending.append(self._evaluator().run(work, number))
            return
        if self._pool is None and self._held is None:
            self._held = (work, number)
            return
        if self._pool is None:
            self._pool = self._start_pool(0)
        if self._held is not None:
            pending.append(self._pool.submit(run_batch, *self._held, self._versions()))
            self._held = None
        pending.append(self._pool.submit(run_batch, work, number, self._versions()))

    def _flush_held(self, pending: deque) -> None:
        """The end of an input: a batch held back is evaluated here after all."""
        if self._held is not None:
            pending.append(self._evaluator().run(*self._held))
            self._held = None

    def _evaluator(self) -> ImpactEvaluator:
        if self._local is None:
            from triage.impact.evaluator import ImpactEvaluator  # polars: only when needed

            self._local = ImpactEvaluator(*self.books, self.options)
        return self._local

    def _versions(self) -> tuple[str, str]:
        return (self.books[0].version, self.books[1].version)

    def _finish(self, item: Future[ImpactBatch] | ImpactBatch, changes: Any, errors: Any) -> int:
        """Take a finished batch, in input order: write its lines and add up its counts."""
        result = item.result() if isinstance(item, Future) else item
        changes.write(result.changes)
        errors.writelines(json.dumps(e.as_dict(), ensure_ascii=False) + "\n" for _, e in result.errors)
        self.tally.merge(result.tally)
        return result.rows

    # -- summary ------------------------------------------------------------------
    def _summary(self, inputs: list[InputFile], seconds: float) -> ImpactSummary:
        tally = self.tally
        input_rows = sum(i.rows for i in inputs)
        old, new = self.books
        on = self.options.on
        pseudonymiser = self.options.pseudonymiser
        notes = [IJW_REQUEST_DATE_NOTE] if any(i.format == "ijw-xml" for i in inputs) else []
        return ImpactSummary(
            status="voltooid",
            receipt=ImpactReceipt(
                engine_version=__version__,
                before=self.sources[0],
                after=self.sources[1],
                rules_in_force_on=on.isoformat() if on else "per beschikking",
                generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
                inputs=inputs,
                pseudonymisation=pseudonymiser.description() if pseudonymiser else None,
                notes=notes,
            ),
            rule_changes=[RuleChange(**c.as_dict(), text=c.text) for c in self.rule_changes],
            totals=ImpactTotals(
                input_rows=input_rows,
                evaluated=tally.outcomes,
                errors=tally.errors,
                reconciled=input_rows == tally.outcomes + tally.errors,
                changed=tally.changed["any"],
                verdict_changed=tally.changed[VERDICT],
                findings_changed=tally.changed[FINDINGS],
                priority_changed=tally.changed[PRIORITY],
            ),
            verdict_matrix=_matrix(tally.verdicts, VERDICTS),
            priority_matrix=_matrix(tally.priorities, PRIORITY_CLASSES),
            by_rule=_by_rule(tally, old, new),
            by_principle=_by_principle(_by_rule(tally, old, new), old, new),
            by_municipality=_groups(tally, "municipality"),
            by_provider=_groups(tally, "provider"),
            errors_by_field=tally.errors_by_field(),
            seconds=round(seconds, 3),
        )


def _matrix(counts: dict[tuple[str, str], int], names: tuple[str, ...]) -> dict[str, dict[str, int]]:
    return {before: {after: counts.get((before, after), 0) for after in names} for before in names}


def _by_rule(tally: ImpactTally, old: Rulebook, new: Rulebook) -> list[RuleImpact]:
    rules = {rule.id: rule for rule in old.rules} | {rule.id: rule for rule in new.rules}
    old_ids = {rule.id for rule in old.rules}  # a rule's title as the old rules word it
    rows = []
    for rule_id, counts in tally.rule_outcomes.items():
        rule = rules[rule_id]
        numbers = {kind: counts.get(kind, 0) for kind in RULE_COUNTS}
        rows.append(
            RuleImpact(
                rule=rule_id,
                title=summary_title(rule, old if rule_id in old_ids else new),
                principle=rule.principle,
                region=rule.region,
                **numbers,
                decisions=sum(numbers.values()),
            )
        )
    return sorted(rows, key=lambda r: (-r.decisions, r.rule))


def _by_principle(rules: list[RuleImpact], old: Rulebook, new: Rulebook) -> list[PrincipleImpact]:
    names = {p.id: p.name for book in (old, new) for p in book.catalogue.principles}
    totals: dict[str, dict[str, int]] = {}
    for row in rules:
        counts = totals.setdefault(row.principle, dict.fromkeys(RULE_COUNTS, 0))
        for kind in counts:
            counts[kind] += getattr(row, kind)
    result = [
        PrincipleImpact(principle=p, name=names.get(p, p), **c, decisions=sum(c.values()))
        for p, c in totals.items()
    ]
    return sorted(result, key=lambda r: (-r.decisions, r.principle))


def _groups(tally: ImpactTally, group: str) -> list[GroupImpact]:
    rows = [
        GroupImpact(
            key=key,
            label=tally.labels[group].get(key),
            **{name: counts.get(name, 0) for name in GROUP_COUNTS},
        )
        for key, counts in tally.groups[group].items()
    ]
    return sorted(rows, key=lambda r: (-r.changed, -r.decisions, r.key))


def _first_changes(path: Path, count: int) -> list[dict[str, Any]]:
    """The first `count` changed decisions, for the report."""
    found = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if len(found) == count:
                break
            found.append(json.loads(line))
    return found


def run_batch(work: Any, number: int, versions: tuple[str, str]) -> ImpactBatch:
    """Evaluate a batch in a worker process (`triage.impact.evaluator.run_in_worker`; named here
    so that the main process can hand it to the pool without importing the evaluator)."""
    from triage.impact.evaluator import run_in_worker

    return run_in_worker(work, number, versions)

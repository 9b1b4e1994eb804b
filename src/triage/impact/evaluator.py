"""`ImpactEvaluator`: one batch of `triage impact`, read and typed once, evaluated under both
rule books, compared; in a worker process (`start_worker`, `run_in_worker`) or, for a run
of one batch, in the main process.

Rows in plain form go through the vectorised engine of each rule book (the audit's fast
path: `triage.audit.evaluator.split_rows`), the others through the reference path of each
(`triage.audit.reference.check_rows`), exactly as `triage audit` would take them. A
decision *changed* when its verdict, the findings (which rules, with which outcome) or its
priority (class, latest start, deciding rule) differ; a finding's text that only restates
a changed parameter does not count.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl

from triage.audit.chunks import parse_chunk
from triage.audit.evaluator import fast_condition, reference_items, split_rows
from triage.audit.flat_frame import FlatReader
from triage.audit.inputs import Batch, CsvChunk
from triage.audit.options import AuditOptions
from triage.audit.records import RowError
from triage.audit.reference import Checked, check_rows
from triage.engine.vectorised import VectorisedEngine, collect, collect_all
from triage.impact.work import (
    FINDINGS,
    GAINED,
    LOST,
    OUTCOME_CHANGED,
    PRIORITY,
    VERDICT,
    ImpactBatch,
    ImpactOptions,
    ImpactTally,
)
from triage.rulebook.loader import Rulebook
from triage.vocabulary import Outcome

OUTCOME_SCHEMA = {
    "__row": pl.Int64,
    "verdict": pl.Utf8,
    "priority": pl.Utf8,
    "priority_start_by": pl.Date,
    "priority_rule": pl.Utf8,
}
FINDING_SCHEMA = {"__row": pl.Int64, "rule": pl.Utf8, "outcome": pl.Utf8}
INFO_SCHEMA = {
    "__row": pl.Int64,
    "id": pl.Utf8,
    "ref": pl.Utf8,
    "municipality": pl.Utf8,
    "region": pl.Utf8,
    "provider_id": pl.Utf8,
    "provider_name": pl.Utf8,
}
_SEVERITY = {o.value: o.severity for o in Outcome}
_FLAG = {name: f"{name}_changed" for name in (VERDICT, FINDINGS, PRIORITY)}  # columns of `_compare`
_NONE = "(geen)"


class _Side:
    """The outcomes of a batch's evaluated rows under one rule book."""

    def __init__(self) -> None:
        self.outcomes: list[pl.DataFrame] = []
        self.findings: list[pl.DataFrame] = []
        self.texts: dict[int, str] = {}  # the reference path's outcomes as JSON text
        self.evaluation: Any = None  # the fast path's (`Evaluation`)

    def text(self, rows: list[int]) -> dict[int, str]:
        """Each of `rows` as outcome JSON text (that of `triage check --format json`)."""
        found = {row: self.texts[row] for row in rows if row in self.texts}
        if self.evaluation is not None:
            wanted = pl.Series(rows, dtype=pl.Int64).implode()
            pieces = (
                self.evaluation.text.lazy()
                .filter(pl.col("__row").is_in(wanted))
                .sort("__row", "seq")
                .group_by("__row", maintain_order=True)
                .agg(pl.col("text").str.join(""))
            )
            found.update(collect(pieces).iter_rows())
        return found


class ImpactEvaluator:
    """Evaluates batches under two rule books; one per process."""

    def __init__(self, old: Rulebook, new: Rulebook, options: ImpactOptions):
        self.books = (old, new)
        self.options = options
        self.audit_options = AuditOptions(inputs=options.inputs, out_dir=options.out_dir, on=options.on)
        readers = [FlatReader(old)]
        other = FlatReader(new)
        if not readers[0].same_places(other):
            readers.append(other)
        self.readers = readers
        self.engines = (VectorisedEngine(old), VectorisedEngine(new))
        self._fast = fast_condition(list(self.engines), self.audit_options)

    def run(self, work: Batch | CsvChunk, number: int) -> ImpactBatch:
        batch = parse_chunk(work) if isinstance(work, CsvChunk) else work
        errors, nested, rows = list(batch.errors), batch.nested, batch.rows
        typed, slow = (
            split_rows(self.readers, batch.flat, self._fast) if batch.flat.height else ([], batch.flat)
        )
        del batch
        sides = (_Side(), _Side())
        info: list[pl.DataFrame] = []
        if typed and typed[0].height:
            info.append(typed[0].select(pl.col(c).cast(t) for c, t in INFO_SCHEMA.items()))
            for side, engine, frame in zip(sides, self.engines, (typed[0], typed[-1]), strict=True):
                evaluation = engine.evaluate(frame, on=self.options.on)
                side.evaluation = evaluation
                side.outcomes.append(evaluation.outcomes.select(list(OUTCOME_SCHEMA)))
                side.findings.append(evaluation.findings.select(list(FINDING_SCHEMA)))
        del typed
        errors += self._reference(reference_items(slow, nested), sides, info)
        errors.sort(key=lambda item: item[0])
        tally = ImpactTally()
        tally.add_errors([error for _, error in errors])
        changes = self._compare(sides, info, tally) if info else ""
        return ImpactBatch(number, rows, changes, errors, tally)

    def _reference(
        self, items: list[tuple[int, str, dict]], sides: tuple[_Side, _Side], info: list[pl.DataFrame]
    ) -> list[tuple[int, RowError]]:
        """Evaluate the rows the fast path does not take under each rule book; the rows that
        either refuses are errors (saying under which rules, when only one refuses them)."""
        if not items:
            return []
        on = self.options.on
        before, after = (check_rows(book, items, on, None) for book in self.books)
        errors: list[tuple[int, RowError]] = []
        evaluated: list[tuple[Checked, Checked]] = []
        for old, new in zip(before, after, strict=True):
            if isinstance(old, Checked) and isinstance(new, Checked):
                evaluated.append((old, new))
            elif isinstance(old, Checked) or isinstance(new, Checked):
                row, error = new if isinstance(old, Checked) else old
                which = "nieuwe" if isinstance(old, Checked) else "oude"
                errors.append(
                    (
                        row,
                        RowError(
                            error.ref, error.field, f"onder de {which} regels: {error.reason}", error.decision
                        ),
                    )
                )
            else:
                errors.append(old)
        if not evaluated:
            return errors
        info_rows = []
        for index, side in enumerate(sides):
            outcome_rows, finding_rows = [], []
            for checked in (pair[index] for pair in evaluated):
                outcome = json.loads(checked.line)
                ref = outcome.pop("ref")
                priority = outcome["priority"]
                start_by = priority.get("start_by")
                outcome_rows.append(
                    (
                        checked.row,
                        outcome["verdict"],
                        priority["class"],
                        dt.date.fromisoformat(start_by) if start_by else None,
                        priority.get("rule"),
                    )
                )
                finding_rows += [(checked.row, rule, level) for rule, level in checked.findings]
                side.texts[checked.row] = json.dumps(outcome, ensure_ascii=False, separators=(",", ":"))
                if index == 0:
                    d = checked.decision
                    info_rows.append(
                        (
                            checked.row,
                            outcome["decision"],
                            ref,
                            d["municipality"],
                            d["region"],
                            d["provider_id"],
                            d["provider_name"],
                        )
                    )
            side.outcomes.append(pl.DataFrame(outcome_rows, schema=OUTCOME_SCHEMA, orient="row"))
            side.findings.append(pl.DataFrame(finding_rows, schema=FINDING_SCHEMA, orient="row"))
        info.append(pl.DataFrame(info_rows, schema=INFO_SCHEMA, orient="row"))
        return errors

    def _compare(self, sides: tuple[_Side, _Side], info: list[pl.DataFrame], tally: ImpactTally) -> str:
        """Counts to `tally`; returns the changes.jsonl lines of the decisions that changed."""
        old, new = (pl.concat(side.outcomes) for side in sides)
        old_findings, new_findings = (pl.concat(side.findings).lazy() for side in sides)
        keys = ["__row", "rule", "outcome"]
        findings_changed = pl.concat(
            [
                old_findings.join(new_findings, on=keys, how="anti").select("__row"),
                new_findings.join(old_findings, on=keys, how="anti").select("__row"),
            ]
        ).unique()
        after = new.rename({c: f"{c}_after" for c in OUTCOME_SCHEMA if c != "__row"})
        severity = {
            name: pl.col(name).replace_strict(_SEVERITY, return_dtype=pl.Int8)
            for name in ("verdict", "verdict_after")
        }
        compared = (
            old.lazy()
            .join(after.lazy(), on="__row", how="inner", maintain_order="left")
            .join(pl.concat(info).lazy(), on="__row", how="left", maintain_order="left")
            .with_columns(
                (pl.col("verdict") != pl.col("verdict_after")).alias(_FLAG[VERDICT]),
                pl.col("__row")
                .is_in(collect(findings_changed).get_column("__row").implode())
                .alias(_FLAG[FINDINGS]),
                (
                    (pl.col("priority") != pl.col("priority_after"))
                    | pl.col("priority_start_by").ne_missing(pl.col("priority_start_by_after"))
                    | pl.col("priority_rule").ne_missing(pl.col("priority_rule_after"))
                ).alias(_FLAG[PRIORITY]),
                (severity["verdict_after"] > severity["verdict"]).alias("stricter"),
                (severity["verdict_after"] < severity["verdict"]).alias("milder"),
                pl.col("provider_id").fill_null(_NONE),
            )
            .with_columns(pl.any_horizontal(*_FLAG.values()).alias("changed"))
        )
        compared = collect(compared)
        tally.outcomes += compared.height
        counts = [pl.sum("changed").alias("any"), *(pl.sum(flag).alias(name) for name, flag in _FLAG.items())]
        group_counts = [  # GROUP_COUNTS
            pl.len().alias("decisions"),
            pl.sum("changed").alias("changed"),
            pl.sum(_FLAG[VERDICT]).alias("verdict_changed"),
            pl.sum("stricter").alias("stricter"),
            pl.sum("milder").alias("milder"),
        ]
        changed_rows = compared.lazy().filter("changed")
        totals, verdicts, priorities, municipalities, providers, changed = collect_all(
            [
                compared.lazy().select(counts),
                compared.lazy().group_by("verdict", "verdict_after").len(),
                compared.lazy().group_by("priority", "priority_after").len(),
                compared.lazy()
                .group_by("municipality")
                .agg(*group_counts, pl.col("region").first().alias("label")),
                compared.lazy()
                .group_by("provider_id")
                .agg(*group_counts, pl.col("provider_name").drop_nulls().first().alias("label")),
                changed_rows,
            ]
        )
        tally.changed.update(totals.row(0, named=True))
        tally.verdicts.update({(b, a): n for b, a, n in verdicts.iter_rows()})
        tally.priorities.update({(b, a): n for b, a, n in priorities.iter_rows()})
        for group, frame in (("municipality", municipalities), ("provider", providers)):
            for row in frame.iter_rows(named=True):
                key, label = (
                    row.pop("municipality" if group == "municipality" else "provider_id"),
                    row.pop("label"),
                )
                tally.add_group(group, key, label, row)
        if not changed.height:
            return ""
        self._count_rules(old_findings, new_findings, changed, tally)
        return self._lines(sides, changed)

    @staticmethod
    def _count_rules(old: pl.LazyFrame, new: pl.LazyFrame, changed: pl.DataFrame, tally: ImpactTally) -> None:
        """Per rule, the changed decisions where its finding appeared, disappeared or got another outcome."""
        rows = changed.get_column("__row").implode()
        pairs = collect(
            old.filter(pl.col("__row").is_in(rows))
            .join(
                new.filter(pl.col("__row").is_in(rows)),
                on=["__row", "rule"],
                how="full",
                coalesce=True,
                suffix="_after",
            )
            .select(
                "rule",
                pl.when(pl.col("outcome").is_null())
                .then(pl.lit(GAINED))
                .when(pl.col("outcome_after").is_null())
                .then(pl.lit(LOST))
                .when(pl.col("outcome") != pl.col("outcome_after"))
                .then(pl.lit(OUTCOME_CHANGED))
                .alias("kind"),
            )
            .drop_nulls("kind")
            .group_by("rule", "kind")
            .len()
        )
        for rule, kind, count in pairs.iter_rows():
            tally.rule_outcomes[rule][kind] += count

    @staticmethod
    def _lines(sides: tuple[_Side, _Side], changed: pl.DataFrame) -> str:
        """The changes.jsonl lines of the changed decisions, in input order."""
        rows = changed.get_column("__row").to_list()
        before, after = (side.text(rows) for side in sides)
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        lines = []
        for item in changed.iter_rows(named=True):
            row = item["__row"]
            what = [name for name, flag in _FLAG.items() if item[flag]]
            provider = item["provider_id"] if item["provider_id"] != _NONE else None
            head = {
                "ref": item["ref"],
                "decision": item["id"],
                "municipality": item["municipality"],
                "provider": provider,
                "changed": what,
                "verdict": {"before": item["verdict"], "after": item["verdict_after"]},
            }
            lines.append(f'{dumps(head)[:-1]},"before":{before[row]},"after":{after[row]}}}\n')
        return "".join(lines)


# ---------------------------------------------------------------- worker processes
_WORKER: ImpactEvaluator | None = None


def start_worker(books: tuple[Rulebook, Rulebook], options: ImpactOptions, places: Any) -> None:
    """Set up this worker process (see `triage.audit.workers.WorkerPool`)."""
    global _WORKER
    _WORKER = ImpactEvaluator(*books, options)


def run_in_worker(work: Batch | CsvChunk, number: int, versions: tuple[str, str]) -> ImpactBatch:
    assert _WORKER is not None
    if tuple(book.version for book in _WORKER.books) != versions:
        raise RuntimeError("a worker holds other rule books than the main process")
    return _WORKER.run(work, number)

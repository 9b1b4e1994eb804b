"""`BatchEvaluator`: one batch of an audit, from its input to its outcome lines, errors
and counts; in a worker process (`start_worker`, `run_in_worker`) or, for a run of one
batch, in the main process.

Rows in plain form go through the vectorised engine, all others through the reference
path (which names the error or evaluates with durable_rules). The outcome lines go into
`outcomes.jsonl` at the batch's place, or to a part file when an earlier batch has not
finished yet (see `triage.audit.places`), written mostly past the page cache (see
`triage.audit.placed_text`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from triage.audit.chunks import parse_chunk
from triage.audit.flat_frame import FlatReader
from triage.audit.flat_rows import unflatten
from triage.audit.inputs import Batch, CsvChunk
from triage.audit.options import AuditOptions
from triage.audit.placed_text import PlacedTextWriter
from triage.audit.places import OUTCOMES, PARTS, OutcomePlaces
from triage.audit.records import FLAT_COLUMNS, RowError
from triage.audit.reference import Checked, check_rows
from triage.audit.tally import BatchResult, Tally
from triage.engine.vectorised import VectorisedEngine, collect_all, json_value, year_month
from triage.population.counting import population_rows
from triage.population.figures import Counts, PopulationEntry, population_entries
from triage.privacy import bsn_rows
from triage.rulebook.loader import Rulebook, RuleBookError, load_rulebook
from triage.yaml_source import load_json

# the columns of the counts per decision and per finding (see `Tally.add_decisions`)
DECISION_SCHEMA = {
    "__row": pl.Int64,
    "municipality": pl.Utf8,
    "region": pl.Utf8,
    "provider_id": pl.Utf8,
    "provider_name": pl.Utf8,
    "month": pl.Utf8,
    "verdict": pl.Utf8,
    "priority": pl.Utf8,
}
FINDING_SCHEMA = {"__row": pl.Int64, "rule": pl.Utf8, "outcome": pl.Utf8}


class BatchEvaluator:
    """Evaluates batches against one rule book; one per process."""

    def __init__(self, book: Rulebook, options: AuditOptions, places: OutcomePlaces | None = None):
        """`places`: shared with the main process; without it, every batch goes to a part file."""
        self.book = book
        self.options = options
        self.places = places
        self.outcomes = options.out_dir / OUTCOMES
        self.writer = PlacedTextWriter()
        self.reader = FlatReader(book)
        self.engine = VectorisedEngine(book)
        self._fast = fast_condition([self.engine], options)

    def run(self, work: Batch | CsvChunk, number: int) -> BatchResult:
        """Evaluate batch `number`; its outcome lines go to its place in the outcomes file,
        or to a part file."""
        batch = parse_chunk(work) if isinstance(work, CsvChunk) else work
        tally = Tally()
        tally.set_aside = batch.set_aside
        pieces: list[pl.DataFrame] = []
        errors, nested, rows = list(batch.errors), batch.nested, batch.rows
        fast, slow = self._split(batch.flat)
        # the batch as read is freed before the evaluation (the largest part of a batch's
        # memory), unless the caller holds it (a batch that is not CSV)
        del batch
        if fast is not None and fast.height:
            pieces.append(self._evaluate_fast(fast, tally))
        del fast
        checked: list[tuple[int, str]] = []
        for result in self._reference(slow, nested, tally):
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
        self.writer.write(text, part or self.outcomes, offset or 0, size)
        return BatchResult(number, rows, self.outcomes, offset, part, size, errors, tally)

    def _split(self, flat: pl.DataFrame) -> tuple[pl.DataFrame | None, pl.DataFrame]:
        """The rows the fast path takes (typed, with their `__ref` member; None when the
        fast path is off) and the others (as read)."""
        flat = with_all_columns(flat)
        if self.options.engine != "fast" or not flat.height:
            return None, flat
        (fast,), slow = split_rows([self.reader], flat, self._fast)
        return fast, slow

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
        if evaluation.population is not None:
            tally.add_population(population_rows(evaluation.population, self.book.population_rules))
        return evaluation.text

    def _reference(
        self, slow: pl.DataFrame, nested: dict[int, dict[str, Any]], tally: Tally
    ) -> list[Checked | tuple[int, RowError]]:
        items = reference_items(slow, nested)
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
            tally.add_population(
                (
                    rule,
                    c.decision["region"],
                    c.decision["municipality"],
                    c.decision["provider_id"],
                    int(c.decision["month"][:4]),
                    1,
                    int(counted),
                )
                for c in checked
                for rule, counted in c.population
            )
        return results


# ---------------------------------------------------------------- shared with `triage impact`
def fast_condition(engines: list[VectorisedEngine], options: AuditOptions) -> pl.Expr:
    """Which typed rows (`FlatReader.typed`, with `_extra_columns`) the fast path takes: rows
    in plain form, except dates far in the past or future for any of the engines and rows
    with a field that may hold a BSN (to be refused): those go the reference path."""
    fast = pl.col("fast")
    for engine in engines:
        fast = fast & engine.supported(options.on)
    fast = fast & ~pl.col("__may_hold_bsn")
    if options.region is not None:
        fast = fast & (pl.col("region") == options.region)
    return fast.alias("fast")


def with_all_columns(flat: pl.DataFrame) -> pl.DataFrame:
    """A batch's flat rows with every column of `FLAT_COLUMNS` (a file may leave out every
    column the decision format does not require)."""
    absent = [pl.lit(None, pl.Utf8).alias(c) for c in FLAT_COLUMNS if c not in flat.columns]
    return flat.with_columns(absent) if absent else flat


def split_rows(
    readers: list[FlatReader], flat: pl.DataFrame, fast: pl.Expr
) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    """The rows every reader takes on the fast path (`fast`, see `fast_condition`), typed by
    each reader with their `__ref` member, and the other rows (as read)."""
    flat = with_all_columns(flat)
    flat = flat.with_columns(bsn_rows(flat))
    typed = collect_all(
        [
            reader.typed_plan(flat.select("__row", *FLAT_COLUMNS))
            .join(_extra_columns(flat.lazy()), on="__row", how="left", maintain_order="left")
            .with_columns(fast)
            for reader in readers
        ]
    )
    if len(typed) > 1:  # readers with other municipalities: the rows all of them take
        everywhere = pl.all_horizontal(frame.get_column("fast") for frame in typed).alias("fast")
        typed = [frame.with_columns(everywhere) for frame in typed]
    *fast_rows, slow_rows = collect_all(
        [
            *(
                frame.lazy().filter("fast").drop("fast", "__may_hold_bsn").with_columns(_REF_MEMBER)
                for frame in typed
            ),
            typed[0].lazy().filter(~pl.col("fast")).select("__row"),
        ]
    )
    return fast_rows, flat.filter(pl.col("__row").is_in(slow_rows.get_column("__row").implode()))


def reference_items(slow: pl.DataFrame, nested: dict[int, dict[str, Any]]) -> list[tuple[int, str, dict]]:
    """(row, ref, nested decision) of the rows for the reference path (`reference.check_rows`)."""
    items = []
    for row in slow.iter_rows(named=True):
        number = row["__row"]
        data = nested.get(number)
        if data is None and row.get("__json") is not None:  # a line of JSON Lines, as it is
            data = load_json(row["__json"])  # in plain JSON form: always an object
        if data is None:
            data = unflatten({c: row.get(c) for c in FLAT_COLUMNS})
        items.append((number, row["ref"], data))
    return items


def _ordered_text(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Outcome text pieces (__row, seq, text) as one `text` column in input order (each
    line's last piece ends it)."""
    schema = {"__row": pl.Int64, "seq": pl.Int32, "text": pl.Utf8}
    pieces = pl.concat([f.cast(schema) for f in frames]) if frames else pl.DataFrame(schema=schema)
    assert pieces.get_column("text").null_count() == 0, "an outcome piece without text"
    # sorted on one number (row, then seq: seq < 2**21), a fifth of the time of two keys
    return pieces.sort(pl.col("__row") * (1 << 21) + pl.col("seq")).select("text")


def _extra_columns(flat: pl.LazyFrame) -> pl.LazyFrame:
    """What the pipeline needs besides the decision: the row reference, the provider's name,
    and whether a field may hold a BSN (such a row takes the reference path, which refuses it)."""
    return flat.select(
        "__row",
        "ref",
        pl.col("provider.name").alias("provider_name"),
        "__may_hold_bsn",
    )


# the outcome's first member: its row reference
_REF_MEMBER = pl.concat_str([pl.lit('"ref":'), json_value(pl.col("ref"))]).alias("__ref")


# ---------------------------------------------------------------- worker processes
# (started by `triage.audit.workers.start_workers`, which calls `start_worker`; a batch is
# run by `workers.run_batch`, which calls `run_in_worker`)
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


def run_in_worker(work: Batch | CsvChunk, number: int, rules_version: str) -> BatchResult:
    """Evaluate a batch in a worker, with the rule book the main process loaded."""
    return _worker(rules_version).run(work, number)


def population_in_worker(
    counts: Counts,
    provider_names: dict[str, str],
    on: dt.date | None,
    rules_version: str,
    share: tuple[int, int],
) -> list[PopulationEntry]:
    """A share of the population figures of the audit (`population.figures.population_entries`),
    made in a worker with the rule book the main process loaded."""
    return population_entries(_worker(rules_version).book, counts, provider_names, on, share=share)


def _worker(rules_version: str) -> BatchEvaluator:
    if _WORKER is None or _WORKER.book.version != rules_version:
        raise RuntimeError("de regelbestanden zijn veranderd tijdens de audit; start de audit opnieuw")
    return _WORKER

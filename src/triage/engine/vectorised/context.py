"""What depends only on (municipality, date of the rules, service): parameter values,
the segment, the region's name, which rules are in force. Computed once per distinct
combination in Python, with the rule book's own functions, and joined onto the decisions.

Parameter values and rules change only on a few dates, so decision dates are first mapped
to the *epoch* between two such dates: that keeps the number of combinations tiny.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl

from triage.engine.vectorised.conditions import param_column
from triage.engine.vectorised.plans import collect
from triage.explanation import regional_source
from triage.outcome import SegmentRef
from triage.rulebook.loader import Rulebook


def change_dates(book: Rulebook) -> list[dt.date]:
    """Every date on which a parameter value or a rule starts or stops being in force."""
    dates: set[dt.date] = set()
    for data in book.regions.values():
        for parameter in data.parameters.values():
            for value in parameter.values:
                dates.add(value.valid_from)
                if value.valid_to:
                    dates.add(value.valid_to + dt.timedelta(days=1))
    for rule in book.rules:
        if rule.valid_from:
            dates.add(rule.valid_from)
        if rule.valid_to:
            dates.add(rule.valid_to + dt.timedelta(days=1))
    return sorted(dates)


class ContextTable:
    """Builds and caches the per-combination values; `join` adds them to a frame."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.breaks = pl.Series("breaks", change_dates(book), dtype=pl.Date)
        self._places: dict[tuple[str, int], tuple[dict[str, Any], dict[str, Any]]] = {}  # see `_place`
        self._segment_json: dict[tuple[str, str, str | None] | None, str] = {}  # see `_row`
        self.param_kinds = self._param_kinds()
        self._table = pl.DataFrame(schema=self._schema())

    def _param_kinds(self) -> dict[str, pl.DataType]:
        kinds: dict[str, pl.DataType] = {}
        for data in self.book.regions.values():
            for name, parameter in data.parameters.items():
                values = [v.value for v in parameter.values]
                if parameter.kind == "table":  # read by contract facts only, never by a decision rule
                    continue
                if parameter.kind == "list":
                    kinds[name] = pl.List(pl.Utf8)
                elif parameter.kind in ("text", "municipality"):
                    kinds[name] = pl.Utf8
                elif all(isinstance(v, int) for v in values):
                    kinds[name] = pl.Int64
                else:
                    kinds[name] = pl.Float64
        return kinds

    def epoch(self, rules_on: pl.Expr) -> pl.Expr:
        """The index of the period between change dates that `rules_on` falls in."""
        return pl.lit(self.breaks).search_sorted(rules_on, side="right").cast(pl.Int32)

    def _row(self, region: str, municipality: str, epoch: int, on: dt.date, service: str) -> dict[str, Any]:
        """The context columns of one combination (`on`: a date of its epoch)."""
        params, place = self._place(region, municipality, epoch, on)
        segment = self.book.segment(region, service, params)
        key = (segment.id, segment.name, segment.note) if segment else None
        if key not in self._segment_json:  # a constant JSON fragment of the outcome, made once
            segment_ref = SegmentRef(id=segment.id, name=segment.name, note=segment.note) if segment else None
            self._segment_json[key] = _compact_value(segment_ref and segment_ref.model_dump(mode="json"))
        return {
            **place,
            "__segment_json": self._segment_json[key],
            "segment": segment.id if segment else None,
            "segment_laws": [law.value for law in segment.laws] if segment else None,
            "segment_name": segment.name if segment else None,
            "segment_note": segment.note if segment else None,
        }

    def _place(
        self, region: str, municipality: str, epoch: int, on: dt.date
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """What does not depend on the service: the parameter values, and the columns of
        parameters, rules in force and names. Made once per municipality and epoch (a batch
        meets about six services per pair)."""
        key = (municipality, epoch)
        if key not in self._places:
            params = self.book.parameters(region, municipality, on)
            document = self.book.region_document(region)
            assert document is not None
            place: dict[str, Any] = {
                "__region_json": _compact_value(region),
                "__municipality_json": _compact_value(municipality),
                "region_name": self.book.regions[region].name,
                "regional_document": document.id,
                "regional_document_from": document.in_force_from,
                REGIONAL_SOURCE_COLUMN: _compact_value(
                    regional_source(self.book, region).model_dump(mode="json")
                ),
            }
            in_force = {rule.id for rule in self.book.in_force(region, on)}
            for word in range(in_force_words(self.book)):
                rules = self.book.rules[word * WORD_BITS : (word + 1) * WORD_BITS]
                place[in_force_column(word)] = sum(
                    1 << bit for bit, rule in enumerate(rules) if rule.id in in_force
                )
            for name in self.param_kinds:
                value = params.get(name)
                place[param_column(name)] = [str(v) for v in value] if isinstance(value, list) else value
            self._places[key] = params, place
        return self._places[key]

    def _schema(self) -> dict[str, pl.DataType]:
        return {
            "municipality": pl.Utf8,
            "__epoch": pl.Int32,
            "service": pl.Utf8,
            "__region_json": pl.Utf8,
            "__segment_json": pl.Utf8,
            "__municipality_json": pl.Utf8,
            "region_name": pl.Utf8,
            "regional_document": pl.Utf8,
            "regional_document_from": pl.Date,
            REGIONAL_SOURCE_COLUMN: pl.Utf8,
            "segment": pl.Utf8,
            "segment_laws": pl.List(pl.Utf8),
            "segment_name": pl.Utf8,
            "segment_note": pl.Utf8,
            **{in_force_column(word): pl.Int64 for word in range(in_force_words(self.book))},
            **{param_column(name): kind for name, kind in self.param_kinds.items()},
        }

    def learn(self, decisions: pl.LazyFrame) -> None:
        """Adds the combinations of `decisions` (region, municipality, service and the date
        of the rules, `decision_date`) that the table does not hold yet; each is computed once."""
        new = collect(
            decisions.with_columns(self.epoch(pl.col("decision_date")).alias("__epoch"))
            .select("region", *_KEYS, "decision_date")
            .join(self._table.lazy().select(_KEYS), on=_KEYS, how="anti")
            .unique(_KEYS, keep="first")
        )
        if new.height:
            schema = self._schema()
            columns: dict[str, list[Any]] = {name: [] for name in schema}
            for region, municipality, epoch, service, on in new.iter_rows():
                row = {
                    "municipality": municipality,
                    "__epoch": epoch,
                    "service": service,
                    **self._row(region, municipality, epoch, on, service),
                }
                for name, values in columns.items():
                    values.append(row[name])
            self._table = pl.concat([self._table, pl.DataFrame(_series(columns, schema))])

    def join(self, plan: pl.LazyFrame) -> pl.LazyFrame:
        """`plan` (with municipality, __epoch and service, of combinations `learn` has seen)
        plus the context columns."""
        return plan.join(self._table.lazy(), on=_KEYS, how="left", maintain_order="left")


def _series(columns: dict[str, list[Any]], schema: dict[str, pl.DataType]) -> list[pl.Series]:
    """The columns as series; a list column is made from its few distinct lists, spread by
    position (polars makes a series of lists list by list, which is much slower)."""
    series = []
    for name, values in columns.items():
        dtype = schema[name]
        if isinstance(dtype, pl.List):
            distinct: dict[tuple[Any, ...] | None, int] = {}
            codes = [distinct.setdefault(None if v is None else tuple(v), len(distinct)) for v in values]
            table = pl.Series(name, [None if v is None else list(v) for v in distinct], dtype=dtype)
            series.append(table.gather(pl.Series(codes, dtype=pl.UInt32)))
        else:
            series.append(pl.Series(name, values, dtype=dtype))
    return series


_KEYS = ["municipality", "__epoch", "service"]
# the JSON `source` of the region's own document (for rules with `{document: regional}`)
REGIONAL_SOURCE_COLUMN = "__regional_source_json"
WORD_BITS = 62  # rules per in-force bitmask column (an Int64)


def in_force_words(book: Rulebook) -> int:
    """How many bitmask columns say which rules are in force."""
    return -(-len(book.rules) // WORD_BITS)


def in_force_column(word: int) -> str:
    """The bitmask column of rules `word * WORD_BITS` and on, in rule-book order: bit i is
    set when that rule is in force for the decision's region on the date of the rules.
    That depends on the region and the epoch only (every rule's first and last day start
    an epoch), so it is computed per combination with the rule book's own `in_force`."""
    return f"__in_force_{word}"


def _compact_value(value: Any) -> str:
    """A value as compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

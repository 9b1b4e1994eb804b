"""Flat text rows (a polars frame of `FLAT_COLUMNS`) to typed decision columns, vectorised.

Only rows in *plain form* take the fast path: every value exactly as `parse_decision`
would read it without any coercion (ISO dates, known vocabulary words, a municipality by
name or CBS code, simple text without stray whitespace, ...). Every other row is marked
`fast = false` and is read by the reference path (`unflatten` + `parse_decision`), which
either names the field that is wrong or evaluates it with durable_rules. So this module
never has to produce an error message, and it can be strict without losing any row.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from triage.audit.records import FALSE_WORDS, FLAT_COLUMNS, TRUE_WORDS
from triage.engine.vectorised import DECISION_COLUMNS, EXCEPTION_TYPE, collect, collect_all
from triage.rulebook.loader import Rulebook
from triage.vocabulary import (
    Activity,
    ChildProtection,
    Contract,
    Form,
    Law,
    Perspective,
    Referrer,
    Service,
    VolumePer,
    VolumeUnit,
)
from triage.yaml_source import load_json

# stray whitespace, control characters, or whitespace other than a plain space
_NOT_PLAIN_TEXT = r"^\s|\s$|\s\s|[\x00-\x1f\x7f-\x9f]|[^\S ]"
_NOT_PLAIN_LIST = r"[\x00-\x1f\x7f-\x9f]|[^\S ]"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_PLAIN_NUMBER = r"^\d{1,9}(\.\d{1,6})?$"
_EXCEPTION_KEYS = {"principle", "ground", "motivation"}
# dates with too many distinct values to check them once per value (see `FlatReader.typed`)
_SPREAD_DATES = ("client.birth_date",)
# a decision ends after it starts, and starts after the client's birth (else: the slow path)
_ENDS_AFTER_START = pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("start_date"))
_BORN_BEFORE_START = pl.col("birth_date") <= pl.col("start_date")
_DATES_IN_ORDER = _ENDS_AFTER_START.fill_null(False) & _BORN_BEFORE_START.fill_null(False)


def _vocab(enum: Any) -> list[str]:
    return [member.value for member in enum]


class FlatReader:
    """Reads flat frames for one rule book (municipality names and codes come from it)."""

    def __init__(self, book: Rulebook):
        self.book = book
        lookup: dict[str, tuple[str, str, str]] = {}
        for region, data in book.regions.items():
            for municipality in data.municipalities:
                entry = (region, municipality.name, municipality.cbs)
                lookup[municipality.name.casefold()] = entry
                lookup[municipality.cbs] = entry
        self._region = {key: value[0] for key, value in lookup.items()}
        self._name = {key: value[1] for key, value in lookup.items()}
        self._code = {key: value[2] for key, value in lookup.items()}
        self._per_value, self._outputs, self._checks = self._plan()
        self._blank = {c: pl.col(c).replace("", None) for c in FLAT_COLUMNS}
        self._missing = {c: pl.lit(None, pl.Utf8).alias(c) for c in FLAT_COLUMNS}

    def same_places(self, other: FlatReader) -> bool:
        """Whether both readers know the same municipalities, by the same names and codes,
        in the same regions (and so type every row alike)."""
        return (self._region, self._name, self._code) == (other._region, other._name, other._code)

    def _resolve(self, text: pl.Expr, table: dict[str, str]) -> pl.Expr:
        plain_ascii = ~text.str.contains(r"[^\x00-\x7f]")  # casefold and lowercase agree on ASCII
        key = text.str.to_lowercase()
        return pl.when(plain_ascii).then(key.replace_strict(table, default=None, return_dtype=pl.Utf8))

    def typed(self, flat: pl.DataFrame) -> pl.DataFrame:
        """Typed decision columns (`DECISION_COLUMNS`) plus `fast`: the row is in plain form."""
        return collect(self.typed_plan(flat))

    def typed_plan(self, flat: pl.DataFrame) -> pl.LazyFrame:
        """The plan of `typed`, for a caller to add to before running it."""
        flat = flat.with_columns(
            [self._blank[c] if c in flat.columns else self._missing[c] for c in FLAT_COLUMNS]
        )
        # Columns with few distinct values are checked and typed once per distinct value: a
        # small table per column, spread over the rows by the position of the row's value.
        names = [*self._per_value, "exceptions"]
        distinct = flat.select(pl.col(c).unique().drop_nulls().implode() for c in names)
        values = {name: distinct.get_column(name).item().alias(name) for name in names}
        tables = collect_all(
            values[name].to_frame().lazy().select(**self._per_value[name]) for name in self._per_value
        )
        tables.append(_exception_table(values["exceptions"]))
        codes: list[pl.Expr] = []
        spread: list[pl.Expr] = []
        for name, table in zip(names, tables, strict=True):
            codes.append(pl.col(name).cast(pl.Enum(values[name])).to_physical().alias(f"__code.{name}"))
            spread += [
                pl.lit(column).gather(pl.col(f"__code.{name}")).alias(column.name)
                for column in table.get_columns()
            ]
        return (
            flat.lazy()
            .with_columns(*codes, *_SPREAD_PARSED)
            .with_columns(*spread, *_SPREAD_OK)
            .select(*self._outputs, pl.all_horizontal(self._checks).alias("fast"))
            .with_columns(pl.col("fast") & _DATES_IN_ORDER)
            .select([*DECISION_COLUMNS, "fast"])
        )

    def _plan(self) -> tuple[dict[str, dict[str, pl.Expr]], list[pl.Expr], list[pl.Expr]]:
        """What `typed` computes, built once: per column, the expressions computed once per
        distinct value (columns with few distinct values: places, dates, lists); the output
        columns; and the checks that together make `fast`."""
        plan = _Plan()
        region = self._places(plan)
        plan.text(list(_FREE_TEXT), required=("id", "client.id"))
        _volume_and_lists(plan)
        return plan.per_value, _outputs(plan, region), plan.checks

    def _places(self, plan: _Plan) -> pl.Expr:
        """The municipality (known, plain, of the given region) and the client's residence,
        resolved once per distinct name or code; the decision's region."""
        municipality = pl.col("municipality")
        plan.distinct(
            "municipality",
            {
                "__municipality.plain": ~municipality.str.contains(_NOT_PLAIN_TEXT),
                "__region": self._resolve(municipality, self._region),
                "__municipality": self._resolve(municipality, self._name),
                "__municipality_code": self._resolve(municipality, self._code),
            },
        )
        region = pl.col("__region")
        plan.checks += [plan.plain("__municipality.plain"), municipality.is_not_null(), region.is_not_null()]
        given_region = plan.word("region", self.book.region_names)
        plan.checks.append(given_region.is_null() | (given_region == region))
        residence = pl.col("client.residence_municipality")
        plan.distinct(
            "client.residence_municipality",
            {
                "__residence.plain": ~residence.str.contains(_NOT_PLAIN_TEXT)
                & ~residence.str.contains(r"[^\x00-\x7f]"),
                "__residence": pl.coalesce(self._resolve(residence, self._name), residence),
                "__residence_region": self._resolve(residence, self._region),
            },
        )
        plan.checks.append(plan.plain("__residence.plain"))
        return region


# free-text columns taken as they are, when plain
_FREE_TEXT = (
    "id",
    "client.id",
    "product.code",
    "product.category",
    "product.variant",
    "provider.id",
    "part_of_treatment",
    "extends",
)


class _Plan:
    """The parts of `FlatReader._plan` as they are collected: the expressions per distinct
    value of a column, and the checks; with the readers of each kind of cell."""

    def __init__(self) -> None:
        self.per_value: dict[str, dict[str, pl.Expr]] = {}
        self.checks: list[pl.Expr] = []

    def distinct(self, column: str, expressions: dict[str, pl.Expr]) -> None:
        """Expressions computed once per distinct value of `column`."""
        self.per_value[column] = expressions

    @staticmethod
    def plain(name: str) -> pl.Expr:
        """A check computed per value; true for a missing value."""
        return pl.col(name).fill_null(True)

    def text(self, columns: list[str], required: tuple[str, ...] = ()) -> None:
        # joined by single spaces, the values are plain exactly when each of them is
        joined = pl.concat_str(columns, separator=" ", ignore_nulls=True)
        self.checks.append(~joined.str.contains(_NOT_PLAIN_TEXT).fill_null(False))
        self.checks.extend(pl.col(column).is_not_null() for column in required)

    def word(
        self, column: str, vocabulary: list[str], default: str | None = None, required: bool = False
    ) -> pl.Expr:
        value = pl.col(column)
        self.checks.append(value.is_null() | value.is_in(vocabulary))
        if required:
            self.checks.append(value.is_not_null())
        return value.fill_null(default) if default else value

    def date(self, column: str, required: bool = False) -> pl.Expr:
        value = pl.col(column)
        if column not in _SPREAD_DATES:
            parsed = _parsed_date(value)
            ok = value.str.contains(_ISO_DATE) & parsed.is_not_null()
            self.distinct(column, {f"__{column}": parsed, f"__{column}.ok": ok})
        self.checks.append(self.plain(f"__{column}.ok"))
        if required:
            self.checks.append(value.is_not_null())
        return pl.col(f"__{column}")

    def boolean(self, column: str, default: bool | None = None) -> pl.Expr:
        value = pl.col(column)
        parsed = pl.when(value.is_in(TRUE_WORDS)).then(True).when(value.is_in(FALSE_WORDS)).then(False)
        self.checks.append(value.is_null() | parsed.is_not_null())  # a known word (computed once)
        return parsed.fill_null(default) if default is not None else parsed


def _volume_and_lists(plan: _Plan) -> None:
    """A volume is whole or absent, its amount a plain number; goals and activities are
    plain lists, activities of the vocabulary."""
    volume_parts = [pl.col("volume.amount"), pl.col("volume.unit"), pl.col("volume.per")]
    plan.checks.append(
        pl.all_horizontal([v.is_null() for v in volume_parts])
        | pl.all_horizontal([v.is_not_null() for v in volume_parts])
    )
    plan.checks.append(
        pl.col("volume.amount").is_null() | pl.col("volume.amount").str.contains(_PLAIN_NUMBER)
    )
    goals = pl.col("goals")
    plan.distinct(
        "goals",
        {
            "__goals.plain": ~goals.str.contains(_NOT_PLAIN_LIST),
            "__goals_count": _items(goals).list.len(),
        },
    )
    plan.checks.append(plan.plain("__goals.plain"))
    activities = pl.col("activities")
    activity_items = _items(activities)
    plan.distinct(
        "activities",
        {
            "__activities.plain": ~activities.str.contains(_NOT_PLAIN_LIST),
            "__activities.known": activity_items.list.eval(
                pl.element().is_in(_vocab(Activity)).all()
            ).list.first(),
            "__activities": pl.when(activity_items.list.len() > 0).then(activity_items),
        },
    )
    plan.checks += [
        plan.plain("__activities.plain"),
        plan.plain("__activities.known"),
        plan.plain("__exceptions.plain"),
    ]


def _outputs(plan: _Plan, region: pl.Expr) -> list[pl.Expr]:
    """The decision columns of the engine (`DECISION_COLUMNS`), read from the flat cells."""
    residence = pl.col("client.residence_municipality")
    word, date, boolean = plan.word, plan.date, plan.boolean
    return [
        pl.col("__row"),
        pl.col("id"),
        region.alias("region"),
        pl.col("__municipality").alias("municipality"),
        pl.col("__municipality_code").alias("municipality_code"),
        pl.coalesce("__residence", "__municipality").alias("residence_municipality"),
        pl.when(residence.is_null())
        .then(region)
        .otherwise(pl.col("__residence_region"))
        .alias("residence_region"),
        word("law", _vocab(Law), required=True).alias("law"),
        date("request_date", required=True).alias("request_date"),
        date("decision_date").alias("decision_date"),
        pl.col("client.id").alias("client_id"),
        date("client.birth_date", required=True).alias("birth_date"),
        word("client.child_protection", _vocab(ChildProtection), "geen").alias("child_protection"),
        boolean("client.social_network_involved").alias("social_network_involved"),
        boolean("client.network_strengthening").alias("network_strengthening"),
        boolean("crisis", default=False).alias("crisis"),
        word("service", _vocab(Service), required=True).alias("service"),
        pl.col("product.code").alias("product_code"),
        pl.col("product.category").alias("product_category"),
        pl.col("product.variant").alias("variant"),
        word("form", _vocab(Form), "individueel").alias("form"),
        pl.col("provider.id").alias("provider_id"),
        word("contract", _vocab(Contract), "regulier").alias("contract"),
        date("start_date", required=True).alias("start_date"),
        date("end_date").alias("end_date"),
        pl.col("volume.amount").cast(pl.Float64, strict=False).alias("volume_amount"),
        word("volume.unit", _vocab(VolumeUnit)).alias("volume_unit"),
        word("volume.per", _vocab(VolumePer)).alias("volume_per"),
        word("perspective", _vocab(Perspective)).alias("perspective"),
        word("referrer", _vocab(Referrer)).alias("referrer"),
        pl.col("__goals_count").fill_null(0).cast(pl.Int64).alias("goals_count"),
        pl.col("__activities").alias("activities"),
        boolean("education_arrangement").alias("education_arrangement"),
        pl.col("part_of_treatment"),
        pl.col("extends"),
        boolean("progress").alias("progress"),
        pl.col("__exceptions").alias("exceptions"),
        pl.col("__exceptions_count").fill_null(0).cast(pl.Int64).alias("exceptions_count"),
    ]


def _items(column: pl.Expr) -> pl.Expr:
    """A `;`-separated list cell as a list of its non-empty items."""
    return (
        column.str.split(";")
        .list.eval(pl.element().str.strip_chars(" "))
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def _parsed_date(value: pl.Expr) -> pl.Expr:
    return value.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _date_ok(column: str) -> pl.Expr:
    """Whether a date parsed row by row (into `__<column>`) is in plain form; true when missing."""
    value = pl.col(column)
    return (value.is_null() | (value.str.contains(_ISO_DATE) & pl.col(f"__{column}").is_not_null())).alias(
        f"__{column}.ok"
    )


_SPREAD_PARSED = [_parsed_date(pl.col(c)).alias(f"__{c}") for c in _SPREAD_DATES]
_SPREAD_OK = [_date_ok(c) for c in _SPREAD_DATES]

_KEYS = ("principle", "ground", "motivation")
_SPACE = r"[ \t\n\r]*"  # JSON's whitespace (polars refuses other whitespace between tokens)
_MEMBER = rf'"(?:principle|ground|motivation)"{_SPACE}:{_SPACE}"[^"\\\x00-\x1f]*"'
_OBJECT = rf"\{{{_SPACE}{_MEMBER}(?:{_SPACE},{_SPACE}{_MEMBER})*{_SPACE}\}}"
# a JSON array of flat objects with only those keys and string values without escapes:
# such cells are decoded by polars; any other cell is read by `_plain_exceptions`
_PLAIN_ARRAY = rf"^{_SPACE}\[{_SPACE}(?:{_OBJECT}(?:{_SPACE},{_SPACE}{_OBJECT})*)?{_SPACE}\]{_SPACE}$"
_DUPLICATE_KEY = "|".join(rf'"{key}"\s*:[^{{}}]*"{key}"\s*:' for key in _KEYS)
_RAW_EXCEPTIONS = pl.List(pl.Struct({key: pl.Utf8 for key in _KEYS}))


_ITEM = pl.element().struct
_NAMES_PLAIN = pl.all_horizontal(
    _ITEM.field(key).is_not_null()
    & ~_ITEM.field(key).str.contains(_NOT_PLAIN_TEXT)
    & (_ITEM.field(key) != "")
    for key in ("principle", "ground")
)
_MOTIVATED = (_ITEM.field("motivation").fill_null("").str.strip_chars() != "").alias("motivated")
_DECODED = (
    pl.col("raw").list.eval(_NAMES_PLAIN).list.all().alias("plain"),
    pl.col("raw")
    .list.eval(pl.struct(_ITEM.field("principle"), _ITEM.field("ground"), _MOTIVATED))
    .alias("items"),
)
_SIMPLE = pl.col("cell").str.contains(_PLAIN_ARRAY) & ~pl.col("cell").str.contains(_DUPLICATE_KEY)
_ITEMS = pl.col("items")
_EXCEPTION_TABLE = (
    pl.when(_ITEMS.list.len() > 0).then(_ITEMS).alias("__exceptions"),
    _ITEMS.list.len().alias("__exceptions_count"),
    pl.col("plain").alias("__exceptions.plain"),
)


def _exception_table(cells: pl.Series) -> pl.DataFrame:
    """Per (non-null) `exceptions` JSON cell, in order: the exceptions (`__exceptions`,
    `__exceptions_count`) and whether the cell is plain (`__exceptions.plain`; odd shapes go
    slow). Simple cells are decoded by polars, the others by `_plain_exceptions`."""
    frame = cells.alias("cell").to_frame().with_row_index("__index").with_columns(_SIMPLE.alias("__simple"))
    decoded = (
        frame.filter("__simple")
        .select("__index", pl.col("cell").str.json_decode(_RAW_EXCEPTIONS).alias("raw"))
        .select("__index", *_DECODED)
    )
    odd = [
        (index, _plain_exceptions(text))
        for index, text in frame.filter(~pl.col("__simple")).select("__index", "cell").iter_rows()
    ]
    if odd:
        other = pl.DataFrame(
            {
                "__index": [index for index, _ in odd],
                "plain": [items is not None for _, items in odd],
                "items": [json.dumps(items) if items is not None else None for _, items in odd],
            },
            schema={"__index": pl.UInt32, "plain": pl.Boolean, "items": pl.Utf8},
        ).with_columns(_ITEMS.str.json_decode(EXCEPTION_TYPE))
        decoded = pl.concat([decoded.cast({"items": EXCEPTION_TYPE}), other]).sort("__index")
    return decoded.select(*_EXCEPTION_TABLE).cast({"__exceptions": EXCEPTION_TYPE})


def _plain_exceptions(cell: str) -> list[dict[str, Any]] | None:
    """[{principle, ground, motivated}] for a plain JSON list of exceptions, else None."""
    try:
        raw = load_json(cell)
    except json.JSONDecodeError:  # not JSON, a key twice, or nested too deep: the slow path says which
        return None
    if not isinstance(raw, list):
        return None
    items = []
    for item in raw:
        if not isinstance(item, dict) or not set(item) <= _EXCEPTION_KEYS:
            return None
        principle, ground = item.get("principle"), item.get("ground")
        motivation = item.get("motivation", "")
        if not all(isinstance(v, str) and v and v == " ".join(v.split()) for v in (principle, ground)):
            return None
        if not isinstance(motivation, str):
            return None
        items.append({"principle": principle, "ground": ground, "motivated": bool(motivation.strip())})
    return items

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
from triage.engine.vectorised.engine import DECISION_COLUMNS, EXCEPTION_TYPE
from triage.rulebook.loader import Rulebook
from triage.vocabulary import (
    REGIONS,
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

# stray whitespace, control characters, or whitespace other than a plain space
_NOT_PLAIN_TEXT = r"^\s|\s$|\s\s|[\x00-\x1f\x7f-\x9f]|[^\S ]"
_NOT_PLAIN_LIST = r"[\x00-\x1f\x7f-\x9f]|[^\S ]"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_PLAIN_NUMBER = r"^\d{1,9}(\.\d{1,6})?$"
_EXCEPTION_KEYS = {"principle", "ground", "motivation"}


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

    def _resolve(self, text: pl.Expr, table: dict[str, str]) -> pl.Expr:
        plain_ascii = ~text.str.contains(r"[^\x00-\x7f]")  # casefold and lowercase agree on ASCII
        key = text.str.to_lowercase()
        return pl.when(plain_ascii).then(key.replace_strict(table, default=None, return_dtype=pl.Utf8))

    def typed(self, flat: pl.DataFrame) -> pl.DataFrame:
        """Typed decision columns (`DECISION_COLUMNS`) plus `fast`: the row is in plain form."""
        flat = flat.with_columns(
            [
                pl.col(c).replace("", None) if c in flat.columns else pl.lit(None, pl.Utf8).alias(c)
                for c in FLAT_COLUMNS
            ]
        )
        checks: list[pl.Expr] = []

        def text(column: str, required: bool = False) -> pl.Expr:
            value = pl.col(column)
            checks.append(~value.str.contains(_NOT_PLAIN_TEXT).fill_null(False))
            if required:
                checks.append(value.is_not_null())
            return value

        def word(column: str, vocabulary: list[str], default: str | None = None, required: bool = False):
            value = pl.col(column)
            checks.append(value.is_null() | value.is_in(vocabulary))
            if required:
                checks.append(value.is_not_null())
            return value.fill_null(default) if default else value

        def date(column: str, required: bool = False) -> pl.Expr:
            value = pl.col(column)
            parsed = value.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
            ok = value.str.contains(_ISO_DATE) & parsed.is_not_null()
            checks.append(value.is_null() | ok.fill_null(False))
            if required:
                checks.append(value.is_not_null())
            return parsed

        def boolean(column: str, default: bool | None = None) -> pl.Expr:
            value = pl.col(column)
            checks.append(value.is_null() | value.is_in([*TRUE_WORDS, *FALSE_WORDS]))
            parsed = pl.when(value.is_in(TRUE_WORDS)).then(True).when(value.is_in(FALSE_WORDS)).then(False)
            return parsed.fill_null(default) if default is not None else parsed

        municipality = text("municipality", required=True)
        residence = text("client.residence_municipality")
        region = self._resolve(municipality, self._region)
        checks.append(region.is_not_null())
        given_region = word("region", list(REGIONS))
        checks.append(given_region.is_null() | (given_region == region))
        residence_known = self._resolve(residence.fill_null(municipality), self._name)
        checks.append(residence.is_null() | ~residence.str.contains(r"[^\x00-\x7f]"))

        volume_parts = [pl.col("volume.amount"), pl.col("volume.unit"), pl.col("volume.per")]
        checks.append(
            pl.all_horizontal([v.is_null() for v in volume_parts])
            | pl.all_horizontal([v.is_not_null() for v in volume_parts])
        )
        checks.append(pl.col("volume.amount").is_null() | pl.col("volume.amount").str.contains(_PLAIN_NUMBER))
        checks.append(~pl.col("goals").str.contains(_NOT_PLAIN_LIST).fill_null(False))
        goals = (
            pl.col("goals")
            .str.split(";")
            .list.eval(pl.element().str.strip_chars(" "))
            .list.eval(pl.element().filter(pl.element() != ""))
        )
        checks.append(~pl.col("activities").str.contains(_NOT_PLAIN_LIST).fill_null(False))
        activities = (
            pl.col("activities")
            .str.split(";")
            .list.eval(pl.element().str.strip_chars(" "))
            .list.eval(pl.element().filter(pl.element() != ""))
        )
        checks.append(
            activities.list.eval(pl.element().is_in(_vocab(Activity)).all()).list.first().fill_null(True)
        )

        typed = flat.select(
            pl.col("__row"),
            text("id", required=True).alias("id"),
            region.alias("region"),
            self._resolve(municipality, self._name).alias("municipality"),
            self._resolve(municipality, self._code).alias("municipality_code"),
            pl.coalesce(residence_known, residence).alias("residence_municipality"),
            word("law", _vocab(Law), required=True).alias("law"),
            date("request_date", required=True).alias("request_date"),
            date("decision_date").alias("decision_date"),
            text("client.id", required=True).alias("client_id"),
            date("client.birth_date", required=True).alias("birth_date"),
            word("client.child_protection", _vocab(ChildProtection), "geen").alias("child_protection"),
            boolean("client.social_network_involved").alias("social_network_involved"),
            boolean("client.network_strengthening").alias("network_strengthening"),
            boolean("crisis", default=False).alias("crisis"),
            word("service", _vocab(Service), required=True).alias("service"),
            text("product.code").alias("product_code"),
            text("product.category").alias("product_category"),
            text("product.variant").alias("variant"),
            word("form", _vocab(Form), "individueel").alias("form"),
            text("provider.id").alias("provider_id"),
            word("contract", _vocab(Contract), "regulier").alias("contract"),
            date("start_date", required=True).alias("start_date"),
            date("end_date").alias("end_date"),
            pl.col("volume.amount").cast(pl.Float64, strict=False).alias("volume_amount"),
            word("volume.unit", _vocab(VolumeUnit)).alias("volume_unit"),
            word("volume.per", _vocab(VolumePer)).alias("volume_per"),
            word("perspective", _vocab(Perspective)).alias("perspective"),
            word("referrer", _vocab(Referrer)).alias("referrer"),
            goals.list.len().fill_null(0).cast(pl.Int64).alias("goals_count"),
            pl.when(activities.list.len() > 0).then(activities).alias("activities"),
            boolean("education_arrangement").alias("education_arrangement"),
            text("part_of_treatment").alias("part_of_treatment"),
            text("extends").alias("extends"),
            boolean("progress").alias("progress"),
            pl.col("exceptions"),
            pl.all_horizontal(checks).alias("fast"),
        )
        typed = typed.with_columns(
            pl.col("fast")
            & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("start_date"))).fill_null(False)
            & (pl.col("birth_date") <= pl.col("start_date")).fill_null(False)
        )
        return _with_exceptions(typed).select([*DECISION_COLUMNS, "fast"])


_KEYS = ("principle", "ground", "motivation")
_MEMBER = r'"(?:principle|ground|motivation)"\s*:\s*"[^"\\\x00-\x1f]*"'
_OBJECT = r"\{\s*" + _MEMBER + r"(?:\s*,\s*" + _MEMBER + r")*\s*\}"
# a JSON array of flat objects with only those keys and string values without escapes:
# such cells are decoded by polars; any other cell is read by `_plain_exceptions`
_PLAIN_ARRAY = r"^\s*\[\s*(?:" + _OBJECT + r"(?:\s*,\s*" + _OBJECT + r")*)?\s*\]\s*$"
_DUPLICATE_KEY = "|".join(rf'"{key}"\s*:[^{{}}]*"{key}"\s*:' for key in _KEYS)
_RAW_EXCEPTIONS = pl.List(pl.Struct({key: pl.Utf8 for key in _KEYS}))


def _with_exceptions(typed: pl.DataFrame) -> pl.DataFrame:
    """Parse the `exceptions` JSON cells; odd shapes go slow."""
    cell = pl.col("exceptions")
    simple = (cell.str.contains(_PLAIN_ARRAY) & ~cell.str.contains(_DUPLICATE_KEY)).fill_null(False)
    typed = typed.with_columns(simple.alias("__simple"))
    decoded = typed.filter("__simple").select("__row", cell.str.json_decode(_RAW_EXCEPTIONS).alias("raw"))
    item = pl.element().struct
    names_plain = pl.all_horizontal(
        item.field(key).is_not_null()
        & ~item.field(key).str.contains(_NOT_PLAIN_TEXT)
        & (item.field(key) != "")
        for key in ("principle", "ground")
    )
    decoded = decoded.select(
        "__row",
        pl.col("raw").list.eval(names_plain).list.all().alias("plain"),
        pl.col("raw")
        .list.eval(
            pl.struct(
                item.field("principle"),
                item.field("ground"),
                (item.field("motivation").fill_null("").str.strip_chars() != "").alias("motivated"),
            )
        )
        .alias("items"),
    )
    odd_cells = typed.filter(cell.is_not_null() & ~pl.col("__simple")).select("__row", "exceptions")
    odd = [(row, _plain_exceptions(text)) for row, text in odd_cells.iter_rows()]
    parsed = pl.concat(
        [
            decoded.cast({"items": EXCEPTION_TYPE}),
            pl.DataFrame(
                {
                    "__row": [row for row, _ in odd],
                    "plain": [items is not None for _, items in odd],
                    "items": [json.dumps(items) if items is not None else None for _, items in odd],
                },
                schema={"__row": pl.Int64, "plain": pl.Boolean, "items": pl.Utf8},
            ).with_columns(pl.col("items").str.json_decode(EXCEPTION_TYPE)),
        ]
    )
    typed = typed.drop("exceptions", "__simple").join(parsed, on="__row", how="left", maintain_order="left")
    return typed.with_columns(
        pl.when(pl.col("items").list.len() > 0).then(pl.col("items")).alias("exceptions"),
        pl.col("items").list.len().fill_null(0).cast(pl.Int64).alias("exceptions_count"),
        pl.col("fast") & pl.col("plain").fill_null(True),
    ).drop("items", "plain")


def _plain_exceptions(cell: str) -> list[dict[str, Any]] | None:
    """[{principle, ground, motivated}] for a plain JSON list of exceptions, else None."""
    try:
        raw = json.loads(cell)
    except json.JSONDecodeError:
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

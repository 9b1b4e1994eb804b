"""What may be a BSN (burgerservicenummer): decisions carry a pseudonymous client id, and a
BSN typed into it, or into any other field that outputs repeat, is refused everywhere
(check, audit, web, API) without being echoed.

`BSN_GUARDS` is the one list of those fields and their test: the decision model, the web
form and the audit's fast path all read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # polars is imported where a column is checked, not by every command
    import polars as pl

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
BSN_REASON = (
    "lijkt een burgerservicenummer (BSN); een BSN hoort niet in triage (gebruik voor de cliënt het "
    "pseudonieme cliëntnummer). De waarde is niet getoond."
)


def looks_like_bsn(text: str) -> bool:
    """Eight or nine digits (spaces and dots allowed) that pass the elfproef."""
    digits = re.sub(r"[\s.]", "", text)
    if not re.fullmatch(r"\d{8,9}", digits):
        return False
    digits = digits.zfill(9)
    return int(digits) != 0 and sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True)) % 11 == 0


def contains_bsn(text: str) -> bool:
    """Whether free text holds a number that may be a BSN."""
    return any(looks_like_bsn(number) for number in re.findall(r"(?<!\d)\d{8,9}(?!\d)", text))


def looks_like_nine_digit_bsn(text: str) -> bool:
    """A BSN of nine digits: the test for a provider's id, whose AGB code has eight digits
    (one AGB code in eleven passes the elfproef and must not be refused)."""
    return len(re.sub(r"[\s.]", "", text)) == 9 and looks_like_bsn(text)


BSN_IN_TEXT_REASON = (
    "bevat een getal dat een burgerservicenummer (BSN) kan zijn; een BSN hoort niet in een beschikking "
    "voor triage. De waarde is niet getoond."
)
# field (dotted, as in the decision format) -> (test of its text, reason). Identifiers are
# refused when they are a BSN; text that outputs repeat when it holds one.
BSN_GUARDS: dict[str, tuple[Callable[[str], bool], str]] = {
    "id": (looks_like_bsn, BSN_REASON),
    "client.id": (looks_like_bsn, BSN_REASON),
    "extends": (looks_like_bsn, BSN_REASON),
    "provider.id": (looks_like_nine_digit_bsn, BSN_REASON),
    "provider.name": (contains_bsn, BSN_IN_TEXT_REASON),
    "product.code": (contains_bsn, BSN_IN_TEXT_REASON),
    "product.category": (contains_bsn, BSN_IN_TEXT_REASON),
    "product.variant": (contains_bsn, BSN_IN_TEXT_REASON),
    "part_of_treatment": (contains_bsn, BSN_IN_TEXT_REASON),
    "client.residence_municipality": (contains_bsn, BSN_IN_TEXT_REASON),
}


def bsn_problem(field: str, value: object) -> str | None:
    """The reason to refuse `value` for `field` (see `BSN_GUARDS`), or None."""
    guard = BSN_GUARDS.get(field)
    if guard is None or isinstance(value, bool) or not isinstance(value, str | int):
        return None
    test, reason = guard
    return reason if test(str(value)) else None


def looks_like_bsn_expr(text: pl.Expr) -> pl.Expr:
    """`looks_like_bsn` for a text column (null stays null)."""
    import polars as pl

    stripped = text.str.replace_all(r"[\s.]", "")
    candidate = stripped.str.contains(r"^\d{8,9}$")
    digits = stripped.str.zfill(9)
    weighted = pl.lit(0, pl.Int32)
    for i, weight in enumerate(_BSN_WEIGHTS):
        weighted = weighted + digits.str.slice(i, 1).cast(pl.Int32, strict=False) * weight
    # a digit that is not 0-9 (\d also takes other scripts' digits) counts as a possible BSN
    passes = candidate & (digits != "000000000") & (weighted % 11 == 0).fill_null(True)
    # only text of digits, spaces and dots can pass: the arithmetic is skipped for the rest
    possible = text.str.contains(r"^[\d\s.]{8,}$")
    return pl.when(text.is_null()).then(pl.lit(None, pl.Boolean)).when(possible).then(passes).otherwise(False)


# every value that can fail a guard holds this: eight digits, perhaps with spaces and dots
_CANDIDATE = r"\d[\d\s.]{6,}\d"
# ... and for a provider's id (an eight-digit AGB code in every row), nine digits
_CANDIDATES = {"provider.id": r"\d(?:[\s.]*\d){8}"}


def bsn_rows(flat: pl.DataFrame) -> pl.Series:
    """For a frame of flat columns (dotted names), whether the row has a field that fails its
    test of `BSN_GUARDS` (such rows take the reference path, which refuses them). Exact, and
    cheap on ordinary rows: a row is a suspect when a guarded field holds eight digits (nine
    for a provider's id), perhaps with spaces and dots between them; only the values of
    suspects are tested, by `bsn_problem` itself."""
    import polars as pl

    fields = [field for field in BSN_GUARDS if field in flat.columns]
    searched = [pl.col(f).str.contains(_CANDIDATES.get(f, _CANDIDATE)) for f in fields]
    found = flat.select(pl.any_horizontal(searched).fill_null(False)).to_series()
    if not found.any():
        return pl.repeat(False, flat.height, eager=True, dtype=pl.Boolean).alias("__may_hold_bsn")
    failing = pl.repeat(False, flat.height, eager=True, dtype=pl.Boolean)
    suspects = flat.filter(found)
    for field in fields:
        column = flat.get_column(field)
        values = suspects.get_column(field).drop_nulls().unique()
        bad = [value for value in values.to_list() if bsn_problem(field, value) is not None]
        if bad:
            failing = failing | column.is_in(bad).fill_null(False)
    return failing.alias("__may_hold_bsn")

"""What may be a BSN (burgerservicenummer): decisions carry a pseudonymous client id, and a
BSN typed into it is refused everywhere (check, audit, web, API) without being echoed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # polars is imported where a column is checked, not by every command
    import polars as pl

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
BSN_REASON = (
    "lijkt een burgerservicenummer (BSN); gebruik het pseudonieme cliëntnummer. De waarde is niet getoond."
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

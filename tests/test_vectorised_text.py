"""Text helpers of the vectorised engine give what the reference explanation gives."""

from __future__ import annotations

import random

import polars as pl

from triage.engine.vectorised.explain import _IRREGULAR_WHITESPACE


def test_collapsing_irregular_whitespace_equals_collapsing_every_run() -> None:
    rng = random.Random(7)
    alphabet = ["a", "b", "é", " ", " ", " ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\x0b"]
    texts = ["", " ", "  ", "a b", " a\t b ", "\u00a0", "a \u00a0b"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    column = pl.Series("t", texts)
    expected = column.str.replace_all(r"\s+", " ")
    assert column.str.replace_all(_IRREGULAR_WHITESPACE, " ").to_list() == expected.to_list()
    # and both are what `triage.explanation.render` does, apart from stripping the ends
    assert expected.str.strip_chars(" ").to_list() == [" ".join(t.split()) for t in texts]

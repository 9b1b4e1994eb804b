"""One presentation vocabulary: every name a finding can list has a Dutch label, and the
terminal, the page and the reports take verdict labels and colours from the same table."""

from __future__ import annotations

from triage import presentation
from triage.facts import FACTS
from triage.presentation import COMPUTED_LABELS, FACT_LABELS, FIELD_LABELS, LEVELS, label
from triage.rulebook.loader import TEMPLATE_EXTRAS, load_rulebook
from triage.vocabulary import Outcome


def test_every_fact_computed_date_parameter_and_context_value_has_a_dutch_label() -> None:
    book = load_rulebook()
    names = set(FACTS) | set(TEMPLATE_EXTRAS) | {n for rule in book.rules for n in rule.compute}
    unlabelled = sorted(
        name
        for name in names
        if name not in FACT_LABELS and name not in FIELD_LABELS and name not in COMPUTED_LABELS
    )
    assert not unlabelled, f"no Dutch label in triage.presentation for {unlabelled}"
    for name in book.parameter_descriptions:
        assert label(name, book.parameter_descriptions) == book.parameter_descriptions[name]
    assert label("last_allowed_end_date") == "Uiterste einddatum"


def test_every_outcome_level_has_a_label_colour_and_symbol() -> None:
    assert set(LEVELS) == set(Outcome)
    for level, look in LEVELS.items():
        assert look.label and look.terminal and look.symbol, level
        assert look.html.startswith("#") and len(look.html) == 7, level
        assert (look.asks is None) == (level == Outcome.SIGNAAL), level
    assert presentation.verdict_label("niet_conform") == "Niet conform"
    assert presentation.finding_label("conform_met_uitzondering") == "Uitzondering"
    assert presentation.priority_label("voorrang") == "Voorrang"

"""The choices of the consultant's form: the closed vocabularies as (value, Dutch label)
pairs for its pickers, grouped services, and the labels of an exception row's parts. Where
the form needs no more than the words messages use (units, periods, activities), the
choices are the rule book's words (`FormView.choices`)."""

from __future__ import annotations

from triage import wording
from triage.vocabulary import FORM_LABELS, SERVICE_GROUPS

EXCEPTION_PART_LABELS = {"principle": "principe", "ground": "grond", "motivation": "motivering"}
NOT_RECORDED = wording.NOT_RECORDED.capitalize()  # "Niet vastgelegd", as a choice
TRI_STATE = (("", NOT_RECORDED), ("true", "Ja"), ("false", "Nee"))


def form_label(vocabulary: str, value: str) -> str:
    """The form's Dutch label of one value of a closed vocabulary (`vocabularies.yaml`)."""
    return FORM_LABELS[vocabulary][value] or value


def _choices(vocabulary: str) -> list[tuple[str, str]]:
    return [(value, form_label(vocabulary, value)) for value in FORM_LABELS[vocabulary]]


# (value, Dutch label) choices of the closed vocabularies with labels of their own, for the
# form's pickers (`form_options.OPTIONS.law` in the templates); a perspective may be left open
OPTIONS = {name: _choices(name) for name in ("law", "child_protection", "form", "referrer", "contract")}
OPTIONS["perspective"] = [("", NOT_RECORDED), *_choices("perspective")]
# the services in groups by the law the form shows them under: (group, choices)
SERVICE_CHOICES = [
    (group, [(value, form_label("service", value)) for value in values])
    for group, values in SERVICE_GROUPS.items()
]
# the vocabularies whose words on the form are the rule book's (catalogue.yaml `labels`),
# as messages show them: see `FormView.choices`
BOOK_WORDS = {"unit": "volume_unit", "per": "volume_per", "activity": "activity"}

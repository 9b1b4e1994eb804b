"""The machinery of the scenario step vocabulary: how a step is defined, matched and shown
to policy staff, and `STEPS`, the vocabulary itself. The steps are defined in
`triage.scenario.steps` (decisions) and `triage.scenario.levels` (contracts, populations),
which register themselves here when `triage.scenario.steps` is imported.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import parse
import yaml

if TYPE_CHECKING:
    from triage.engine.engine import Engine
    from triage.scenario.defaults import ScenarioState

GIVEN, WHEN, THEN = "gegeven", "als", "dan"
FIRES, HELD = "gaat af", "houdt"  # what a step shows about a rule (`triage rules coverage`)

# how a step's argument is shown to policy staff (the README's tables, suggestions)
PLACEHOLDERS = {
    "service": "dienst",
    "municipality": "gemeente",
    "start": "JJJJ-MM-DD",
    "end": "JJJJ-MM-DD",
    "date": "datum",
    "law": "wet",
    "status": "status",
    "perspective": "perspectief",
    "form": "vorm",
    "contract": "contract",
    "referrer": "verwijzer",
    "amount": "getal",
    "unit": "eenheid",
    "per": "periode",
    "variant": "variant",
    "activities": "a>, <b",
    "reference": "kenmerk",
    "principle": "principe",
    "ground": "grond",
    "motivation": "tekst",
    "name": "naam",
    "value": "waarde",
    "path": "veld",
    "verdict": "oordeel",
    "rule": "ID",
    "outcome": "uitkomst",
    "level": "klasse",
    "text": "tekst",
    "document": "document",
    "section": "sectie",
    "segment": "id",
    "label": "voorstel",
}
_FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


class StepError(ValueError):
    """A step that cannot be carried out as written (a date that is no date, ...); Dutch."""


class Mismatch(AssertionError):
    """A `Dan` step that does not hold: what the scenario expected and what was found."""

    def __init__(self, expected: str, actual: str):
        self.expected = expected
        self.actual = actual
        super().__init__(f"verwacht: {expected}; werkelijk: {actual}")


@dataclass(frozen=True)
class StepDefinition:
    """One step of the vocabulary."""

    kind: str  # GIVEN, WHEN or THEN: where it belongs in a scenario (documentation only)
    pattern: str  # a `parse` format, or a regular expression when `regex`
    function: Callable[..., None]
    regex: bool = False
    shows: str | None = None  # FIRES or HELD: the step shows its `rule` firing or held
    _compiled: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        compiled = re.compile(self.pattern) if self.regex else parse.compile(self.pattern)
        object.__setattr__(self, "_compiled", compiled)

    @property
    def arguments(self) -> tuple[str, ...]:
        """The names of the step's arguments, in order."""
        finder = _GROUP if self.regex else _FIELD
        return tuple(finder.findall(self.pattern))

    @property
    def template(self) -> str:
        """The step as policy staff write it, with `<placeholders>` for its arguments."""
        if self.regex:
            text = _GROUP.sub(lambda m: f"<{PLACEHOLDERS[m.group(1)]}>", self.pattern)
            return text.removesuffix("$")
        return _FIELD.sub(lambda m: f"<{PLACEHOLDERS[m.group(1)]}>", self.pattern)

    def match(self, text: str) -> dict[str, Any] | None:
        """The step's arguments when `text` is this step, else None."""
        if self.regex:
            found = self._compiled.fullmatch(text)
            return found.groupdict() if found else None
        found = self._compiled.parse(text)
        return dict(found.named) if found is not None else None

    def run(self, state: ScenarioState, engine: Engine, arguments: dict[str, Any]) -> None:
        self.function(state, engine, **arguments)


STEPS: list[StepDefinition] = []


def step(kind: str, pattern: str, *, regex: bool = False, shows: str | None = None):
    """A decorator: the function is the step with this pattern (registered in `STEPS`)."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        STEPS.append(StepDefinition(kind, pattern, function, regex, shows))
        return function

    return register


def find_step(text: str) -> tuple[StepDefinition, dict[str, Any]] | None:
    """The definition of a step and its arguments, or None for an unknown step."""
    for definition in STEPS:
        arguments = definition.match(text)
        if arguments is not None:
            return definition, arguments
    return None


def closest_steps(text: str, count: int = 3) -> list[str]:
    """The known steps most like an unknown one (as templates), most alike first: alike in
    letters and in words, with what looks like an argument (a date, a number, an id, a quoted
    text, a word_with_underscores) set aside on both sides."""
    shape = _ARGUMENT.sub("<>", text.casefold())
    scored = []
    for definition in STEPS:
        template = definition.template
        known = _PLACEHOLDER.sub("<>", template.casefold())
        letters = difflib.SequenceMatcher(None, shape, known, autojunk=False).ratio()
        words = difflib.SequenceMatcher(None, shape.split(), known.split(), autojunk=False).ratio()
        scored.append((letters + words, template))
    scored.sort(key=lambda item: -item[0])
    return [template for _, template in scored[:count]]


_ARGUMENT = re.compile(r'"[^"]*"|\S*\d\S*|\S+_\S+')
_PLACEHOLDER = re.compile(r"<[^<>]*>")


def read_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise StepError(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2027-03-01") from None


def read_value(text: str) -> Any:
    """A value written in a step (YAML: `6`, `true`, `[a, b]`, `"  "`)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise StepError(
            f"'{text}' is geen leesbare waarde; schrijf een getal, true/false, tekst of een lijst [a, b]"
        ) from None

"""Turn fired rules into findings a consultant can act on, and derive verdict and priority.

Every finding says which rule, why (the facts that made it fire), the source and the remedy.
Recorded exceptions are weighed here: an accepted one turns a "tenzij" finding into
`conform_met_uitzondering`; one that does not count is explained. Motivation texts are
never echoed (they may hold personal details).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from triage import wording
from triage.contracts.facts import CONTRACT_FACTS
from triage.date_arithmetic import shift_date_of
from triage.decision import Decision, RecordedException
from triage.facts import FACTS
from triage.outcome import AppliedException, Finding, Priority, SourceRef
from triage.rulebook.conditions import operand_references, walk_tests
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import PLACEHOLDER, REGIONAL_SOURCE, Rule
from triage.vocabulary import Outcome, PriorityClass


def with_unit(value: Any, unit: tuple[str, str] | None) -> str:
    """`display` of a parameter's value, followed by its unit ("9 maanden", "1 dag")."""
    text = wording.display(value)
    if unit is None or value is None:
        return text
    return wording.WITH_UNIT.fill(value=text, unit=unit_word(unit, value == 1))


def unit_word(unit: tuple[str, str], one: bool) -> str:
    """The unit for an amount: (plural, singular) as `Rulebook.units` gives them."""
    return unit[1] if one else unit[0]


def in_words(value: Any, labels: dict[str, str]) -> Any:
    """A vocabulary value (or each of a list) in Dutch words ("begeleiding_wmo" as
    "Wmo-begeleiding")."""
    if isinstance(value, list | tuple):
        return [labels.get(item, item) for item in value]
    return labels.get(value, value) if isinstance(value, str) else value


def render(template: str, values: dict[str, Any], book: Rulebook | None = None) -> str:
    """Fill `{name}` placeholders (names were checked at load; no format-string access): a
    parameter with a unit is shown with it, a vocabulary value in Dutch words (`book`)."""
    return Template(template, book).fill(values)


class Template:
    """A message template split once, with the placeholders whose values are known ahead
    (`fixed`) already filled: population figures fill one template per provider, and only
    the provider's own numbers change from one to the next. `fill` fills the rest as
    `render` does."""

    def __init__(
        self, template: str, book: Rulebook | None = None, fixed: dict[str, Any] | None = None
    ) -> None:
        units = book.units if book is not None else {}
        labels = book.labels if book is not None else {}
        self._pieces = list(_template_pieces(template))
        # the placeholders left: (position, name, its vocabulary's words, its unit)
        self._open: list[tuple[int, str, dict[str, str] | None, tuple[str, str] | None]] = []
        for at in range(1, len(self._pieces), 2):  # the names, between the literal texts
            name = self._pieces[at]
            if fixed is not None and name in fixed:
                self._pieces[at] = _shown(fixed[name], labels.get(name), units.get(name))
            else:
                self._open.append((at, name, labels.get(name), units.get(name)))

    def fill(self, values: dict[str, Any]) -> str:
        """The text, with the placeholders not fixed ahead taken from `values`."""
        pieces = self._pieces.copy()
        for at, name, labels, unit in self._open:
            pieces[at] = _shown(values.get(name), labels, unit)
        return " ".join("".join(pieces).split())


def _shown(value: Any, labels: dict[str, str] | None, unit: tuple[str, str] | None) -> str:
    """A placeholder's value as a text shows it: in Dutch words, with its unit."""
    if labels is not None:
        value = in_words(value, labels)
    return with_unit(value, unit) if unit is not None else wording.display(value)


@functools.lru_cache(maxsize=4096)
def _template_pieces(template: str) -> tuple[str, ...]:
    """Literal text and placeholder names of a template, alternately."""
    pieces = PLACEHOLDER.split(template)
    return tuple(piece.strip() if at % 2 else piece for at, piece in enumerate(pieces))


def title_text(rule: Rule, book: Rulebook, params: dict[str, Any]) -> str:
    """The rule's title with its parameters filled in."""
    return render(rule.title, params, book)


def summary_title(rule: Rule, book: Rulebook, region: str | None = None, on: dt.date | None = None) -> str:
    """The title outside any decision (listings, reports): with the values of the region
    (default: the rule's own) in force on `on`, or on the rule's first day when that is later."""
    assert rule.valid_from is not None
    day = max(on or dt.date.today(), rule.valid_from)
    return title_text(rule, book, book.parameters(region or rule.region, "", day))


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class Context:
    """What the explanation of one decision may draw on."""

    book: Rulebook
    decision: Decision
    facts: dict[str, Any]
    params: dict[str, Any]
    extras: dict[str, Any]


def condition_references(rule: Rule) -> tuple[list[str], list[str]]:
    """(facts, parameters) the rule's conditions name, in the order a finding lists them."""
    names: list[str] = []
    params: list[str] = []
    known = CONTRACT_FACTS if rule.level == "contract" else FACTS
    for condition in (rule.applies_to, rule.when):
        for test in walk_tests(condition):
            # the subject of a test is a fact, or a parameter (`missing` only)
            (names if test.fact in known else params).append(test.fact)
            facts, used_params, _ = operand_references(test.operand)
            names += sorted(facts)
            params += sorted(used_params)
    return names, params


COMPUTED, FACT, PARAMETER = "computed", "fact", "parameter"


def finding_fact_names(rule: Rule, parameters: Collection[str]) -> list[tuple[str, str]]:
    """What a finding's `facts` list, in order, each once, with where its value comes from:
    `computed` (a date the rule computes), `fact` (a fact or a value of the context such as
    `region_name`; null when the decision does not record it) or `parameter` (left out where
    it has no value). `parameters`: the names that are parameters here."""
    names, params = condition_references(rule)
    for name in sorted(rule.placeholders()):
        (params if name in parameters and name not in FACTS else names).append(name)
    entries: dict[str, str] = {}
    for name in names:
        entries.setdefault(name, COMPUTED if name in rule.compute else FACT)
    for name in params:
        entries.setdefault(name, PARAMETER)
    for name in rule.compute:
        entries.setdefault(name, COMPUTED)
    return list(entries.items())


def _rule_facts(rule: Rule, ctx: Context, computed: dict[str, Any]) -> dict[str, Any]:
    """The facts, parameters and computed values the rule looks at, with their values."""
    result: dict[str, Any] = {}
    for name, source in finding_fact_names(rule, ctx.params):
        if source == COMPUTED:
            result[name] = _json_value(computed[name])
        elif source == FACT:
            result[name] = _json_value(ctx.facts.get(name, ctx.extras.get(name)))
        elif name in ctx.params:
            result[name] = _json_value(ctx.params[name])
    return result


def _weigh_exception(
    rule: Rule, recorded: list[RecordedException], book: Rulebook
) -> AppliedException | None:
    own = [e for e in recorded if e.principle == rule.principle]
    deviation = rule.level == "contract"
    if not own:
        return None
    if rule.unless is None:
        if rule.outcome == Outcome.SIGNAAL:
            return None
        first = own[0]
        return AppliedException(
            principle=first.principle,
            ground=first.ground,
            accepted=False,
            reason=(wording.DEVIATION_NOT_ALLOWED if deviation else wording.NO_EXCEPTION).fill(),
        )
    for exception in own:
        if rule.unless.accepts(exception.ground) and exception.motivation.strip():
            return AppliedException(
                principle=exception.principle,
                ground=exception.ground,
                accepted=True,
                reason=wording.DEVIATION_ACCEPTED.fill()
                if deviation
                else wording.EXCEPTION_ACCEPTED.fill(ground=ground_text(exception.ground, book)),
            )
    first = own[0]
    if not rule.unless.accepts(first.ground):
        reason = wording.GROUND_NOT_ACCEPTED.fill(ground=first.ground, grounds=accepted_grounds(rule))
    elif deviation:
        reason = wording.DEVIATION_UNMOTIVATED.fill()
    else:
        reason = wording.NO_MOTIVATION.fill()
    return AppliedException(principle=first.principle, ground=first.ground, accepted=False, reason=reason)


def accepted_grounds(rule: Rule) -> str:
    """The grounds a rule accepts, as a rejected exception names them."""
    assert rule.unless is not None
    return wording.ACCEPTED_GROUNDS_SEPARATOR.join(rule.unless.grounds)


def ground_text(ground: str, book: Rulebook) -> str:
    """`id (description)` of a catalogue ground, any other ground as it is."""
    try:
        return wording.GROUND_DESCRIBED.fill(ground=ground, description=book.ground_description(ground))
    except StopIteration:
        return ground


def exception_remedy(rule: Rule, book: Rulebook) -> str:
    """How to record an exception that the rule accepts."""
    assert rule.unless is not None
    if rule.unless.deviation:
        return wording.DEVIATION_REMEDY.fill(principle=rule.principle)
    if rule.unless.any_ground:
        grounds = wording.ANY_GROUND.fill()
    else:
        choice = wording.GROUND_CHOICE.join(ground_text(g, book) for g in rule.unless.grounds)
        grounds = wording.THESE_GROUNDS.fill(grounds=choice)
    return wording.RECORD_EXCEPTION.fill(principle=rule.principle, grounds=grounds)


def suggestion_sources(rule: Rule) -> list[tuple[str, str, Any]]:
    """The rule's `suggest` as (decision field, where the value comes from, name or value):
    `computed`, `parameter` or `fact` with a name, or `literal` with the value itself."""
    sources = []
    for field_name, operand in rule.suggest.items():
        for key, source in (("computed", COMPUTED), ("param", PARAMETER), ("fact", FACT)):
            if isinstance(operand, dict) and key in operand:
                sources.append((field_name, source, operand[key]))
                break
        else:
            sources.append((field_name, LITERAL, operand))
    return sources


LITERAL = "literal"


def suggested_exception(rule: Rule) -> dict[str, Any] | None:
    """The exception a finding suggests recording: its principle and accepted grounds (None:
    any ground). An exception makes the finding conform_met_uitzondering; a signal it leaves
    a signal, so an exception is only suggested where it changes the outcome."""
    if rule.unless is None or rule.outcome == Outcome.SIGNAAL or rule.level != "decision":
        return None  # (a contract's deviation is recorded in the register, not suggested)
    return {"principle": rule.principle, "grounds": list(rule.unless.grounds) or None}


def suggested_changes(rule: Rule, ctx: Context, computed: dict[str, Any]) -> dict[str, Any] | None:
    """The decision fields of the rule's `suggest` with their new values; None when one of
    them is not known (a fact not recorded, a parameter without a value): then there is no
    change that could be applied, and the rule's `remedy_without_suggestion` says what to do."""
    changes: dict[str, Any] = {}
    lookup = {COMPUTED: computed.get, PARAMETER: ctx.params.get, FACT: ctx.facts.get}
    for field_name, source, name in suggestion_sources(rule):
        value = name if source == LITERAL else lookup[source](name)
        if value is None:
            return None
        changes[field_name] = _json_value(value)
    return changes


def _suggestion(rule: Rule, changes: dict[str, Any] | None) -> dict[str, Any] | None:
    suggestion = dict(changes or {})
    exception = suggested_exception(rule)
    if exception is not None:
        suggestion["exception"] = exception
    return suggestion or None


def section_text(section: str) -> str:
    """A section as readers cite it: `§5.4`, or an article as written (`art. 1.1`)."""
    return section if section.startswith("art.") else f"§{section}"


def source_ref(rule: Rule, book: Rulebook, region: str) -> SourceRef:
    """The rule's source with the document's title and status; for `{document: regional}`
    the region's own document where it says from when it applies."""
    assert rule.source is not None
    if rule.source.document == REGIONAL_SOURCE:
        return regional_source(book, region)
    document = book.document(rule.source.document)
    assert rule.source.section is not None
    return SourceRef(
        document=document.id,
        section=rule.source.section,
        quote=rule.source.quote,
        title=document.title,
        status=document.status,
    )


def citation_text(document: str, section: str, status: str | None = None, title: str | None = None) -> str:
    """How a source is cited in Dutch text: "ZOU-2027 §5.4", "Jeugdwet art. 1.1", with the
    title in brackets when given and the document's status after a dash
    ("MH-2025 §4.3 — consultatieversie")."""
    text = f"{document} {section_text(section)}"
    if title:
        text += f" ({title})"
    return f"{text} — {status}" if status else text


def regional_source(book: Rulebook, region: str) -> SourceRef:
    """The region's own document, where it says from when it applies."""
    document = book.region_document(region)
    assert document is not None and document.in_force_section is not None
    return SourceRef(
        document=document.id,
        section=document.in_force_section,
        quote=document.in_force_quote,
        title=document.title,
        status=document.status,
    )


def make_finding(rule: Rule, ctx: Context, computed: dict[str, Any]) -> Finding:
    """The finding for a rule that fired, with any recorded exception weighed."""
    assert rule.outcome is not None
    values = {**ctx.facts, **ctx.params, **ctx.extras, **computed}
    message = render(rule.message, values, ctx.book)
    changes = suggested_changes(rule, ctx, computed) if rule.suggest else None
    remedy_text = rule.remedy
    if rule.suggest and changes is None and rule.remedy_without_suggestion:
        remedy_text = rule.remedy_without_suggestion
    remedy = render(remedy_text, values, ctx.book) if remedy_text else None
    outcome = rule.outcome
    exception = _weigh_exception(rule, ctx.decision.exceptions, ctx.book)
    if exception is not None and exception.accepted:
        # a signal never changes the verdict, so an exception to it does not either
        if outcome != Outcome.SIGNAAL:
            outcome = Outcome.CONFORM_MET_UITZONDERING
        message = wording.FOLLOWED_BY.fill(first=message, then=exception.reason)
        remedy = None
    elif rule.unless is not None:
        record = exception_remedy(rule, ctx.book)
        remedy = wording.FOLLOWED_BY.fill(first=remedy, then=record) if remedy else record
        if exception is not None:
            remedy = wording.FOLLOWED_BY.fill(first=exception.reason, then=remedy)
    return Finding(
        rule=rule.id,
        principle=rule.principle,
        outcome=outcome,
        message=message,
        facts=_rule_facts(rule, ctx, computed),
        source=source_ref(rule, ctx.book, ctx.facts["region"]),
        remedy=remedy,
        title=title_text(rule, ctx.book, ctx.params),
        exception=exception,
        suggestion=None if exception is not None and exception.accepted else _suggestion(rule, changes),
    )


def verdict_of(findings: list[Finding]) -> Outcome:
    """The most severe finding outcome; signals do not count."""
    worst = max((f.outcome for f in findings), key=lambda o: o.severity, default=Outcome.CONFORM)
    return Outcome.CONFORM if worst.severity == 0 else worst


def default_priority() -> Priority:
    """The priority of a decision for which no priority rule fired."""
    return Priority(priority_class=PriorityClass.REGULIER, start_by=None, reason=wording.NO_PRIORITY.fill())


def make_priority(rules: list[Rule], ctx: Context) -> Priority:
    """The most urgent priority among the priority rules that fired (regulier if none)."""
    candidates: list[Priority] = []
    request = ctx.decision.request_date
    values = {**ctx.facts, **ctx.params, **ctx.extras}
    for rule in rules:
        assert rule.priority is not None
        start_by = None
        if rule.priority.start_within is not None:
            unit, amount = rule.priority.start_within.amount(ctx.params)
            if amount is not None:
                months, days = (0, amount) if unit == "days" else (amount, 0)
                start_by = shift_date_of("request_date", request, months, days)
        candidates.append(
            Priority(
                priority_class=rule.priority.priority_class,
                start_by=start_by,
                reason=render(rule.message, {**values, "start_by": start_by}, ctx.book),
                rule=rule.id,
                source=source_ref(rule, ctx.book, ctx.facts["region"]),
            )
        )
    if not candidates:
        return default_priority()
    return min(candidates, key=lambda p: (p.priority_class.rank, p.start_by or dt.date.max))

"""Turn fired rules into findings a consultant can act on, and derive verdict and priority.

Every finding says which rule, why (the facts that made it fire), the source and the remedy.
Recorded exceptions are weighed here: an accepted one turns a "tenzij" finding into
`conform_met_uitzondering`; one that does not count is explained. Motivation texts are
never echoed (they may hold personal details).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from triage.contracts.facts import CONTRACT_FACTS
from triage.decision import Decision, RecordedException
from triage.facts import FACTS, shift_date_of
from triage.outcome import AppliedException, Finding, Priority, SourceRef
from triage.rulebook.conditions import operand_references, walk_tests
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import PLACEHOLDER, REGIONAL_SOURCE, Rule
from triage.vocabulary import Outcome, PriorityClass


def display(value: Any) -> str:
    """A value as plain Dutch text in a message."""
    if value is None:
        return "niet vastgelegd"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(display(item) for item in value) or "geen"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def with_unit(value: Any, unit: tuple[str, str] | None) -> str:
    """`display` of a parameter's value, followed by its unit ("9 maanden", "1 dag")."""
    text = display(value)
    if unit is None or value is None:
        return text
    return f"{text} {unit[1] if value == 1 else unit[0]}"


def in_words(value: Any, labels: dict[str, str]) -> Any:
    """A vocabulary value (or each of a list) in Dutch words ("begeleiding_wmo" as
    "Wmo-begeleiding")."""
    if isinstance(value, list | tuple):
        return [labels.get(item, item) for item in value]
    return labels.get(value, value) if isinstance(value, str) else value


def render(template: str, values: dict[str, Any], book: Rulebook | None = None) -> str:
    """Fill `{name}` placeholders (names were checked at load; no format-string access): a
    parameter with a unit is shown with it, a vocabulary value in Dutch words (`book`)."""
    units = book.units if book else {}
    labels = book.labels if book else {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        value = values.get(name)
        if name in labels:
            value = in_words(value, labels[name])
        return with_unit(value, units.get(name))

    return " ".join(PLACEHOLDER.sub(fill, template).split())


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


def rule_facts(rule: Rule, ctx: Context, computed: dict[str, Any]) -> dict[str, Any]:
    """The facts, parameters and computed values the rule looks at, with their values."""
    names, params = condition_references(rule)
    for name in sorted(rule.placeholders()):
        (params if name in ctx.params else names).append(name)
    result: dict[str, Any] = {}
    for name in names:
        if name in computed:
            result[name] = _json_value(computed[name])
        elif name in ctx.facts:
            result[name] = _json_value(ctx.facts[name])
        elif name in ctx.extras:
            result[name] = ctx.extras[name]
        else:
            result[name] = None  # not recorded in the decision
    for name in params:
        if name in ctx.params:
            result[name] = _json_value(ctx.params[name])
    for name, value in computed.items():
        result[name] = _json_value(value)
    return result


# A contract records a deviation (maatwerk: principle and motivation) where a decision records
# an exception; it is weighed the same way, under the ground `DEVIATION_GROUND`, in these words.
DEVIATION_REMEDY = "Of leg een afwijking (maatwerk) vast: principe {principle}, met een motivering."
DEVIATION_ACCEPTED = "Afwijking (maatwerk) vastgelegd met een motivering: aanvaard."
DEVIATION_UNMOTIVATED = "De vastgelegde afwijking heeft geen motivering; schrijf op waarom ze nodig is."
DEVIATION_NOT_ALLOWED = (
    "Deze regel staat geen afwijking toe; een vastgelegde afwijking verandert de uitkomst niet."
)


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
            reason=DEVIATION_NOT_ALLOWED
            if deviation
            else "Deze regel kent geen uitzondering; een vastgelegde grond verandert de uitkomst niet.",
        )
    for exception in own:
        if rule.unless.accepts(exception.ground) and exception.motivation.strip():
            return AppliedException(
                principle=exception.principle,
                ground=exception.ground,
                accepted=True,
                reason=DEVIATION_ACCEPTED
                if deviation
                else f"Uitzondering aanvaard: {ground_text(exception.ground, book)}.",
            )
    first = own[0]
    if not rule.unless.accepts(first.ground):
        reason = (
            f"De grond '{first.ground}' telt hier niet; aanvaarde gronden: "
            + ", ".join(rule.unless.grounds)
            + "."
        )
    elif deviation:
        reason = DEVIATION_UNMOTIVATED
    else:
        reason = "De uitzondering heeft geen motivering; schrijf op waarom ze nodig is."
    return AppliedException(principle=first.principle, ground=first.ground, accepted=False, reason=reason)


def ground_text(ground: str, book: Rulebook) -> str:
    """`id (description)` of a catalogue ground, any other ground as it is."""
    try:
        return f"{ground} ({book.ground_description(ground)})"
    except StopIteration:
        return ground


def exception_remedy(rule: Rule, book: Rulebook) -> str:
    """How to record an exception that the rule accepts."""
    assert rule.unless is not None
    if rule.unless.deviation:
        return DEVIATION_REMEDY.format(principle=rule.principle)
    if rule.unless.any_ground:
        grounds = "een grond naar keuze"
    else:
        grounds = "grond " + " of ".join(ground_text(g, book) for g in rule.unless.grounds)
    return f"Of leg een uitzondering vast: principe {rule.principle}, {grounds}, met een motivering."


def suggested_changes(rule: Rule, ctx: Context, computed: dict[str, Any]) -> dict[str, Any] | None:
    """The decision fields of the rule's `suggest` with their new values; None when one of
    them is not known (a fact not recorded, a parameter without a value): then there is no
    change that could be applied, and the rule's `remedy_without_suggestion` says what to do."""
    changes: dict[str, Any] = {}
    for field_name, operand in rule.suggest.items():
        if isinstance(operand, dict) and "computed" in operand:
            value = computed.get(operand["computed"])
        elif isinstance(operand, dict) and "param" in operand:
            value = ctx.params.get(operand["param"])
        elif isinstance(operand, dict) and "fact" in operand:
            value = ctx.facts.get(operand["fact"])
        else:
            value = operand
        if value is None:
            return None
        changes[field_name] = _json_value(value)
    return changes


def _suggestion(rule: Rule, changes: dict[str, Any] | None) -> dict[str, Any] | None:
    suggestion = dict(changes or {})
    # an exception makes the finding conform_met_uitzondering; a signal it leaves a signal,
    # so an exception is only suggested where it changes the outcome
    # (a contract's deviation is recorded in the register, not suggested)
    if rule.unless is not None and rule.outcome != Outcome.SIGNAAL and rule.level == "decision":
        suggestion["exception"] = {
            "principle": rule.principle,
            "grounds": list(rule.unless.grounds) or None,
        }
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
        message = f"{message} {exception.reason}"
        remedy = None
    elif rule.unless is not None:
        remedy = (
            f"{remedy} {exception_remedy(rule, ctx.book)}" if remedy else exception_remedy(rule, ctx.book)
        )
        if exception is not None:
            remedy = f"{exception.reason} {remedy}"
    return Finding(
        rule=rule.id,
        principle=rule.principle,
        outcome=outcome,
        message=message,
        facts=rule_facts(rule, ctx, computed),
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
        return Priority(
            priority_class=PriorityClass.REGULIER,
            start_by=None,
            reason="Geen crisis en geen voorrangsgrond: de wachtlijst volgt de datum van de aanvraag.",
        )
    return min(candidates, key=lambda p: (p.priority_class.rank, p.start_by or dt.date.max))

"""What changed between two rule books (`triage rules diff`, and the impact report): rules,
parameters (their dated values), municipalities, segments, exception grounds, principles and
documents, each added, removed or changed, in Dutch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from triage.explanation import section_text
from triage.rulebook.conditions import describe_condition, describe_operand
from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Parameter, ParameterValue, RegionData, Rule, Segment, Source

ADDED, REMOVED, CHANGED = "toegevoegd", "verwijderd", "gewijzigd"


@dataclass(frozen=True)
class Change:
    """One thing that differs: `subject` (regel, parameter, gemeente, segment, grond, principe,
    document, regio) `key` was added, removed or changed (`details` say how)."""

    kind: str
    subject: str
    key: str
    details: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """The change as one Dutch line."""
        what = f"{self.subject} {self.key}"
        return f"{what}: {'; '.join(self.details)}" if self.details else what

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "key": self.key, "details": list(self.details)}


def diff_rulebooks(old: Rulebook, new: Rulebook) -> list[Change]:
    """Everything that differs between two rule books, in a fixed order: catalogue, regions
    (municipalities, segments, parameters), rules."""
    changes: list[Change] = []
    catalogue = (
        ("document", "documents", lambda d: {"titel": d.title, "regio": d.region}),
        ("principe", "principles", lambda p: {"naam": p.name}),
        ("grond", "grounds", lambda g: {"omschrijving": g.description}),
    )
    for subject, attribute, fields in catalogue:
        before = {item.id: fields(item) for item in getattr(old.catalogue, attribute)}
        after = {item.id: fields(item) for item in getattr(new.catalogue, attribute)}
        changes += _keyed(subject, before, after)
    for region in sorted(set(old.regions) | set(new.regions)):
        changes += _region(region, old.regions.get(region), new.regions.get(region))
    old_rules = {rule.id: rule for rule in old.all_rules()}  # every level: decision, contract, population
    new_rules = {rule.id: rule for rule in new.all_rules()}
    for rule_id in [*old_rules, *(r for r in new_rules if r not in old_rules)]:
        before, after = old_rules.get(rule_id), new_rules.get(rule_id)
        if after is None:
            changes.append(Change(REMOVED, "regel", rule_id, (_validity(before),)))
        elif before is None:
            changes.append(Change(ADDED, "regel", rule_id, (f"{after.title} ({_validity(after)})",)))
        elif details := _rule_details(before, after):
            changes.append(Change(CHANGED, "regel", rule_id, tuple(details)))
    return changes


def _keyed(subject: str, before: dict[str, dict], after: dict[str, dict]) -> list[Change]:
    """Items by id: added, removed, or changed field by field."""
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key not in after:
            changes.append(Change(REMOVED, subject, key))
        elif key not in before:
            changes.append(
                Change(ADDED, subject, key, tuple(f"{n} {_text(v)}" for n, v in after[key].items() if v))
            )
        else:
            details = [
                f"{name} {_text(value)} → {_text(after[key][name])}"
                for name, value in before[key].items()
                if value != after[key][name]
            ]
            if details:
                changes.append(Change(CHANGED, subject, key, tuple(details)))
    return changes


def _region(region: str, old: RegionData | None, new: RegionData | None) -> list[Change]:
    if old is None or new is None:
        kind = ADDED if old is None else REMOVED
        data = new or old
        assert data is not None
        return [Change(kind, "regio", region, (data.name,))]
    changes = []
    if old.name != new.name:
        changes.append(Change(CHANGED, "regio", region, (f"naam {old.name} → {new.name}",)))
    if old.documents != new.documents:
        documents = f"documenten {', '.join(old.documents)} → {', '.join(new.documents)}"
        changes.append(Change(CHANGED, "regio", region, (documents,)))
    changes += _keyed(
        "gemeente",
        {f"{m.name} ({region})": {"CBS-code": m.cbs} for m in old.municipalities},
        {f"{m.name} ({region})": {"CBS-code": m.cbs} for m in new.municipalities},
    )
    changes += _keyed(
        "segment",
        {f"{region}.{s.id}": _segment_fields(s) for s in old.segments},
        {f"{region}.{s.id}": _segment_fields(s) for s in new.segments},
    )
    for name in [*old.parameters, *(n for n in new.parameters if n not in old.parameters)]:
        before, after = old.parameters.get(name), new.parameters.get(name)
        key = f"{region}.{name}"
        if after is None:
            changes.append(Change(REMOVED, "parameter", key))
        elif before is None:
            changes.append(Change(ADDED, "parameter", key, tuple(_value_text(v) for v in after.values)))
        elif details := _parameter_details(before, after):
            changes.append(Change(CHANGED, "parameter", key, tuple(details)))
    return changes


def _segment_fields(segment: Segment) -> dict[str, Any]:
    return {
        "naam": segment.name,
        "wetten": [law.value for law in segment.laws],
        "diensten": [service.value for service in segment.services],
        "diensten uit parameter": segment.services_param,
        "toelichting": segment.note,
    }


def _parameter_details(old: Parameter, new: Parameter) -> list[str]:
    details = [
        f"{label} {_text(getattr(old, name))} → {_text(getattr(new, name))}"
        for name, label in (("description", "omschrijving"), ("unit", "eenheid"), ("kind", "soort"))
        if getattr(old, name) != getattr(new, name)
    ]
    before = {(v.municipality, v.valid_from): v for v in old.values}
    after = {(v.municipality, v.valid_from): v for v in new.values}
    for key in sorted(set(before) | set(after), key=lambda k: (k[0] or "", k[1])):
        was, now = before.get(key), after.get(key)
        if now is None:
            assert was is not None
            details.append(f"waarde vervallen: {_value_text(was)}")
        elif was is None:
            details.append(f"nieuwe waarde: {_value_text(now)}")
        elif was != now:
            details.append(_value_change(was, now))
    return details


def _value_change(was: ParameterValue, now: ParameterValue) -> str:
    parts = []
    if was.value != now.value:
        parts.append(f"waarde {_text(was.value)} → {_text(now.value)}")
    if was.valid_to != now.valid_to:
        parts.append(f"geldig tot en met {_text(was.valid_to)} → {_text(now.valid_to)}")
    if was.source != now.source:
        parts.append(f"bron {_source(was.source)} → {_source(now.source)}")
    return ", ".join(parts) + f" ({_validity(now)})"


def _value_text(value: ParameterValue) -> str:
    return f"{_text(value.value)} ({_validity(value)})"


def _validity(item: ParameterValue | Rule | None) -> str:
    """`geldig vanaf 2027-01-01[ tot en met ...][, alleen Zeist]`."""
    assert item is not None
    text = f"geldig vanaf {item.valid_from}"
    if item.valid_to is not None:
        text += f" tot en met {item.valid_to}"
    municipality = getattr(item, "municipality", None)
    return text + (f", alleen {municipality}" if municipality else "")


def _rule_details(old: Rule, new: Rule) -> list[str]:
    details = []
    for name, label in (
        ("title", "titel"),
        ("principle", "principe"),
        ("region", "regio"),
        ("valid_from", "geldig vanaf"),
        ("valid_to", "geldig tot en met"),
        ("outcome", "uitkomst"),
        ("message", "toelichting"),
        ("remedy", "wat past wel"),
    ):
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            details.append(f"{label} {_text(was)} → {_text(now)}")
    for name, label in (("applies_to", "van toepassing als"), ("when", "gaat af als")):
        was, now = describe_condition(getattr(old, name)), describe_condition(getattr(new, name))
        if was != now:
            details.append(f"{label}: {was} → {now}")
    if old.compute != new.compute:
        was, now = _computed(old), _computed(new)
        details.append(f"berekend: {was} → {now}")
    if old.priority != new.priority:
        details.append(f"prioriteit {_priority(old)} → {_priority(new)}")
    details += _unless_details(old, new)
    if old.source != new.source:
        details.append(f"bron {_source(old.source)} → {_source(new.source)}")
        if old.source and new.source and old.source.quote != new.source.quote:
            details.append("citaat gewijzigd")
    if old.suggest != new.suggest:
        details.append("voorstel gewijzigd")
    if (old.level, old.measure, old.per) != (new.level, new.measure, new.per):
        details.append("niveau, telling of budgetregel gewijzigd")  # contract and population rules
    return details


def _unless_details(old: Rule, new: Rule) -> list[str]:
    """The exception grounds a rule accepts ("tenzij")."""

    def accepted(rule: Rule) -> set[str] | None:  # None: any ground
        if rule.unless is None:
            return set()
        return None if rule.unless.any_ground else set(rule.unless.grounds)

    was, now = accepted(old), accepted(new)
    if was == now:
        return []
    if was is None or now is None:
        return [f"uitzonderingsgronden {_grounds(was)} → {_grounds(now)}"]
    details = [f"grond {g} geldt nu als uitzondering" for g in sorted(now - was)]
    details += [f"grond {g} geldt niet meer als uitzondering" for g in sorted(was - now)]
    return details


def _grounds(grounds: set[str] | None) -> str:
    return "elke grond" if grounds is None else ", ".join(sorted(grounds)) or "geen"


def _computed(rule: Rule) -> str:
    return ", ".join(f"{n} = {describe_operand(e)}" for n, e in rule.compute.items()) or "niets"


def _priority(rule: Rule) -> str:
    if rule.priority is None:
        return "geen"
    text = rule.priority.priority_class.value
    within = rule.priority.start_within
    if within is not None:
        unit, amount = ("dagen", within.days) if within.days is not None else ("maanden", within.months)
        text += f", start binnen {amount} {unit}"
    return text


def _source(source: Source | None) -> str:
    if source is None:
        return "geen"
    return f"{source.document} {section_text(source.section)}" if source.section else source.document


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(geen)"
    if hasattr(value, "value"):  # a vocabulary member
        return str(value.value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > 80:
        return f"'{value[:77]}…'"
    return str(value)

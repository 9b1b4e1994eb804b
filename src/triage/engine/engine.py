"""The Python API: load the rules once, check many decisions.

    engine = Engine.load()               # rules/ of this checkout (or $TRIAGE_RULES)
    outcome = engine.check(decision)     # -> triage.outcome.Outcome

Checking keeps no state between decisions: every decision gets its own engine session,
and everything derived from it lives in local variables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from triage.date_arithmetic import DateOutOfRange
from triage.decision import Decision, DecisionError
from triage.engine.compiler import APPLIES, FIRES, SEEN, compile_rulebook, ruleset_name
from triage.engine.durable_adapter import DurableMatcher
from triage.engine.python_matcher import PythonMatcher
from triage.explanation import Context, make_finding, make_priority, verdict_of
from triage.facts import derive_facts
from triage.outcome import Outcome, Receipt, SegmentRef
from triage.population.counting import population_membership
from triage.rulebook.loader import Rulebook, load_rulebook
from triage.rulebook.model import Document, Municipality, Rule, Segment
from triage.validation_messages import closest, describe_value
from triage.version import __version__

MATCHERS = ("durable", "python")


class Engine:
    """A loaded rule book compiled into durable_rules; `check` is safe to call repeatedly.

    `matcher="python"` walks the condition trees in plain Python instead (the benchmark's
    baseline); durable_rules is the reference."""

    def __init__(self, book: Rulebook, matcher: str = "durable"):
        self.book = book
        self._compiled = compile_rulebook(book)
        self._matcher = DurableMatcher(self._compiled.rulesets) if matcher == "durable" else None
        self._python = PythonMatcher(book) if matcher == "python" else None
        self._rules: dict[str, Rule] = {rule.id: rule for rule in book.rules}
        self._order = {rule.id: index for index, rule in enumerate(book.rules)}

    @classmethod
    def load(cls, rules_dir: Path | str | None = None, matcher: str = "durable") -> Engine:
        """Load and compile a rules directory (raises `RuleBookError` on any mistake)."""
        return cls(load_rulebook(Path(rules_dir) if rules_dir else None), matcher)

    @property
    def rules_version(self) -> str:
        return self.book.version

    def resolve_region(self, decision: Decision, source: str = "<beschikking>"):
        """(region, municipality) of a decision, or DecisionError naming the field."""
        found = self.book.find_municipality(decision.municipality)
        if found is None:
            raise DecisionError(
                source,
                [
                    (
                        "municipality",
                        f"onbekende gemeente ({describe_value(decision.municipality)})"
                        f"{closest(decision.municipality, _municipality_names(self.book))}; verwacht een "
                        "gemeentenaam of 4-cijferige CBS-code uit een van de regio's van de regelbestanden",
                    )
                ],
            )
        region, municipality = found
        if decision.region is not None and decision.region != region:
            raise DecisionError(
                source,
                [
                    (
                        "region",
                        f"{_region_shown(decision.region, self.book)} past niet bij gemeente "
                        f"{municipality.name} (regio {region})",
                    )
                ],
            )
        return region, municipality

    def check(
        self,
        decision: Decision,
        *,
        on: dt.date | None = None,
        parameter_overrides: dict[str, Any] | None = None,
        source: str = "<beschikking>",
    ) -> Outcome:
        """Evaluate one decision against the rules in force on `on` (default: its
        `decision_date`, else today). Raises DecisionError for an unknown municipality, and
        for a date the rules' arithmetic would take past 9999-12-31."""
        region, municipality = self.resolve_region(decision, source)
        rules_on = on or decision.decision_date or dt.date.today()
        if problems := date_problems(self.book, decision, rules_on, on is not None):
            raise DecisionError(source, problems)
        try:
            return self._check(decision, region, municipality, rules_on, parameter_overrides)
        except DateOutOfRange as exc:
            field = _DECISION_FIELDS.get(exc.field or "", exc.field or "(beschikking)")
            raise DecisionError(source, [(field, DATE_OUT_OF_RANGE)]) from None

    def population_membership(self, decision: Decision, on: dt.date | None = None) -> list[tuple[str, bool]]:
        """(rule, in its figure) for every population rule that counts this (valid) decision:
        the audit's reference path (`triage.population.counting`)."""
        if not self.book.population_rules:
            return []
        region, municipality = self.resolve_region(decision)
        rules_on = on or decision.decision_date or dt.date.today()
        params, _, _, facts = self._facts(decision, region, municipality, rules_on, None)
        return population_membership(self.book.population_rules, region, facts, params, rules_on)

    def _facts(
        self,
        decision: Decision,
        region: str,
        municipality: Municipality,
        rules_on: dt.date,
        parameter_overrides: dict[str, Any] | None,
    ) -> tuple[dict[str, Any], Segment | None, Document, dict[str, Any]]:
        """(parameters, segment, the region's document, facts) of a decision."""
        params = self.book.parameters(region, municipality.name, rules_on)
        params.update(parameter_overrides or {})
        residence = decision.client.residence_municipality or decision.municipality
        known_residence = self.book.find_municipality(residence)
        residence_name = known_residence[1].name if known_residence else residence.strip()
        segment = self.book.segment(region, decision.service.value, params)
        document = self.book.region_document(region)
        assert document is not None and document.in_force_from is not None
        facts = derive_facts(
            decision,
            region=region,
            municipality=municipality.name,
            municipality_code=municipality.cbs,
            residence_municipality=residence_name,
            residence_region=known_residence[0] if known_residence else None,
            regional_document_from=document.in_force_from,
            rules_on=rules_on,
            segment=(segment.id, tuple(law.value for law in segment.laws)) if segment else None,
        )
        return params, segment, document, facts

    def _check(
        self,
        decision: Decision,
        region: str,
        municipality: Municipality,
        rules_on: dt.date,
        parameter_overrides: dict[str, Any] | None,
    ) -> Outcome:
        params, segment, document, facts = self._facts(
            decision, region, municipality, rules_on, parameter_overrides
        )
        extras = {
            "region_name": self.book.regions[region].name,
            "regional_document": document.id,
            "segment_name": segment.name if segment else None,
            "segment_note": segment.note if segment else None,
        }
        ctx = Context(self.book, decision, facts, params, extras)

        if self._python is not None:
            applied, firing = self._python.match(region, facts, params, rules_on)
        else:
            assert self._matcher is not None
            engine_fact = self._compiled.engine_fact(facts, params, decision.id)
            applied, firing = _split(self._matcher.match(ruleset_name(region), engine_fact))
        firing.sort(key=self._order.__getitem__)

        findings = []
        priority_rules = []
        for rule_id in firing:  # in rule-book order, duplicates ($or branches) removed
            rule = self._rules[rule_id]
            if rule.priority is not None:
                priority_rules.append(rule)
            else:
                computed = self._compiled.computed_values(rule, facts, params)
                findings.append(make_finding(rule, ctx, computed))

        in_force = [rule for rule in self.book.in_force(region, rules_on) if rule.outcome]
        fired_ids = set(firing)
        return Outcome(
            decision=decision.id,
            region=region,
            rules_in_force_on=rules_on,
            rules_version=self.book.version,
            verdict=verdict_of(findings),
            priority=make_priority(priority_rules, ctx),
            segment=SegmentRef(id=segment.id, name=segment.name, note=segment.note) if segment else None,
            findings=findings,
            passed=[r.id for r in in_force if r.id not in fired_ids and r.id in applied],
            not_applicable=[r.id for r in in_force if r.id not in fired_ids and r.id not in applied],
            client=decision.client.id,
            municipality=municipality.name,
            engine_version=__version__,
            receipt=Receipt(
                engine_version=__version__, rules_version=self.book.version, rules_in_force_on=rules_on
            ),
        )


def date_problems(
    book: Rulebook, decision: Decision, rules_on: dt.date, given: bool
) -> list[tuple[str, str]]:
    """Why a decision cannot be judged on `rules_on` (its `decision_date`, or `--on` when
    `given`): no rules exist yet, or its municipality or the client's residence had ceased
    to exist (or did not exist yet) on that date. Empty when it can."""
    field = "--on" if given else "decision_date"
    first = book.first_rules_date
    if rules_on < first:
        return [
            (
                field,
                f"voor een beschikking van vóór {first} bestaan geen regels: de Jeugdwet en de"
                f" Wmo 2015 gelden vanaf {first}",
            )
        ]
    problems = []
    places = (
        ("municipality", decision.municipality),
        ("client.residence_municipality", decision.client.residence_municipality),
    )
    for place_field, name in places:
        found = book.find_municipality(name) if name else None
        if found is not None and not found[1].member_on(rules_on):
            problems.append((place_field, membership_problem(found[1], rules_on, given)))
    return problems


def membership_problem(municipality: Municipality, on: dt.date, given: bool) -> str:
    """Dutch: the municipality did not exist (as a member of its region) on `on`, the
    decision's date or the date given with `--on`."""
    if municipality.valid_to is not None and on > municipality.valid_to:
        reason = f"bestond na {municipality.valid_to} niet meer"
    else:
        reason = f"bestond vóór {municipality.valid_from} nog niet"
    note = f" ({municipality.note})" if municipality.note else ""
    when = f"getoetst wordt op {on}" if given else f"de beschikking is van {on}"
    return f"de gemeente {municipality.name} {reason}{note}; {when}"


DATE_OUT_OF_RANGE = (
    "datum te ver in de toekomst of het verleden: de regels rekenen er maanden of dagen bij op "
    "en komen dan buiten 0001-01-01 tot en met 9999-12-31"
)
# decision fields of the date facts the rules compute with
_DECISION_FIELDS = {"birth_date": "client.birth_date"}


def _split(fired: list[str]) -> tuple[set[str], list[str]]:
    """Engine rule names -> (rule ids that applied, rule ids that fired, in order)."""
    applied: set[str] = set()
    firing: list[str] = []
    for name in fired:
        if name == SEEN:
            continue
        rule_id, _, kind = name.partition("|")
        if kind == APPLIES:
            applied.add(rule_id)
        elif kind == FIRES and rule_id not in firing:
            firing.append(rule_id)
    return applied, firing


def _municipality_names(book: Rulebook) -> list[str]:
    return [municipality.name for data in book.regions.values() for municipality in data.municipalities]


def _region_shown(region: str, book: Rulebook) -> str:
    """A region given with a decision, named when it is one the rule book knows, else described."""
    return repr(region) if region in book.regions else f"de regio ({describe_value(region)})"

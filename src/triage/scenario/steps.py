"""The step vocabulary of the Dutch scenarios: the one place that says what each step means.

`triage scenarios`, `triage rules coverage` and the pytest-bdd suite (`tests/test_features.py`)
all use `STEPS`; `features/README.md` documents them for policy staff. A step is matched by a
`parse` format or, where a format would be ambiguous, a regular expression; its function
gets the scenario's state, the engine and the step's arguments (text, as written).

A `Dan` step that does not hold raises `Mismatch` with what was expected and what was found,
in Dutch; `triage scenarios` adds the whole outcome with its findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from triage.scenario.defaults import ScenarioState, default_decision, set_path
from triage.scenario.step_registry import (
    FIRES,
    GIVEN,
    HELD,
    STEPS,
    THEN,
    WHEN,
    Mismatch,
    StepDefinition,
    StepError,
    closest_steps,
    find_step,
    read_date,
    read_value,
    step,
)

# the vocabulary's public names (its machinery is `triage.scenario.step_registry`)
__all__ = [
    "FIRES",
    "GIVEN",
    "HELD",
    "STEPS",
    "THEN",
    "WHEN",
    "Mismatch",
    "StepDefinition",
    "StepError",
    "closest_steps",
    "find_step",
]

if TYPE_CHECKING:
    from triage.engine.engine import Engine
    from triage.outcome import Finding, Outcome


# ---------------------------------------------------------------- Gegeven
@step(GIVEN, "een beschikking voor {service} in {municipality} van {start} tot en met {end}")
def decision_with_end(state: ScenarioState, engine, service, municipality, start, end):
    state.decision = default_decision(service, municipality, read_date(start), read_date(end))


@step(GIVEN, "een beschikking voor {service} in {municipality} vanaf {start} zonder einddatum")
def decision_open_ended(state: ScenarioState, engine, service, municipality, start):
    state.decision = default_decision(service, municipality, read_date(start), None)


def _sets(path: str, pattern: str) -> None:
    """A step that sets one field of the decision to the text of its one argument."""

    def set_field(state: ScenarioState, engine: Engine, **arguments: str) -> None:
        (value,) = arguments.values()
        set_path(state.decision, path, value)

    STEPS.append(StepDefinition(GIVEN, pattern, set_field))


for _path, _pattern in (
    ("law", "de wet is {law}"),
    ("client.birth_date", "de cliënt is geboren op {date}"),
    ("client.residence_municipality", "de cliënt woont in {municipality}"),
    ("client.child_protection", "de jeugdbeschermingsstatus is {status}"),
    ("perspective", "het perspectief is {perspective}"),
    ("form", "de vorm is {form}"),
    ("contract", "het contract is {contract}"),
    ("referrer", "de verwijzer is {referrer}"),
    ("request_date", "de aanvraag is gedaan op {date}"),
    ("decision_date", "de beschikkingsdatum is {date}"),
    ("product.variant", "de variant is {variant}"),
    ("part_of_treatment", "de zorg hoort bij behandeling {reference}"),
):
    _sets(_path, _pattern)


@step(GIVEN, "het is een crisis")
def crisis(state, engine):
    state.decision["crisis"] = True


@step(GIVEN, "er zijn geen doelen vastgelegd")
def no_goals(state, engine):
    state.decision.pop("goals", None)


@step(GIVEN, "er is geen omvang vastgelegd")
def no_volume(state, engine):
    state.decision.pop("volume", None)


@step(GIVEN, "de omvang is {amount:g} {unit} per {per}")
def volume(state, engine, amount, unit, per):
    state.decision["volume"] = {"amount": amount, "unit": unit, "per": per}


@step(GIVEN, "de activiteiten zijn {activities}")
def activities(state, engine, activities):
    state.decision["activities"] = [a.strip() for a in activities.split(",")]


@step(GIVEN, "er is onderwijs geregeld")
def education(state, engine):
    state.decision["education_arrangement"] = True


@step(GIVEN, "er is geen onderwijs geregeld")
def no_education(state, engine):
    state.decision["education_arrangement"] = False


@step(GIVEN, "het sociale netwerk is betrokken")
def network(state, engine):
    state.decision["client"]["social_network_involved"] = True


@step(GIVEN, "het sociale netwerk is niet betrokken")
def no_network(state, engine):
    state.decision["client"]["social_network_involved"] = False
    state.decision["client"]["network_strengthening"] = False


@step(GIVEN, "het lokale team investeert in het netwerk")
def network_strengthening(state, engine):
    state.decision["client"]["network_strengthening"] = True


@step(GIVEN, "de beschikking verlengt {reference} met vooruitgang")
def extends_with_progress(state, engine, reference):
    state.decision.update(extends=reference, progress=True)


@step(GIVEN, "de beschikking verlengt {reference} zonder vooruitgang")
def extends_without_progress(state, engine, reference):
    state.decision.update(extends=reference, progress=False)


@step(
    GIVEN,
    'er is een uitzondering vastgelegd voor {principle} met grond {ground} en motivering "{motivation}"',
)
def exception(state, engine, principle, ground, motivation):
    state.decision.setdefault("exceptions", []).append(
        {"principle": principle, "ground": ground, "motivation": motivation}
    )


@step(GIVEN, "er is een uitzondering vastgelegd voor {principle} met grond {ground} zonder motivering")
def exception_without_motivation(state, engine, principle, ground):
    state.decision.setdefault("exceptions", []).append(
        {"principle": principle, "ground": ground, "motivation": ""}
    )


@step(GIVEN, "de gemeente {municipality} biedt {service} aan in segment A")
def segment_a(state, engine, municipality, service):
    params = state.overrides.setdefault(municipality, {})
    params.setdefault("segment_a_services", []).append(service)


@step(GIVEN, "de parameter {name} is {value}")
def parameter(state, engine, name, value):
    state.overrides.setdefault("*", {})[name] = read_value(value)


@step(GIVEN, "het veld {path} is {value}")
def any_field(state, engine, path, value):
    set_path(state.decision, path, read_value(value))


# ---------------------------------------------------------------- Als
@step(WHEN, "de beschikking getoetst wordt")
def check(state: ScenarioState, engine: Engine):
    from triage.decision import parse_decision

    try:
        decision = parse_decision(state.decision, "scenario")
        state.outcome = engine.check(decision, on=state.on, parameter_overrides=state.parameter_overrides())
    except ValueError as error:  # DecisionError: the scenario may expect it
        state.error = error


@step(WHEN, "de beschikking getoetst wordt op {date}")
def check_on(state: ScenarioState, engine: Engine, date):
    state.on = read_date(date)
    check(state, engine)


@step(WHEN, "het voorstel bij regel {rule} wordt toegepast")
def apply_suggestion(state: ScenarioState, engine: Engine, rule):
    """As the page's button: the suggested fields set on the decision as checked, checked again."""
    from triage.decision import parse_decision
    from triage.suggestion import apply_change, field_changes
    from triage.web.form_data import decision_data

    finding = _finding(state, rule)
    changes = field_changes(finding.suggestion if finding else None)
    if not changes:
        raise Mismatch(f"een voorstel bij {rule}", _no_suggestion(state, rule, finding))
    state.decision = apply_change(decision_data(parse_decision(state.decision)), changes)
    check(state, engine)


@step(
    WHEN,
    "de voorgestelde uitzondering bij regel {rule} wordt vastgelegd"
    ' met grond {ground} en motivering "{motivation}"',
)
def apply_exception(state: ScenarioState, engine: Engine, rule, ground, motivation):
    """As the page's button, then the consultant: the row added, its ground chosen, motivated."""
    from triage.decision import parse_decision
    from triage.web.form_data import add_exception_row, decision_data

    finding = _finding(state, rule)
    exception = (finding.suggestion or {}).get("exception") if finding else None
    if not exception:
        raise Mismatch(f"een voorgestelde uitzondering bij {rule}", _no_suggestion(state, rule, finding))
    grounds = exception["grounds"] or []
    if grounds and ground not in grounds:
        raise Mismatch(f"{rule} aanvaardt grond {ground}", f"{rule} aanvaardt alleen {', '.join(grounds)}")
    data, row, _ = add_exception_row(
        decision_data(parse_decision(state.decision)), exception["principle"], grounds
    )
    data["exceptions"][row].update(ground=ground, motivation=motivation)
    state.decision = data
    check(state, engine)


# ---------------------------------------------------------------- Dan
def _outcome(state: ScenarioState) -> Outcome:
    if state.error is not None:
        raise Mismatch("een getoetste beschikking", f"de beschikking is ongeldig: {state.error}")
    if state.outcome is None:
        raise Mismatch(
            "een getoetste beschikking", "de beschikking is nog niet getoetst (stap Als ontbreekt)"
        )
    return state.outcome


def _finding(state: ScenarioState, rule: str) -> Finding | None:
    return next((f for f in _outcome(state).findings if f.rule == rule), None)


def _what_rule_did(outcome: Outcome, rule: str) -> str:
    """What happened to a rule in an outcome, in words."""
    finding = next((f for f in outcome.findings if f.rule == rule), None)
    if finding is not None:
        return f"{rule} gaf een bevinding met uitkomst {finding.outcome.value}"
    if rule in outcome.passed:
        return f"{rule} is getoetst en hield"
    if rule in outcome.not_applicable:
        return f"{rule} was niet van toepassing"
    if getattr(outcome, "priority", None) is not None and outcome.priority.rule == rule:
        return f"{rule} bepaalde de prioriteit"
    return f"{rule} gold niet voor deze beschikking (andere regio, of niet in werking op die datum)"


@step(THEN, "is het oordeel {verdict}")
def verdict(state, engine, verdict):
    actual = _outcome(state).verdict.value
    if actual != verdict:
        raise Mismatch(f"oordeel {verdict}", f"oordeel {actual}")


@step(THEN, "noemt de toelichting de regel {rule} met uitkomst {outcome}", shows=FIRES)
def rule_with_outcome(state, engine, rule, outcome):
    finding = _finding(state, rule)
    if finding is None or finding.outcome.value != outcome:
        raise Mismatch(
            f"een bevinding van {rule} met uitkomst {outcome}", _what_rule_did(state.outcome, rule)
        )


@step(THEN, r"noemt de toelichting de regel (?P<rule>[A-Z0-9-]+)$", regex=True, shows=FIRES)
def rule_fires(state, engine, rule):
    if _finding(state, rule) is None:
        raise Mismatch(f"een bevinding van {rule}", _what_rule_did(state.outcome, rule))


@step(THEN, "noemt de toelichting de regel {rule} niet", shows=HELD)
def rule_silent(state, engine, rule):
    if _finding(state, rule) is not None:
        raise Mismatch(f"geen bevinding van {rule}", _what_rule_did(state.outcome, rule))


@step(THEN, "heeft de regel {rule} gehouden", shows=HELD)
def rule_held(state, engine, rule):
    if rule not in _outcome(state).passed:
        raise Mismatch(f"{rule} getoetst en in orde", _what_rule_did(state.outcome, rule))


@step(THEN, "noemt de toelichting het principe {principle}")
def principle_named(state, engine, principle):
    principles = sorted({f.principle for f in _outcome(state).findings})
    if principle not in principles:
        raise Mismatch(
            f"een bevinding onder principe {principle}",
            "bevindingen onder " + ", ".join(principles) if principles else "geen bevindingen",
        )


@step(THEN, 'bevat de toelichting "{text}"')
def explanation_contains(state, engine, text):
    messages = [f.message for f in _outcome(state).findings]
    if not any(text in message for message in messages):
        raise Mismatch(f'een toelichting met de tekst "{text}"', "andere toelichtingen (zie de bevindingen)")


@step(THEN, "citeert de toelichting {document} paragraaf {section}")
def cites(state, engine, document, section):
    sources = sorted({(f.source.document, f.source.section) for f in _outcome(state).findings})
    if (document, section) not in sources:
        cited = ", ".join(f"{d} paragraaf {s}" for d, s in sources)
        raise Mismatch(f"een bron {document} paragraaf {section}", cited or "geen bronnen (geen bevindingen)")


def _suggested(state: ScenarioState, field_name: str, date: str, what: str) -> None:
    findings = _outcome(state).findings
    suggested = [
        f for f in findings if (f.suggestion or {}).get(field_name) == date and date in (f.remedy or "")
    ]
    if not suggested:
        offered = sorted(
            {str(f.suggestion[field_name]) for f in findings if (f.suggestion or {}).get(field_name)}
        )
        raise Mismatch(
            f"een voorstel: {what} uiterlijk {date}",
            f"voorstel {what} " + ", ".join(offered) if offered else f"geen voorstel voor een {what}",
        )


@step(THEN, "stelt de toelichting als einddatum uiterlijk {date} voor")
def suggests_end_date(state, engine, date):
    _suggested(state, "end_date", date, "einddatum")


@step(THEN, "stelt de toelichting als startdatum uiterlijk {date} voor")
def suggests_start_date(state, engine, date):
    _suggested(state, "start_date", date, "startdatum")


def _no_suggestion(state: ScenarioState, rule: str, finding: Finding | None) -> str:
    if finding is None:
        return _what_rule_did(_outcome(state), rule)
    return f"voorstel bij {rule}: {finding.suggestion}" if finding.suggestion else f"geen voorstel bij {rule}"


def _found(state: ScenarioState, rule: str, expected: str) -> Finding:
    """The finding of `rule`, or a Mismatch saying what was expected of it."""
    finding = _finding(state, rule)
    if finding is None:
        raise Mismatch(expected, _what_rule_did(_outcome(state), rule))
    return finding


@step(THEN, "stelt de toelichting bij regel {rule} voor: {label}")
def suggests(state, engine, rule, label):
    from triage.suggestion import field_changes, suggestion_label

    expected = f"voorstel bij {rule}: {label}"
    changes = field_changes(_found(state, rule, expected).suggestion)
    actual = suggestion_label(changes) if changes else None
    if actual != label:
        raise Mismatch(expected, f"voorstel bij {rule}: {actual}" if actual else f"geen voorstel bij {rule}")


@step(THEN, "stelt de toelichting bij regel {rule} een uitzondering voor")
def suggests_exception(state, engine, rule):
    expected = f"een voorgestelde uitzondering bij {rule}"
    finding = _found(state, rule, expected)
    if not (finding.suggestion or {}).get("exception"):
        raise Mismatch(expected, _no_suggestion(state, rule, finding))


@step(THEN, "doet de toelichting bij regel {rule} geen voorstel")
def suggests_nothing(state, engine, rule):
    finding = _found(state, rule, f"een bevinding van {rule} zonder voorstel")
    if finding.suggestion is not None:
        raise Mismatch(f"geen voorstel bij {rule}", f"voorstel bij {rule}: {finding.suggestion}")


@step(THEN, 'zegt de toelichting bij regel {rule} wat past: "{text}"')
def remedy_says(state, engine, rule, text):
    expected = f'bij {rule} een remedie met de tekst "{text}"'
    finding = _found(state, rule, expected)
    if text not in (finding.remedy or ""):
        raise Mismatch(expected, f"remedie: {finding.remedy or 'geen'}")


@step(THEN, r"is de prioriteit (?P<level>\w+)$", regex=True)
def priority(state, engine, level):
    actual = _outcome(state).priority.priority_class.value
    if actual != level:
        raise Mismatch(f"prioriteit {level}", f"prioriteit {actual}")


@step(THEN, "is de prioriteit {level} met uiterlijke start {date}")
def priority_with_start(state, engine, level, date):
    result = _outcome(state).priority
    if result.priority_class.value != level or result.start_by != read_date(date):
        raise Mismatch(
            f"prioriteit {level} met uiterlijke start {date}",
            f"prioriteit {result.priority_class.value} met uiterlijke start {result.start_by or 'geen'}",
        )


@step(THEN, r"bepaalt de regel (?P<rule>[A-Z0-9-]+) de prioriteit$", regex=True, shows=FIRES)
def priority_rule(state, engine, rule):
    actual = _outcome(state).priority.rule
    if actual != rule:
        raise Mismatch(f"prioriteit bepaald door {rule}", f"prioriteit bepaald door {actual or 'geen regel'}")


@step(THEN, "bepaalt de regel {rule} de prioriteit niet", shows=HELD)
def priority_rule_not(state, engine, rule):
    if _outcome(state).priority.rule == rule:
        raise Mismatch(f"prioriteit niet bepaald door {rule}", f"prioriteit bepaald door {rule}")


@step(THEN, "is het segment {segment}")
def segment(state, engine, segment):
    actual = _outcome(state).segment
    if actual is None or actual.id != segment:
        raise Mismatch(f"segment {segment}", f"segment {actual.id}" if actual else "geen segment")


@step(THEN, "is de beschikking ongeldig")
def invalid(state, engine):
    if state.error is None:
        verdict = state.outcome.verdict.value if state.outcome is not None else "niet getoetst"
        raise Mismatch("een ongeldige beschikking", f"de beschikking werd getoetst (oordeel {verdict})")


@step(THEN, 'noemt de fout het veld {path} en "{text}"')
def invalid_because(state, engine, path, text):
    expected = f'een ongeldige beschikking: veld {path}, "{text}"'
    if state.error is None:
        raise Mismatch(expected, "de beschikking werd getoetst")
    problems = getattr(state.error, "problems", [])
    if not any(field_name == path and text in reason for field_name, reason in problems):
        raise Mismatch(expected, "; ".join(f"{f}: {r}" for f, r in problems) or str(state.error))


@step(THEN, "heeft de prioriteit geen uiterlijke start")
def priority_without_start(state, engine):
    start_by = _outcome(state).priority.start_by
    if start_by is not None:
        raise Mismatch("een prioriteit zonder uiterlijke start", f"uiterlijke start {start_by}")


@step(THEN, "vermeldt de bron de status {status}")
def source_status(state, engine, status):
    statuses = sorted({f.source.status for f in _outcome(state).findings if f.source.status})
    if status not in statuses:
        raise Mismatch(f"een bron met status {status}", ", ".join(statuses) or "geen bron met een status")


# the steps of the contract and population scenarios register themselves (a module of their own)
from triage.scenario import levels  # noqa: E402, F401

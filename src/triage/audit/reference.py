"""The reference path for rows the fast path does not take: `parse_decision` names what is
wrong, durable_rules (`Engine.check`) evaluates the rest. Runs in worker processes too."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from triage.audit.records import RowError
from triage.decision import DecisionError, parse_decision
from triage.privacy import bsn_problem
from triage.rulebook.loader import Rulebook

if TYPE_CHECKING:
    from triage.engine.engine import Engine

_ENGINES: dict[tuple[str, str, str], Engine] = {}


@dataclass(frozen=True)
class Checked:
    """One row evaluated by the reference path."""

    row: int
    line: str  # the outcome as one JSON line, with the input's ref first
    decision: dict[str, Any]  # the columns of `evaluator.DECISION_SCHEMA`
    findings: list[tuple[str, str]]  # (rule, outcome)
    applied: list[str]  # rules that fired or passed
    population: list[tuple[str, bool]] = field(default_factory=list)  # (population rule, in its figure)


MAX_ID_LENGTH = 200


def shown_id(value: Any) -> str | None:
    """A decision's id as an error record may name it: text that is no BSN, without control
    characters and not absurdly long; else None (the reference still says where the row is)."""
    if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH:
        return None
    if bsn_problem("id", value) is not None or not value.isprintable():
        return None
    return value


def outcome_line(ref: str, outcome: dict[str, Any]) -> str:
    """An outcome as a line of outcomes.jsonl: the input reference, then the outcome."""
    return json.dumps({"ref": ref, **outcome}, ensure_ascii=False, separators=(",", ":"))


def _engine(book: Rulebook, matcher: str) -> Engine:
    """One engine per rule book and matcher, made from the book already loaded (and
    durable_rules imported) when the first row needs it."""
    from triage.engine.engine import Engine

    key = (str(book.root), book.version, matcher)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(book, matcher)
    return _ENGINES[key]


def check_rows(
    book: Rulebook,
    items: list[tuple[int, str, dict[str, Any]]],
    on: dt.date | None,
    region: str | None,
    matcher: str = "durable",
) -> list[Checked | tuple[int, RowError]]:
    """Evaluate (row, ref, nested decision) items; bad input becomes (row, RowError).
    The engine is loaded only when a row is valid (broken rows need none)."""
    results: list[Checked | tuple[int, RowError]] = []
    for row, ref, data in items:
        decision_id = shown_id(data.get("id"))
        try:
            decision = parse_decision(data, ref)
            engine = _engine(book, matcher)
            found_region, _ = engine.resolve_region(decision, ref)
            if region is not None and found_region != region:
                reason = f"niet getoetst: de gemeente hoort bij regio {found_region}, gevraagd is {region}"
                results.append((row, RowError(ref, "region", reason, decision_id)))
                continue
            outcome = engine.check(decision, on=on, source=ref).to_json_dict()
        except DecisionError as error:
            field, reason = error.problems[0]
            if len(error.problems) > 1:
                reason += f" (en {len(error.problems) - 1} andere fout(en) in deze rij)"
            results.append((row, RowError(ref, field, reason, decision_id)))
            continue
        provider = decision.provider
        results.append(
            Checked(
                row=row,
                line=outcome_line(ref, outcome),
                decision={
                    "__row": row,
                    "municipality": outcome["municipality"],
                    "region": outcome["region"],
                    "provider_id": provider.id if provider else None,
                    "provider_name": provider.name if provider else None,
                    "month": decision.start_date.strftime("%Y-%m"),
                    "verdict": outcome["verdict"],
                    "priority": outcome["priority"]["class"],
                },
                findings=[(f["rule"], f["outcome"]) for f in outcome["findings"]],
                applied=[f["rule"] for f in outcome["findings"]] + outcome["passed"],
                population=engine.population_membership(decision, on),
            )
        )
    return results

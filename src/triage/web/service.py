"""What the API and the web page share: check one decision and log it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from triage.decision import Decision, DecisionError, parse_decision
from triage.engine.engine import Engine
from triage.outcome import Outcome
from triage.web.checklog import CheckLog


@dataclass
class CheckService:
    """The engine and the log of one running app."""

    engine: Engine
    log: CheckLog

    def check(
        self, decision: Decision, channel: str, on: dt.date | None = None, subject: str | None = None
    ) -> tuple[Outcome, int]:
        """Check a valid decision (DecisionError for an unknown municipality); the check is
        in the log, with who checked (`subject`), before this returns. Returns the outcome
        and its log id."""
        outcome = self.engine.check(decision, on=on, source="beschikking")
        return outcome, self.log.record(outcome, channel, subject)

    def check_data(
        self, data: Any, channel: str, on: dt.date | None = None, subject: str | None = None
    ) -> tuple[Outcome, int]:
        """Validate raw data (DecisionError naming the field), then `check`."""
        return self.check(parse_decision(data, "beschikking"), channel, on, subject)


def error_body(error: DecisionError) -> dict[str, Any]:
    """The JSON of a 422 answer: the fields and reasons, in the CLI's words."""
    return {
        "message": "De beschikking is ongeldig; zie de velden hieronder.",
        "errors": [{"field": field, "reason": reason} for field, reason in error.problems],
    }

"""triage: check proposed care-allocation decisions against regional policy, and explain."""

__version__ = "0.1.0"

from triage.decision import Decision, DecisionError, load_decision_file, parse_decision
from triage.engine.engine import Engine
from triage.outcome import Outcome
from triage.rulebook.loader import RuleBookError

__all__ = [
    "Decision",
    "DecisionError",
    "Engine",
    "Outcome",
    "RuleBookError",
    "__version__",
    "load_decision_file",
    "parse_decision",
]

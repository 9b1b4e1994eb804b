"""triage: check proposed care-allocation decisions against regional policy, and explain."""

__version__ = "0.1.0"

from triage.decision import Decision, DecisionError, load_decision_file, parse_decision  # noqa: E402
from triage.engine.engine import Engine  # noqa: E402
from triage.outcome import Outcome  # noqa: E402
from triage.rulebook.loader import RuleBookError  # noqa: E402

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

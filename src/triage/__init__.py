"""triage: check proposed care-allocation decisions against regional policy, and explain.

The public names are imported on first use: importing a submodule (the CLI, the audit
pipeline in a worker process) does not pull in the engine and durable_rules with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from triage.lazy_names import lazy_names
from triage.version import __version__

# module -> the public names it defines
_PUBLIC = {
    "triage.decision": ("Decision", "DecisionError", "load_decision_file", "parse_decision"),
    "triage.engine.engine": ("Engine",),
    "triage.outcome": ("Outcome",),
    "triage.rulebook.loader": ("RuleBookError",),
}

if TYPE_CHECKING:
    from triage.decision import Decision, DecisionError, load_decision_file, parse_decision
    from triage.engine.engine import Engine
    from triage.outcome import Outcome
    from triage.rulebook.loader import RuleBookError


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())

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

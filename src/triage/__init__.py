"""triage: check proposed care-allocation decisions against regional policy, and explain.

The public names are imported on first use: importing a submodule (the CLI, the audit
pipeline in a worker process) does not pull in the engine and durable_rules with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from triage.version import __version__

# public name -> the module that defines it
_PUBLIC = {
    "Decision": "triage.decision",
    "DecisionError": "triage.decision",
    "load_decision_file": "triage.decision",
    "parse_decision": "triage.decision",
    "Engine": "triage.engine.engine",
    "Outcome": "triage.outcome",
    "RuleBookError": "triage.rulebook.loader",
}

if TYPE_CHECKING:
    from triage.decision import Decision, DecisionError, load_decision_file, parse_decision
    from triage.engine.engine import Engine
    from triage.outcome import Outcome
    from triage.rulebook.loader import RuleBookError


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'triage' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


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

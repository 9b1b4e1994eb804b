"""The one module that imports durable_rules (see `docs/engine.md`).

How it is used safely here:
- facts, not events: `assert_fact` fires every matching rule, events only the first;
- one fresh session id per evaluation, always deleted in `finally` (1024 live sessions max);
- one lock per host: the C core is not safe under concurrent calls;
- no background timer threads (we use no timers, and they slow every other host down);
- actions only record the name of the rule that fired; errors inside the engine are raised.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import threading
from typing import Any

from durable import engine as _durable


class MatchError(RuntimeError):
    """durable_rules reported an error while evaluating a fact."""


class _Host(_durable.Host):
    def __init__(self, recorder: list[str]):
        self._recorder = recorder
        super().__init__()

    def _run(self) -> None:
        # durable_rules starts two timer threads per host that dispatch timers and queued
        # events; the triage rulesets use neither.
        return None

    def get_action(self, action_name: str):
        recorder = self._recorder

        def record(_context: Any) -> None:
            recorder.append(action_name)

        return record


class DurableMatcher:
    """Registers JSON rulesets once; `match` returns the names of the rules that fired."""

    def __init__(self, rulesets: dict[str, dict[str, Any]]):
        self._fired: list[str] = []
        self._host = _Host(self._fired)
        self._host.register_rulesets(copy.deepcopy(rulesets))  # it mutates what it gets
        self._lock = threading.Lock()
        self._session_ids = itertools.count()

    def match(self, ruleset: str, fact: dict[str, Any]) -> list[str]:
        """Assert one fact in a fresh session and return every rule that fired (in order)."""
        with self._lock:
            self._fired.clear()
            sid = f"s{next(self._session_ids)}"
            try:
                state = self._host.assert_fact(ruleset, {**fact, "sid": sid})
                if isinstance(state, dict) and "exception" in state:
                    raise MatchError(str(state["exception"]))
            except _durable.MessageNotHandledException:
                pass  # no rule matched; the catch-all rule normally prevents this
            finally:
                # a session that never started has no state to delete
                with contextlib.suppress(Exception):
                    self._host.delete_state(ruleset, sid)
            return list(self._fired)

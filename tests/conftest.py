from __future__ import annotations

from pathlib import Path

import pytest

from triage import Engine

ROOT = Path(__file__).resolve().parents[1]

# the steps of the contract and population scenarios (features/README.md)
pytest_plugins = ["steps_levels"]


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One engine for the whole run: loading and compiling happens once."""
    return Engine.load(ROOT / "rules")

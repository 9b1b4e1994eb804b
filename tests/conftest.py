from __future__ import annotations

from pathlib import Path

import pytest

from triage import Engine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One engine for the whole run: loading and compiling happens once."""
    return Engine.load(ROOT / "rules")

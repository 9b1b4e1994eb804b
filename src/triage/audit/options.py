"""The options of an audit (`triage audit`'s command-line options).

Only the standard library: the command builds them, and starts its worker processes with
them, before it imports polars and the audit pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triage.audit.pseudonym import Pseudonymiser

ENGINES = ("fast", "durable", "python")


@dataclass
class AuditOptions:
    inputs: list[Path]
    out_dir: Path
    on: dt.date | None = None
    region: str | None = None
    workers: int = 1
    # fast: vectorised, durable_rules only for rows not in plain form; durable: every row
    # through durable_rules; python: every row through the plain-Python matcher (baseline)
    engine: str = "fast"
    pseudonymiser: Pseudonymiser | None = None
    # iJw/iWmo messages: keep only the latest version of each toewijzing (per input), and
    # validate every message against the XSDs in this folder
    latest_only: bool = False
    xsd: Path | None = None

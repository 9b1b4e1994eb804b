"""Text from outside (file names, paths) made safe to print on a terminal or write into a
report: bytes that are not UTF-8 become U+FFFD, control characters (an ESC that would steer
the terminal, a line end that would forge a log line) are written as `\\x1b`."""

from __future__ import annotations

import os
import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def shown(text: str | Path, keep_lines: bool = False) -> str:
    """`text` as it may be shown anywhere; `keep_lines` leaves line ends (a message's own)."""
    value = os.fsencode(text).decode("utf-8", "replace") if isinstance(text, Path) else str(text)
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    pattern = _CONTROL_BUT_LINES if keep_lines else _CONTROL
    return pattern.sub(lambda match: f"\\x{ord(match.group()):02x}", value)

"""The consoles the command line writes to: every text printed has its control characters
escaped (`triage.shown_text`), so that a file name or decision id with an ESC cannot steer
the user's terminal or forge a line of output."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from triage.shown_text import shown


class SafeConsole(Console):
    """A rich console that escapes control characters in the text it is given."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(shown(o, keep_lines=True) if isinstance(o, str) else o for o in objects), **options)


out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)  # a message is one line

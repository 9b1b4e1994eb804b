"""The consultant's web page (server-rendered, plain Dutch). Being built."""

from __future__ import annotations

from fastapi import FastAPI


def mount(app: FastAPI) -> None:
    """Add the page routes and static files to the app."""

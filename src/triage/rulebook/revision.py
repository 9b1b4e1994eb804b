"""A rule folder as it was at a git revision, for `triage rules diff` and `triage impact`:
`git archive` of the folder at that revision, unpacked into a temporary folder."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class RevisionError(ValueError):
    """A revision (or its repository) that cannot be read; the message says why, in Dutch."""


def _git(folder: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise RevisionError("git is niet geïnstalleerd; geef een map in plaats van een git-revisie") from None
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} mislukte")
    return result.stdout


def _top(folder: Path) -> Path | None:
    """The top of the git repository `folder` lies in, if any."""
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except RevisionError:
        return None


def rules_at_revision(spec: str, beside: Path | None, into: Path) -> Path:
    """The rule folder at a git revision, unpacked under `into`; returns its path there.

    `spec` is `REVISION` or `REVISION:PATH` (PATH from the repository's top). Without PATH,
    the folder is the one `beside` names (the other side of the comparison, when that is a
    folder in a git repository), else `rules`. The repository is that of `beside`, else that
    of the working folder."""
    revision, _, path = spec.partition(":")
    beside = beside.resolve() if beside is not None and beside.is_dir() else None
    top = _top(beside) if beside is not None else None
    top = top or _top(Path.cwd())
    if top is None:
        raise RevisionError(f"{spec!r} is geen map, en de werkmap ligt niet in een git-repository")
    if not path:
        inside = beside is not None and beside.is_relative_to(top)
        path = str(beside.relative_to(top)) if beside is not None and inside else "rules"
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"{spec!r} is geen map en geen bekende git-revisie in {top}") from None
    try:
        archive = _git(top, "archive", "--format=tar", revision, "--", path)
    except RevisionError:
        raise RevisionError(f"{path!r} bestaat niet in git-revisie {revision}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / path

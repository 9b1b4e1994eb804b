"""Feature files read with the Gherkin parser (`gherkin-official`, the parser pytest-bdd uses):
scenarios with their steps, keywords and line numbers. A Background's steps come first in
each scenario; a Scenario Outline gives one scenario per row of its Examples."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler


class FeatureError(ValueError):
    """A feature file (or path) that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ScenarioStep:
    keyword: str  # as written: "Gegeven", "En", "Als", "Dan", ...
    text: str
    line: int


@dataclass(frozen=True)
class Scenario:
    path: Path
    feature: str  # the feature's name (Functionaliteit)
    name: str
    line: int
    steps: tuple[ScenarioStep, ...]

    @property
    def where(self) -> str:
        """`file:line` of the scenario, the file relative to the working folder when inside it."""
        return f"{display_path(self.path)}:{self.line}"


def display_path(path: Path) -> str:
    """A path relative to the working folder when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def feature_files(paths: Iterable[Path]) -> list[Path]:
    """The `.feature` files named, or found (sorted) under the folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob("*.feature"))
        elif path.is_file():
            found.append(path)
        else:
            raise FeatureError(f"{path}: bestand of map niet gevonden")
    return found


def read_feature(path: Path) -> list[Scenario]:
    """The scenarios of one feature file, in file order."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FeatureError(f"{display_path(path)}: geen UTF-8-tekst") from None
    try:
        document = Parser().parse(text)
    except (CompositeParserException, ParserException) as exc:
        raise FeatureError(_parse_problem(path, text, exc)) from None
    feature = document.get("feature")
    if feature is None:
        return []
    if feature.get("language") != "nl":
        raise FeatureError(
            f"{display_path(path)}:1: de eerste regel moet '# language: nl' zijn (Nederlandse Gherkin)"
        )
    steps: dict[str, ScenarioStep] = {}
    for node in _step_nodes(feature):
        steps[node["id"]] = ScenarioStep(node["keyword"].strip(), node["text"], node["location"]["line"])
    lines = {node["id"]: node["location"]["line"] for node in _scenario_nodes(feature)}
    document["uri"] = str(path)
    scenarios = []
    for pickle in Compiler().compile(document):
        scenario_line = next((lines[i] for i in pickle["astNodeIds"] if i in lines), 0)
        scenario_steps = tuple(
            ScenarioStep(steps[s["astNodeIds"][0]].keyword, s["text"], steps[s["astNodeIds"][0]].line)
            for s in pickle["steps"]
        )
        scenarios.append(Scenario(path, feature["name"], pickle["name"], scenario_line, scenario_steps))
    return scenarios


def read_features(paths: Iterable[Path]) -> list[Scenario]:
    """Every scenario of the feature files named or found under the folders named."""
    return [scenario for path in feature_files(paths) for scenario in read_feature(path)]


def _children(feature: dict) -> Iterable[dict]:
    for child in feature.get("children", []):
        yield child
        if "rule" in child:
            yield from child["rule"].get("children", [])


def _scenario_nodes(feature: dict) -> Iterable[dict]:
    for child in _children(feature):
        if "scenario" in child:
            yield child["scenario"]


def _step_nodes(feature: dict) -> Iterable[dict]:
    for child in _children(feature):
        for kind in ("scenario", "background"):
            if kind in child:
                yield from child[kind].get("steps", [])


def _parse_problem(path: Path, text: str, exc: Exception) -> str:
    """The first problem the parser found, in Dutch, with its line."""
    errors = getattr(exc, "errors", None) or [exc]
    location = getattr(errors[0], "location", None) or {}
    line = location.get("line")
    where = f"{display_path(path)}:{line}" if line else display_path(path)
    if not text.lstrip().startswith("# language: nl"):
        return f"{where}: de eerste regel moet '# language: nl' zijn (Nederlandse Gherkin)"
    return (
        f"{where}: deze regel past niet in een feature-bestand; verwacht Functionaliteit, Achtergrond, "
        "Scenario, Abstract Scenario, Voorbeelden, een stap (Gegeven, Als, Dan, En, Maar), een tabelregel "
        "of commentaar (#)"
    )

"""Safe YAML reading that remembers where things are.

Only the safe loader is used (`yaml.CSafeLoader`, libyaml's, when installed: much faster;
else `yaml.SafeLoader`), never the full loader: rule text is data, not code.
Two changes to its defaults:

- numbers written with a leading zero (CBS codes such as `0355`) stay text instead of
  becoming octal or decimal integers, and dates stay text for pydantic to parse;
- every mapping remembers the line it starts on, so that a mistake in a rule file can be
  reported with file and line.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml


class LineDict(dict):
    """A dict that knows the (1-based) line of the YAML mapping it was read from."""

    line: int = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    pass


# Drop the int resolver and add it back without leading-zero forms ("0355" stays text).
# Dates stay text too: pydantic parses them, so "2027-13-45" is a field error with a
# location instead of a YAML crash.
_DROPPED = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"}
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for key, resolvers in _Loader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*))$"),
    list("-+0123456789"),
)


class DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping that names a key twice (PyYAML would keep the last one silently)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DuplicateKey(None, None, f"het veld {key!r} staat er twee keer in", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# Deepest nesting of lists and objects accepted in a decision or rule file (a decision needs
# three: exceptions, one exception, its fields). Deeper text is refused as invalid before any
# reader walks it, so that it cannot exhaust Python's recursion limit.
MAX_NESTING = 32
NESTING_PROBLEM = f"te diep genest (meer dan {MAX_NESTING} niveaus van lijsten en objecten)"


class TooDeepYaml(yaml.YAMLError):
    """YAML text nested deeper than `MAX_NESTING`."""

    problem = NESTING_PROBLEM


def load_yaml(text: str) -> Any:
    """Parse YAML text safely; mappings come back as `LineDict`. Text nested deeper than
    `MAX_NESTING` raises `TooDeepYaml`."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except RecursionError:
        raise TooDeepYaml() from None
    if not nested_within(data, MAX_NESTING):
        raise TooDeepYaml()
    return data


def nested_within(value: Any, limit: int) -> bool:
    """Whether lists and objects in `value` nest at most `limit` deep (walked without
    recursion; a list or object reached twice, as YAML aliases make, is walked once)."""
    seen: set[int] = set()
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list) and id(item) not in seen:
            if depth > limit:
                return False
            seen.add(id(item))
            stack.extend((inner, depth + 1) for inner in (item.values() if isinstance(item, dict) else item))
    return True


class DuplicateJsonKey(json.JSONDecodeError):
    """A JSON object that names a key twice (`json.loads` would keep the last one silently,
    where YAML text is refused: `DuplicateKey`). A `JSONDecodeError`, so that every reader of
    JSON treats it as invalid JSON; the parser does not say where the key is."""

    def __init__(self, key: str):
        self.problem = f"het veld {key!r} staat er twee keer in"
        super().__init__(self.problem, "", 0)

    def __str__(self) -> str:
        return self.problem


class TooDeepJson(json.JSONDecodeError):
    """JSON text nested deeper than `MAX_NESTING` (a `JSONDecodeError`, as `DuplicateJsonKey`)."""

    problem = NESTING_PROBLEM

    def __init__(self) -> None:
        super().__init__(self.problem, "", 0)

    def __str__(self) -> str:
        return self.problem


def load_json(text: str | bytes) -> Any:
    """Parse JSON text; an object that names a key twice raises `DuplicateJsonKey`, text
    nested deeper than `MAX_NESTING` `TooDeepJson`."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise TooDeepJson() from None
    if isinstance(data, dict | list) and not nested_within(data, MAX_NESTING):
        raise TooDeepJson()
    return data


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateJsonKey(key)
        result[key] = value
    return result


def syntax_problem(exc: json.JSONDecodeError | yaml.YAMLError, json_line: bool = False) -> str:
    """Where JSON or YAML text stops being valid, in Dutch (the parsers' own words are
    English): "geen geldige JSON/YAML (regel 3, kolom 7)", with the duplicated key named.
    `json_line`: one line of a JSON Lines file, which its reference names already: "geen
    geldige JSON (kolom 7)"."""
    if isinstance(exc, DuplicateJsonKey | TooDeepJson):
        return f"geen geldige JSON: {exc.problem}"
    if isinstance(exc, TooDeepYaml):
        return f"geen geldige JSON/YAML: {exc.problem}"
    if json_line and isinstance(exc, json.JSONDecodeError):
        return f"geen geldige JSON (kolom {exc.colno})"
    if isinstance(exc, json.JSONDecodeError):
        line, column = exc.lineno, exc.colno
    else:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    where = f" (regel {line}, kolom {column})" if line is not None else ""
    text = f"geen geldige JSON/YAML{where}"
    return f"{text}: {exc.problem}" if isinstance(exc, DuplicateKey) else text


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the innermost mapping on `path` inside data read by `load_yaml`."""
    line = getattr(data, "line", None)
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line

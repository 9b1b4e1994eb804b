"""The rooms of src/triage stay apart: no import cycles, no private name imported from another
module, the fast path used through its package's public names only, and nothing but the
command line imports the command line. Read from the source with `ast` (every import
counts, also one inside a function or under TYPE_CHECKING)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
VECTORISED = "triage.engine.vectorised"
INTERFACES = "triage.interfaces"


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import of `module`."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((submodule, None) if submodule in MODULES else (base, alias.name))
    return [(target, name) for target, name in found if target == "triage" or target.startswith("triage.")]


GRAPH = {module: {target for target, _ in _imports(module) if target in MODULES} for module in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return components


def test_the_graph_is_read() -> None:
    assert len(MODULES) > 80
    assert "triage.rulebook.operators" in GRAPH["triage.engine.compiler"]


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [
        f"{module} imports {name} from {target}"
        for module in MODULES
        for target, name in _imports(module)
        if name and name.startswith("_") and not name.startswith("__") and target != module
    ]
    assert private == []


def test_the_fast_path_is_used_through_its_public_interface() -> None:
    inside = [
        f"{module} imports {target}"
        for module in MODULES
        if not (module == VECTORISED or module.startswith(VECTORISED + "."))
        for target, _ in _imports(module)
        if target.startswith(VECTORISED + ".")
    ]
    assert inside == []


def test_only_the_command_line_imports_the_command_line() -> None:
    outside = [
        f"{module} imports {target}"
        for module in MODULES
        if not module.startswith(INTERFACES) and module != "triage.__main__"
        for target, _ in _imports(module)
        if target.startswith(INTERFACES)
    ]
    assert outside == []


def test_a_cycle_would_be_found(tmp_path: Path) -> None:
    """The checks can fail: a made-up pair of modules that import each other is a cycle."""
    GRAPH["triage.made_up_a"] = {"triage.made_up_b"}
    GRAPH["triage.made_up_b"] = {"triage.made_up_a"}
    MODULES["triage.made_up_a"] = MODULES["triage.made_up_b"] = tmp_path
    try:
        assert ["triage.made_up_a", "triage.made_up_b"] in _cycles()
    finally:
        for name in ("triage.made_up_a", "triage.made_up_b"):
            del GRAPH[name], MODULES[name]

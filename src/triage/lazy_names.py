"""Public names of a package imported on first use (PEP 562), so that importing a package
for one light name does not import the heavy modules behind the others."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(
    package: str, modules: dict[str, tuple[str, ...]], namespace: dict[str, Any]
) -> tuple[Callable, Callable]:
    """`__getattr__` and `__dir__` for a package whose public names (module -> the names it
    defines) are imported from their modules the first time they are asked for."""
    public = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = public.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *public])

    return __getattr__, __dir__

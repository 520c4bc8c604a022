"""Named references: the function an exercise's expected values come from, and its mistakes.

An exercise names a reference (`functions: {adam_step: adam-step}`); the reference is called
with the check's arguments and returns the expected value. Called with `mistake="<id>"` it
returns what a common wrong implementation returns instead, so a failing answer that matches it
can be named. Optimizers, schedules and activations come from the engine (dltutor.sim, which
matches torch to ~1e-12); the rest is NumPy checked against committed torch goldens
(tests/practice/goldens.json, made by tools/goldens/make_practice.py).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

MODULES = ("activations", "losses", "optimizers", "schedules", "layers", "shapes", "metrics")


@dataclass(frozen=True)
class Reference:
    name: str
    fn: Callable[..., Any]
    mistakes: frozenset[str]

    def __call__(self, args: dict[str, Any], mistake: str | None = None) -> Any:
        return self.fn(**args, mistake=mistake) if mistake else self.fn(**args)


_REGISTRY: dict[str, Reference] = {}
_LOADED: set[str] = set()


def reference(name: str, mistakes: tuple[str, ...] = ()):
    """Register fn(**args, mistake=None) under `name`, with the mistake variants it can compute."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _REGISTRY[name] = Reference(name, fn, frozenset(mistakes))
        return fn

    return register


def registry() -> dict[str, Reference]:
    """Every reference by name (the modules defining them are imported on first use: NumPy)."""
    if len(_LOADED) < len(MODULES):
        for module in MODULES:
            if module not in _LOADED:
                importlib.import_module(f"{__name__}.{module}")
                _LOADED.add(module)
    return _REGISTRY


def unknown_mistake(mistake: str) -> ValueError:
    return ValueError(f"no mistake variant {mistake!r}")

"""What the kinds whose engine is one `run_X(params, seed)` function share (dropout, batch, depth)."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any, Callable


def engine(module: str):
    return importlib.import_module(f"dltutor.sim.{module}")


def options_of(module: str) -> Callable[[], dict[str, Any]]:
    return lambda: engine(module).PARAMS


def finish_with(module: str, owner: str) -> Callable[[dict[str, Any]], None]:
    """The engine's own checks beyond single values, with errors naming the kind (`batch.lr`)."""

    def finish(resolved: dict[str, Any]) -> None:
        options = {k: resolved[k] for k in engine(module).PARAMS}
        resolved.update(engine(module).check_options(options, owner))

    return finish


def run_engine(module: str) -> Callable[[Any, dict[str, Any]], dict[str, Any]]:
    def run(scene: Any, resolved: dict[str, Any]) -> dict[str, Any]:
        sim = engine(module)
        result = getattr(sim, f"run_{module}")({k: resolved[k] for k in sim.PARAMS}, seed=scene.seed)
        return {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}

    return run

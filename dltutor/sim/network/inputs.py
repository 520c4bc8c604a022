"""The network's inputs: Playground's seven features of a point (x1, x2)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from dltutor.sim.params import ParamError

Array = np.ndarray

FEATURES: dict[str, Callable[[Array, Array], Array]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin(x1)": lambda a, b: np.sin(a),
    "sin(x2)": lambda a, b: np.sin(b),
}
_ALIASES = {
    "x1²": "x1^2",
    "x2²": "x2^2",
    "x1·x2": "x1*x2",
    "x1x2": "x1*x2",
    "sinx1": "sin(x1)",
    "sinx2": "sin(x2)",
    "sin x1": "sin(x1)",
    "sin x2": "sin(x2)",
    "x1**2": "x1^2",
    "x2**2": "x2^2",
}


def check_inputs(names) -> tuple[str, ...]:
    """Feature names in canonical spelling; refuses unknown or repeated names."""
    if isinstance(names, str):
        names = [s for s in names.split(",")]
    out = []
    for raw in names:
        text = str(raw).strip()
        key = _ALIASES.get(text) or _ALIASES.get(text.replace(" ", "")) or text.replace(" ", "")
        if key not in FEATURES:
            raise _refuse(f"unknown input {raw!r}; choose from: {', '.join(FEATURES)}")
        if key in out:
            raise _refuse(f"input {key} is listed twice")
        out.append(key)
    if not out:
        raise _refuse("choose at least one input: " + ", ".join(FEATURES))
    return tuple(out)


def features(x: Array, names: tuple[str, ...]) -> Array:
    """(n, 2) points -> (n, len(names)) inputs of the network, float64, C-contiguous."""
    a, b = x[..., 0], x[..., 1]
    return np.ascontiguousarray(np.stack([FEATURES[name](a, b) for name in names], axis=-1), dtype=np.float64)


def _refuse(message: str) -> ParamError:
    return ParamError("network", "inputs", message, message)

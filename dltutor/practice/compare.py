"""Is what came back what was expected? And if not, where do they differ, in words.

Values are compared in their encoded form (child.encode), so a learner's result is never
unpickled or trusted. `differs()` returns None when the values match within the tolerance,
else one or a few lines: the shape, the dtype, which elements and by how much.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SHOW = 3  # elements listed when values differ


class Opaque:
    """A returned value that is not a number, array or sequence of them: only its type and repr."""

    def __init__(self, type_name: str, text: str):
        self.type_name, self.text = type_name, text

    def __repr__(self) -> str:
        return self.text


def decode(data: dict) -> Any:
    kind = data.get("t")
    if kind == "py":
        return data["v"]
    if kind == "scalar":
        return np.dtype(data["dtype"]).type(data["v"])
    if kind == "array":
        return np.array(data["v"], dtype=data["dtype"]).reshape(data["shape"])
    if kind in ("tuple", "list"):
        items = [decode(v) for v in data["v"]]
        return tuple(items) if kind == "tuple" else items
    return Opaque(data.get("type", "object"), data.get("repr", ""))


def describe(value: Any) -> str:
    """A few words for the kind of a value: 'an array of shape (3, 4) float64', 'a tuple of 3'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} value{'s' if len(value) != 1 else ''}"
    if isinstance(value, Opaque):
        return f"a {value.type_name} ({value.text})"
    if isinstance(value, (bool, np.bool_)):
        return f"the boolean {value}"
    if isinstance(value, (int, float, np.number)):
        return f"the number {fmt(value)}"
    return f"a {type(value).__name__}"


def fmt(x: Any) -> str:
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    try:
        return f"{float(x):.10g}"
    except (TypeError, ValueError):
        return repr(x)


def _numeric(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biuf"
    return isinstance(value, (bool, int, float, np.bool_, np.number))


def differs(expected: Any, got: Any, rtol: float, atol: float, labels: tuple[str, ...] = ()) -> str | None:
    """None when got matches expected; else what differs."""
    if isinstance(expected, (tuple, list)):
        names = labels if len(labels) == len(expected) else tuple(f"value {i + 1}" for i in range(len(expected)))
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected {len(expected)} values returned ({', '.join(names)}), got {describe(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            why = differs(e, g, rtol, atol)
            if why is not None:
                return f"in {names[i]} (returned value {i + 1} of {len(expected)}): {why}"
        return None
    if expected is None:
        return None if got is None else f"expected None, got {describe(got)}"
    if got is None:
        return "got None: did the function forget to `return` its result?"
    if not _numeric(got):
        return f"expected {describe(expected)}, got {describe(got)}"
    e, g = np.asarray(expected), np.asarray(got)
    if isinstance(expected, np.ndarray) and e.shape != g.shape:
        return f"shape: expected {e.shape}, got {g.shape}"
    if not isinstance(expected, np.ndarray) and g.size != 1:
        return f"expected a single number, got {describe(got)}"
    if (e.dtype.kind == "b") != (g.dtype.kind == "b"):  # True is not the number 1.26, nor 1 a boolean
        return f"expected {describe(expected)}, got {describe(got)}"
    if e.dtype.kind == "b":
        bad = e != g.reshape(e.shape)
    else:
        ef, gf = e.astype(np.float64), g.astype(np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            bad = ~np.isclose(gf, ef, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    return _value_difference(e, g, bad, e.shape == () and g.size == 1)


def _value_difference(e: np.ndarray, g: np.ndarray, bad: np.ndarray, scalar: bool) -> str:
    g = g.reshape(e.shape) if scalar else g
    note = ""
    if e.dtype.kind == "f" and g.dtype.kind == "f" and g.dtype != e.dtype:
        note = f" (dtype {g.dtype}, expected {e.dtype}: precision lost?)"
    nonfinite = ~np.isfinite(g.astype(np.float64)) & np.isfinite(e.astype(np.float64))
    if scalar:
        line = f"expected {fmt(e)}, got {fmt(g)}"
        if np.isfinite(float(e)) and np.isfinite(float(g)):
            line += f" (off by {abs(float(g) - float(e)):.3g})"
        return line + note + (_overflow_note() if nonfinite.any() else "")
    idx = np.argwhere(bad)
    shown = "; ".join(
        f"[{', '.join(map(str, i))}] expected {fmt(e[tuple(i)])}, got {fmt(g[tuple(i)])}" for i in idx[:SHOW]
    )
    more = f"; … {len(idx) - SHOW} more" if len(idx) > SHOW else ""
    line = f"{len(idx)} of {e.size} elements differ: {shown}{more}"
    finite = bad & np.isfinite(g.astype(np.float64)) & np.isfinite(e.astype(np.float64))
    if finite.any():
        diff = np.abs(g.astype(np.float64) - e.astype(np.float64))[finite]
        line += f" (largest difference {diff.max():.3g})"
    if nonfinite.any():
        line += f"; {int(nonfinite.sum())} came back inf or nan where a finite number was expected" + _overflow_note()
    return line + note


def _overflow_note() -> str:
    return " — an overflow (exp of a large number?) or a division by zero"

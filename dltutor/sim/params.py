"""Hyperparameter specs: a default, a type and the range PyTorch accepts.

The engine declares its knobs here once; the scene layer parses and checks user input against
them, and the JSON output echoes the filled-in values. Plain Python, so it costs nothing to import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

# kind: how a value is written and parsed
FLOAT, INT, BOOL, CHOICE, FLOATS, INTS, NAMES = "float", "int", "bool", "choice", "floats", "ints", "names"


@dataclass(frozen=True)
class Param:
    """One hyperparameter: its default, how it is written, and the values allowed."""

    default: Any
    kind: str = FLOAT
    low: float | None = None  # lower bound
    high: float | None = None  # upper bound
    low_open: bool = False  # True: value must be > low (else >= low)
    high_open: bool = False  # True: value must be < high (else <= high)
    choices: tuple[str, ...] = ()
    length: int | None = None  # for FLOATS: exact number of items (betas: 2)
    doc: str = ""
    increasing: bool = False  # for INTS: strictly increasing (milestones)

    def allowed(self) -> str:
        """The allowed values, in words, for error messages."""
        if self.kind == CHOICE:
            return "one of " + ", ".join(self.choices)
        if self.kind == BOOL:
            return "true or false"
        what = {
            FLOAT: "a number",
            INT: "a whole number",
            FLOATS: f"{self.length or 'a list of'} comma-separated numbers",
            INTS: "comma-separated whole numbers",
        }[self.kind]
        bounds = []
        if self.low is not None:
            bounds.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            bounds.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return what + (" " + " and ".join(bounds) if bounds else "")

    def problem(self, value: Any) -> str | None:
        """What is wrong with a value, as the words after "KEY ", or None when it is allowed."""
        if self.check(value):
            return None
        return f"must be {self.allowed()}" + (", strictly increasing" if self.increasing else "")

    def check(self, value: Any) -> bool:
        """True when value (scalar, sequence or per-row array) is within range."""
        if self.kind == CHOICE:
            return isinstance(value, str) and value in self.choices
        if self.kind == BOOL:
            return isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool)
        items = value if isinstance(value, (tuple, list, np.ndarray)) else [value]
        if any(isinstance(v, (bool, np.bool_, str, bytes)) for v in np.ravel(np.asarray(items, dtype=object))):
            return False  # True is not a number here, and "0.1" must be parsed first
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return False
        if arr.ndim > (2 if self.kind in (FLOATS, INTS) else 1) or (self.kind in (FLOAT, INT) and arr.size == 0):
            return False  # one value, or one per row
        if self.kind in (INT, INTS) and not np.all(np.mod(arr[np.isfinite(arr)], 1) == 0):
            return False
        if self.kind in (FLOATS, INTS) and self.length is not None and arr.shape[-1:] != (self.length,):
            return False
        if not np.all(np.isfinite(arr)):
            return False
        if self.low is not None and not np.all(arr > self.low if self.low_open else arr >= self.low):
            return False
        if self.high is not None and not np.all(arr < self.high if self.high_open else arr <= self.high):
            return False
        if self.increasing and arr.size and not np.all(np.diff(arr, axis=-1) > 0):
            return False
        return True


class ParamError(ValueError):
    """A hyperparameter or option that is not allowed: says which key, so a front end can name
    the flag or field it came from instead of parsing the message."""

    def __init__(self, owner: str, key: str, problem: str, message: str | None = None):
        super().__init__(message or f"{owner}.{key} {problem}")
        self.owner, self.key, self.problem = owner, key, problem


def split_names(value: Any) -> tuple[str, ...] | None:
    """'a,b' or a sequence of names as a tuple; None when it is neither."""
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(",") if s.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(s, str) for s in value):
        return tuple(value)
    return None


class Names(Param):
    """One or more distinct names from `choices`, as a sequence or written 'a,b'."""

    def check(self, value: Any) -> bool:
        names = split_names(value)
        return bool(names) and len(set(names)) == len(names) and set(names) <= set(self.choices)

    def allowed(self) -> str:
        return "one or more (comma-separated, no repeats) of " + ", ".join(self.choices)


def positive(default: float, doc: str = "") -> Param:
    return Param(default, FLOAT, low=0.0, low_open=True, doc=doc)


def nonneg(default: float, doc: str = "") -> Param:
    return Param(default, FLOAT, low=0.0, doc=doc)


def unit(default: float, doc: str = "", high_open: bool = True) -> Param:
    """A value in [0, 1) (or [0, 1] when high_open is False): betas, decay rates, probabilities."""
    return Param(default, FLOAT, low=0.0, high=1.0, high_open=high_open, doc=doc)


def fill(spec: dict[str, Param], given: dict[str, Any] | None, owner: str) -> dict[str, Any]:
    """Defaults filled in; unknown names and values out of range refused with a ParamError.

    The one validator of the engine: optimizers, schedules and every kind's options use it.
    None means "the default", as in torch.
    """
    given = dict(given or {})
    unknown = sorted(set(given) - set(spec))
    if unknown:
        raise ParamError(
            owner,
            unknown[0],
            f"is not a parameter of {owner}; it has: {', '.join(spec) or 'none'}",
            f"{owner} has no parameter {unknown[0]!r}; it has: {', '.join(spec) or 'none'}",
        )
    out = {}
    for name, p in spec.items():
        value = given.get(name)
        if value is None:  # not given, or None meaning "the default"
            out[name] = p.default
            continue
        try:
            problem = p.problem(value)
        except (TypeError, ValueError):
            problem = f"must be {p.allowed()}"
        if problem:
            raise ParamError(owner, name, problem)
        out[name] = int(value) if p.kind == INT and np.ndim(value) == 0 else value
    return out


def per_row(value: Any, n: int) -> np.ndarray:
    """A hyperparameter as a column of n rows (scalar broadcast), shape (n, 1), float64."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return np.full((n, 1), float(arr))
    if arr.shape != (n,):
        raise ValueError(f"a per-row value needs {n} entries, got shape {arr.shape}")
    return arr.reshape(n, 1).copy()


class SweepParam(Param):
    """NAME=LO:HI:N: N values of one hyperparameter, log-spaced when LO and HI are both > 0."""

    def check(self, value: Any) -> bool:
        try:
            parse_sweep(value)
        except (TypeError, ValueError):
            return False
        return True

    def allowed(self) -> str:
        return "NAME=LO:HI:N, e.g. lr=1e-4:1:40 (N from 2 to 4096; log-spaced when LO and HI are > 0)"


def parse_sweep(text: str) -> tuple[str, np.ndarray, bool]:
    """'lr=1e-4:1:40' -> ("lr", 40 values, log-spaced?)."""
    name, sep, rng = str(text).partition("=")
    lo, hi, count = rng.split(":")
    lo_f, hi_f, n = float(lo), float(hi), int(count)
    if not sep or not name.strip() or not (2 <= n <= 4096) or not (math.isfinite(lo_f) and math.isfinite(hi_f)):
        raise ValueError(text)
    if lo_f == hi_f:
        raise ValueError(text)
    log = lo_f > 0 and hi_f > 0
    values = np.geomspace(lo_f, hi_f, n) if log else np.linspace(lo_f, hi_f, n)
    return name.strip(), values, log

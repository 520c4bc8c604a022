"""Input specs: how an exercise's YAML describes the arguments of a check, and building them.

A spec is data. Numbers, strings, booleans and null stand for themselves; a list is a list of
specs; a mapping with one of these keys builds an array (float64 unless said otherwise), seeded
so that every run sees the same numbers:

    {array: [[1, 2], [3, 4]], dtype: float64}    literal values
    {randn: [4, 3], seed: 1, scale: 1, loc: 0}   normal draws
    {uniform: [5], seed: 2, low: 0, high: 1}     uniform draws
    {integers: [8], seed: 3, low: 0, high: 4}    whole numbers in [low, high), int64
    {bernoulli: [4, 6], seed: 4, p: 0.8}         1.0 with probability p, else 0.0
    {full: [3], value: 0}                        one value everywhere
    {linspace: [-5, 5, 11]}                      evenly spaced, ends included
    {tuple: [1, 2]}                              a tuple of specs
"""

from __future__ import annotations

from typing import Any

ARRAY_KEYS = ("array", "randn", "uniform", "integers", "bernoulli", "full", "linspace", "tuple")
DTYPES = ("float64", "float32", "int64", "bool")
_OPTIONS = {
    "array": {"dtype"},
    "randn": {"seed", "scale", "loc"},
    "uniform": {"seed", "low", "high"},
    "integers": {"seed", "low", "high"},
    "bernoulli": {"seed", "p"},
    "full": {"value", "dtype"},
    "linspace": set(),
    "tuple": set(),
}
MAX_ELEMENTS = 100_000


def problems(spec: Any, where: str = "args") -> list[str]:
    """What is wrong with a spec (empty when it is fine); checked without building it."""
    if spec is None or isinstance(spec, (bool, int, float, str)):
        return []
    if isinstance(spec, list):
        return [p for i, item in enumerate(spec) for p in problems(item, f"{where}[{i}]")]
    if not isinstance(spec, dict):
        return [f"{where}: not a value, list or mapping"]
    kinds = [k for k in ARRAY_KEYS if k in spec]
    if len(kinds) != 1:
        return [f"{where}: a mapping needs exactly one of {', '.join(ARRAY_KEYS)}"]
    kind = kinds[0]
    extra = set(spec) - {kind} - _OPTIONS[kind]
    if extra:
        return [f"{where}: {kind}: unknown key(s) {', '.join(sorted(map(str, extra)))}"]
    value = spec[kind]
    if kind == "tuple":
        return problems(value, where) if isinstance(value, list) else [f"{where}: tuple: needs a list"]
    if kind == "array":
        if spec.get("dtype", "float64") not in DTYPES:
            return [f"{where}: dtype: one of {', '.join(DTYPES)}"]
        return [] if _numeric_nest(value) else [f"{where}: array: needs numbers (or nested lists of them)"]
    if kind == "linspace":
        ok = (
            isinstance(value, list)
            and len(value) == 3
            and all(_number(v) for v in value)
            and isinstance(value[2], int)
            and 1 <= value[2] <= MAX_ELEMENTS
        )
        return [] if ok else [f"{where}: linspace: needs [start, stop, count]"]
    if not (isinstance(value, list) and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value)):
        return [f"{where}: {kind}: the shape must be a list of whole numbers >= 0"]
    size = 1
    for n in value:
        size *= n
    if size > MAX_ELEMENTS:
        return [f"{where}: {kind}: more than {MAX_ELEMENTS} elements"]
    bad = [k for k in _OPTIONS[kind] - {"dtype"} if k in spec and not (_number(spec[k]) and _numeric_nest(spec[k]))]
    return [f"{where}: {kind}: {k} must be a number" for k in bad]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numeric_nest(value: Any) -> bool:
    if isinstance(value, list):
        return all(_numeric_nest(v) for v in value)
    if not isinstance(value, (int, float)):
        return False
    try:
        float(value)  # a whole number too large for float64 cannot become an array
    except OverflowError:
        return False
    return True


def build(spec: Any) -> Any:
    """The value a spec stands for (fresh arrays on every call)."""
    import numpy as np

    if spec is None or isinstance(spec, (bool, int, float, str)):
        return spec
    if isinstance(spec, list):
        return [build(item) for item in spec]
    kind = next(k for k in ARRAY_KEYS if k in spec)
    value = spec[kind]
    if kind == "tuple":
        return tuple(build(item) for item in value)
    if kind == "array":
        return np.array(value, dtype=spec.get("dtype", "float64"))
    if kind == "linspace":
        return np.linspace(float(value[0]), float(value[1]), int(value[2]))
    shape = tuple(value)
    rng = np.random.default_rng(spec.get("seed", 0))
    if kind == "randn":
        return rng.normal(spec.get("loc", 0.0), spec.get("scale", 1.0), shape)
    if kind == "uniform":
        return rng.uniform(spec.get("low", 0.0), spec.get("high", 1.0), shape)
    if kind == "integers":
        return rng.integers(spec.get("low", 0), spec.get("high", 2), shape, dtype=np.int64)
    if kind == "bernoulli":
        return (rng.random(shape) < spec.get("p", 0.5)).astype(np.float64)
    return np.full(shape, spec.get("value", 0.0), dtype=spec.get("dtype", "float64"))


def build_args(specs: dict[str, Any]) -> dict[str, Any]:
    return {name: build(spec) for name, spec in specs.items()}

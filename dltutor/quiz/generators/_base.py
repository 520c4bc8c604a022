"""What every generator shares: the Generator record, number formatting, and Instance builders.

Kept apart from the package's ``__init__`` so the topic modules can import it without a cycle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from dltutor.quiz.models import Instance
from dltutor.sim.params import FLOAT, INT, Param

SIG4 = "to 4 significant figures"
WHOLE = "as a whole number"
REL = {"rel": 1e-3}  # real-valued answers (4 significant figures are within it)
EXACT_INT = {"abs": 0.5}


def carried(answer: float, slack: float) -> dict[str, float]:
    """The tolerance for an answer whose working carries intermediate values (a probability, a log) to
    4 significant figures: 1e-3 relative, but never tighter than `slack`, the most those roundings move
    the answer (tests/quiz/test_generators.py recomputes each such route over every seed it draws)."""
    tol = max(REL["rel"] * abs(float(answer)), slack)
    step = 10.0 ** (math.floor(math.log10(tol)) - 1)  # rounded up to 2 figures, so the feedback reads ±0.0015
    return {"abs": math.ceil(tol / step - 1e-9) * step}


@dataclass(frozen=True)
class Generator:
    """A computed question: draws fresh numbers from `rng`, returns the question with its answer."""

    name: str  # "dropout_scale"
    card: str  # the deck card id it belongs to
    title: str  # short, for listings
    params: dict[str, Param]  # knobs a deck entry may fix; a default of None means "draw it"
    make: Callable[[np.random.Generator, dict], Instance]


class ParamError(ValueError):
    """A fixed parameter that passes its own range check but not the generator's (cross-field) rules."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param


# --------------------------------------------------------------------------- parameters


def draw_float(
    doc: str, low: float | None = None, high: float | None = None, *, low_open: bool = False, high_open: bool = False
) -> Param:
    """A real knob drawn when not fixed."""
    return Param(None, FLOAT, low=low, high=high, low_open=low_open, high_open=high_open, doc=doc)


def draw_int(doc: str, low: int | None = None, high: int | None = None) -> Param:
    """A whole-number knob drawn when not fixed."""
    return Param(None, INT, low=low, high=high, doc=doc)


def pick(rng: np.random.Generator, seq: Sequence[Any]) -> Any:
    """One element of seq, keeping its Python type (rng.choice would hand back NumPy scalars)."""
    return seq[int(rng.integers(len(seq)))]


def fixed(params: dict, key: str, draw: Callable[[], Any], cast: Callable[[Any], Any] = float) -> Any:
    """The value a deck entry fixed for `key`, else a fresh draw; cast to a plain Python number."""
    value = params.get(key)
    return cast(draw() if value is None else value)


def composition(rng: np.random.Generator, k: int, total: int = 20) -> list[float]:
    """k probabilities, each a positive multiple of 1/total, summing to exactly 1 (1/20 = 0.05 steps)."""
    cuts = np.sort(rng.choice(np.arange(1, total), size=k - 1, replace=False))
    parts = np.diff(np.concatenate(([0], cuts, [total])))
    return [int(c) / total for c in parts]


# --------------------------------------------------------------------------- numbers as text


def _tidy_exponent(s: str) -> str:
    if "e" not in s:
        return s
    mantissa, exponent = s.split("e")
    return f"{mantissa}e{int(exponent)}"


def fmt(x: Any) -> str:
    """An input number as the prompt shows it: shortest exact form, 2.0 as 2, 1e-05 as 1e-5."""
    if isinstance(x, (bool, np.bool_)):
        return "true" if x else "false"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if x.is_integer() and abs(x) < 1e15:
            return str(int(x))
        return _tidy_exponent(repr(x))
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in x) + "]"
    return str(x)


def show(x: float, sig: int = 6) -> str:
    """A computed value for the working: sig significant figures, trailing zeros dropped."""
    x = float(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return _tidy_exponent(f"{x:.{sig}g}")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st."""
    n = int(n)
    suffix = "th" if 11 <= abs(n) % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
    return f"{n}{suffix}"


def counted(n: Any, word: str, plural: str | None = None) -> str:
    """A number with its noun in the right number: 1 call, 2 calls, 0.5 bits (plural unless exactly 1)."""
    one = isinstance(n, (int, float, np.integer, np.floating)) and float(n) == 1
    text = fmt(n) if not isinstance(n, str) else n
    return f"{text} {word if one else plural or word + 's'}"


def paren(text: str) -> str:
    """A negative number bracketed where it meets an operator: (-2)², 0.3 × (-1.5)."""
    return f"({text})" if text.startswith("-") else text


def vec(values: Sequence[Any]) -> str:
    """A vector in a prompt: (1, -2, 0.5)."""
    return "(" + ", ".join(fmt(v) for v in values) + ")"


# --------------------------------------------------------------------------- instances


def _plain(numbers: dict[str, Any]) -> dict[str, Any]:
    def one(v):
        if isinstance(v, (list, tuple, np.ndarray)):
            return [one(x) for x in v]
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
        return v

    return {k: one(v) for k, v in numbers.items()}


def numeric(
    prompt: str,
    answer: float,
    explanation: str,
    numbers: dict[str, Any],
    *,
    tolerance: dict[str, float] | None = None,
    unit: str | None = None,
) -> Instance:
    """A numeric question; the tolerance defaults to relative 1e-3."""
    answer = float(answer)
    if not math.isfinite(answer):
        raise ValueError(f"non-finite answer {answer!r} for: {prompt}")
    return Instance(
        kind="numeric",
        prompt=prompt,
        explanation=explanation,
        numbers=_plain(numbers),
        data={"answer": answer, "tolerance": dict(tolerance or REL), "unit": unit},
    )


def integer(prompt: str, answer: int, explanation: str, numbers: dict[str, Any], unit: str | None = None) -> Instance:
    """A numeric question whose answer is an exact whole number (kept an int; tolerance ±0.5)."""
    return Instance(
        kind="numeric",
        prompt=prompt,
        explanation=explanation,
        numbers=_plain(numbers),
        data={"answer": int(answer), "tolerance": dict(EXACT_INT), "unit": unit},
    )


def truefalse(prompt: str, answer: bool, explanation: str, numbers: dict[str, Any]) -> Instance:
    return Instance(
        kind="truefalse", prompt=prompt, explanation=explanation, numbers=_plain(numbers), data={"answer": bool(answer)}
    )


def choice(prompt: str, choices: list[str], answer: str, explanation: str, numbers: dict[str, Any]) -> Instance:
    if answer not in choices:
        raise ValueError(f"answer {answer!r} is not one of the choices {choices!r}")
    return Instance(
        kind="choice",
        prompt=prompt,
        explanation=explanation,
        numbers=_plain(numbers),
        data={"choices": list(choices), "answer": answer},
    )

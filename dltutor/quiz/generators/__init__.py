"""Computed questions: fresh numbers every time, the answer computed, the working shown.

A deck question of kind `computed` names a generator here (``generator: dropout_scale``) and may fix
some of its parameters (``params: {p: 0.5}``); everything not fixed is drawn from a seeded NumPy
Generator, so the same seed always gives the same question. Numbers are drawn from small "nice"
sets a learner can work with on paper or a calculator, and the prompt shows exactly the numbers
used (formatted by ``fmt``). Answers come from ``dltutor.sim`` where the engine has the formula
(schedules, activations, optimizers, initialisation), otherwise from the formula the card teaches,
with PyTorch's names, defaults and semantics.

One module per topic, each with a ``GENERATORS`` list; this module assembles the registry.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from dltutor.quiz.models import Instance
from dltutor.sim.params import fill

from . import activations, architectures, losses, optimizers, schedules, training
from ._base import Generator, ParamError, fmt, show

__all__ = ["GENERATORS", "Generator", "fmt", "instantiate", "show"]


def _registry(*modules) -> dict[str, Generator]:
    out: dict[str, Generator] = {}
    for module in modules:
        for gen in module.GENERATORS:
            if gen.name in out:
                raise RuntimeError(f"two generators are called {gen.name!r}")
            out[gen.name] = gen
    return out


GENERATORS: dict[str, Generator] = _registry(training, schedules, activations, losses, optimizers, architectures)


def instantiate(name: str, params: dict | None, seed: int) -> Instance:
    """The question generator `name` makes from `seed`, with `params` fixing some of its knobs.

    Raises ValueError for an unknown generator, an unknown or out-of-range parameter (naming the
    generator and the parameter), or a seed that is not a whole number >= 0.
    """
    if name not in GENERATORS:
        raise ValueError(f"unknown generator {name!r}; choose one of: {', '.join(sorted(GENERATORS))}")
    gen = GENERATORS[name]
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{name}: seed must be a whole number >= 0, got {seed!r}")
    filled = fill(gen.params, params, name)
    try:
        inst = gen.make(np.random.default_rng(int(seed)), filled)
    except ParamError as err:
        raise ValueError(f"{name}.{err.param} {err}") from None
    except ValueError as err:  # the engine refusing a combination of fixed values
        raise ValueError(f"{name}: {err}") from None
    return dataclasses.replace(inst, card=gen.card)

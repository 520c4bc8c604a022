"""What an exercise is, once loaded: plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Mistake:
    id: str  # also the name of the reference's variant that computes it
    says: str  # one sentence for the learner: what the code does wrong


@dataclass(frozen=True)
class Check:
    name: str
    function: str  # the learner's function to call
    args: dict[str, Any]  # input specs (see inputs.py), built afresh for every run
    expected: Any = None  # an input spec of the expected value, for exercises without a reference


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    card: str
    folder: Path
    functions: dict[str, str | None]  # learner function -> reference name (None: checks carry `expected`)
    checks: tuple[Check, ...]
    hints: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    returns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # names of returned values
    rtol: float = 1e-9
    atol: float = 1e-12
    order: int = 0

    @property
    def stub(self) -> Path:
        return self.folder / "stub.py"

    @property
    def solution(self) -> Path:
        return self.folder / "solution.py"

    @property
    def file_name(self) -> str:
        return self.id.replace("-", "_") + ".py"


@dataclass
class Catalog:
    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "path: field: message", one line each

"""A question as it is asked: fixed text and answer key, whether written by hand or computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Instance:
    """One askable question.

    `kind` is one of the deck's kinds except `computed` (a computed entry becomes one of these);
    `data` holds that kind's fields exactly as the deck writes them: choice {choices, answer},
    multi {choices, answers}, truefalse {answer}, numeric {answer, tolerance: {abs|rel: x}, unit},
    text {answers}, order {items (in the right order)}.
    """

    kind: str
    prompt: str
    data: dict[str, Any]
    explanation: str
    question_id: str = ""  # the deck question it came from
    card: str = ""
    numbers: dict[str, Any] = field(default_factory=dict)  # a computed instance's drawn values

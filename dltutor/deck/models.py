"""The deck's data: topics, cards and questions, and the problems found while loading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUESTION_KINDS = ("choice", "multi", "truefalse", "numeric", "text", "order", "computed")


def _one_inert_line(text: str) -> str:
    """Control characters (a newline in a folder's name, an escape code) written out as \\n, \\x1b:
    a problem is always one line, and never does anything to the terminal."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, said the way compilers say it."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return _one_inert_line(f"{where}: {self.field}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "line": self.line, "field": self.field, "message": self.message}


@dataclass
class Topic:
    id: str  # the folder's name
    title: str
    order: int
    summary: str
    path: Path
    cards: list[str] = field(default_factory=list)  # card ids, in file order


@dataclass
class Card:
    id: str
    title: str
    summary: str
    topic: str
    body: str  # Markdown
    path: Path
    tags: list[str] = field(default_factory=list)
    sim: dict[str, Any] | None = None  # a scene, as in `dltutor plot`
    related: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)


@dataclass
class Question:
    id: str
    card: str
    kind: str
    prompt: str
    explanation: str
    path: Path
    line: int | None
    data: dict[str, Any]  # the kind's own fields: choices, answer, tolerance, items, generator...

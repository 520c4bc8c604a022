"""Fairness warnings: ways a deck can be gamed or pads itself, found in any deck.

A problem makes a deck wrong; a warning makes it easy to guess or repetitive. `dltutor check`
prints both; warnings fail the check only with `--strict`. Computed questions are left out: their
answers change with every instance (tests/quiz/test_generators.py holds them to the same rules).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dltutor.deck import Deck, Question
from dltutor.deck.models import _one_inert_line

TRUE_SHARE = (0.4, 0.6)  # the share of true/false answers that are true, per topic
LONGEST_MARGIN = 0.10  # how far above chance the right option may be the longest one
LONGEST_MIN_QUESTIONS = 5  # fewer choice questions than this in a topic say nothing about a habit
NEAR_DUPLICATE = 0.5  # shared content words (Jaccard) that make two same-answer questions one


@dataclass(frozen=True)
class DeckWarning:
    """One finding, said the way compilers say a warning: path[:line]: warning: message."""

    path: Path
    line: int | None
    check: str  # truefalse-balance, longest-option, duplicate
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return _one_inert_line(f"{where}: warning: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "line": self.line, "check": self.check, "message": self.message}


def fairness_warnings(deck: Deck) -> list[DeckWarning]:
    by_topic: dict[str, list[Question]] = {t: [] for t in deck.topics}
    for question in deck.questions.values():
        card = deck.cards.get(question.card)
        if card is not None and question.kind != "computed":
            by_topic.setdefault(card.topic, []).append(question)
    found: list[DeckWarning] = []
    for topic, questions in by_topic.items():
        found += _truefalse_balance(topic, questions)
        found += _longest_option(topic, questions)
    return found + _duplicates(deck)


# --- true/false balance ---------------------------------------------------------------------------


def balanced_counts(n: int) -> range:
    """How many of n true/false answers may be true: 40–60 %, or as near to half as n allows (1 of 3)."""
    low = min(math.ceil(TRUE_SHARE[0] * n - 1e-9), math.floor(n / 2))
    high = max(math.floor(TRUE_SHARE[1] * n + 1e-9), math.ceil(n / 2))
    return range(low, high + 1)


def _truefalse_balance(topic: str, questions: list[Question]) -> list[DeckWarning]:
    answers = [q.data["answer"] for q in questions if q.kind == "truefalse"]
    n, true = len(answers), sum(answers)
    allowed = balanced_counts(n)
    if not answers or true in allowed:
        return []
    first = next(q for q in questions if q.kind == "truefalse")
    return [
        DeckWarning(
            first.path,
            None,
            "truefalse-balance",
            f"topic {topic}: {true} of {n} true/false answers are true ({true / n:.0%}); a learner who "
            f"always answers {'true' if true > n / 2 else 'false'} scores {max(true, n - true) / n:.0%}; "
            f"keep {_span(allowed)} of {n} true (40–60%)",
        )
    ]


def _span(allowed: range) -> str:
    low, high = allowed.start, allowed.stop - 1
    return f"{low}" if low == high else f"{low} to {high}"


# --- the right option is the longest --------------------------------------------------------------


def _strictly_longest(question: Question) -> bool:
    lengths = [len(" ".join(c.split())) for c in question.data["choices"]]
    mine = len(" ".join(question.data["answer"].split()))
    return sum(length >= mine for length in lengths) == 1


def _longest_option(topic: str, questions: list[Question]) -> list[DeckWarning]:
    """Chance is 1/k for a question of k options whose lengths give nothing away; per topic the
    limit is the mean of 1/k over its choice questions, plus LONGEST_MARGIN."""
    choices = [q for q in questions if q.kind == "choice"]
    if len(choices) < LONGEST_MIN_QUESTIONS:
        return []
    longest = [q for q in choices if _strictly_longest(q)]
    chance = sum(1 / len(q.data["choices"]) for q in choices) / len(choices)
    share = len(longest) / len(choices)
    if share <= chance + LONGEST_MARGIN + 1e-9:
        return []
    return [
        DeckWarning(
            choices[0].path,
            None,
            "longest-option",
            f"topic {topic}: the right option is the strictly longest in {len(longest)} of "
            f"{len(choices)} choice questions ({share:.0%}); chance is {chance:.0%}, keep it at most "
            f"{chance + LONGEST_MARGIN:.0%} (e.g. {', '.join(q.id for q in longest[:3])})",
        )
    ]


# --- duplicates -----------------------------------------------------------------------------------

_STOP = set(
    "a an the of to in on for with and or is are be by what which how does do its it this that as at from "
    "after before per each every one when than then there their they can cannot not no into".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:[._][^\W_]+)*")


def _prompt_key(text: str) -> str:
    """A prompt with case and spacing folded (symbols kept: GELU(0) and GELU′(0) are two questions)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).rstrip(" .?!:")


def _content_words(text: str) -> set[str]:
    words = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    return {w for w in words if w not in _STOP}


def _answer_key(question: Question) -> Any:
    d = question.data
    fold = _prompt_key
    if question.kind == "numeric":
        return float(d["answer"])
    if question.kind == "choice":
        return fold(d["answer"])
    if question.kind in ("multi", "text"):
        return frozenset(map(fold, d["answers"]))
    if question.kind == "order":
        return tuple(map(fold, d["items"]))
    return d["answer"]


def _same_answer(a: Question, b: Question) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "text":  # one accepted answer in common
        return bool(_answer_key(a) & _answer_key(b))
    return _answer_key(a) == _answer_key(b)


def _duplicates(deck: Deck) -> list[DeckWarning]:
    """The same prompt twice anywhere; or, on two cards, the same answer to nearly the same prompt."""
    questions = [q for q in deck.questions.values() if q.kind != "computed" and q.card in deck.cards]
    words = {q.id: _content_words(q.prompt) for q in questions}
    prompts = {q.id: _prompt_key(q.prompt) for q in questions}
    found = []
    for a, b in itertools.combinations(questions, 2):
        if prompts[a.id] == prompts[b.id]:
            why = "has the same prompt as"
        elif a.card != b.card and _same_answer(a, b):
            shared = len(words[a.id] & words[b.id]) / max(1, len(words[a.id] | words[b.id]))
            if shared < NEAR_DUPLICATE:
                continue
            why = f"asks nearly the same ({shared:.0%} of the words) with the same answer as"
        else:
            continue
        found.append(
            DeckWarning(
                b.path,
                b.line,
                "duplicate",
                f"question {b.id} (card {b.card}) {why} question {a.id} (card {a.card}, "
                f"{a.path}:{a.line}); keep one, or make them ask different things",
            )
        )
    return found

"""How a question and its feedback are worded: one text for the line quiz and the session's quiz.

Front ends style these strings (Rich markup, Textual widgets) but never word them themselves,
so the two never say the same thing differently.
"""

from __future__ import annotations

from dltutor.deck import Deck
from dltutor.quiz.grading import Feedback, letter
from dltutor.quiz.session import Asked

HOW_TO_ANSWER = {"choice": "one letter", "multi": "every letter that applies, e.g. a c", "truefalse": "t or f",
                 "numeric": "a number", "text": "a word or short phrase",
                 "order": "the letters in the right order, e.g. c a b"}
COMMANDS = "? hint, s skip"
AFTER_RIGHT = "Enter: next · h: that was hard · e: easy"
AFTER_WRONG = "Enter: next"


def heading(deck: Deck, asked: Asked) -> str:
    card = deck.cards[asked.question.card]
    return f"Question {asked.number} of {asked.total} · {deck.topics[card.topic].title} · {card.title}"


def options(asked: Asked) -> list[str]:
    """The lettered options of a choice, multi or order question ('a) ...'), else none."""
    data = asked.instance.data
    shown = data.get("choices") if asked.instance.kind in ("choice", "multi") else data.get("shown")
    return [f"{letter(i)}) {option}" for i, option in enumerate(shown or [])]


def how_to_answer(asked: Asked) -> str:
    """'Answer with a number (in %)', the unit included when the question has one."""
    unit = asked.instance.data.get("unit") if asked.instance.kind == "numeric" else None
    return f"Answer with {HOW_TO_ANSWER[asked.instance.kind]}" + (f" (in {unit})" if unit else "")


def hint(deck: Deck, asked: Asked) -> str:
    card = deck.cards[asked.question.card]
    return f"Hint ({card.title}): {card.summary}"


def verdict(feedback: Feedback) -> str:
    return "✓ Right." if feedback.correct else f"✗ Not quite. The answer: {feedback.right_answer}"


def done(summary: dict) -> str:
    answered, correct = summary["answered"], summary["correct"]
    if not answered:
        return "No answers this time."
    return (f"Score: {correct} of {answered} right ({correct / answered:.0%})"
            + (f", {summary['skipped']} skipped" if summary["skipped"] else "") + ". Every answer is saved.")

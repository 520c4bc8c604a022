"""How a question, its feedback and the learner's progress are worded: one text for the line quiz,
the session's quiz and both stats views.

Front ends style these strings (Rich markup, Textual widgets) but never word them themselves,
so the two never say the same thing differently.
"""

from __future__ import annotations

import re
import textwrap
import zlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dltutor.deck import Card, Deck, Question
from dltutor.quiz import MASTERY_MEANING  # noqa: F401 (worded there so the CLI help reads it cheaply)
from dltutor.quiz.grading import Feedback, letter

if TYPE_CHECKING:  # (the session loads NumPy; the stats views need only the wording)
    from dltutor.quiz.session import Asked, Result

HOW_TO_ANSWER = {
    "choice": "one letter",
    "multi": "every letter that applies, e.g. a c",
    "truefalse": "t or f",
    "numeric": "a number",
    "text": "a word or short phrase",
    "order": "the letters in the right order, e.g. c a b",
}
COMMANDS = "? hint, s skip (shows the answer), u undo the last answer"
GRADE_NAMES = {"again": "Again", "hard": "Hard", "good": "Good", "easy": "Easy"}
GRADE_KEYS = {"hard": "h", "easy": "e"}  # a right answer is graded Good; these change it

# --- times --------------------------------------------------------------------------------


def span(gap: timedelta) -> str:
    """A gap as Anki writes it on its buttons: '1m', '10m', '3h', '4d', '2.5mo', '1.2y'."""
    seconds = max(gap.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def relative(moment: datetime, now: datetime) -> str:
    """'now', 'in under a minute', 'in 6 min', 'in 3 hours', 'in 4 days', 'in 2 months', 'in 3 years'."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 60:
        return "in under a minute"
    if seconds < 3600:
        return f"in {round(seconds / 60)} min"
    days = seconds / 86400
    size, name = (
        (3600, "hour")
        if days < 1
        else (86400, "day")
        if days < 60
        else (30 * 86400, "month")
        if days < 730
        else (365 * 86400, "year")
    )
    n = round(seconds / size)
    return f"in {n} {name}{'s' if n != 1 else ''}"


# --- what is due --------------------------------------------------------------------------


def due_line(due: dict, now: datetime) -> str:
    """'due now 2 · due later today 5 (next in 6 min) · due this week 9' (`due` from stats.due_counts)."""
    later = f"due later today {due['later_today']}"
    if due["later_today"]:
        later += f" (next {relative(datetime.fromisoformat(due['next_today']), now)})"
    return f"due now {due['now']} · {later} · due this week {due['this_week']}"


def nothing_to_ask(due: dict, now: datetime, review: bool) -> str:
    """Why a quiz or a review has no question, and when there will be one."""
    head = "Nothing to ask: nothing is due now" + ("" if review else " and no question is new here")
    if due["later_today"]:
        return f"{head}; {due['later_today']} due later today (next {relative(datetime.fromisoformat(due['next_today']), now)})."
    if due["next"]:
        return f"{head}; the next review is {relative(datetime.fromisoformat(due['next']), now)}."
    return head + "."


# --- a question ---------------------------------------------------------------------------


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
    """The question's own hint (its `hint` field) if it has one; else one wrong option ruled out
    (choice, multi), the first step of an order, or where on its card the answer is explained.
    Never the card's summary, and never the answer itself."""
    own = asked.question.data.get("hint")
    if isinstance(own, str) and own.strip():
        return f"Hint: {own.strip()}"
    data, kind = asked.instance.data, asked.instance.kind
    pick = zlib.crc32(asked.question.id.encode("utf-8"))  # the same hint every time
    if kind in ("choice", "multi"):  # ruling out one option must leave more than one answer possible
        right = [data["answer"]] if kind == "choice" else data["answers"]
        wrong = [i for i, c in enumerate(data["choices"]) if c not in right]
        if len(wrong) >= 2:
            i = wrong[pick % len(wrong)]
            return f"Hint: it is not {letter(i)}) {data['choices'][i]}."
        if kind == "multi" and wrong:
            return f"Hint: {len(right)} of the {len(data['choices'])} options apply."
    if kind == "order" and len(data["items"]) > 2:
        first = data["items"][0]
        return f"Hint: {letter(data['shown'].index(first))}) {first} comes first."
    card = deck.cards[asked.question.card]
    part = section_for(card, asked.question, asked.instance.prompt)
    where = f"“{part}” on the card “{card.title}”" if part else f"the card “{card.title}”"
    return f"Hint: the answer follows from {where}."


_HEADING = re.compile(r"^(?:#{1,6}\s+(?P<hash>.+?)\s*#*|\*\*(?P<bold>[^*]+?)\*\*.*)$")


def _words(text: str) -> set[str]:
    """Words that say what a text is about: long words (a plural's s dropped) and maths (x², 2x, β₁)."""
    found = set()
    for token in re.findall(r"[^\W_]+", text.lower()):
        if token.isascii() and token.isalpha():
            if len(token) >= 4 and token not in _COMMON:
                found.add(token[:-1] if len(token) > 4 and token.endswith("s") else token)
        elif not token.isdecimal():
            found.add(token)
    return found


_COMMON = set(
    "that this from with have than then what which when does each into only also more most much "
    "some such them they their there these those were will would your about after before".split()
)


def section_for(card: Card, question: Question, prompt: str) -> str | None:
    """The heading of the card's part that shares most words with the question and its explanation
    (headings are Markdown '#' lines or a paragraph opening in bold); None if the card has none
    or the opening part fits best."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    previous_blank = True
    for line in card.body.splitlines():
        match = _HEADING.match(line.strip()) if previous_blank else None
        if match:
            title = (match["hash"] or match["bold"]).strip().rstrip(":.").strip()
            sections.append((title, [line]))
        else:
            sections[-1][1].append(line)
        previous_blank = not line.strip()
    wanted = _words(prompt + " " + question.explanation)
    words = [_words("\n".join(lines)) for _, lines in sections]
    best, best_score = None, 0.0
    for (title, _), have in zip(sections, words):
        # a word found in every part says little about which part: weigh each by its rarity
        score = sum(1 / sum(w in other for other in words) for w in wanted & have)
        if score > best_score:
            best, best_score = title, score
    return best


def skipped(right_answer: str) -> str:
    return f"Skipped (not counted). The answer: {right_answer}"


# --- after an answer ----------------------------------------------------------------------


def verdict(feedback: Feedback) -> str:
    return "✓ Right." if feedback.correct else f"✗ Not quite. The answer: {feedback.right_answer}"


def grades(result: Result, preview: dict[str, timedelta], keys: bool = True) -> str:
    """The grade given and when it brings the question back; with `keys`, the other grades a right
    answer can take instead and when each would bring it back (Anki's buttons):
    'Good: back in 10 min · h: Hard 6m · e: Easy 8d · u: undo · Enter: next'."""
    given = f"{GRADE_NAMES[result.rating]}: back {relative(result.at + preview[result.rating], result.at)}"
    if not keys:
        return given + "."
    others = (
        [f"{GRADE_KEYS[g]}: {GRADE_NAMES[g]} {span(preview[g])}" for g in GRADE_KEYS if g != result.rating]
        if result.feedback.correct
        else []
    )
    return " · ".join([given, *others, "u: undo", "Enter: next"])


def grade_scale(preview: dict[str, timedelta]) -> str:
    """'Again 1m · Hard 6m · Good 10m · Easy 8d'."""
    return " · ".join(f"{GRADE_NAMES[g]} {span(gap)}" for g, gap in preview.items())


def regraded(result: Result) -> str:
    return f"Rated {GRADE_NAMES[result.rating]}: back {relative(result.due, result.at)}."


OPEN_CARD = "g: open the card"  # the session's quiz only
AFTER_SKIP = f"Enter: next · {OPEN_CARD}"
PLACEHOLDER = "your answer, then Enter  (? hint · s skip · u undo)"
AFTER_RIGHT = "Enter: next, h, e or u:"  # the interactive line quiz's prompt after a right answer
UNDONE = "Undone: that answer is taken back and its question is asked again."
NOTHING_TO_UNDO = "Nothing to undo: only the last answer can be taken back."


# --- the end ------------------------------------------------------------------------------


def done(summary: dict) -> str:
    answered, correct = summary["answered"], summary["correct"]
    if not answered:
        return "No answers this time." + (f" {summary['skipped']} skipped." if summary["skipped"] else "")
    return (
        f"Score: {correct} of {answered} right ({correct / answered:.0%})"
        + (f", {summary['skipped']} skipped" if summary["skipped"] else "")
        + ". Every answer is saved."
    )


def retention_ignored(error: Exception) -> str:
    """The session's warning when DLTUTOR_RETENTION is not a usable value."""
    return f"{error}; the saved setting is used instead"


DONE = "Done."
DONE_KEYS = "Escape: back · u: undo the last answer"
TO_GO_OVER = "To go over:"


def _one_line(prompt: str, width: int = 72) -> str:
    return textwrap.shorten(" ".join(prompt.split()), width=width, placeholder=" …")


def to_go_over(summary: dict, now: datetime) -> list[str]:
    """One line per missed or skipped question: the question, its answer, and when it comes back."""
    lines = [
        f"✗ {_one_line(r.prompt)} → {r.feedback.right_answer} (back {relative(r.due, now)})" for r in summary["missed"]
    ]
    lines += [f"– {_one_line(p.prompt)} → {p.right_answer} (skipped)" for p in summary["passed"]]
    return lines


def comes_back(summary: dict, now: datetime) -> str:
    """'These questions come back for review: the first in 1 min, the last in 2 days.'"""
    if summary["next_due"] is None:
        return ""
    first, last = relative(summary["next_due"], now), relative(summary["last_due"], now)
    if first == last:
        return f"These questions come back for review {first}."
    return f"These questions come back for review: the first {first}, the last {last}."

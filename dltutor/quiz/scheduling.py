"""FSRS for dltutor: a scheduler per desired retention, one FSRS card per question, what each
grade would do, and whether a question will still be recalled in a week (mastery).

Apart from the session so that the topic tree's mastery marks and `dltutor stats` need neither
NumPy nor the question generators; the desired retention is set apart again (quiz.retention), so
that a quiz reads it without loading fsrs before its first question.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from functools import lru_cache

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from dltutor.quiz.retention import DEFAULT_RETENTION

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
MASTERY_HORIZON = timedelta(days=7)


@lru_cache(maxsize=8)
def scheduler(retention: float = DEFAULT_RETENTION) -> Scheduler:
    """No fuzzing: the same answers at the same times give the same schedule (fsrs would use an
    unseeded global RNG to spread due dates)."""
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


SCHEDULER = scheduler(DEFAULT_RETENTION)


def fsrs_id(question_id: str) -> int:
    """A stable integer id per question (fsrs sleeps to make ids unique when it has to invent one)."""
    return zlib.crc32(question_id.encode("utf-8")) + 1


def fsrs_card(question_id: str, state: dict | None) -> FsrsCard:
    return FsrsCard.from_dict(state) if state else FsrsCard(card_id=fsrs_id(question_id))


def retrievability(question_id: str, state: dict, now: datetime) -> float:
    return float(SCHEDULER.get_card_retrievability(fsrs_card(question_id, state), now))


def recall_in_a_week(question_id: str, state: dict, now: datetime) -> float:
    """FSRS's probability of recalling the question seven days from `now` (its stability decides)."""
    return retrievability(question_id, state, now + MASTERY_HORIZON)


def mastered(question_id: str, state: dict | None, now: datetime, retention: float = DEFAULT_RETENTION) -> bool:
    """Still recalled a week from now with at least the desired retention (an unseen question: no)."""
    return state is not None and recall_in_a_week(question_id, state, now) >= retention


def preview(
    question_id: str, state: dict | None, now: datetime, retention: float = DEFAULT_RETENTION
) -> dict[str, timedelta]:
    """How long until the question comes back after each grade, from its state before the answer
    (fsrs reviews a copy; nothing is stored)."""
    card = fsrs_card(question_id, state)
    return {name: scheduler(retention).review_card(card, rating, now)[0].due - now for name, rating in RATINGS.items()}

"""FSRS for dltutor: a scheduler per desired retention, one FSRS card per question, what each
grade would do, and whether a question will still be recalled in a week (mastery).

Apart from the session so that the topic tree's mastery marks and `dltutor stats` need neither
NumPy nor the question generators.
"""

from __future__ import annotations

import os
import zlib
from datetime import datetime, timedelta
from functools import lru_cache

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.7, 0.99)
RETENTION_KEY = "desired_retention"  # in the store's app_state
RETENTION_ENV = "DLTUTOR_RETENTION"
MASTERY_HORIZON = timedelta(days=7)


class RetentionError(ValueError):
    """A desired retention outside 0.7–0.99; the message names where it came from."""


@lru_cache(maxsize=8)
def scheduler(retention: float = DEFAULT_RETENTION) -> Scheduler:
    """No fuzzing: the same answers at the same times give the same schedule (fsrs would use an
    unseeded global RNG to spread due dates)."""
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


SCHEDULER = scheduler(DEFAULT_RETENTION)


def check_retention(value: float | str, source: str) -> float:
    """The value as a float, or RetentionError naming `source` (a flag or variable) in one line."""
    low, high = RETENTION_RANGE
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not low <= number <= high:  # nan fails too
        raise RetentionError(
            f"{source}: the desired retention must be a number from {low} to {high} "
            f"(the share of reviews you mean to recall), not {value!r}"
        )
    return number


def desired_retention(store, given: float | None = None, environ=None) -> float:
    """The flag's value (then saved for later sessions), else DLTUTOR_RETENTION (this run only),
    else the saved setting, else 0.9. A bad flag or variable raises RetentionError."""
    environ = os.environ if environ is None else environ
    if given is not None:
        value = check_retention(given, "--retention")
        store.set(RETENTION_KEY, repr(value))
        return value
    if environ.get(RETENTION_ENV, "").strip():
        return check_retention(environ[RETENTION_ENV].strip(), RETENTION_ENV)
    saved = store.get(RETENTION_KEY)
    try:
        return check_retention(saved, "saved") if saved is not None else DEFAULT_RETENTION
    except RetentionError:  # a hand-edited database: the default, not a failure
        return DEFAULT_RETENTION


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

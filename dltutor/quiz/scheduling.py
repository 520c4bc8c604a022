"""FSRS for dltutor: one scheduler, one FSRS card per question, and how well each is recalled.

Apart from the session so that the topic tree's mastery marks and `dltutor stats` need neither
NumPy nor the question generators.
"""

from __future__ import annotations

import zlib
from datetime import datetime

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

# No fuzzing: the same answers at the same times give the same schedule (fsrs would use an
# unseeded global RNG to spread due dates).
SCHEDULER = Scheduler(enable_fuzzing=False)
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


def fsrs_id(question_id: str) -> int:
    """A stable integer id per question (fsrs sleeps to make ids unique when it has to invent one)."""
    return zlib.crc32(question_id.encode("utf-8")) + 1


def fsrs_card(question_id: str, state: dict | None) -> FsrsCard:
    return FsrsCard.from_dict(state) if state else FsrsCard(card_id=fsrs_id(question_id))


def retrievability(question_id: str, state: dict, now: datetime) -> float:
    return float(SCHEDULER.get_card_retrievability(fsrs_card(question_id, state), now))

"""Progress figures: mastery per topic, streak, what is due, accuracy, and a review calendar.

Pure: reads the deck and the store, takes the time as a parameter, returns plain data.
Days are the learner's local calendar days. Mastery is defined in `present.MASTERY_MEANING`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from typing import Any

from dltutor.deck import Deck
from dltutor.quiz.retention import DEFAULT_RETENTION, RetentionError, desired_retention
from dltutor.quiz.scheduling import mastered
from dltutor.store import Store

CALENDAR_WEEKS = 16


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def compute(deck: Deck, store: Store, now: datetime, retention: float = DEFAULT_RETENTION) -> dict[str, Any]:
    states = {qid: s for qid, s in store.states().items() if qid in deck.questions}
    reviews = list(store.reviews())
    passed = store.passed_per_card()
    topics = []
    for topic in deck.topics.values():
        ids = [q.id for c in deck.cards_of(topic.id) for q in deck.questions_of(c.id)]
        seen = [qid for qid in ids if qid in states]
        done = sum(mastered(qid, states[qid], now, retention) for qid in seen)
        # a passed practice exercise counts as one more item of the topic, mastered
        exercises = sum(passed.get(c.id, 0) for c in deck.cards_of(topic.id))
        mastery = (done + exercises) / (len(ids) + exercises) if seen or exercises else None
        topics.append(
            {
                "topic": topic.id,
                "title": topic.title,
                "seen": len(seen),
                "total": len(ids),
                "mastered": done,
                "mastery": mastery,
                "exercises_passed": exercises,
            }
        )
    today = local_day(now)
    per_day = Counter(local_day(r.at) for r in reviews)
    return {
        "topics": topics,
        "retention": retention,
        "streak_days": _streak(per_day, today),
        "due": due_counts(states, now),
        "accuracy_7_days": _accuracy(reviews, now - timedelta(days=7)),
        "accuracy_30_days": _accuracy(reviews, now - timedelta(days=30)),
        "reviews_total": len(reviews),
        "calendar": _calendar(per_day, today),
    }


def due_counts(states: dict[str, dict], now: datetime) -> dict[str, Any]:
    """What is due now (what a review asks at once), later today (local day), and this week (the
    next seven local days, now included); when the first of the later ones is (UTC, ISO 8601)."""
    stamp = now.astimezone(timezone.utc)
    end_of_today = datetime.combine(local_day(now) + timedelta(days=1), datetime.min.time()).astimezone()
    dues = sorted(datetime.fromisoformat(s["due"]) for s in states.values())
    later = [d for d in dues if d > stamp]
    today = [d for d in later if d < end_of_today]
    return {
        "now": len(dues) - len(later),
        "later_today": len(today),
        "next_today": today[0].isoformat() if today else None,
        "next": later[0].isoformat() if later else None,
        "this_week": sum(d < end_of_today + timedelta(days=6) for d in dues),
    }


def card_marks(deck: Deck, store: Store, now: datetime, retention: float | None = None) -> dict[str, str]:
    """A mark per card for the topic tree: ● every question mastered, ◐ some answered (or an exercise
    passed), none: none. The retention is the learner's setting unless given (a bad
    DLTUTOR_RETENTION is ignored here)."""
    if retention is None:
        try:
            retention = desired_retention(store)
        except RetentionError:
            retention = desired_retention(store, environ={})
    states = store.states()
    marks = dict.fromkeys((c for c in store.passed_per_card() if c in deck.cards), "◐")
    for card_id in deck.cards:
        questions = deck.questions_of(card_id)
        seen = [q.id for q in questions if q.id in states]
        if seen:
            full = len(seen) == len(questions) and all(mastered(q, states[q], now, retention) for q in seen)
            marks[card_id] = "●" if full else "◐"
    return marks


def _streak(per_day: Counter, today: date) -> int:
    """Consecutive days with a review, up to today (or up to yesterday if today has none yet)."""
    day = today if per_day[today] else today - timedelta(days=1)
    streak = 0
    while per_day[day]:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _accuracy(reviews, since: datetime) -> float | None:
    recent = [r.correct for r in reviews if r.at >= since]
    return sum(recent) / len(recent) if recent else None


def _calendar(per_day: Counter, today: date) -> dict[str, Any]:
    """Review counts for the last 16 weeks as weeks × weekdays (Monday first), oldest week first."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=CALENDAR_WEEKS - 1)
    weeks = []
    for w in range(CALENDAR_WEEKS):
        days = [start + timedelta(weeks=w, days=d) for d in range(7)]
        weeks.append([per_day[d] if d <= today else None for d in days])
    return {"start": start.isoformat(), "weeks": weeks}

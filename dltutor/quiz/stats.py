"""Progress figures: mastery per topic, streak, what is due, accuracy, and a review calendar.

Mastery is the mean recall probability of the questions seen, with each passed practice
exercise of the topic's cards counted as one more item recalled for sure.

Pure: reads the deck and the store, takes the time as a parameter, returns plain data.
Days are the learner's local calendar days.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from dltutor.deck import Deck
from dltutor.quiz.scheduling import retrievability
from dltutor.store import Store

CALENDAR_WEEKS = 16


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def compute(deck: Deck, store: Store, now: datetime) -> dict[str, Any]:
    states = {qid: s for qid, s in store.states().items() if qid in deck.questions}
    reviews = list(store.reviews())
    passed = store.passed_per_card()
    topics = []
    for topic in deck.topics.values():
        ids = [q.id for c in deck.cards_of(topic.id) for q in deck.questions_of(c.id)]
        seen = [qid for qid in ids if qid in states]
        exercises = sum(passed.get(c.id, 0) for c in deck.cards_of(topic.id))
        # a passed practice exercise counts as one more item of the topic, fully recalled
        recall = [retrievability(qid, states[qid], now) for qid in seen] + [1.0] * exercises
        mastery = sum(recall) / len(recall) if recall else None
        topics.append({"topic": topic.id, "title": topic.title, "seen": len(seen), "total": len(ids),
                       "mastery": mastery, "exercises_passed": exercises})
    today = local_day(now)
    end_of_today = datetime.combine(today + timedelta(days=1), datetime.min.time()).astimezone()
    dues = [datetime.fromisoformat(s["due"]) for s in states.values()]
    per_day = Counter(local_day(r.at) for r in reviews)
    return {
        "topics": topics,
        "streak_days": _streak(per_day, today),
        "due_today": sum(d < end_of_today for d in dues),
        "due_this_week": sum(d < end_of_today + timedelta(days=6) for d in dues),
        "accuracy_7_days": _accuracy(reviews, now - timedelta(days=7)),
        "accuracy_30_days": _accuracy(reviews, now - timedelta(days=30)),
        "reviews_total": len(reviews),
        "calendar": _calendar(per_day, today),
    }


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

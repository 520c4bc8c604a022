"""A quiz session: which questions to ask, in what form, and what each answer does to the schedule.

Time is a parameter everywhere (`now`), so tests can walk a learner through weeks in a second.
Every answer is written to the store the moment it is graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

import numpy as np

from dltutor.deck import Deck, Question
from dltutor.quiz.grading import Feedback, grade
from dltutor.quiz.models import Instance
from dltutor.quiz.retention import DEFAULT_RETENTION
from dltutor.store import Store


@dataclass
class Asked:
    number: int  # 1-based position in the session
    total: int
    question: Question
    instance: Instance


@dataclass
class Result:
    question: Question
    feedback: Feedback
    review_id: int
    due: datetime
    at: datetime  # when it was answered
    prompt: str  # as it was shown (a computed question's numbers included)
    rating: str  # the grade given: again, hard, good or easy
    before: dict | None  # the question's FSRS state before this answer


@dataclass(frozen=True)
class Passed:
    """A skipped question: not wrong, not scheduled, its answer shown."""

    question: Question
    prompt: str
    right_answer: str


@dataclass
class Session:
    deck: Deck
    store: Store
    questions: list[str]  # ids, in the order they will be asked
    seed: int
    retention: float = DEFAULT_RETENTION  # FSRS's desired retention (fsrs loads with the first answer)
    results: list[Result] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    passed: list[Passed] = field(default_factory=list)
    position: int = 0
    undoable: Result | None = None  # the last answer, while it is the last thing done

    def next(self) -> Asked | None:
        """The next question, prepared to be shown (or None at the end)."""
        if self.position >= len(self.questions):
            return None
        question = self.deck.questions[self.questions[self.position]]
        rng = np.random.default_rng([self.seed, self.position])
        return Asked(self.position + 1, len(self.questions), question, prepare(question, rng))

    def answer(self, asked: Asked, text: str, now: datetime, duration_ms: int | None = None) -> Result:
        """Grade an answer (Unreadable propagates: nothing is recorded), schedule it, store it."""
        from dltutor.quiz.scheduling import RATINGS, fsrs_card, scheduler  # the first question need not wait

        feedback = grade(asked.instance, text)
        question = asked.question
        before = self.store.card_state(question.id)
        name = "good" if feedback.correct else "again"
        after, _ = scheduler(self.retention).review_card(fsrs_card(question.id, before), RATINGS[name], now)
        review_id = self.store.record(
            question_id=question.id,
            card_id=question.card,
            topic_id=self.deck.cards[question.card].topic,
            at=now,
            answer=text,
            correct=feedback.correct,
            rating=int(RATINGS[name]),
            duration_ms=duration_ms,
            card_before=before,
            card_after=after.to_dict(),
        )
        result = Result(question, feedback, review_id, after.due, now, asked.instance.prompt, name, before)
        self.results.append(result)
        self.position += 1
        self.undoable = result
        return result

    def rerate(self, result: Result, rating: str) -> Result:
        """Say Hard, Good or Easy instead (right answers only), as in Anki, after the feedback.
        The new grade is scheduled from the moment of the answer, so it lands where the preview said."""
        if not result.feedback.correct or rating not in ("hard", "good", "easy"):
            raise ValueError("only a right answer can be rated hard, good or easy")
        from dltutor.quiz.scheduling import RATINGS, fsrs_card, scheduler

        before = self.store.card_before(result.review_id)
        after, _ = scheduler(self.retention).review_card(
            fsrs_card(result.question.id, before), RATINGS[rating], result.at
        )
        self.store.rerate(result.review_id, int(RATINGS[rating]), after.to_dict())
        updated = replace(result, due=after.due, rating=rating)
        self.results[self.results.index(result)] = updated
        if self.undoable is result:
            self.undoable = updated
        return updated

    def preview(self, result: Result) -> dict:
        """When the question would come back after each grade ({'again': timedelta, ...})."""
        from dltutor.quiz.scheduling import preview

        return preview(result.question.id, result.before, result.at, self.retention)

    def undo(self) -> Result | None:
        """Take back the last answer (one step): its review is deleted, the question's schedule is
        what it was, and the question is asked again. None when the last thing done was no answer."""
        result = self.undoable
        if result is None:
            return None
        self.store.undo(result.review_id)
        self.results.remove(result)
        self.position -= 1
        self.undoable = None
        return result

    def skip(self) -> str:
        """Pass over the current question (not wrong, nothing stored); returns its answer."""
        from dltutor.quiz.grading import right_answer

        asked = self.next()
        answer = right_answer(asked.instance)
        self.skipped.append(asked.question.id)
        self.passed.append(Passed(asked.question, asked.instance.prompt, answer))
        self.position += 1
        self.undoable = None
        return answer

    def summary(self) -> dict:
        """Score, score per topic, and when the answered questions come back."""
        per_topic: dict[str, list[int]] = {}
        for r in self.results:
            topic = self.deck.cards[r.question.card].topic
            per_topic.setdefault(topic, [0, 0])
            per_topic[topic][0] += r.feedback.correct
            per_topic[topic][1] += 1
        dues = sorted(r.due for r in self.results)
        return {
            "answered": len(self.results),
            "correct": sum(r.feedback.correct for r in self.results),
            "skipped": len(self.skipped),
            "per_topic": per_topic,
            "next_due": dues[0] if dues else None,
            "last_due": dues[-1] if dues else None,
            "missed": [r for r in self.results if not r.feedback.correct],
            "passed": list(self.passed),
        }


def choose(
    deck: Deck,
    store: Store,
    now: datetime,
    *,
    topics: list[str] = (),
    card: str | None = None,
    count: int = 10,
    review: bool = False,
    seed: int = 0,
) -> list[str]:
    """Question ids for a session: due ones first (most overdue first), then new ones in teaching
    order. `review` takes only due ones; a single `card` also offers its other questions for
    practice. No question twice."""
    pool = questions_in(deck, topics=topics, card=card)
    states = store.states()
    stamp = now.astimezone(timezone.utc).isoformat()
    due = sorted(
        (q for q in pool if q.id in states and states[q.id]["due"] <= stamp), key=lambda q: states[q.id]["due"]
    )
    chosen = due if review else due + [q for q in pool if q.id not in states]
    if card is not None and not review:
        chosen += [q for q in pool if q.id in states and q not in chosen]
    return [q.id for q in chosen[:count]]


def questions_in(deck: Deck, *, topics: list[str] = (), card: str | None = None) -> list[Question]:
    """The questions of these topics (all when none) or of one card, in teaching order."""
    pool = [
        q
        for q in deck.questions.values()
        if (card is None or q.card == card) and (not topics or deck.cards[q.card].topic in topics)
    ]
    order = {cid: i for i, cid in enumerate(deck.cards)}
    pool.sort(key=lambda q: order[q.card])
    return pool


def prepare(question: Question, rng: np.random.Generator) -> Instance:
    """The question as it will be shown: computed ones instantiated, choices and items shuffled."""
    if question.kind == "computed":
        from dltutor.quiz.generators import instantiate

        made = instantiate(question.data["generator"], question.data["params"], seed=int(rng.integers(2**32)))
        explanation = made.explanation + ("\n\n" + question.explanation if question.explanation else "")
        prompt = made.prompt if not question.prompt else f"{question.prompt}\n{made.prompt}"
        instance = replace(made, prompt=prompt, explanation=explanation)
    else:
        instance = Instance(question.kind, question.prompt, dict(question.data), question.explanation)
    data = dict(instance.data)
    if instance.kind in ("choice", "multi"):
        data["choices"] = [data["choices"][i] for i in rng.permutation(len(data["choices"]))]
    elif instance.kind == "order":
        items = list(data["items"])
        accepted = [items] + [list(o) for o in data.get("orders", ())]
        for _ in range(100):  # shown in an order that is not already an answer (the loader leaves one)
            shown = [items[i] for i in rng.permutation(len(items))]
            if shown not in accepted:
                break
        data["shown"] = shown
    return replace(instance, data=data, question_id=question.id, card=question.card)

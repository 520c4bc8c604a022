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


@dataclass
class Session:
    deck: Deck
    store: Store
    questions: list[str]  # ids, in the order they will be asked
    seed: int
    results: list[Result] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    position: int = 0

    def next(self) -> Asked | None:
        """The next question, prepared to be shown (or None at the end)."""
        if self.position >= len(self.questions):
            return None
        question = self.deck.questions[self.questions[self.position]]
        rng = np.random.default_rng([self.seed, self.position])
        return Asked(self.position + 1, len(self.questions), question, prepare(question, rng))

    def answer(self, asked: Asked, text: str, now: datetime, duration_ms: int | None = None) -> Result:
        """Grade an answer (Unreadable propagates: nothing is recorded), schedule it, store it."""
        from dltutor.quiz.scheduling import (  # here: the first question need not wait for fsrs
            RATINGS,
            SCHEDULER,
            fsrs_card,
        )

        feedback = grade(asked.instance, text)
        question = asked.question
        before = self.store.card_state(question.id)
        rating = RATINGS["good" if feedback.correct else "again"]
        after, _ = SCHEDULER.review_card(fsrs_card(question.id, before), rating, now)
        review_id = self.store.record(
            question_id=question.id, card_id=question.card, topic_id=self.deck.cards[question.card].topic, at=now,
            answer=text, correct=feedback.correct, rating=int(rating), duration_ms=duration_ms, card_before=before,
            card_after=after.to_dict())
        result = Result(question, feedback, review_id, after.due)
        self.results.append(result)
        self.position += 1
        return result

    def rerate(self, result: Result, rating: str, now: datetime) -> Result:
        """Say Hard or Easy instead of Good (right answers only), as in Anki, after the feedback."""
        if not result.feedback.correct or rating not in ("hard", "easy"):
            raise ValueError("only a right answer can be rated hard or easy instead")
        from dltutor.quiz.scheduling import RATINGS, SCHEDULER, fsrs_card

        before = self.store.card_before(result.review_id)
        after, _ = SCHEDULER.review_card(fsrs_card(result.question.id, before), RATINGS[rating], now)
        self.store.rerate(result.review_id, int(RATINGS[rating]), after.to_dict())
        updated = replace(result, due=after.due)
        self.results[self.results.index(result)] = updated
        return updated

    def skip(self) -> None:
        self.skipped.append(self.questions[self.position])
        self.position += 1

    def summary(self) -> dict:
        """Score, score per topic, and when the answered questions come back."""
        per_topic: dict[str, list[int]] = {}
        for r in self.results:
            topic = self.deck.cards[r.question.card].topic
            per_topic.setdefault(topic, [0, 0])
            per_topic[topic][0] += r.feedback.correct
            per_topic[topic][1] += 1
        dues = sorted(r.due for r in self.results)
        return {"answered": len(self.results), "correct": sum(r.feedback.correct for r in self.results),
                "skipped": len(self.skipped), "per_topic": per_topic,
                "next_due": dues[0] if dues else None, "last_due": dues[-1] if dues else None}


def choose(deck: Deck, store: Store, now: datetime, *, topics: list[str] = (), card: str | None = None,
           count: int = 10, review: bool = False, seed: int = 0) -> list[str]:
    """Question ids for a session: due ones first (most overdue first), then new ones in teaching
    order. `review` takes only due ones; a single `card` also offers its other questions for
    practice. No question twice."""
    pool = [q for q in deck.questions.values()
            if (card is None or q.card == card) and (not topics or deck.cards[q.card].topic in topics)]
    order = {cid: i for i, cid in enumerate(deck.cards)}
    pool.sort(key=lambda q: order[q.card])
    states = store.states()
    stamp = now.astimezone(timezone.utc).isoformat()
    due = sorted((q for q in pool if q.id in states and states[q.id]["due"] <= stamp),
                 key=lambda q: states[q.id]["due"])
    chosen = due if review else due + [q for q in pool if q.id not in states]
    if card is not None and not review:
        chosen += [q for q in pool if q.id in states and q not in chosen]
    return [q.id for q in chosen[:count]]


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

"""Sessions and scheduling, with time injected: a learner's weeks in a fraction of a second."""

from datetime import datetime, timedelta, timezone

import pytest

from dltutor.deck import load_deck
from dltutor.quiz.grading import Unreadable
from dltutor.quiz.session import Session, choose
from dltutor.store import open_store

from .conftest import RIGHT

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def setup(deck_dir, home):
    deck = load_deck([deck_dir])
    assert deck.problems == []
    return deck, open_store()


def answer_all(deck, store, now, answers, **choose_kw):
    ids = choose(deck, store, now, **choose_kw)
    session = Session(deck, store, ids, seed=1)
    results = []
    while (asked := session.next()) is not None:
        results.append(session.answer(asked, answers(asked), now))
    return session, results


def test_new_questions_come_in_teaching_order_without_repeats(setup):
    deck, store = setup
    ids = choose(deck, store, T0, count=10)
    assert ids == ["fx-momentum-sum", "fx-momentum-ten", "fx-momentum-true", "fx-adam-name", "fx-adam-kinds"]
    assert choose(deck, store, T0, count=2) == ids[:2]
    assert choose(deck, store, T0, card="fx-adam") == ["fx-adam-name", "fx-adam-kinds"]
    assert choose(deck, store, T0, review=True) == []


def test_right_answers_come_back_later_and_later(setup):
    deck, store = setup
    now, gaps = T0, []
    for _ in range(4):
        _, (result,) = answer_all(deck, store, now, lambda a: RIGHT[a.question.id], card="fx-momentum", count=1)
        assert result.feedback.correct
        gaps.append(result.due - now)
        now = result.due  # come back exactly when it is due
    assert gaps[0] < gaps[1] < gaps[2] < gaps[3]
    assert gaps[-1] > timedelta(days=2)


def test_a_wrong_answer_comes_back_within_minutes(setup):
    deck, store = setup
    _, (result,) = answer_all(deck, store, T0, lambda a: "squared gradients", card="fx-momentum", count=1)
    assert not result.feedback.correct
    assert result.due - T0 <= timedelta(minutes=10)
    assert choose(deck, store, T0 + timedelta(minutes=10), review=True) == ["fx-momentum-sum"]


def test_easy_pushes_further_than_good_and_hard_less(setup):
    deck, store = setup
    dues = {}
    for rating in ("good", "hard", "easy"):
        store.db.execute("DELETE FROM cards")
        session, (result,) = answer_all(deck, store, T0, lambda a: RIGHT[a.question.id], card="fx-momentum", count=1)
        if rating != "good":
            result = session.rerate(result, rating)
        dues[rating] = result.due
        assert store.card_state("fx-momentum-sum")["due"] == result.due.isoformat()
    assert dues["hard"] <= dues["good"] < dues["easy"]
    ratings = [r.rating for r in store.reviews()]
    assert ratings == [3, 2, 4]  # each review keeps the rating finally given


def test_unreadable_answers_record_nothing(setup):
    deck, store = setup
    session = Session(deck, store, choose(deck, store, T0, count=1), seed=0)
    asked = session.next()
    with pytest.raises(Unreadable):
        session.answer(asked, "zz", T0)
    assert list(store.reviews()) == [] and session.position == 0


def test_choices_are_shuffled_by_the_seed_and_the_key_follows(setup):
    deck, store = setup
    seen = set()
    for seed in range(20):
        session = Session(deck, store, ["fx-momentum-sum"], seed=seed)
        asked = session.next()
        choices = asked.instance.data["choices"]
        seen.add(tuple(choices))
        letter = "abc"[choices.index("a decaying sum of gradients")]
        assert session.answer(asked, letter, T0).feedback.correct
        store.db.execute("DELETE FROM cards")
    assert len(seen) > 1
    again = Session(deck, store, ["fx-momentum-sum"], seed=3).next().instance.data["choices"]
    assert again == Session(deck, store, ["fx-momentum-sum"], seed=3).next().instance.data["choices"]


def test_summary_counts_per_topic(setup):
    deck, store = setup
    session, _ = answer_all(deck, store, T0, lambda a: RIGHT.get(a.question.id, "a"), count=5)
    summary = session.summary()
    assert summary["answered"] == 5 and summary["per_topic"]["fixture-optimizers"][1] == 5
    assert summary["correct"] >= 4


def test_an_order_question_is_never_shown_already_in_an_accepted_order():
    from pathlib import Path

    import numpy as np

    from dltutor.deck import Question
    from dltutor.quiz.session import prepare

    data = {"items": ["a", "b", "c"], "orders": [["b", "a", "c"], ["a", "c", "b"]]}
    question = Question("q", "c", "order", "p", "e", Path("quiz.yaml"), 1, data)
    accepted = [data["items"], *data["orders"]]
    shown = {tuple(prepare(question, np.random.default_rng(seed)).data["shown"]) for seed in range(500)}
    assert shown and not shown & {tuple(o) for o in accepted}

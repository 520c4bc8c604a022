"""The shipped deck: valid, complete, and shaped the way the course promises."""

from collections import Counter

import pytest

from dltutor.cli import _generators
from dltutor.deck import builtin_dir, load_deck


@pytest.fixture(scope="module")
def deck():
    return load_deck([builtin_dir()], generators=_generators())


def test_the_shipped_deck_has_no_problems(deck):
    assert [str(p) for p in deck.problems] == []


def test_counts(deck):
    assert len(deck.topics) >= 8
    assert len(deck.cards) >= 60
    short = {c: n for c in deck.cards if (n := len(deck.questions_of(c))) < 4}
    assert short == {}


def test_at_most_half_of_each_topics_questions_are_choice(deck):
    for topic in deck.topics:
        kinds = Counter(q.kind for c in deck.cards_of(topic) for q in deck.questions_of(c.id))
        assert kinds["choice"] <= sum(kinds.values()) / 2, (topic, kinds)


def test_every_question_explains_itself(deck):
    # computed questions explain themselves with their generator's working
    assert all(len(q.explanation) >= 20 for q in deck.questions.values() if q.kind != "computed")


def test_every_generator_is_asked_on_its_own_card(deck):
    from dltutor.quiz.generators import GENERATORS

    used = {q.data["generator"]: q.card for q in deck.questions.values() if q.kind == "computed"}
    assert set(used) == set(GENERATORS)
    assert all(GENERATORS[name].card == card for name, card in used.items())


# Cards whose point is a simulation: each must carry a scene (sim).
SIMULATED = {
    "optimizers": {
        "sgd",
        "momentum",
        "nesterov",
        "adagrad",
        "rmsprop",
        "adadelta",
        "adam",
        "adamw",
        "nadam",
        "backstitch",
    },
    "lr-schedules": None,  # every card of the topic
    "activations": {
        "sigmoid",
        "tanh",
        "relu",
        "leaky-relu",
        "elu-and-selu",
        "gelu",
        "silu-and-mish",
        "softplus-and-hard-activations",
    },
    "regularization": {"inverted-dropout", "recurrent-dropout"},
    "gradient-descent": {"batch-gradient-descent", "minibatch-gradient-descent", "stochastic-gradient-descent"},
    "signal-propagation": {"xavier-init", "he-init", "vanishing-exploding-gradients"},
}


def test_simulation_cards_carry_a_scene(deck):
    missing = []
    for topic, ids in SIMULATED.items():
        for card in deck.cards_of(topic):
            if (ids is None or card.id in ids) and not card.sim:
                missing.append(card.id)
        if ids:
            assert ids <= set(deck.topics[topic].cards), (topic, ids - set(deck.topics[topic].cards))
    assert missing == []


def test_every_card_cites_its_sources(deck):
    assert all(card.refs for card in deck.cards.values())


def ideal_answer(instance):
    """What a learner who knows the answer types."""
    d = instance.data
    if instance.kind == "choice":
        return "abcdefgh"[d["choices"].index(d["answer"])]
    if instance.kind == "multi":
        return " ".join("abcdefgh"[i] for i, c in enumerate(d["choices"]) if c in d["answers"])
    if instance.kind == "order":
        return " ".join("abcdefgh"[d["shown"].index(item)] for item in d["items"])
    if instance.kind == "truefalse":
        return "t" if d["answer"] else "f"
    if instance.kind == "numeric":
        return repr(float(d["answer"]))
    return d["answers"][0]


def test_every_question_accepts_its_own_answer_and_refuses_a_wrong_one(deck):
    import numpy as np

    from dltutor.quiz.grading import grade
    from dltutor.quiz.session import prepare

    for question in deck.questions.values():
        for seed in range(3):
            instance = prepare(question, np.random.default_rng(seed))
            assert grade(instance, ideal_answer(instance)).correct, question.id
            if instance.kind == "truefalse":
                assert not grade(instance, "f" if instance.data["answer"] else "t").correct, question.id
            elif instance.kind == "numeric":
                assert not grade(instance, repr(float(instance.data["answer"]) * 1.5 + 1)).correct, question.id


def test_the_shipped_deck_passes_the_fairness_checks(deck):
    """True/false balanced per topic, the right option not habitually the longest, no duplicates."""
    from dltutor.deck.fairness import fairness_warnings

    assert [str(w) for w in fairness_warnings(deck)] == []

"""Any text typed as an answer, against every kind of question: a Feedback or `Unreadable`, nothing else.

Hand-built instances of every kind (with the awkward cases: numbers as choices, units, eight
choices, Unicode) and a sample of the real deck's questions as a quiz shows them (computed ones
instantiated, choices and items shuffled, via `dltutor.quiz.session.prepare`). Whatever the text:
`grade` returns a Feedback whose verdict is a bool, or raises `Unreadable` with a one-line hint;
no other exception, no warning, no answer that takes long to read. And the right answer, typed
the way the quiz asks for it, is graded right.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dltutor.deck import builtin_dir, load_deck
from dltutor.quiz.generators import GENERATORS
from dltutor.quiz.grading import LETTERS, Feedback, Unreadable, grade, right_answer
from dltutor.quiz.models import Instance
from dltutor.quiz.session import prepare


def inst(kind, **data):
    return Instance(kind, "prompt", data, "because", question_id="q", card="c")


INSTANCES = {
    "choice": inst("choice", choices=["alpha", "beta", "gamma"], answer="beta"),
    "choice-numbers": inst("choice", choices=["0.01", "2", "1", "1e-3"], answer="1"),
    "choice-eight": inst("choice", choices=[f"option {c}" for c in "abcdefgh"], answer="option h"),
    "choice-unicode": inst("choice", choices=["θ ← θ − η·g", "ﬁne", "x²"], answer="x²"),
    "multi": inst("multi", choices=["w", "x", "y", "z"], answers=["x", "z"]),
    "multi-words": inst("multi", choices=["ab", "a", "b c"], answers=["ab", "b c"]),
    "truefalse": inst("truefalse", answer=False),
    "numeric-abs": inst("numeric", answer=2.0, tolerance={"abs": 0.01}, unit=None),
    "numeric-rel": inst("numeric", answer=1 / 0.7, tolerance={"rel": 1e-3}, unit=None),
    "numeric-unit": inst("numeric", answer=64.0, tolerance={"abs": 0.5}, unit="%"),
    "numeric-huge": inst("numeric", answer=1e300, tolerance={"rel": 1e-6}, unit="units"),
    "numeric-tiny": inst("numeric", answer=-1e-300, tolerance={"abs": 1e-310}, unit=None),
    "text": inst("text", answers=["SGDR", "stochastic gradient descent with warm restarts"]),
    "text-unicode": inst("text", answers=["Straße", "ℓ2"]),
    "order": inst("order", items=["first", "second", "third"], shown=["third", "first", "second"]),
    "order-eight": inst("order", items=list("abcdefgh"), shown=list("hgfedcba")),
}

ANSWERS = [
    "",
    " ",
    "\t",
    "\n",
    "a",
    "A)",
    "b.",
    "1",
    "0",
    "-1",
    "9" * 5000,
    "1" * 400,
    "1e309",
    "-1e309",
    "1e-400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1/0",
    "0/0",
    "1/0.0",
    "1e308/1e-308",
    "1e999999999/1",
    "1/1e999999999",
    "1e-999999999/1",
    "9" * 4000 + "/1",
    "30%",
    "%",
    "100%%",
    "1,000",
    "1,00",
    ",",
    ";",
    "a b c d e f g h i",
    "abcdefgh",
    "zz",
    "１",
    "٣",
    "½",
    "²",
    "Ⅻ",
    "ａ",
    "ⓐ",
    "t",
    "yes",
    "T.",
    "\x1b[31m",
    "\x1b]0;x\x07",
    "a\nb",
    "1 2 3",
    "a a",
    "=2",
    "≈2",
    "~2",
    "2 units",
    "units",
    "−2",
    "2×10^3",
    "2x10^-3",
    "1/0.7",
    "3/4/5",
    "1//2",
    "0." + "0" * 400 + "1",
    "\u202e",
    "\ufeff1",
    "\x00",
    "\udcff",
    "\U00010a40",
    "𝟗",
    "a" * 20_000,
    "a " * 10_000,
    "h g f e d c b a",
]


def check(instance: Instance, text: str) -> Feedback | None:
    """grade(), held to its contract: a Feedback, or Unreadable with a one-line hint, quickly."""
    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            feedback = grade(instance, text)
        except Unreadable as err:
            message = str(err)
            assert message and "\n" not in message and len(message) < 200, repr(message)
            feedback = None
    assert time.perf_counter() - began < 5.0, f"{text[:40]!r} took {time.perf_counter() - began:.1f} s"
    if feedback is not None:
        assert isinstance(feedback, Feedback) and type(feedback.correct) is bool
        assert feedback.question_id == instance.question_id and isinstance(feedback.right_answer, str)
    return feedback


TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ANSWERS),
    st.lists(st.sampled_from(["a", "b", "c", "1", "2", " ", ",", ")", ".", "/", "e", "-", "%", "9"]), max_size=12).map(
        "".join
    ),
)


@pytest.mark.parametrize("name", list(INSTANCES))
@settings(max_examples=60, deadline=None)
@given(text=TEXTS)
def test_any_text_against_every_kind(name, text):
    check(INSTANCES[name], text)


@pytest.mark.parametrize("text", ANSWERS, ids=[f"{i}-{a[:10]!r}" for i, a in enumerate(ANSWERS)])
def test_awkward_answers_against_every_kind(text):
    for instance in INSTANCES.values():
        check(instance, text)


# --- the real deck, as the quiz shows it --------------------------------------------------------


@pytest.fixture(scope="module")
def deck():
    deck = load_deck([builtin_dir()], generators=GENERATORS, check_sims=False)
    assert not deck.problems and len(deck.questions) > 500
    return deck


def right_response(instance: Instance) -> str:
    """The right answer typed as the quiz asks for it: letters, t/f, the number, the phrase."""
    d, kind = instance.data, instance.kind
    if kind == "choice":
        return LETTERS[d["choices"].index(d["answer"])]
    if kind == "multi":
        return " ".join(LETTERS[i] for i, c in enumerate(d["choices"]) if c in d["answers"])
    if kind == "truefalse":
        return "t" if d["answer"] else "f"
    if kind == "numeric":
        return repr(float(d["answer"]))
    if kind == "text":
        return d["answers"][0]
    return " ".join(LETTERS[d["shown"].index(item)] for item in d["items"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), seed=st.integers(0, 2**32 - 1), text=TEXTS)
def test_the_real_deck_any_text(deck, data, seed, text):
    question = deck.questions[data.draw(st.sampled_from(sorted(deck.questions)), label="question")]
    instance = prepare(question, np.random.default_rng(seed))
    check(instance, text)
    right = check(instance, right_response(instance))
    assert right is not None and right.correct, (question.id, right_response(instance), instance.data)


def test_every_real_question_accepts_its_right_answer_and_refuses_a_wrong_one(deck):
    """Also the number as the feedback shows it (six significant figures) is graded right."""
    for n, question in enumerate(deck.questions.values()):
        instance = prepare(question, np.random.default_rng([3, n]))
        assert check(instance, right_response(instance)).correct, question.id
        d = instance.data
        if instance.kind == "choice":
            wrong = next(LETTERS[i] for i, c in enumerate(d["choices"]) if c != d["answer"])
        elif instance.kind == "truefalse":
            wrong = "f" if d["answer"] else "t"
        elif instance.kind == "numeric":
            shown = right_answer(instance).split(" (")[0]  # the answer as feedback writes it: "0.818731 units"
            assert check(instance, shown).correct, (question.id, shown)
            wrong = repr(float(d["answer"]) + 2 * next(iter(d["tolerance"].values())) * max(1, abs(d["answer"])) + 1)
        else:
            continue
        assert check(instance, wrong).correct is False, (question.id, wrong)

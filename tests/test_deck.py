"""The deck loader and validator: every mistake becomes one located problem, never a traceback."""

import json
from pathlib import Path

import pytest

from dltutor.cli import main
from dltutor.deck import load_deck

TOPIC = "title: Optimizers\norder: 2\nsummary: How optimizers step.\n"
CARD = """\
---
id: momentum
title: Momentum
summary: A running velocity of past gradients.
tags: [optimizers]
sim: {kind: optimizers, optimizers: [sgd, momentum], surface: ravine, lr: 0.05, steps: 50}
refs: ["Polyak (1964)"]
---
The idea, the rule v ← μ·v + g, and what to look for.
"""
QUIZ = """\
questions:
  - id: momentum-choice
    card: momentum
    kind: choice
    prompt: What does v hold?
    choices: [a decaying sum of gradients, squared gradients]
    answer: a decaying sum of gradients
    explanation: v ← μ·v + g.
  - id: momentum-number
    card: momentum
    kind: numeric
    prompt: With μ = 0.9, what is 1/(1 − μ)?
    answer: 10
    tolerance: {abs: 0.01}
    explanation: 1/0.1 = 10.
"""


def make_deck(root: Path, card: str = CARD, quiz: str = QUIZ, topic: str = TOPIC, name="01-momentum.md") -> Path:
    folder = root / "optimizers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "topic.yaml").write_text(topic, encoding="utf-8")
    (folder / name).write_text(card, encoding="utf-8")
    (folder / "quiz.yaml").write_text(quiz, encoding="utf-8")
    return root


def problems(root: Path, **kwargs) -> list[str]:
    return [str(p) for p in load_deck([root], **kwargs).problems]


def test_a_good_deck_loads_without_problems(tmp_path):
    deck = load_deck([make_deck(tmp_path)])
    assert deck.problems == []
    assert list(deck.topics) == ["optimizers"]
    card = deck.cards["momentum"]
    assert card.title == "Momentum" and card.sim["surface"] == "ravine" and card.refs == ["Polyak (1964)"]
    assert [q.id for q in deck.questions_of("momentum")] == ["momentum-choice", "momentum-number"]
    assert deck.questions["momentum-number"].data == {"answer": 10.0, "tolerance": {"abs": 0.01}, "unit": None}


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# (what to change, the file, the line, the field, words of the message)
CARD_MISTAKES = [
    (lambda c: replace(c, "id: momentum\n", ""), 2, "id", "is required"),
    (lambda c: replace(c, "id: momentum", "id: Momentum Card"), 2, "id", "lowercase words joined by hyphens"),
    (lambda c: replace(c, "title: Momentum\n", "title: [a, b]\n"), 3, "title", "must be text"),
    (lambda c: replace(c, 'refs: ["Polyak (1964)"]\n', ""), 2, "refs", "is required"),
    (
        lambda c: replace(c, "surface: ravine", "surface: moon"),
        6,
        "sim",
        "sim.surface: 'moon' is neither a named surface (bowl",
    ),
    (
        lambda c: replace(c, "optimizers: [sgd, momentum]", "optimizers: [sgd, lion]"),
        6,
        "sim",
        "unknown optimizer 'lion'",
    ),
    (lambda c: replace(c, "lr: 0.05", "lr: -1"), 6, "sim", "must be a number > 0"),
    (lambda c: replace(c, "tags: [optimizers]", "tags: [optimizers]\ncolour: red"), 6, "colour", "is not a card field"),
    (lambda c: replace(c, "tags: [optimizers]", "tags: [optimizers\n"), None, "front matter", "not valid YAML"),
    (lambda c: replace(c, "---\nThe idea", "The idea"), 1, "front matter", "`---` block"),
    (lambda c: replace(c, "The idea, the rule v ← μ·v + g, and what to look for.", ""), 9, "body", "is empty"),
    (lambda c: c + "line\n" * 70, 9, "body", "one screen"),
    (lambda c: replace(c, "title: Momentum", "title: Momentum\ntitle: Again"), 4, "title", "appears twice"),
    (lambda c: replace(c, "The idea", "\x1b]0;owned\x07The idea"), 9, "text", "control characters"),
]


@pytest.mark.parametrize("mutate, line, field, words", CARD_MISTAKES)
def test_card_mistakes_are_located(tmp_path, mutate, line, field, words):
    found = problems(make_deck(tmp_path, card=mutate(CARD)))
    path = tmp_path / "optimizers" / "01-momentum.md"
    expected_start = f"{path}:{line}: {field}: " if line else f"{path}"
    assert any(p.startswith(expected_start) and words in p for p in found), found


QUIZ_MISTAKES = [
    (
        lambda q: replace(q, "answer: a decaying sum of gradients", "answer: velocity"),
        7,
        "answer",
        "one of the choices",
    ),
    (
        lambda q: replace(
            q,
            "choices: [a decaying sum of gradients, squared gradients]",
            "choices: [a decaying sum of gradients, A decaying sum of gradients]",
        ),
        6,
        "choices",
        "listed twice",
    ),
    (lambda q: replace(q, "kind: choice", "kind: essay"), 4, "kind", "must be one of choice, multi"),
    (lambda q: replace(q, "    explanation: v ← μ·v + g.\n", ""), 2, "explanation", "is required"),
    (
        lambda q: replace(q, "card: momentum\n    kind: numeric", "card: nesterov\n    kind: numeric"),
        9,
        "card",
        "no card has the id 'nesterov'",
    ),
    (lambda q: replace(q, "id: momentum-number", "id: momentum-choice"), 9, "id", "already defined"),
    (lambda q: replace(q, "tolerance: {abs: 0.01}", "tolerance: {abs: -1}"), 14, "tolerance", "must be a number > 0"),
    (lambda q: replace(q, "tolerance: {abs: 0.01}", "tolerance: 0.01"), 14, "tolerance", "{abs: number}"),
    (lambda q: replace(q, "answer: 10\n", "answer: ten\n"), 13, "answer", "finite number"),
    (
        lambda q: replace(q, "prompt: What does v hold?", "prompt: What does v hold?\n    hint: no"),
        6,
        "hint",
        "not a field of a choice question",
    ),
    (lambda q: "questions: {}\n", 1, "questions", "a list of questions"),
    (lambda q: q + "  - [not, a, mapping]\n", 16, "question", "must be a mapping"),
]


@pytest.mark.parametrize("mutate, line, field, words", QUIZ_MISTAKES)
def test_quiz_mistakes_are_located(tmp_path, mutate, line, field, words):
    found = problems(make_deck(tmp_path, quiz=mutate(QUIZ)))
    path = tmp_path / "optimizers" / "quiz.yaml"
    assert any(p.startswith(f"{path}:{line}: {field}: ") and words in p for p in found), found


@pytest.mark.parametrize(
    "extra, field, words",
    [
        (
            """  - {id: q-multi, card: momentum, kind: multi, prompt: p, explanation: e, choices: [a, b], answers: [c]}\n""",
            "answers",
            "'c' is not one of the choices",
        ),
        (
            """  - {id: q-tf, card: momentum, kind: truefalse, prompt: p, explanation: e, answer: maybe}\n""",
            "answer",
            "true or false",
        ),
        (
            """  - {id: q-order, card: momentum, kind: order, prompt: p, explanation: e, items: [a, a]}\n""",
            "items",
            "listed twice",
        ),
        (
            """  - {id: q-text, card: momentum, kind: text, prompt: p, explanation: e, answers: []}\n""",
            "answers",
            "at least one",
        ),
    ],
)
def test_each_kind_checks_its_own_fields(tmp_path, extra, field, words):
    found = problems(make_deck(tmp_path, quiz=QUIZ + extra))
    assert any(f": {field}: " in p and words in p for p in found), found


def test_generator_names_are_checked_when_the_registry_is_given(tmp_path):
    quiz = QUIZ + "  - {id: q-gen, card: momentum, kind: computed, generator: nope, explanation: e}\n"
    root = make_deck(tmp_path, quiz=quiz)
    assert not problems(root)  # without a registry there is nothing to check against
    assert any("no generator is called 'nope'" in p for p in problems(root, generators={"dropout_scale": None}))


def test_one_bad_file_does_not_stop_the_rest(tmp_path):
    root = make_deck(tmp_path)
    (root / "optimizers" / "02-broken.md").write_text("---\nid: [\n---\nbody\n", encoding="utf-8")
    deck = load_deck([root])
    assert "momentum" in deck.cards and len(deck.questions) == 2
    assert len(deck.problems) == 1 and "02-broken.md" in str(deck.problems[0])


def test_clashing_ids_across_decks_are_reported_not_overwritten(tmp_path):
    first = make_deck(tmp_path / "a")
    second = tmp_path / "b"
    make_deck(second)
    (second / "optimizers").rename(second / "more-optimizers")
    deck = load_deck([first, second])
    assert deck.cards["momentum"].path.parent.name == "optimizers"
    assert any("already defined" in str(p) and "more-optimizers" in str(p) for p in deck.problems)


def test_binary_and_odd_files_are_problems_not_crashes(tmp_path):
    root = make_deck(tmp_path)
    (root / "optimizers" / "03-binary.md").write_bytes(b"\xff\xfe\x00garbage")
    (root / "optimizers" / "quiz.yaml").write_text("questions:\n  - &a [*a]\n", encoding="utf-8")
    deck = load_deck([root])
    assert {p.path.name for p in deck.problems} >= {"03-binary.md", "quiz.yaml"}


def test_control_characters_never_reach_the_loaded_text(tmp_path):
    card = CARD.replace("The idea", "\x1b[31mThe idea\x1b]0;title\x07")
    deck = load_deck([make_deck(tmp_path, card=card)])
    assert "\x1b" not in deck.cards["momentum"].body and "\x07" not in deck.cards["momentum"].body


def run(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    return (info.value.code, *capsys.readouterr())


def test_check_command_prints_one_line_per_problem_and_fails(tmp_path, capsys):
    root = make_deck(tmp_path, quiz=QUIZ.replace("tolerance: {abs: 0.01}", "tolerance: {abs: 0}"))
    code, out, err = run(["check", str(root)], capsys)
    assert code == 1
    assert out.strip().splitlines() == [
        f"{root / 'optimizers' / 'quiz.yaml'}:14: tolerance: question "
        "momentum-number: abs tolerance must be a number > 0"
    ]
    code, out, _ = run(["check", str(root), "--json"], capsys)
    doc = json.loads(out)
    assert code == 1 and doc["problems"][0]["field"] == "tolerance" and doc["counts"]["cards"] == 1


def test_a_folder_named_with_a_newline_and_an_escape_code_is_one_inert_line(tmp_path, capsys):
    root = make_deck(
        tmp_path / "deck\nsecond line \x1b[31mred", quiz=QUIZ.replace("tolerance: {abs: 0.01}", "tolerance: {abs: 0}")
    )
    code, out, _ = run(["check", str(root)], capsys)
    assert code == 1
    assert len(out.strip().splitlines()) == 1 and "\x1b" not in out
    assert "deck\\nsecond line \\x1b[31mred" in out  # written out, so it can still be found
    code, out, _ = run(["check", str(root), "--json"], capsys)
    assert str(root) in json.loads(out)["problems"][0]["path"]  # JSON keeps the real path


def test_check_passes_a_clean_deck(tmp_path, capsys):
    code, out, err = run(["check", str(make_deck(tmp_path))], capsys)
    assert code == 0 and out == "" and "0 problem(s)" in err


def test_cards_and_show_with_a_user_deck(tmp_path, capsys, monkeypatch):
    # a user's own deck sits beside the built-in one, so its ids must not clash with it
    root = make_deck(
        tmp_path,
        card=CARD.replace("id: momentum", "id: my-momentum"),
        quiz=QUIZ.replace("card: momentum", "card: my-momentum"),
    )
    (root / "optimizers").rename(root / "my-optimizers")
    monkeypatch.setenv("DLTUTOR_DECKS", str(root))
    code, out, _ = run(["cards", "--json", "--topic", "my-optimizers"], capsys)
    assert code == 0
    topic = json.loads(out)["topics"][0]
    assert topic["cards"] == [
        {"id": "my-momentum", "title": "Momentum", "summary": "A running velocity of past gradients.", "questions": 2}
    ]
    code, out, _ = run(["show", "my-momentum"], capsys)
    assert code == 0 and "Momentum" in out and "v ← μ·v + g" in out
    assert "dltutor plot optimizers --optimizers=sgd,momentum --surface=ravine --lr=0.05 --steps=50" in " ".join(
        out.split()
    )
    code, _, err = run(["show", "my-momentun"], capsys)
    assert code == 2 and "did you mean my-momentum" in err


def test_topics_come_in_their_stated_order(tmp_path):
    make_deck(tmp_path)
    (tmp_path / "optimizers" / "topic.yaml").write_text(TOPIC.replace("order: 2", "order: 5"), encoding="utf-8")
    other = tmp_path / "activations"
    other.mkdir()
    (other / "topic.yaml").write_text("title: Activations\norder: 9\nsummary: Nonlinearities.\n", encoding="utf-8")
    first = tmp_path / "zeta-basics"
    first.mkdir()
    (first / "topic.yaml").write_text("title: Basics\norder: 1\nsummary: First things.\n", encoding="utf-8")
    assert list(load_deck([tmp_path]).topics) == ["zeta-basics", "optimizers", "activations"]


def test_the_cached_deck_equals_the_loaded_one_and_notices_edits(tmp_path):
    from dltutor.deck.cache import load_cached

    root, cache = make_deck(tmp_path / "deck"), tmp_path / "cache"
    fresh = load_deck([root], check_sims=False)
    first = load_cached([root], cache)
    assert list(cache.glob("deck-*.json"))
    second = load_cached([root], cache)  # from the file this time
    assert second.later is not None  # its questions are read when first asked for
    assert {c: second.question_count(c) for c in second.cards} == {c: len(fresh.questions_of(c)) for c in fresh.cards}
    for deck in (first, second):
        assert deck.cards == fresh.cards and deck.questions == fresh.questions and deck.topics == fresh.topics
    card = root / "optimizers" / "01-momentum.md"
    card.write_text(CARD.replace("title: Momentum", "title: Momentum, edited"), encoding="utf-8")
    assert load_cached([root], cache).cards["momentum"].title == "Momentum, edited"
    assert len(list(cache.glob("deck-*.json"))) == 1  # stale copies are removed
    (cache / next(cache.glob("deck-*.json")).name).write_text("{not json", encoding="utf-8")
    assert load_cached([root], cache).cards["momentum"].title == "Momentum, edited"  # a broken cache is rebuilt
    cached = next(cache.glob("deck-*.json"))
    doc = json.loads(cached.read_text(encoding="utf-8"))
    doc["questions"] = "[{not json"
    cached.write_text(json.dumps(doc), encoding="utf-8")
    damaged = load_cached([root], cache)
    assert damaged.questions == load_deck([root], check_sims=False).questions  # read from the files instead


ORDER_QUESTION = """\
  - id: momentum-order
    card: momentum
    kind: order
    prompt: Put one step in order.
    items: [zero the gradients, forward, backward, step]
    orders:
      - [forward, zero the gradients, backward, step]
    explanation: Zeroing only has to come before backward.
"""


def test_an_order_question_may_accept_further_orders(tmp_path):
    deck = load_deck([make_deck(tmp_path, quiz=QUIZ + ORDER_QUESTION)])
    assert deck.problems == []
    assert deck.questions["momentum-order"].data == {
        "items": ["zero the gradients", "forward", "backward", "step"],
        "orders": [["forward", "zero the gradients", "backward", "step"]],
    }


@pytest.mark.parametrize(
    "orders, line, words",
    [
        ("      - [forward, zero the gradients, backward, update]\n", 22, "order 1: 'update' is not one of the items"),
        ("      - [forward, zero the gradients, backward]\n", 22, "order 1 lists 'step' not; each order lists every"),
        ("      - [forward, zero the gradients, backward, step, step]\n", 22, "order 1 lists 'step' twice"),
        ("      - [zero the gradients, forward, backward, step]\n", 22, "order 1 is the order of `items` itself"),
        (
            "      - [forward, zero the gradients, backward, step]\n      - [forward, zero the gradients, backward, step]\n",
            23,
            "order 2 repeats order 1",
        ),
        ("      - forward\n", 22, "order 1 must be a list of the items"),
    ],
)
def test_mistakes_in_further_orders_are_located(tmp_path, orders, line, words):
    quiz = QUIZ + ORDER_QUESTION.replace("      - [forward, zero the gradients, backward, step]\n", orders)
    found = problems(make_deck(tmp_path, quiz=quiz))
    path = tmp_path / "optimizers" / "quiz.yaml"
    assert any(p.startswith(f"{path}:{line}: orders: question momentum-order: ") and words in p for p in found), found


def test_orders_that_accept_every_arrangement_are_refused(tmp_path):
    quiz = (
        QUIZ
        + """  - {id: q-two, card: momentum, kind: order, prompt: p, explanation: e, items: [a, b], orders: [[b, a]]}\n"""
    )
    assert any("every arrangement of the items is accepted" in p for p in problems(make_deck(tmp_path, quiz=quiz)))
    quiz = (
        QUIZ
        + """  - {id: q-two, card: momentum, kind: order, prompt: p, explanation: e, items: [a, b], orders: []}\n"""
    )
    assert any(": orders: question q-two: must be a list" in p for p in problems(make_deck(tmp_path, quiz=quiz)))


# --- fairness warnings ------------------------------------------------------------------------------


def tf(i: int, answer: bool, card: str = "momentum") -> str:
    return (
        f"  - {{id: tf-{i}, card: {card}, kind: truefalse, prompt: 'Statement number {i} about momentum.', "
        f"explanation: e, answer: {str(answer).lower()}}}\n"
    )


def choice_q(i: int, longest: bool) -> str:
    right = "the right option written out at great length" if longest else "right"
    return (
        f"  - {{id: ch-{i}, card: momentum, kind: choice, prompt: 'Choice question {i}?', explanation: e, "
        f"choices: ['{right}', 'wrong one', 'another wrong', 'third wrong'], answer: '{right}'}}\n"
    )


def warnings_of(root: Path) -> list[str]:
    from dltutor.deck.fairness import fairness_warnings

    deck = load_deck([root])
    assert deck.problems == []
    return [str(w) for w in fairness_warnings(deck)]


def test_the_example_deck_has_no_warnings(tmp_path):
    assert warnings_of(make_deck(tmp_path)) == []


@pytest.mark.parametrize(
    "trues, n, warned",
    [
        (1, 12, True),
        (4, 12, True),
        (5, 12, False),
        (7, 12, False),
        (8, 12, True),
        (1, 3, False),
        (2, 3, False),
        (0, 3, True),
        (0, 1, False),
        (1, 2, False),
        (2, 2, True),
        (3, 8, True),
        (4, 8, False),
    ],
)
def test_true_false_answers_are_kept_between_40_and_60_percent_true_per_topic(tmp_path, trues, n, warned):
    quiz = QUIZ + "".join(tf(i, i < trues) for i in range(n))
    found = [w for w in warnings_of(make_deck(tmp_path, quiz=quiz)) if "true/false" in w]
    assert bool(found) is warned, found
    if warned:
        assert found[0].startswith(
            f"{tmp_path / 'optimizers' / 'quiz.yaml'}: warning: topic optimizers: "
            f"{trues} of {n} true/false answers are true"
        )


@pytest.mark.parametrize(
    "longest, n, warned", [(1, 5, False), (2, 5, True), (3, 10, False), (4, 10, True), (4, 4, False)]
)
def test_the_right_option_is_not_habitually_the_longest(tmp_path, longest, n, warned):
    # four options each: chance 25 %, the limit 35 %; fewer than five choice questions say nothing
    number = "  - id: momentum-number" + QUIZ.split("  - id: momentum-number")[1]
    quiz = "questions:\n" + "".join(choice_q(i, i < longest) for i in range(n)) + number
    found = [w for w in warnings_of(make_deck(tmp_path, quiz=quiz)) if "longest" in w]
    assert bool(found) is warned, found
    if warned:
        assert f"strictly longest in {longest} of {n} choice questions" in found[0] and "at most 35%" in found[0]


def test_a_tie_for_longest_is_not_counted(tmp_path):
    from dltutor.deck.fairness import _strictly_longest
    from dltutor.deck.models import Question

    def q(choices, answer):
        return Question("q", "c", "choice", "p", "e", Path("quiz.yaml"), 1, {"choices": choices, "answer": answer})

    assert _strictly_longest(q(["abcd", "ab"], "abcd"))
    assert not _strictly_longest(q(["abcd", "wxyz"], "abcd"))
    assert not _strictly_longest(q(["abcd", "wxyz1"], "abcd"))


SECOND_CARD = CARD.replace("id: momentum", "id: nesterov").replace("title: Momentum", "title: Nesterov")


def duplicates(tmp_path, extra: str) -> list[str]:
    root = make_deck(tmp_path, quiz=QUIZ + extra)
    (root / "optimizers" / "02-nesterov.md").write_text(SECOND_CARD, encoding="utf-8")
    return [w for w in warnings_of(root) if "question" in w and "warning: question" in w]


def test_the_same_prompt_twice_is_a_duplicate_whatever_the_card(tmp_path):
    extra = (
        "  - {id: nesterov-number, card: nesterov, kind: numeric, prompt: '  with μ = 0.9, WHAT is 1/(1 − μ)? ',"
        " answer: 10, tolerance: {abs: 0.01}, explanation: e}\n"
    )
    found = duplicates(tmp_path, extra)
    assert len(found) == 1
    assert found[0].startswith(
        f"{tmp_path / 'optimizers' / 'quiz.yaml'}:16: warning: question nesterov-number "
        "(card nesterov) has the same prompt as question momentum-number (card momentum, "
    )


@pytest.mark.parametrize(
    "extra, warned",
    [
        # the same answer to nearly the same question on another card
        (
            "  - {id: nesterov-ten, card: nesterov, kind: numeric, prompt: 'With momentum μ = 0.9, what is 1/(1 − μ)?', "
            "answer: 10, tolerance: {abs: 0.1}, explanation: e}\n",
            True,
        ),
        # nearly the same words, another answer: a different question
        (
            "  - {id: nesterov-ten, card: nesterov, kind: numeric, prompt: 'With momentum μ = 0.99, what is 1/(1 − μ)?', "
            "answer: 100, tolerance: {abs: 0.1}, explanation: e}\n",
            False,
        ),
        # the same answer to another question
        (
            "  - {id: nesterov-ten, card: nesterov, kind: numeric, prompt: 'How many look-ahead steps in ten epochs?', "
            "answer: 10, tolerance: {abs: 0.1}, explanation: e}\n",
            False,
        ),
        # prompts that differ in a symbol only are two questions
        (
            "  - {id: nesterov-ten, card: nesterov, kind: numeric, prompt: 'With μ = 0.9, what is 1/(1 − μ)²?', "
            "answer: 100, tolerance: {abs: 0.1}, explanation: e}\n",
            False,
        ),
    ],
)
def test_near_duplicates_across_cards_are_warned_about(tmp_path, extra, warned):
    found = duplicates(tmp_path, extra)
    assert bool(found) is warned, found
    if warned:
        assert "asks nearly the same" in found[0] and "with the same answer as question momentum-number" in found[0]


def test_check_prints_warnings_and_fails_on_them_only_with_strict(tmp_path, capsys):
    root = make_deck(tmp_path, quiz=QUIZ + "".join(tf(i, False) for i in range(4)))
    code, out, err = run(["check", str(root)], capsys)
    assert code == 0 and "0 problem(s), 1 warning(s)" in err
    assert out.splitlines() == [
        f"{root / 'optimizers' / 'quiz.yaml'}: warning: topic optimizers: 0 of 4 true/false "
        "answers are true (0%); a learner who always answers false scores 100%; keep 2 of 4 "
        "true (40–60%)"
    ]
    code, out, err = run(["check", str(root), "--strict"], capsys)
    assert code == 1 and "1 warning(s)" in err
    code, out, _ = run(["check", str(root), "--json"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["problems"] == [] and doc["warnings"][0]["check"] == "truefalse-balance"
    assert doc["warnings"][0]["path"] == str(root / "optimizers" / "quiz.yaml")


def test_a_number_too_large_for_a_float_is_a_problem(tmp_path):
    found = problems(make_deck(tmp_path, quiz=QUIZ.replace("answer: 10\n", "answer: " + "9" * 1000 + "\n")))
    assert any(": answer: question momentum-number: must be a finite number" in p for p in found), found


def _user_deck(tmp_path):
    root = make_deck(
        tmp_path / "mine",
        card=CARD.replace("id: momentum", "id: my-momentum"),
        quiz=QUIZ.replace("card: momentum", "card: my-momentum"),
    )
    (root / "optimizers").rename(root / "my-optimizers")
    return root


def test_the_top_level_deck_applies_to_every_command(tmp_path, capsys):
    root = _user_deck(tmp_path)
    code, out, err = run(["--deck", str(root), "cards", "--json", "--topic", "my-optimizers"], capsys)
    assert code == 0, err
    assert json.loads(out)["topics"][0]["cards"][0]["id"] == "my-momentum"
    code, out, err = run(["--deck", str(root), "show", "my-momentum"], capsys)
    assert code == 0 and "v ← μ·v + g" in out, err
    code, out, err = run(["--deck", str(root), "show", "MOMENTUM"], capsys)  # a title: the built-in card's
    assert code == 0
    (root / "my-optimizers" / "01-momentum.md").write_text(CARD.replace("id: momentum", "id: Bad Id"), encoding="utf-8")
    code, out, err = run(["--deck", str(root), "check"], capsys)
    assert code == 1 and "01-momentum.md" in out


def test_a_user_deck_that_loads_nothing_says_so(tmp_path, capsys):
    root = _user_deck(tmp_path)
    deck = load_deck([root / "my-optimizers"])  # a topic folder given where a deck folder belongs
    assert len(deck.problems) == 1 and "is a topic folder" in str(deck.problems[0])
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no topic folder" in str(load_deck([empty]).problems[0])
    code, out, err = run(["--deck", str(root / "my-optimizers"), "cards"], capsys)
    assert code == 0 and len(err.strip().splitlines()) == 1 and "is a topic folder" in err

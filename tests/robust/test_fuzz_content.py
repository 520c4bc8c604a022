"""Real deck files, mutated at random: the loader reports a problem for the file or loads it, never raises.

Each example copies one real topic folder from content/ (plus stub cards for the ids its cards name
in `related:`, so the unmutated copy loads with no problem at all), damages one of its files --
lines deleted, duplicated, swapped, the file cut at a random byte, values replaced by other types,
odd Unicode, control characters, terminal escape sequences, huge numbers, broken YAML -- and loads
it. Whatever the damage: no exception, the file either loads or a Problem names it, and no control
character reaches any text that will be shown.
"""

from __future__ import annotations

import re
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dltutor.deck import builtin_dir, load_deck
from dltutor.deck.load import CONTROL
from dltutor.quiz.generators import GENERATORS

CONTENT = builtin_dir()
TOPIC = "optimizers"  # 11 cards with simulations, 70 questions of every kind
TARGETS = ["topic.yaml", "02-momentum.md", "07-adam.md", "quiz.yaml"]

SPECIALS = [
    # terminal escapes, raw and spelled as YAML escapes (which the raw-text check cannot see)
    "\x1b]0;pwned\x07",
    "\x1b[31m",
    "\x1b[2J",
    "\x9b31m",
    "\x1bP+q\x1b\\",
    "\x07",
    "\x00",
    "\r",
    "\x7f",
    "\x85",
    '"\\e]0;pwned\\a"',
    '"\\x1b[31m"',
    '"\\u009b31m"',
    '"\\0\\a\\b"',
    '"\\N\\_\\L\\P"',
    # odd Unicode
    "\u202e",
    "\ufeff",
    "\u200b",
    "e\u0301",
    "\U0001f4a5",
    "\U0001d4c1",
    "ﬁ",
    "\u2028",
    "\uffff",
    # huge and odd numbers
    "1e400",
    "1.0e+400",
    "-1.0e400",
    ".inf",
    "-.inf",
    ".nan",
    "9" * 400,
    "0x1F",
    "0o17",
    "1_000",
    "-0",
    "2001-12-14t21:59:43.10-05:00",
    # wrong types
    "[a, b]",
    "{a: 1}",
    "[]",
    "{}",
    "null",
    "~",
    "true",
    "no",
    '""',
    "[[[[[]]]]]",
    "- a\n- b",
    # broken YAML
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "---",
    "...",
    "? ",
    "|",
    ">",
    "%YAML 1.2",
    "&a [*a]",
    "*nope",
    "&x",
    "!!binary aGk=",
    "!!python/object/apply:os.getcwd []",
    "!!str",
    "\t",
    "'",
    '"',
    "#",
    "@",
    "`",
]

snippet = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(max_size=40),  # any code point but surrogates: control characters included
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "[", "- ", "\x1b", "9"]), st.integers(1000, 6000)),
)
index = st.integers(0, 10**6)  # taken modulo the number of lines
op = st.one_of(
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("duplicate"), index),
    st.tuples(st.just("swap"), index, index),
    st.tuples(st.just("insert"), index, st.floats(0, 1), snippet),
    st.tuples(st.just("value"), index, snippet),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("bytes"), index, st.binary(min_size=1, max_size=8)),
)
ops = st.lists(op, min_size=1, max_size=4)

KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_]+:)(.*)$")


def mutate(raw: bytes, operations) -> bytes:
    for operation in operations:
        lines = raw.split(b"\n")
        name, *args = operation
        if name == "truncate":
            raw = raw[: int(args[0] * len(raw))]
            continue
        i = args[0] % len(lines)
        if name == "delete":
            del lines[i]
        elif name == "duplicate":
            lines.insert(i, lines[i])
        elif name == "swap":
            j = args[1] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif name == "insert":
            at = int(args[1] * len(lines[i]))
            lines[i] = lines[i][:at] + args[2].encode("utf-8", "surrogatepass") + lines[i][at:]
        elif name == "value":
            text = lines[i].decode("utf-8", "replace")
            match = KEY_VALUE.match(text)
            value = args[1]
            lines[i] = ((match.group(1) + " " + value) if match else value).encode("utf-8", "surrogatepass")
        elif name == "bytes":
            lines[i] = lines[i] + args[1]
        raw = b"\n".join(lines)
    return raw


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The real topic folder, and stub cards for every id it refers to elsewhere in the deck."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(CONTENT / TOPIC, root / TOPIC)
    missing = {p.message.split("'")[1] for p in load_deck([root]).problems if p.field == "related"}
    stubs = root / "zz-stubs"
    stubs.mkdir()
    (stubs / "topic.yaml").write_text("title: Stubs\norder: 99\nsummary: Cards named by the topic under test.\n")
    for n, card_id in enumerate(sorted(missing)):
        (stubs / f"{n:02d}-{card_id}.md").write_text(
            f"---\nid: {card_id}\ntitle: Stub\nsummary: A stub.\nrefs: [none]\n---\nStub.\n", encoding="utf-8"
        )
    deck = load_deck([root], generators=GENERATORS)
    assert deck.problems == [], [str(p) for p in deck.problems]  # the unmutated copy is clean
    assert len(deck.cards) > 11 and len(deck.questions) >= 50
    return root


def strings(value):
    """Every string inside a question's data (choices, answers, items, unit, generator params)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings(v)


def assert_inert(deck) -> None:
    for topic in deck.topics.values():
        for text in (topic.title, topic.summary):
            assert not CONTROL.search(text), (topic.id, text)
    for card in deck.cards.values():
        for text in (card.title, card.summary, card.body, *card.refs, *card.tags, *card.related):
            assert not CONTROL.search(text), (card.id, text)
    for q in deck.questions.values():
        for text in (q.prompt, q.explanation, *strings(q.data)):
            assert not CONTROL.search(text), (q.id, text)


def loaded(deck, path: Path) -> bool:
    if path.name == "topic.yaml":
        return any(t.path == path for t in deck.topics.values())
    if path.name == "quiz.yaml":
        return any(q.path == path for q in deck.questions.values())
    return any(c.path == path for c in deck.cards.values())


def check_one(root: Path, target: Path) -> None:
    deck = load_deck([root], generators=GENERATORS)  # RuntimeWarnings are errors here too
    assert loaded(deck, target) or any(p.path == target for p in deck.problems), (
        f"{target.name} neither loaded nor reported: {[str(p) for p in deck.problems]}"
    )
    for problem in deck.problems:
        text = str(problem)
        assert len(text.splitlines()) == 1 and not CONTROL.search(text), repr(text)  # `dltutor check`: a line each
        assert problem.path.is_relative_to(root)
    assert_inert(deck)


@pytest.mark.parametrize("target", TARGETS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(operations=ops)
def test_a_mutated_file_loads_or_is_reported(pristine, tmp_path, target, operations):
    root = tmp_path / "deck"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(pristine, root)
    path = root / TOPIC / target
    path.write_bytes(mutate(path.read_bytes(), operations))
    check_one(root, path)


# --- damage that random mutation is unlikely to find ---------------------------------------------


@contextmanager
def time_limit(seconds: float):
    def expired(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def edit(root: Path, target: str, old: str, new: str) -> Path:
    path = root / TOPIC / target
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture
def copy(pristine, tmp_path) -> Path:
    root = tmp_path / "deck"
    shutil.copytree(pristine, root)
    return root


ESCAPED = ['"\\e]0;owned\\a"', '"\\x1b[31mred"', '"\\u009b2J"', '"a\\0b"', '"\\x07"']
EXTRA_QUESTIONS = """
  - {id: zz-choice, card: momentum, kind: choice, prompt: @, choices: [@, plain], answer: @, explanation: @}
  - {id: zz-multi, card: momentum, kind: multi, prompt: p, choices: [@, plain], answers: [@], explanation: e}
  - {id: zz-text, card: momentum, kind: text, prompt: p, answers: [@], explanation: e}
  - {id: zz-order, card: momentum, kind: order, prompt: p, items: [@, plain], explanation: e}
  - {id: zz-numeric, card: momentum, kind: numeric, prompt: p, answer: 1, tolerance: {abs: 1}, unit: @,
     explanation: e}
"""


def set_line(root: Path, target: str, key: str, line: str) -> Path:
    """Replace the first `key: ...` line of a file (a one-line value) with `line`."""
    path = root / TOPIC / target
    text, n = re.subn(rf"^{key}:.*$", lambda m: line, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("escaped", ESCAPED)
@pytest.mark.parametrize(
    "target, key, line",
    [
        ("topic.yaml", "title", "title: @"),
        ("topic.yaml", "summary", "summary: @"),
        ("02-momentum.md", "title", "title: @"),
        ("02-momentum.md", "summary", "summary: @"),
        ("02-momentum.md", "tags", "tags: [@, momentum]"),
        ("02-momentum.md", "related", "related: [sgd, @]"),
        ("02-momentum.md", "  surface", "  surface: @"),
        ("02-momentum.md", "sim", "@: 1\nsim:"),
        ("quiz.yaml", "questions", "questions:" + EXTRA_QUESTIONS),
    ],
)
def test_yaml_escapes_cannot_smuggle_control_characters(copy, target, key, line, escaped):
    """`"\\e]0;owned\\a"` is plain ASCII in the file: only once YAML has read it is it an escape sequence."""
    path = set_line(copy, target, key, line.replace("@", escaped))
    deck = load_deck([copy], generators=GENERATORS)
    assert_inert(deck)
    assert any(p.path == path and "control characters" in p.message for p in deck.problems), [
        str(p) for p in deck.problems
    ]
    for problem in deck.problems:
        assert not CONTROL.search(str(problem))
    if target == "quiz.yaml" and escaped != '"\\x07"':  # what is left after removal is still a question
        assert {"zz-choice", "zz-multi", "zz-text", "zz-order", "zz-numeric"} <= set(deck.questions)


@pytest.mark.parametrize(
    "target, old, new",
    [
        ("02-momentum.md", "  steps: 150", "  steps: 150\n  params: {momentum: {momentum: &a [*a]}}"),
        ("02-momentum.md", "tags: [optimizers, sgd, momentum]", "tags: &t [*t]"),
        ("02-momentum.md", "related: [sgd, nesterov, adam, learning-rate]", "related: &r [sgd, *r]"),
        ("quiz.yaml", "questions:", "questions: &q [*q]\nx:"),
        ("quiz.yaml", "    choices:\n", "    choices: &c [*c, a]\n    x-choices:\n"),
        ("topic.yaml", "title: Optimizers", "title: &t [*t]"),
    ],
)
def test_recursive_aliases_are_a_problem_not_a_crash(copy, target, old, new):
    path = edit(copy, target, old, new)
    with time_limit(5):
        check_one(copy, path)
    assert any(p.path == path for p in load_deck([copy]).problems)


def test_nesting_thousands_deep_is_a_problem_not_a_crash(copy):
    deep = "[" * 3000 + "]" * 3000
    path = edit(copy, "02-momentum.md", "  steps: 150", f"  steps: 150\n  params: {{momentum: {{momentum: {deep}}}}}")
    with time_limit(5):
        check_one(copy, path)
    assert any(p.path == path for p in load_deck([copy]).problems)


@pytest.mark.parametrize("target", ["topic.yaml", "02-momentum.md", "quiz.yaml"])
def test_an_alias_bomb_is_refused_quickly(copy, target):
    """Nine aliases of nine aliases...: 9**9 values if anything walks them one by one."""
    lines = ["b0: &b0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = "\n".join(lines)
    if target == "topic.yaml":
        path = edit(copy, target, "title: Optimizers", bomb + "\ntitle: Optimizers")
    elif target == "quiz.yaml":
        path = edit(copy, target, "questions:", bomb.replace("b8: ", "x-bomb: ") + "\nquestions:")
    else:  # the anchors first: an alias can only name an anchor above it
        edit(copy, target, "sim:\n", bomb + "\nsim:\n")
        path = edit(copy, target, "  steps: 150", "  steps: 150\n  params: {momentum: {momentum: *b8}}")
    began = time.perf_counter()
    with time_limit(10):
        deck = load_deck([copy], generators=GENERATORS)
    assert time.perf_counter() - began < 3
    assert any(p.path == path for p in deck.problems)


def test_python_tags_are_never_constructed(copy, tmp_path):
    marker = tmp_path / "pwned"
    path = edit(copy, "quiz.yaml", "questions:", f"x-run: !!python/object/apply:os.mkdir [{marker}]\nquestions:")
    card = edit(copy, "07-adam.md", "title: Adam", f"title: !!python/object/apply:os.mkdir [{marker}]")
    deck = load_deck([copy], generators=GENERATORS)
    assert not marker.exists()
    assert {path, card} <= {p.path for p in deck.problems}


@pytest.mark.parametrize(
    "target, key, line",
    [
        ("quiz.yaml", "questions", 'questions:\n  - {id: "bad\\nid", card: momentum, kind: choice}'),
        ("quiz.yaml", "questions", 'questions:\n  - {id: "bad\\u2028id", card: momentum, kind: nope}'),
        ("02-momentum.md", "title", 'title: Momentum\n"two\\nlines": 1'),
        ("02-momentum.md", "id", 'id: "two\\nlines"'),
    ],
)
def test_every_problem_is_one_line(copy, target, key, line):
    """`dltutor check` prints one problem per line, whatever line breaks the file's ids and keys hold."""
    path = set_line(copy, target, key, line)
    problems = [p for p in load_deck([copy], generators=GENERATORS).problems if p.path == path]
    assert problems
    for problem in problems:
        assert len(str(problem).splitlines()) == 1, repr(str(problem))

"""Reading a deck folder: topic.yaml, NN-slug.md cards and quiz.yaml, one file at a time.

Every problem is collected with its file, line and field; a file with a problem that makes it
unusable is skipped and the rest still load. Nothing here raises on bad content.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

from dltutor.deck import yamlsrc
from dltutor.deck.models import QUESTION_KINDS, Card, Problem, Question, Topic

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CARD_FILE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
MAX_BODY_LINES = 60
MAX_FILE_BYTES = 1_000_000
# C0 and C1 control characters other than tab and newline: an escape sequence in content must
# never reach the terminal (it could retitle it or change its colours).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Collector:
    """Problems for one file."""

    def __init__(self, path: Path, problems: list[Problem], lines: dict | None = None):
        self.path, self.problems, self.lines = path, problems, lines or {}

    def add(self, field: str, message: str, path: tuple = (), line: int | None = None) -> None:
        if line is None:
            line = yamlsrc.line_of(self.lines, path) if self.lines else None
        # one problem, one line: a key or an id from the file may hold a line break ("a\nb")
        field, message = " ".join(field.splitlines()), " ".join(message.splitlines())
        self.problems.append(Problem(self.path, line, field, message))


def clean(text: str) -> str:
    """Text without control characters (so it is inert on any terminal), NFC-normalised."""
    return unicodedata.normalize("NFC", CONTROL.sub("", text))


def inert(c: Collector, data: Any) -> Any:
    """The parsed data with control characters removed from every string (keys too), reported once.

    YAML escapes ("\\e[31m", "\\x9b", "\\a") spell control characters in plain ASCII, so the check
    on the raw text cannot see them. The data is small and acyclic (yamlsrc refuses anything else).
    """
    found: list[tuple] = []

    def scrub(value: Any, at: tuple) -> Any:
        if isinstance(value, str):
            if CONTROL.search(value) and not found:
                found.append(at)
            return clean(value)
        if isinstance(value, list):
            return [scrub(v, at + (i,)) for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {scrub(k, at): scrub(v, at + (k,)) for k, v in value.items()}
        return value

    data = scrub(data, ())
    if found:
        c.add(
            "text",
            "control characters (such as terminal escape codes, also when written as YAML escapes "
            "like \\e) are not allowed; they were removed",
            found[0],
        )
    return data


def read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(path, None, "file", f"larger than {MAX_FILE_BYTES // 1000} kB; skipped"))
            return None
        raw = path.read_bytes()
    except OSError as err:
        problems.append(Problem(path, None, "file", f"cannot be read: {err.strerror or err}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(Problem(path, line, "file", "not UTF-8 text; skipped"))
        return None
    if CONTROL.search(text):
        line = text[: CONTROL.search(text).start()].count("\n") + 1
        problems.append(
            Problem(
                path,
                line,
                "text",
                "control characters (such as terminal escape codes) are not allowed; they were removed",
            )
        )
    return clean(text)


def _str(
    c: Collector, data: dict, key: str, path: tuple, required: bool = True, one_line: bool = False, max_len: int = 4000
) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            c.add(key, "is required", path)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        c.add(key, f"must be text, not {type(value).__name__}", path + (key,))
        return None
    text = str(value).strip()
    if required and not text:
        c.add(key, "must not be empty", path + (key,))
        return None
    if one_line and "\n" in text:
        c.add(key, "must be one line", path + (key,))
    if len(text) > max_len:
        c.add(key, f"is longer than {max_len} characters", path + (key,))
        return None
    return text


def _str_list(c: Collector, data: dict, key: str, path: tuple, required: bool = False) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            c.add(key, "is required", path)
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
    ):
        c.add(key, "must be a list of text items", path + (key,))
        return []
    items = [str(v).strip() for v in value]
    if required and not items:
        c.add(key, "must list at least one item", path + (key,))
    return items


_FAILED = object()  # what _yaml returns when the text is not usable YAML


def _yaml(c: Collector, text: str, field: str, first_line: int = 1):
    """Parse YAML for one file: syntax errors and duplicate keys reported, escapes made inert.

    Returns the data, or _FAILED when the file cannot be read as YAML at all.
    """
    try:
        data, c.lines, dups = yamlsrc.parse(text, first_line=first_line)
    except yamlsrc.YamlError as err:
        c.add(field, err.message, line=err.line)
        return _FAILED
    for line, key in dups:
        c.add(key, "appears twice", line=line)
    return inert(c, data)


# --- topics -----------------------------------------------------------------------------------


def load_topic(folder: Path, problems: list[Problem]) -> Topic | None:
    path = folder / "topic.yaml"
    text = read_text(path, problems)
    if text is None:
        return None
    c = Collector(path, problems)
    data = _yaml(c, text, "file")
    if data is _FAILED:
        return None
    if not isinstance(data, dict):
        c.add("file", "must be a mapping with title, order and summary", line=1)
        return None
    if not ID.match(folder.name):
        c.add("folder", f"topic folder {folder.name!r} must be lowercase words joined by hyphens", line=1)
        return None
    title, summary = _str(c, data, "title", (), one_line=True), _str(c, data, "summary", ())
    order = data.get("order")
    if isinstance(order, bool) or not isinstance(order, int):
        c.add("order", "must be a whole number", ("order",))
        order = None
    if title is None or summary is None or order is None:
        return None
    return Topic(id=folder.name, title=title, order=order, summary=summary, path=path)


# --- cards ------------------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts), or None without a `---` block."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def load_card(path: Path, topic: str, problems: list[Problem], check_sim: Callable[[Any], str | None]) -> Card | None:
    text = read_text(path, problems)
    if text is None:
        return None
    c = Collector(path, problems)
    if not CARD_FILE.match(path.name):
        c.add("file", "card files are named NN-slug.md (e.g. 03-momentum.md)", line=1)
        return None
    parts = split_front_matter(text)
    if parts is None:
        c.add("front matter", "a card starts with a `---` block of YAML and ends it with `---`", line=1)
        return None
    front, body, body_line = parts
    data = _yaml(c, front, "front matter", first_line=2)
    if data is _FAILED:
        return None
    if not isinstance(data, dict):
        c.add("front matter", "must be a mapping (id, title, summary, tags, refs, ...)", line=2)
        return None
    known = {"id", "title", "summary", "tags", "sim", "related", "refs"}
    for key in data:
        if key not in known:
            c.add(str(key), f"is not a card field; card fields are: {', '.join(sorted(known))}", (key,))
    card_id = _str(c, data, "id", (), one_line=True, max_len=80)
    if card_id is not None and not ID.match(card_id):
        c.add("id", "must be lowercase words joined by hyphens (e.g. inverted-dropout)", ("id",))
        card_id = None
    title = _str(c, data, "title", (), one_line=True, max_len=120)
    summary = _str(c, data, "summary", (), one_line=True, max_len=300)
    refs = _str_list(c, data, "refs", (), required=True)
    body_lines = body.strip("\n").count("\n") + 1 if body.strip() else 0
    if not body.strip():
        c.add("body", "is empty: a card explains its idea below the front matter", line=body_line)
    elif body_lines > MAX_BODY_LINES:
        c.add(
            "body", f"is {body_lines} lines long; a card fits on one screen (at most {MAX_BODY_LINES})", line=body_line
        )
    sim = data.get("sim")
    if sim is not None:
        message = check_sim(sim)
        if message:
            c.add("sim", message, ("sim",))
            sim = None
    if card_id is None or title is None or summary is None or not body.strip():
        return None
    return Card(
        id=card_id,
        title=title,
        summary=summary,
        topic=topic,
        body=body.strip("\n"),
        path=path,
        tags=_str_list(c, data, "tags", ()),
        sim=sim,
        related=_str_list(c, data, "related", ()),
        refs=refs,
    )


# --- questions --------------------------------------------------------------------------------


def load_quiz(path: Path, problems: list[Problem]) -> list[Question]:
    text = read_text(path, problems)
    if text is None:
        return []
    c = Collector(path, problems)
    data = _yaml(c, text, "file")
    if data is _FAILED:
        return []
    items = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        c.add("questions", "a quiz file holds `questions:`, a list of questions", line=1)
        return []
    out = []
    for i, item in enumerate(items):
        question = _question(c, item, ("questions", i))
        if question is not None:
            out.append(question)
    return out


COMMON = {"id", "card", "kind", "prompt", "explanation"}
KIND_FIELDS = {
    "choice": {"choices", "answer"},
    "multi": {"choices", "answers"},
    "truefalse": {"answer"},
    "numeric": {"answer", "tolerance", "unit"},
    "text": {"answers"},
    "order": {"items", "orders"},
    "computed": {"generator", "params"},
}


def _question(c: Collector, item: Any, at: tuple) -> Question | None:
    if not isinstance(item, dict):
        c.add("question", "must be a mapping with id, card, kind, prompt, explanation", at)
        return None
    qid = _str(c, item, "id", at, one_line=True, max_len=80)
    where = f"question {qid}" if qid else f"question {at[-1] + 1}"
    if qid is not None and not ID.match(qid):
        c.add("id", f"{where}: must be lowercase words joined by hyphens", at + ("id",))
        return None
    kind = item.get("kind")
    if kind not in QUESTION_KINDS:
        c.add("kind", f"{where}: must be one of {', '.join(QUESTION_KINDS)}", at + ("kind",))
        return None
    for key in item:
        if key not in COMMON | KIND_FIELDS[kind]:
            c.add(
                str(key),
                f"{where}: not a field of a {kind} question (it has: {', '.join(sorted(COMMON | KIND_FIELDS[kind]))})",
                at + (key,),
            )
    card = _str(c, item, "card", at, one_line=True)
    # a computed question's generator shows its own working; an explanation adds to it
    explanation = _str(c, item, "explanation", at, required=kind != "computed") or ""
    prompt = item.get("prompt")
    if kind == "computed":
        prompt = "" if prompt is None else _str(c, item, "prompt", at)
    else:
        prompt = _str(c, item, "prompt", at)
    data = KIND_CHECKS[kind](c, item, at, where)
    if None in (qid, card, prompt) or (not explanation and kind != "computed") or data is None:
        return None
    return Question(
        id=qid,
        card=card,
        kind=kind,
        prompt=prompt,
        explanation=explanation,
        path=c.path,
        line=yamlsrc.line_of(c.lines, at),
        data=data,
    )


def _distinct(c, values: list[str], field: str, at: tuple, where: str) -> bool:
    folded = [v.casefold() for v in values]
    dup = next((v for v in values if folded.count(v.casefold()) > 1), None)
    if dup is not None:
        c.add(field, f"{where}: {dup!r} is listed twice", at + (field,))
        return False
    return True


def _options(c, item, at, where, field: str, too_few: str) -> list[str] | None:
    """A list of 2 to 8 distinct entries (a question's choices, or the items to put in order)."""
    options = _str_list(c, item, field, at, required=True)
    if len(options) < 2:
        if field in item:
            c.add(field, f"{where}: {too_few}", at + (field,))
        return None
    if len(options) > 8:
        c.add(field, f"{where}: at most 8 {field}", at + (field,))
        return None
    return options if _distinct(c, options, field, at, where) else None


def _choices(c, item, at, where) -> list[str] | None:
    return _options(c, item, at, where, "choices", "needs at least two choices")


def _check_choice(c, item, at, where):
    choices = _choices(c, item, at, where)
    answer = _str(c, item, "answer", at, one_line=False)
    if choices is None or answer is None:
        return None
    if answer not in choices:
        c.add("answer", f"{where}: the answer must be one of the choices, written the same way", at + ("answer",))
        return None
    return {"choices": choices, "answer": answer}


def _check_multi(c, item, at, where):
    choices = _choices(c, item, at, where)
    answers = _str_list(c, item, "answers", at, required=True)
    if choices is None or not answers:
        return None
    missing = [a for a in answers if a not in choices]
    if missing:
        c.add("answers", f"{where}: {missing[0]!r} is not one of the choices", at + ("answers",))
        return None
    if not _distinct(c, answers, "answers", at, where):
        return None
    return {"choices": choices, "answers": answers}


def _check_truefalse(c, item, at, where):
    answer = item.get("answer")
    if not isinstance(answer, bool):
        c.add("answer", f"{where}: must be true or false", at + ("answer",))
        return None
    return {"answer": answer}


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:  # an integer of a thousand digits
        return None
    return value if value == value and abs(value) != float("inf") else None


def _check_numeric(c, item, at, where):
    answer = _number(item.get("answer"))
    if answer is None:
        c.add("answer", f"{where}: must be a finite number", at + ("answer",))
    tol = item.get("tolerance")
    tolerance = None
    if not isinstance(tol, dict) or len(tol) != 1 or next(iter(tol)) not in ("abs", "rel"):
        c.add("tolerance", f"{where}: must be {{abs: number}} or {{rel: number}}", at + ("tolerance",))
    else:
        kind, value = next(iter(tol.items()))
        value = _number(value)
        if value is None or value <= 0:
            c.add("tolerance", f"{where}: {kind} tolerance must be a number > 0", at + ("tolerance",))
        else:
            tolerance = {kind: value}
    unit = _str(c, item, "unit", at, required=False, one_line=True, max_len=20)
    if answer is None or tolerance is None:
        return None
    return {"answer": answer, "tolerance": tolerance, "unit": unit}


def _check_text(c, item, at, where):
    answers = _str_list(c, item, "answers", at, required=True)
    if not answers or not _distinct(c, answers, "answers", at, where):
        return None
    if any(not a for a in answers):
        c.add("answers", f"{where}: an accepted answer is empty", at + ("answers",))
        return None
    return {"answers": answers}


def _check_order(c, item, at, where):
    items = _options(c, item, at, where, "items", "needs at least two items to put in order")
    if items is None:
        return None
    orders = _other_orders(c, item, at, where, items)
    if orders is None:
        return None
    return {"items": items, "orders": orders} if orders else {"items": items}


def _other_orders(c, item, at, where, items: list[str]) -> list[list[str]] | None:
    """`orders:`, further accepted orders of an order question: each the same items rearranged.

    None (with a problem) when one is not; [] when the field is absent.
    """
    value = item.get("orders")
    if value is None:
        return []
    here = at + ("orders",)
    if not isinstance(value, list) or not value:
        c.add("orders", f"{where}: must be a list of further accepted orders, each a list of the items", here)
        return None
    orders: list[list[str]] = []
    for i, order in enumerate(value):
        if not isinstance(order, list) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in order
        ):
            c.add("orders", f"{where}: order {i + 1} must be a list of the items, in another order", here + (i,))
            return None
        order = [str(v).strip() for v in order]
        unknown = next((v for v in order if v not in items), None)
        if unknown is not None:
            c.add(
                "orders",
                f"{where}: order {i + 1}: {unknown!r} is not one of the items, written the same way",
                here + (i,),
            )
            return None
        missing = [v for v in items if order.count(v) != 1]
        if missing:
            how = "twice" if order.count(missing[0]) > 1 else "not"
            c.add(
                "orders",
                f"{where}: order {i + 1} lists {missing[0]!r} {how}; each order lists every item once",
                here + (i,),
            )
            return None
        if order == items:
            c.add("orders", f"{where}: order {i + 1} is the order of `items` itself", here + (i,))
            return None
        if order in orders:
            c.add("orders", f"{where}: order {i + 1} repeats order {orders.index(order) + 1}", here + (i,))
            return None
        orders.append(order)
    if len(orders) + 1 >= math.factorial(len(items)):
        c.add(
            "orders", f"{where}: every arrangement of the items is accepted, so there is nothing to put in order", here
        )
        return None
    return orders


def _check_computed(c, item, at, where):
    generator = _str(c, item, "generator", at, one_line=True, max_len=80)
    params = item.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        c.add("params", f"{where}: must be a mapping of the generator's parameters", at + ("params",))
        return None
    return None if generator is None else {"generator": generator, "params": params}


KIND_CHECKS = {
    "choice": _check_choice,
    "multi": _check_multi,
    "truefalse": _check_truefalse,
    "numeric": _check_numeric,
    "text": _check_text,
    "order": _check_order,
    "computed": _check_computed,
}

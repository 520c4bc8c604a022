"""Grading: one pure function per question kind, and the feedback a learner sees.

An answer that cannot be read (a letter that is not offered, "abc" for a number) is not graded
wrong: it raises `Unreadable` with a one-line hint, and the learner tries again.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from dataclasses import dataclass

from dltutor.quiz.models import Instance
from dltutor.quiz.spelling import fold

LETTERS = string.ascii_lowercase


class Unreadable(ValueError):
    """The answer could not be understood; the message says how to write one."""


@dataclass(frozen=True)
class Feedback:
    correct: bool
    given: str
    right_answer: str  # the right answer written out
    explanation: str
    card: str
    question_id: str


def letter(i: int) -> str:
    return LETTERS[i]


def grade(instance: Instance, text: str) -> Feedback:
    """Grade one answer to an instance (as shown: choices and order items in shown order)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        raise Unreadable("type an answer (or s to skip)")
    correct = CHECKS[instance.kind](instance.data, text)
    return Feedback(
        correct=correct,
        given=text,
        right_answer=right_answer(instance),
        explanation=instance.explanation,
        card=instance.card,
        question_id=instance.question_id,
    )


# --- choice and multi: letters or numbers ---------------------------------------------------


def _value(text: str) -> float | None:
    """The number a text spells, or None when it is not a number."""
    try:
        return parse_number(text)
    except Unreadable:
        return None


@dataclass(frozen=True)
class _Options:
    """The shown options, read once per answer: their folded text and the numbers they spell."""

    texts: list[str]
    folded: list[str]
    values: list[float | None]

    @classmethod
    def of(cls, options: list[str]) -> "_Options":
        return cls(options, [normalise(o) for o in options], [_value(o) for o in options])

    @property
    def numbered(self) -> bool:
        """Positions (1, 2, ...) are offered only when no option is itself a number."""
        return all(v is None for v in self.values)


def _pick(token: str, options: _Options) -> int:
    """The index a token names: the option's own text, a letter (a, B), or a 1-based number.

    When an option is itself a number ("0.01", "2"), a typed number means that option, never a
    position: otherwise "1" would pick the first choice when the learner meant the choice "1".
    """
    token = token.strip()
    if normalise(token) in options.folded:
        return options.folded.index(normalise(token))
    if not options.numbered and (value := _value(token)) is not None and value in options.values:
        return options.values.index(value)  # "1792" for the choice "1,792", "1e-3" for "0.001"
    token = token.rstrip(").").lower()
    n = len(options.texts)
    if len(token) == 1 and token in LETTERS[:n]:
        return LETTERS.index(token)
    numbered = options.numbered
    # isdecimal, not isdigit: int() refuses some digits ("𐩀"), and a long run of them ("9" * 5000)
    if numbered and token.isdecimal() and len(token) <= 3 and 1 <= int(token) <= n:
        return int(token) - 1
    raise Unreadable(f"answer with a letter a–{LETTERS[n - 1]}" + (f" or a number 1–{n}" if numbered else ""))


def check_choice(data: dict, text: str) -> bool:
    return data["choices"][_pick(text, _Options.of(data["choices"]))] == data["answer"]


def _tokens(text: str, options: _Options) -> list[str]:
    tokens = [t for t in re.split(r"[\s,;]+", text) if t]
    if len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0].isalpha() and normalise(tokens[0]) not in options.folded:
        tokens = list(tokens[0])  # "ac" means a and c
    return tokens


def check_multi(data: dict, text: str) -> bool:
    options = _Options.of(data["choices"])
    tokens = _tokens(text, options)
    if len(tokens) > 2 * len(options.texts):  # "a a a ..." a thousand times is no answer
        raise Unreadable(f"answer with the letters of the right choices, at most {len(options.texts)}")
    chosen = {data["choices"][_pick(t, options)] for t in tokens}
    return chosen == set(data["answers"])


def check_order(data: dict, text: str) -> bool:
    shown = data.get("shown", data["items"])
    options = _Options.of(shown)
    tokens = _tokens(text, options)
    picks = [_pick(t, options) for t in tokens] if len(tokens) == len(shown) else []
    if len(picks) != len(shown) or len(set(picks)) != len(picks):
        raise Unreadable(
            f"give all {len(shown)} letters once each, in order (e.g. {' '.join(LETTERS[: len(shown)][::-1])})"
        )
    return [shown[i] for i in picks] in accepted_orders(data)


def accepted_orders(data: dict) -> list[list[str]]:
    """The order of `items`, then every further order the question accepts (`orders:`)."""
    return [list(data["items"])] + [list(o) for o in data.get("orders", ())]


# --- true or false --------------------------------------------------------------------------

TRUE, FALSE = {"t", "true", "y", "yes", "1"}, {"f", "false", "n", "no", "0"}


def check_truefalse(data: dict, text: str) -> bool:
    word = text.lower().strip(" .!")
    if word not in TRUE | FALSE:
        raise Unreadable("answer t or f (true/false, yes/no)")
    return (word in TRUE) == bool(data["answer"])


# --- numbers ---------------------------------------------------------------------------------

# At most four exponent digits: Fraction("1e999999999") builds 10**999999999 exactly (minutes), and
# anything past 1e±400 is not a finite, non-zero float anyway.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d{1,4})?", re.IGNORECASE)
# Thousands grouped by one separator used throughout: 1,792  1 792  1_792  1,000,000.5
THOUSANDS = re.compile(r"^([+-]?\d{1,3})(?:([,_ ])\d{3})(?:\2\d{3})*(?:\.\d+)?$")
# Units that are already percentages: a typed "7%" means 7 of them, not 0.07.
PERCENT_UNITS = ("%", "percent", "per cent", "percentage points", "percentage point", "points", "point", "pp")


def _unit_spellings(unit: str | None) -> list[str]:
    """What a learner may write after the number: the unit, its singular or plural; longest first."""
    if not unit or not unit.strip():
        return []
    unit = unit.strip().lower()
    spellings = {unit, unit + "s", unit[:-1] if unit.endswith("s") and len(unit) > 1 else unit}
    if unit in PERCENT_UNITS:
        spellings |= set(PERCENT_UNITS)
    return sorted(spellings, key=len, reverse=True)


def _plain(s: str) -> str:
    """One number with its thousands separators taken out; spaces are allowed only between groups."""
    if THOUSANDS.match(s):
        return re.sub(r"[,_ ]", "", s)
    if not NUMBER.fullmatch(s):
        raise ValueError
    return s


def parse_number(text: str, unit: str | None = None) -> float:
    """Integers, decimals, 1e-3, fractions (1/0.7, 3/4), percentages (30% → 0.3), 1,000 / 1 000 / 1_000;
    a trailing unit. With a percentage unit (`unit: "%"`, "percentage points") 7% and 7 are both 7."""
    s = " ".join(text.strip().lower().split()).lstrip("=≈~").strip()
    s = s.replace("−", "-").replace("×10^", "e").replace("x10^", "e").replace("*10^", "e")
    for spelling in _unit_spellings(unit):
        if s.endswith(spelling) and s[: -len(spelling)].strip():
            s = s[: -len(spelling)].strip()
            break
    percent = s.endswith("%")
    s = s.rstrip("%").strip()
    s = re.sub(r"\s*([/+-])\s*", r"\1", s)  # "1 / 0.7", "- 5": spaces around signs and slashes go
    try:
        if "/" in s:
            top, bottom = (_plain(part) for part in s.split("/", 1))
            from fractions import Fraction  # only for answers written as a fraction (~2 ms to import)

            value = float(Fraction(top) / Fraction(bottom)) if float(bottom) != 0 else math.inf
        else:
            value = float(_plain(s))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise Unreadable("answer with a number: 0.25, 2.5e-3, 1/0.7 or 30%") from None
    if not math.isfinite(value):
        raise Unreadable("that is not a finite number")
    return value / 100 if percent else value


def within(value: float, answer: float, tolerance: dict) -> bool:
    if "abs" in tolerance:
        return abs(value - answer) <= tolerance["abs"] * (1 + 1e-12)
    return abs(value - answer) <= tolerance["rel"] * abs(answer) * (1 + 1e-12)


def check_numeric(data: dict, text: str) -> bool:
    return within(parse_number(text, data.get("unit")), float(data["answer"]), data["tolerance"])


# --- free text -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case, spacing and punctuation folded away: 'Stochastic-Gradient  Descent.' → 'stochastic gradient descent'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


GLOSSED = re.compile(r"^(.*\S)\s+\(([^()]+)\)$")  # "contrastive divergence (CD-1)"


def check_text(data: dict, text: str) -> bool:
    """Right when the answer matches an accepted one up to case, spacing and punctuation, or up to
    the fair spellings of `spelling.fold` (code, Greek letters); "X (Y)" when X and Y both are."""
    answers = data["answers"]
    glossed = GLOSSED.match(text.strip())
    if glossed and not _matches(text, answers):
        return all(_matches(part, answers) for part in glossed.groups())
    return _matches(text, answers)


def _matches(text: str, answers: list[str]) -> bool:
    if normalise(text) in {normalise(a) for a in answers}:
        return True
    folded = fold(text)
    return bool(folded) and folded in {fold(a) for a in answers}


CHECKS = {
    "choice": check_choice,
    "multi": check_multi,
    "truefalse": check_truefalse,
    "numeric": check_numeric,
    "text": check_text,
    "order": check_order,
}


# --- the right answer, written out ----------------------------------------------------------


def _g(x: float) -> str:
    """Six significant figures, but whole numbers in full (1605888, not 1.60589e+06)."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:.6g}"


def right_answer(instance: Instance) -> str:
    d, kind = instance.data, instance.kind
    if kind == "choice":
        i = d["choices"].index(d["answer"])
        return f"{letter(i)}) {d['answer']}"
    if kind == "multi":
        return ", ".join(f"{letter(i)}) {c}" for i, c in enumerate(d["choices"]) if c in d["answers"])
    if kind == "truefalse":
        return "true" if d["answer"] else "false"
    if kind == "numeric":
        tol = d["tolerance"]
        spread = f"±{_g(tol['abs'])}" if "abs" in tol else f"±{_g(tol['rel'] * 100)}%"
        unit = f" {d['unit']}" if d.get("unit") else ""
        return f"{_g(float(d['answer']))}{unit} ({spread})"
    if kind == "text":
        return d["answers"][0]
    shown = d.get("shown", d["items"])
    written = [
        " ".join(letter(shown.index(item)) for item in order) + ": " + " → ".join(order) for order in accepted_orders(d)
    ]
    return written[0] + "".join(f"; also right: {w}" for w in written[1:])

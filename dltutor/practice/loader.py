"""Finding and reading exercises: <deck>/exercises/<id>/exercise.yaml beside stub.py and solution.py.

The built-in deck and every user deck (--deck, DLTUTOR_DECKS) may hold an exercises/ folder.
Everything is checked here (ids, the functions and the references they name, the input specs,
the mistakes) and each problem is one line; a bad exercise is skipped, the rest still load.
Nothing in an exercise folder is executed: the YAML is read with safe_load, the .py files are
only copied to the learner or shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dltutor.practice import inputs
from dltutor.practice.model import Catalog, Check, Exercise, Mistake

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FOLDER = "exercises"
KEYS = {"id", "title", "card", "order", "functions", "returns", "hints", "mistakes", "checks", "tolerance"}


def exercise_folders(deck_dirs: list[Path]) -> list[Path]:
    found = []
    for root in deck_dirs:
        base = Path(root) / FOLDER
        try:
            if base.is_dir():
                found += sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        except OSError:
            continue
    return found


def load_catalog(deck_dirs: list[Path], check_references: bool = True) -> Catalog:
    """Every exercise in the decks, in (order, id) order, with the problems found on the way."""
    catalog = Catalog()
    loaded: list[Exercise] = []
    for folder in exercise_folders(deck_dirs):
        exercise = load_exercise(folder, catalog.problems, check_references)
        if exercise is None:
            continue
        if exercise.id in catalog.exercises:
            catalog.problems.append(
                f"{folder / 'exercise.yaml'}: id: exercise {exercise.id!r} is defined twice; this one was skipped"
            )
            continue
        catalog.exercises[exercise.id] = exercise
        loaded.append(exercise)
    catalog.exercises = {e.id: e for e in sorted(loaded, key=lambda e: (e.order, e.id))}
    return catalog


def find_exercise(deck_dirs: list[Path], exercise_id: str, problems: list[str]) -> Exercise | None:
    """One exercise by id, read without the others and without importing the references (which
    import NumPy): `dltutor practice ID` starts the learner's child process sooner. Call
    reference_problems() on it before checking."""
    for folder in exercise_folders(deck_dirs):
        if folder.name == exercise_id:
            return load_exercise(folder, problems, check_references=False)
    return None


def reference_problems(exercise: Exercise) -> list[str]:
    """What load_exercise(check_references=True) would have found wrong with the references."""
    problems: list[str] = []
    load_exercise(exercise.folder, problems, check_references=True)
    return problems


def load_exercise(folder: Path, problems: list[str], check_references: bool = True) -> Exercise | None:
    path = folder / "exercise.yaml"
    before = len(problems)

    def bad(field: str, message: str) -> None:
        problems.append(" ".join(f"{path}: {field}: {message}".splitlines()))

    try:
        import yaml

        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as err:
        bad("file", f"cannot be read: {err.strerror or err}")
        return None
    except (ValueError, Exception) as err:  # yaml.YAMLError, UnicodeDecodeError: one line, never a traceback
        bad("file", f"is not valid YAML: {str(err).splitlines()[0] if str(err) else type(err).__name__}")
        return None
    if not isinstance(data, dict):
        bad("file", "must be a mapping")
        return None
    for key in sorted(set(map(str, data)) - KEYS):
        bad(key, f"unknown field (fields: {', '.join(sorted(KEYS))})")
    ex_id, title, card = data.get("id"), data.get("title"), data.get("card")
    if not (isinstance(ex_id, str) and ID.match(ex_id)):
        bad("id", "required, lowercase words joined by hyphens")
    elif ex_id != folder.name:
        bad("id", f"must equal the folder name {folder.name!r}")
    if not (isinstance(title, str) and title.strip() and "\n" not in title):
        bad("title", "required, one line")
    if not (isinstance(card, str) and ID.match(card)):
        bad("card", "required: the id of the card this exercise practises")
    for name in ("stub.py", "solution.py"):
        if not (folder / name).is_file():
            bad(name, "is missing")
    functions = _functions(data.get("functions"), bad, check_references)
    returns = _returns(data.get("returns", {}), functions, bad)
    hints = _strings(data.get("hints", []), "hints", bad)
    mistakes = _mistakes(data.get("mistakes", []), bad)
    checks = _checks(data.get("checks"), functions, bad)
    rtol, atol = _tolerance(data.get("tolerance", {}), bad)
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        bad("order", "must be a whole number")
        order = 0
    if check_references and functions:
        from dltutor.practice.references import registry

        known = set().union(*(registry()[r].mistakes for r in functions.values() if r in registry()))
        for m in mistakes:
            if m.id not in known:
                bad("mistakes", f"{m.id!r}: no reference of this exercise computes this mistake")
    if len(problems) > before:
        return None
    return Exercise(
        ex_id,
        title.strip(),
        card,
        folder,
        functions,
        tuple(checks),
        tuple(hints),
        tuple(mistakes),
        returns,
        rtol,
        atol,
        order,
    )


def _functions(value: Any, bad, check_references: bool) -> dict[str, str | None]:
    if not isinstance(value, dict) or not value:
        bad("functions", "required: a mapping of the learner's function names to reference names (or null)")
        return {}
    out: dict[str, str | None] = {}
    for name, ref in value.items():
        if not (isinstance(name, str) and NAME.match(name)):
            bad("functions", f"{name!r} is not a Python function name")
            continue
        if ref is not None and not isinstance(ref, str):
            bad("functions", f"{name}: the reference must be a name or null")
            continue
        if ref is not None and check_references:
            from dltutor.practice.references import registry

            if ref not in registry():
                bad("functions", f"{name}: no reference named {ref!r}")
                continue
        out[name] = ref
    return out


def _returns(value: Any, functions: dict, bad) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        bad("returns", "must map function names to lists of names")
        return {}
    out = {}
    for name, labels in value.items():
        if name not in functions:
            bad("returns", f"{name!r} is not one of the functions")
        elif not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
            bad("returns", f"{name}: must be a list of names")
        else:
            out[name] = tuple(labels)
    return out


def _strings(value: Any, field: str, bad) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(field, "must be a list of non-empty texts")
        return []
    return [v.strip() for v in value]


def _mistakes(value: Any, bad) -> list[Mistake]:
    if not isinstance(value, list):
        bad("mistakes", "must be a list of {id, says}")
        return []
    out, seen = [], set()
    for i, item in enumerate(value):
        if not (
            isinstance(item, dict)
            and set(item) == {"id", "says"}
            and isinstance(item["id"], str)
            and ID.match(item["id"])
            and isinstance(item["says"], str)
            and item["says"].strip()
        ):
            bad(f"mistakes[{i}]", "needs exactly an id (lowercase-with-hyphens) and says (a sentence)")
            continue
        if item["id"] in seen:
            bad(f"mistakes[{i}]", f"{item['id']!r} is listed twice")
            continue
        seen.add(item["id"])
        out.append(Mistake(item["id"], " ".join(item["says"].split())))
    return out


def _checks(value: Any, functions: dict, bad) -> list[Check]:
    if not isinstance(value, list) or not value:
        bad("checks", "required: a list of checks")
        return []
    out, names = [], set()
    default = next(iter(functions), "")
    for i, item in enumerate(value):
        where = f"checks[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            bad(where, "needs a name")
            continue
        extra = set(item) - {"name", "call", "args", "expected"}
        if extra:
            bad(where, f"unknown key(s) {', '.join(sorted(map(str, extra)))}")
            continue
        name, function = item["name"].strip(), item.get("call", default)
        if name in names:
            bad(where, f"the name {name!r} is used twice")
        names.add(name)
        if function not in functions:
            bad(where, f"call: {function!r} is not one of the functions")
            continue
        args = item.get("args", {})
        if not isinstance(args, dict) or not all(isinstance(k, str) and NAME.match(k) for k in args):
            bad(where, "args must map argument names to input specs")
            continue
        found = [p for k, v in args.items() for p in inputs.problems(v, f"args.{k}")]
        if functions[function] is None:
            if "expected" not in item:
                bad(where, f"{function} has no reference, so the check needs `expected`")
                continue
            found += inputs.problems(item["expected"], "expected")
        for p in found:
            bad(where, p)
        if not found:
            out.append(Check(name, function, args, item.get("expected")))
    return out


def _tolerance(value: Any, bad) -> tuple[float, float]:
    rtol, atol = 1e-9, 1e-12
    if not isinstance(value, dict) or set(value) - {"rtol", "atol"}:
        bad("tolerance", "must be {rtol: number, atol: number}")
        return rtol, atol
    for key in value:
        v = value[key]
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not 0 <= v < 1:
            bad("tolerance", f"{key} must be a number from 0 to 1")
    ok = {k: float(v) for k, v in value.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return ok.get("rtol", rtol), ok.get("atol", atol)

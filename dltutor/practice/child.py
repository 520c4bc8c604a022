"""The child process that runs a learner's file: `python -I child.py RESULTS FILE MEMORY CPU`.

Standalone on purpose (stdlib and NumPy only, no dltutor import) so that it starts fast. It
imports NumPy, sets its own memory, CPU and file-size limits, compiles the learner's file, then
reads the calls to make (a pickle from the parent, on stdin: the parent builds them meanwhile),
runs the learner's file and writes one JSON line per event to RESULTS as it goes: a
hang or a crash in call 3 still leaves calls 1 and 2 answered. What the learner prints is kept
(the first few thousand characters) instead of reaching the terminal. Tracebacks show only the
learner's own frames.
"""

from __future__ import annotations

import builtins
import io
import json
import pickle
import sys
import traceback

PRINT_LIMIT = 4000
MAX_ARRAY = 1_000_000


class Capped(io.TextIOBase):
    """A stdout/stderr that keeps the first PRINT_LIMIT characters and counts the rest."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.kept = 0
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        self.count += len(text)
        if self.kept < PRINT_LIMIT:
            piece = text[: PRINT_LIMIT - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def encode(value, depth: int = 0):
    """A returned value as JSON-able data that the parent can rebuild exactly (floats as repr)."""
    import numpy as np

    if value is None or isinstance(value, (bool, int, float)):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63:
            return {"t": "other", "type": "int", "repr": _short(value)}
        return {"t": "py", "v": value}
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf" and value.size <= MAX_ARRAY:
            return {"t": "array", "dtype": str(value.dtype), "shape": list(value.shape), "v": value.tolist()}
        return {"t": "other", "type": f"ndarray of dtype {value.dtype}", "repr": _short(value)}
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return {"t": "scalar", "dtype": str(value.dtype), "v": value.item()}
    if isinstance(value, (tuple, list)) and depth < 4 and len(value) <= 64:
        return {"t": type(value).__name__, "v": [encode(v, depth + 1) for v in value]}
    return {"t": "other", "type": type(value).__name__, "repr": _short(value)}


def _short(value) -> str:
    try:
        text = repr(value)
    except BaseException:  # the learner's own class may raise in __repr__
        text = "<unprintable>"
    return text if len(text) <= 200 else text[:200] + "…"


def learner_traceback(err: BaseException, path: str) -> str:
    """The exception with only the frames from the learner's file (numpy's and ours dropped)."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == path]
    lines = ["Traceback (your code, most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(err), err)
    return "".join(lines).rstrip("\n")


def set_limits(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    for kind, value in (
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, 64 * 2**20),
    ):
        try:
            resource.setrlimit(kind, (value, value))  # hard limit too: the learner's code cannot lift it
        except (ValueError, OSError):  # a lower limit already in place stays
            pass


def main() -> None:
    results_path, path, memory_bytes, cpu_seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    import numpy  # noqa: F401  (first, while the parent prepares the calls; and before the memory limit)

    set_limits(memory_bytes, cpu_seconds)
    results = open(results_path, "w", encoding="utf-8")

    def emit(event: dict) -> None:
        results.write(json.dumps(event) + "\n")
        results.flush()

    captured = Capped()
    sys.stdout = sys.stderr = captured
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        code = compile(source, path, "exec")
    except SyntaxError as err:
        emit({"kind": "syntax", "text": "".join(traceback.format_exception_only(type(err), err)).rstrip("\n")})
        return
    except (OSError, UnicodeDecodeError, ValueError) as err:
        emit({"kind": "unreadable", "text": f"{type(err).__name__}: {err}"})
        return
    calls = pickle.load(sys.__stdin__.buffer)
    sys.stdin = io.StringIO("")  # input() in the learner's code gets end-of-file, never waits
    module = {"__name__": "exercise", "__file__": path, "__builtins__": builtins}
    try:
        exec(code, module)
    except BaseException as err:
        emit(
            {
                "kind": "load-error",
                "text": learner_traceback(err, path),
                "exception": type(err).__name__,
                "printed": captured.text,
                "printed_chars": captured.count,
            }
        )
        return
    emit({"kind": "loaded"})
    for index, (name, args) in enumerate(calls):
        fn = module.get(name)
        if not callable(fn):
            emit({"kind": "missing", "index": index, "function": name})
            continue
        try:
            value = fn(**args)
            event = {"kind": "result", "index": index, "value": encode(value)}
        except BaseException as err:
            event = {
                "kind": "error",
                "index": index,
                "text": learner_traceback(err, path),
                "exception": type(err).__name__,
            }
        emit(event)
    emit({"kind": "done", "printed": captured.text, "printed_chars": captured.count})


if __name__ == "__main__":
    main()

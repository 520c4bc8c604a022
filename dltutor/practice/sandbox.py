"""Run a learner's file in a child process with a wall-clock timeout and memory/CPU limits.

Whatever the file does — loop forever, allocate terabytes, crash the interpreter, print
megabytes, fail to parse — the parent gets a RunOutcome and never hangs or raises.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHILD = Path(__file__).with_name("child.py")
TIMEOUT = 5.0  # seconds of wall clock for the whole file (every check together)
MEMORY_MB = 1024


@dataclass
class CallOutcome:
    kind: str  # "result", "error" (raised), "missing" (no such function)
    value: Any = None  # the encoded value (child.encode) for "result"
    text: str = ""  # the learner's traceback for "error"
    exception: str = ""


@dataclass
class RunOutcome:
    status: str  # "ok", "syntax", "unreadable", "load-error", "timeout", "crashed"
    text: str = ""  # what went wrong, for every status but "ok"
    calls: dict[int, CallOutcome] = field(default_factory=dict)
    printed: str = ""
    printed_chars: int = 0
    exception: str = ""


class Child:
    """A child process started ahead of its calls: it imports NumPy while the parent prepares the
    inputs and expected values (on two cores the two start-ups overlap)."""

    def __init__(self, path: Path, *, timeout: float = TIMEOUT, memory_mb: int = MEMORY_MB):
        self.timeout, self.memory_mb = timeout, memory_mb
        self.started = time.monotonic()
        self._tmp = tempfile.TemporaryDirectory(prefix="dltutor-practice-")
        tmp = Path(self._tmp.name)
        self.results, self.errors = tmp / "results.jsonl", tmp / "stderr.txt"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
        argv = [
            sys.executable,
            "-I",
            str(CHILD),
            str(self.results),
            str(Path(path).resolve()),
            str(memory_mb * 2**20),
            str(max(1, int(timeout) + 1)),
        ]
        with open(self.errors, "wb") as err_file:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=err_file,
                env=env,
                cwd=tmp,
                start_new_session=True,
            )

    def run(self, calls: list[tuple[str, dict]]) -> RunOutcome:
        """Send the calls, wait for the child (at most what is left of the timeout), read what it wrote."""
        timed_out = False
        try:
            left = max(0.05, self.timeout - (time.monotonic() - self.started))
            self.proc.communicate(pickle.dumps(calls), timeout=left)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill(self.proc)
        except BaseException:
            _kill(self.proc)
            raise
        finally:
            events = _events(self.results)
            stderr = self.errors.read_bytes()[:2000].decode("utf-8", "replace")
            self._tmp.cleanup()
        return _outcome(events, self.proc.returncode, timed_out, self.timeout, self.memory_mb, stderr)

    def cancel(self) -> None:
        _kill(self.proc)
        self._tmp.cleanup()


def run(
    path: Path, calls: list[tuple[str, dict]], *, timeout: float = TIMEOUT, memory_mb: int = MEMORY_MB
) -> RunOutcome:
    """Call each (function, kwargs) in the learner's file, in a fresh child process."""
    return Child(path, timeout=timeout, memory_mb=memory_mb).run(calls)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the learner's own children too
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _events(path: Path) -> list[dict]:
    events = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    events.append(json.loads(line))
                except ValueError:  # a line cut short by a kill
                    break
    except OSError:
        pass
    return events


def _outcome(
    events: list[dict], code: int | None, timed_out: bool, timeout: float, memory_mb: int, stderr: str
) -> RunOutcome:
    out = RunOutcome("ok")
    for event in events:
        kind = event.get("kind")
        if kind in ("syntax", "unreadable", "load-error"):
            out.status, out.text, out.exception = kind, event.get("text", ""), event.get("exception", "")
        elif kind in ("result", "error", "missing"):
            out.calls[event["index"]] = CallOutcome(
                kind, event.get("value"), event.get("text", ""), event.get("exception", event.get("function", ""))
            )
        if "printed" in event:
            out.printed, out.printed_chars = event["printed"], event.get("printed_chars", 0)
    finished = any(e.get("kind") in ("done", "syntax", "unreadable", "load-error") for e in events)
    if out.status != "ok" or finished:
        return out
    where = _where(events, out)
    if timed_out:
        out.status = "timeout"
        out.text = f"your code did not finish within {timeout:g} s{where} (an endless loop?)"
    elif code is not None and code < 0 and -code == signal.SIGXCPU:
        out.status = "timeout"
        out.text = f"your code used more than {int(timeout) + 1} s of CPU time{where} (an endless loop?)"
    elif code is not None and code < 0:
        out.status = "crashed"
        out.text = f"the Python process running your code was killed by {_signal_name(-code)}{where}"
        if -code == signal.SIGKILL:
            out.text += f" (out of memory? the limit is {memory_mb} MB)"
        elif -code == signal.SIGSEGV:
            out.text += " (a crash in native code, or a recursion too deep?)"
    else:
        out.status = "crashed"
        out.text = (
            f"the Python process running your code ended (exit status {code}){where} before every "
            "check had run (os._exit or a crash in native code?)"
        )
    return out


def _where(events: list[dict], out: RunOutcome) -> str:
    if not any(e.get("kind") == "loaded" for e in events):
        return " while your file was being loaded"
    return f" in check {len(out.calls) + 1}"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"

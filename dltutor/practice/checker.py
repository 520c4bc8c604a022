"""Run an exercise's checks against the learner's code and judge each one.

`check_file` runs the learner's file in the sandbox (what the CLI and the session do);
`check_functions` calls Python functions in this process (tests and authors: fast, no limits).
Both go through the same encoding and the same judging, so a mutant caught in a test is caught
the same way in the learner's file.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from dltutor.practice import inputs, sandbox
from dltutor.practice.child import encode
from dltutor.practice.compare import decode, differs
from dltutor.practice.model import Check, Exercise, Mistake
from dltutor.practice.references import registry


@dataclass
class CheckResult:
    check: Check
    passed: bool
    args: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    got: Any = None
    difference: str = ""  # what differs, when the values came back wrong
    mistake: Mistake | None = None  # the common mistake the wrong values match
    error: str = ""  # the learner's traceback (or why the check did not run)


@dataclass
class Report:
    exercise: Exercise
    results: list[CheckResult]
    problem: str = ""  # the file as a whole failed: syntax error, timeout, crash
    problem_kind: str = ""  # sandbox status when not "ok"
    printed: str = ""
    printed_chars: int = 0

    @property
    def passed(self) -> bool:
        return (
            not self.problem and len(self.results) == len(self.exercise.checks) and all(r.passed for r in self.results)
        )

    @property
    def first_failure(self) -> CheckResult | None:
        return next((r for r in self.results if not r.passed), None)

    @property
    def summary(self) -> str:
        """One line: passed, or the first thing wrong (for the progress store and lists)."""
        if self.passed:
            return f"passed {len(self.results)} of {len(self.exercise.checks)} checks"
        failing = self.first_failure
        if failing is not None:
            why = failing.mistake.id if failing.mistake else (failing.difference or failing.error).splitlines()[-1]
            return f"check '{failing.check.name}' failed: {why}"[:300]
        return self.problem.splitlines()[-1][:300] if self.problem else "not checked"


def build_calls(exercise: Exercise) -> list[tuple[str, dict]]:
    return [(c.function, inputs.build_args(c.args)) for c in exercise.checks]


def check_file(
    exercise: Exercise,
    path: Path,
    *,
    timeout: float = sandbox.TIMEOUT,
    memory_mb: int = sandbox.MEMORY_MB,
    child: sandbox.Child | None = None,
) -> Report:
    """Check the learner's file in a child process (`child`: one already started on this path)."""
    child = child or sandbox.Child(path, timeout=timeout, memory_mb=memory_mb)
    try:
        calls = build_calls(exercise)
    except BaseException:
        child.cancel()
        raise
    return judge(exercise, child.run(calls))


def check_functions(exercise: Exercise, functions: dict[str, Callable[..., Any]]) -> Report:
    outcome = sandbox.RunOutcome("ok")
    for index, (name, args) in enumerate(build_calls(exercise)):
        fn = functions.get(name)
        if fn is None:
            outcome.calls[index] = sandbox.CallOutcome("missing", exception=name)
            continue
        try:
            with np.errstate(all="ignore"):
                outcome.calls[index] = sandbox.CallOutcome("result", encode(fn(**args)))
        except Exception as err:  # the code under test raised: that is the check's verdict
            text = "".join(traceback.format_exception_only(type(err), err)).rstrip("\n")
            outcome.calls[index] = sandbox.CallOutcome("error", text=text, exception=type(err).__name__)
    return judge(exercise, outcome)


def expected_value(exercise: Exercise, check: Check, mistake: str | None = None) -> Any:
    """What the check expects (or, with `mistake`, what that wrong implementation returns)."""
    name = exercise.functions[check.function]
    with np.errstate(all="ignore"):
        value = (
            inputs.build(check.expected) if name is None else registry()[name](inputs.build_args(check.args), mistake)
        )
    return decode(encode(value))  # the same round trip as the learner's value


def judge(exercise: Exercise, outcome: sandbox.RunOutcome) -> Report:
    report = Report(exercise, [], printed=outcome.printed, printed_chars=outcome.printed_chars)
    if outcome.status in ("syntax", "unreadable", "load-error"):
        report.problem, report.problem_kind = outcome.text, outcome.status
        return report
    for index, check in enumerate(exercise.checks):
        call = outcome.calls.get(index)
        if call is None:
            break  # not reached: the run was cut short (the problem below says why)
        report.results.append(_judge_one(exercise, check, call))
    if outcome.status != "ok":
        report.problem, report.problem_kind = outcome.text, outcome.status
    return report


def _judge_one(exercise: Exercise, check: Check, call: sandbox.CallOutcome) -> CheckResult:
    result = CheckResult(check, False, args=inputs.build_args(check.args))
    if call.kind == "missing":
        result.error = f"your file has no function named {check.function}"
        return result
    if call.kind == "error":
        result.error = call.text
        if call.exception == "NotImplementedError":
            result.error = f"{check.function} is not written yet: replace `raise NotImplementedError` with your code"
        elif call.exception.endswith("MemoryError"):
            result.error += f"\n(your code ran out of memory: the limit is {sandbox.MEMORY_MB} MB)"
        return result
    result.expected = expected_value(exercise, check)
    result.got = decode(call.value)
    why = differs(result.expected, result.got, exercise.rtol, exercise.atol, _labels(exercise, check))
    if why is None:
        result.passed = True
        return result
    result.difference = why
    result.mistake = recognise(exercise, check, result.got, result.expected)
    return result


def recognise(exercise: Exercise, check: Check, got: Any, expected: Any) -> Mistake | None:
    """The first listed mistake whose wrong value is what came back (and differs from the right one)."""
    name = exercise.functions[check.function]
    if name is None:
        return None
    ref = registry()[name]
    for mistake in exercise.mistakes:
        if mistake.id not in ref.mistakes:
            continue
        try:
            wrong = expected_value(exercise, check, mistake.id)
        except Exception:  # a variant that cannot run on these inputs simply does not match
            continue
        if (
            differs(wrong, got, exercise.rtol, exercise.atol) is None
            and differs(wrong, expected, exercise.rtol, exercise.atol) is not None
        ):
            return mistake
    return None


def _labels(exercise: Exercise, check: Check) -> tuple[str, ...]:
    return exercise.returns.get(check.function, ())

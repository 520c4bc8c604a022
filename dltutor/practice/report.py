"""A check's verdict as plain text for a terminal: the first failing check only, with its inputs,
what was expected, what came back, where they differ and the mistake it looks like."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.practice.checker import CheckResult, Report
from dltutor.practice.compare import Opaque

PRINT_LINES = 6


def show_value(value: Any, indent: str = "    ") -> str:
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=8, threshold=24, edgeitems=3, max_line_width=96, separator=", ")
        shape = f"  (shape {value.shape}, {value.dtype})" if value.ndim else ""
        if "\n" in text:  # a matrix starts on its own line, every row indented alike
            return "\n" + indent + text.replace("\n", "\n" + indent) + shape
        return text + shape
    if isinstance(value, (list, tuple)) and any(isinstance(v, np.ndarray) for v in value):
        inner = ",\n".join(indent + "  " + show_value(v, indent + "  ") for v in value)
        brackets = "[]" if isinstance(value, list) else "()"
        return f"{brackets[0]}\n{inner}\n{indent}{brackets[1]}"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Opaque):
        return f"{value.type_name}: {value.text}"
    return repr(value)


def headline(report: Report) -> str:
    total = len(report.exercise.checks)
    if report.passed:
        return f"✓ {report.exercise.id}: all {total} checks pass"
    failing = report.first_failure
    if failing is not None:
        number = report.results.index(failing) + 1
        return f"✗ {report.exercise.id}: check {number} of {total} fails: {failing.check.name}"
    return f"✗ {report.exercise.id}: your file could not be checked"


def render(report: Report) -> str:
    """Everything the learner needs about the first failure (or the pass), as lines of text."""
    lines = [headline(report)]
    failing = report.first_failure
    if failing is not None:
        lines += _failure(report, failing)
    elif report.problem:
        lines.append("")
        lines += ["  " + line for line in report.problem.splitlines()]
    if report.printed_chars:
        printed = report.printed.splitlines()[:PRINT_LINES]
        more = (
            f" (first lines of {report.printed_chars:,} characters)"
            if report.printed_chars > len(report.printed) or len(report.printed.splitlines()) > PRINT_LINES
            else ""
        )
        lines += ["", f"  your code printed{more}:"] + ["  | " + line[:200] for line in printed]
    return "\n".join(line.rstrip() for line in "\n".join(lines).splitlines())


def _failure(report: Report, result: CheckResult) -> list[str]:
    lines = ["", f"  call: {result.check.function}(" + ", ".join(result.args) + ")", "  inputs:"]
    for name, value in result.args.items():
        lines.append(f"    {name} = {show_value(value, '      ')}")
    if result.error:
        lines += ["", "  it raised:"] + ["    " + line for line in result.error.splitlines()]
        return lines
    labels = report.exercise.returns.get(result.check.function, ())
    lines += ["", "  expected:"] + _values(result.expected, labels)
    lines += ["  got:"] + _values(result.got, labels)
    lines += ["", f"  where: {result.difference}"]
    if result.mistake is not None:
        lines += ["", f"  this looks like a common mistake ({result.mistake.id}):", f"    {result.mistake.says}"]
    return lines


def _values(value: Any, labels: tuple[str, ...]) -> list[str]:
    if labels and isinstance(value, (tuple, list)) and len(labels) == len(value):
        return [f"    {name} = {show_value(v, '      ')}" for name, v in zip(labels, value)]
    return [f"    {show_value(value, '    ')}"]

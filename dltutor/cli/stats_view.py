"""`dltutor stats` in the terminal: a table of topics and a 16-week review calendar (Rich)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dltutor.quiz.present import MASTERY_MEANING, due_line
from dltutor.review_calendar import calendar


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def show_stats(figures: dict[str, Any], console: Console, now: datetime) -> None:
    table = Table(title="Mastery per topic", title_justify="left", show_edge=False)
    table.add_column("topic")
    table.add_column("seen", justify="right")
    table.add_column("mastery", justify="right")
    for t in figures["topics"]:
        table.add_row(escape(t["title"]), f"{t['seen']} of {t['total']}", _pct(t["mastery"]))
    console.print(table)
    console.print()
    console.print(f"Streak: [bold]{figures['streak_days']}[/bold] day(s) · {due_line(figures['due'], now)}")
    console.print(
        f"Accuracy: last 7 days {_pct(figures['accuracy_7_days'])}, last 30 days "
        f"{_pct(figures['accuracy_30_days'])} · reviews in all: {figures['reviews_total']}"
    )
    console.print()
    console.print(calendar(figures["calendar"]))
    console.print(f"[dim]{escape(MASTERY_MEANING)} Desired retention now: {figures['retention']:g}.[/dim]")

"""Stats: the same figures as `dltutor stats`, the review calendar included."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from dltutor.quiz.stats import compute
from dltutor.review_calendar import calendar
from dltutor.tui.widgets import SizeGuard


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


class StatsScreen(SizeGuard, Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="stats.back")]
    DEFAULT_CSS = "StatsScreen #body { padding: 1 2; } StatsScreen DataTable { height: auto; }"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield DataTable(id="topics", cursor_type="none")
            yield Static("", id="figures")
            yield Static("", id="calendar")
        yield Footer()

    def on_mount(self) -> None:
        figures = compute(self.app.deck, self.app.store, self.app.now())
        table = self.query_one("#topics", DataTable)
        table.add_columns("topic", "seen", "mastery")
        for t in figures["topics"]:
            table.add_row(t["title"], f"{t['seen']} of {t['total']}", pct(t["mastery"]))
        self.query_one("#figures", Static).update(
            f"\nStreak {figures['streak_days']} day(s) · due today {figures['due_today']} · due this week "
            f"{figures['due_this_week']}\nAccuracy: 7 days {pct(figures['accuracy_7_days'])}, 30 days "
            f"{pct(figures['accuracy_30_days'])} · {figures['reviews_total']} reviews in all\n")
        self.query_one("#calendar", Static).update(calendar(figures["calendar"]))
        self.sub_title = "Stats"

"""Stats: the same figures as `dltutor stats`, the review calendar included; `?` says what mastery means."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from dltutor.quiz import present
from dltutor.quiz.present import MASTERY_MEANING, due_line
from dltutor.quiz.stats import compute
from dltutor.review_calendar import calendar
from dltutor.tui.widgets import KeyFooter, SizeGuard


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


class StatsScreen(SizeGuard, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="stats.back"),
        Binding("question_mark", "meaning", "What mastery means", id="stats.meaning"),
    ]
    DEFAULT_CSS = """
    StatsScreen #body { padding: 1 2; } StatsScreen DataTable { height: auto; }
    StatsScreen #meaning { display: none; color: $text-muted; padding: 0 0 1 0; }
    StatsScreen #meaning.shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(Text(MASTERY_MEANING), id="meaning")
            yield DataTable(id="topics", cursor_type="none")
            yield Static("", id="figures")
            yield Static("", id="calendar")
        yield KeyFooter()

    def on_mount(self) -> None:
        from dltutor.quiz.retention import RetentionError, desired_retention

        now = self.app.now()
        try:
            retention = desired_retention(self.app.store)
        except RetentionError as err:
            self.notify(present.retention_ignored(err), severity="warning", timeout=8)
            retention = desired_retention(self.app.store, environ={})
        figures = compute(self.app.deck, self.app.store, now, retention)
        table = self.query_one("#topics", DataTable)
        table.add_columns("topic", "seen", "mastery")
        for t in figures["topics"]:
            table.add_row(t["title"], f"{t['seen']} of {t['total']}", pct(t["mastery"]))
        self.query_one("#figures", Static).update(
            Text(
                f"\nStreak {figures['streak_days']} day(s) · {due_line(figures['due'], now)}\nAccuracy: 7 days "
                f"{pct(figures['accuracy_7_days'])}, 30 days {pct(figures['accuracy_30_days'])} · "
                f"{figures['reviews_total']} reviews in all · ? what mastery means\n"
            )
        )
        self.query_one("#calendar", Static).update(calendar(figures["calendar"]))
        self.sub_title = "Stats"

    def action_meaning(self) -> None:
        self.query_one("#meaning", Static).toggle_class("shown")
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

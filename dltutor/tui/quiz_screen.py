"""Quiz and Review: the quiz core's questions, grading, explanations and FSRS grades, by keyboard.

Three states: asking (the answer box has the focus; `?`, `s` and `u` typed there are commands),
showing (feedback or a skipped question's answer; Enter goes on, `h`/`e` regrade a right answer,
`u` takes it back, `g` opens the card over the quiz), and done (what to go over, when it comes back).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from dltutor.quiz import present
from dltutor.quiz.grading import Unreadable
from dltutor.quiz.session import Session, choose
from dltutor.tui.widgets import KeyFooter, SizeGuard


class QuizScreen(SizeGuard, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="quiz.back"),
        Binding("enter", "next", "Next", id="quiz.next"),
        Binding("h", "rate('hard')", "Was hard", id="quiz.hard"),
        Binding("e", "rate('easy')", "Was easy", id="quiz.easy"),
        Binding("u", "undo", "Undo", id="quiz.undo"),
        Binding("g", "go_card", "Open card", id="quiz.card"),
    ]
    DEFAULT_CSS = """
    QuizScreen #body { padding: 1 2; }
    QuizScreen #heading { color: $accent; text-style: bold; }
    QuizScreen #choices { padding: 1 0 0 2; }
    QuizScreen #feedback { padding: 1 0 0 0; }
    QuizScreen #grades { padding: 1 0; color: $text-muted; }
    QuizScreen Input { margin: 0 2; }
    """

    def __init__(self, topic: str | None = None, card: str | None = None, review: bool = False) -> None:
        super().__init__()
        self.topic, self.card, self.review = topic, card, review
        self.asked = self.result = None
        self.showing = False  # feedback or a skipped question's answer is on screen

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static("", id="heading")
            yield Static("", id="prompt")
            yield Static("", id="choices")
            yield Static("", id="feedback")
            yield Static("", id="grades")
        yield Input(placeholder=present.PLACEHOLDER, id="answer")
        yield KeyFooter()

    def on_mount(self) -> None:
        from dltutor.quiz.retention import RetentionError, desired_retention

        app = self.app
        self.sub_title = "Review" if self.review else "Quiz"
        try:
            retention = desired_retention(app.store)
        except RetentionError as err:
            app.notify(present.retention_ignored(err), severity="warning", timeout=8)
            retention = desired_retention(app.store, environ={})
        topics = [self.topic] if self.topic else []
        ids = choose(app.deck, app.store, app.now(), topics=topics, card=self.card, count=10, review=self.review)
        self.session = Session(app.deck, app.store, ids, seed=int(app.now().timestamp()), retention=retention)
        if not ids:
            from dltutor.quiz.session import questions_in
            from dltutor.quiz.stats import due_counts

            states = app.store.states()
            pool = {q.id: states[q.id] for q in questions_in(app.deck, topics=topics, card=self.card) if q.id in states}
            self.query_one("#heading", Static).update(
                Text(present.nothing_to_ask(due_counts(pool, app.now()), app.now(), self.review))
            )
            self.query_one("#answer", Input).display = False
            return
        self.ask()

    # --- asking -------------------------------------------------------------------------------

    def ask(self) -> None:
        self.result, self.showing = None, False
        self.asked = self.session.next()
        answer = self.query_one("#answer", Input)
        self.query_one("#grades", Static).update("")
        if self.asked is None:
            self.finish()
            answer.display = False
            self.refresh_bindings()
            return
        self.query_one("#heading", Static).update(Text(present.heading(self.app.deck, self.asked)))
        self.query_one("#prompt", Static).update(Text(self.asked.instance.prompt))
        grid = Table.grid(padding=(0, 1))  # wrapped lines hang under the option's text
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column()
        for option in present.options(self.asked):
            label, _, text = option.partition(") ")
            grid.add_row(f"{label})", Text(text))
        how = Text(f"({present.how_to_answer(self.asked)}; {present.COMMANDS})", style="dim")
        self.query_one("#choices", Static).update(Group(grid, how) if grid.row_count else how)
        self.query_one("#feedback", Static).update("")
        answer.display = True
        answer.disabled = False
        answer.value = ""
        answer.focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.asked is None or self.showing:
            return
        text = event.value.strip()
        feedback = self.query_one("#feedback", Static)
        if text == "?":
            feedback.update(Text(present.hint(self.app.deck, self.asked), style="italic"))
            event.input.value = ""
            return
        if text.lower() == "s":
            feedback.update(Text(present.skipped(self.session.skip()), style="bold"))
            self.show_keys(present.AFTER_SKIP)
            return
        if text.lower() == "u":
            event.input.value = ""
            self.action_undo()
            return
        try:
            self.result = self.session.answer(self.asked, text, self.app.now())
        except Unreadable as err:
            feedback.update(Text(str(err), style="yellow"))
            return
        fb = self.result.feedback
        head = Text(present.verdict(fb) + " ", style="bold green" if fb.correct else "bold red")
        feedback.update(head + Text(fb.explanation))
        self.show_grades()

    def show_grades(self) -> None:
        self.show_keys(f"{present.grades(self.result, self.session.preview(self.result))} · {present.OPEN_CARD}")

    def show_keys(self, keys: str) -> None:
        """Leave the answer box: the screen's keys (Enter, h, e, u, g) work from here."""
        self.showing = True
        self.query_one("#grades", Static).update(Text(keys))
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        self.set_focus(None)
        self.refresh_bindings()

    def finish(self) -> None:
        summary, now = self.session.summary(), self.app.now()
        self.query_one("#heading", Static).update(present.DONE)
        body = Text(present.done(summary))
        review = present.to_go_over(summary, now)
        if review:
            body.append(f"\n\n{present.TO_GO_OVER}\n", style="bold")
            body.append("\n".join(review))
        if summary["next_due"] is not None:
            body.append("\n\n" + present.comes_back(summary, now))
        self.query_one("#prompt", Static).update(body)
        self.query_one("#choices", Static).update("")
        self.query_one("#feedback", Static).update(Text(present.DONE_KEYS, style="dim"))

    # --- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "rate":
            return self.result is not None and self.result.feedback.correct and self.result.rating == "good"
        if action == "next":
            return self.showing
        if action == "go_card":
            return self.asked is not None
        if action == "undo":
            return getattr(self, "session", None) is not None and self.session.undoable is not None
        return True

    def action_next(self) -> None:
        if self.showing:
            self.ask()

    def action_rate(self, rating: str) -> None:
        if self.result is not None and self.result.feedback.correct:
            self.result = self.session.rerate(self.result, rating)
            self.notify(present.regraded(self.result), timeout=2)
            self.ask()

    def action_undo(self) -> None:
        if self.session.undo() is None:
            self.notify(present.NOTHING_TO_UNDO, severity="warning", timeout=3)
            return
        self.notify(present.UNDONE, timeout=3)
        self.ask()

    def action_go_card(self) -> None:
        """The card over the quiz: Esc comes back to this very question."""
        if self.asked is not None:
            from dltutor.tui.card_screen import CardScreen

            self.app.push_screen(CardScreen(self.asked.question.card))

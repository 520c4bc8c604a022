"""Quiz and Review: the quiz core's questions, grading, explanations and FSRS ratings, by keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from dltutor.quiz import present
from dltutor.quiz.grading import Unreadable
from dltutor.quiz.session import Session, choose
from dltutor.tui.widgets import SizeGuard


class QuizScreen(SizeGuard, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="quiz.back"),
        Binding("enter", "next", "Next", id="quiz.next"),
        Binding("h", "rate('hard')", "Was hard", id="quiz.hard"),
        Binding("e", "rate('easy')", "Was easy", id="quiz.easy"),
        Binding("g", "go_card", "Open card", id="quiz.card"),
    ]
    DEFAULT_CSS = """
    QuizScreen #body { padding: 1 2; }
    QuizScreen #heading { color: $accent; text-style: bold; }
    QuizScreen #choices { padding: 1 0 0 2; }
    QuizScreen #feedback { padding: 1 0; }
    QuizScreen Input { margin: 0 2; }
    """

    def __init__(self, topic: str | None = None, card: str | None = None, review: bool = False) -> None:
        super().__init__()
        self.topic, self.card, self.review = topic, card, review
        self.asked = self.result = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static("", id="heading")
            yield Static("", id="prompt")
            yield Static("", id="choices")
            yield Static("", id="feedback")
        yield Input(placeholder="your answer, then Enter  (? hint · s skip)", id="answer")
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        self.sub_title = "Review" if self.review else "Quiz"
        ids = choose(app.deck, app.store, app.now(), topics=[self.topic] if self.topic else [], card=self.card,
                     count=10, review=self.review)
        self.session = Session(app.deck, app.store, ids, seed=int(app.now().timestamp()))
        if not ids:
            self.query_one("#heading", Static).update("Nothing to ask here: no question is due and none is new.")
            self.query_one("#answer", Input).display = False
            return
        self.ask()

    # --- states: asking, then feedback --------------------------------------------------------

    def ask(self) -> None:
        self.result = None
        self.asked = self.session.next()
        answer = self.query_one("#answer", Input)
        feedback = self.query_one("#feedback", Static)
        if self.asked is None:
            self.query_one("#heading", Static).update("Done.")
            self.query_one("#prompt", Static).update(Text(present.done(self.session.summary())))
            self.query_one("#choices", Static).update("")
            feedback.update("Escape to go back.")
            answer.display = False
            self.refresh_bindings()
            return
        self.query_one("#heading", Static).update(Text(present.heading(self.app.deck, self.asked)))
        self.query_one("#prompt", Static).update(Text(self.asked.instance.prompt))
        lines = [*present.options(self.asked), f"({present.how_to_answer(self.asked)}; {present.COMMANDS})"]
        self.query_one("#choices", Static).update(Text("\n".join(lines)))
        feedback.update("")
        answer.display = True
        answer.disabled = False
        answer.value = ""
        answer.focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.asked is None or self.result is not None:
            return
        text = event.value.strip()
        feedback = self.query_one("#feedback", Static)
        if text == "?":
            feedback.update(Text(present.hint(self.app.deck, self.asked), style="italic"))
            event.input.value = ""
            return
        if text.lower() == "s":
            self.session.skip()
            self.ask()
            return
        try:
            self.result = self.session.answer(self.asked, text, self.app.now())
        except Unreadable as err:
            feedback.update(Text(str(err), style="yellow"))
            return
        fb = self.result.feedback
        head = Text(present.verdict(fb) + " ", style="bold green" if fb.correct else "bold red")
        keys = (present.AFTER_RIGHT if fb.correct else present.AFTER_WRONG) + " · g: open the card"
        feedback.update(head + Text(fb.explanation) + Text(f"\n\n{keys}", style="dim"))
        event.input.disabled = True
        self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "rate":
            return self.result is not None and self.result.feedback.correct
        if action in ("next", "go_card"):
            return self.result is not None or (action == "go_card" and self.asked is not None)
        return True

    def action_next(self) -> None:
        if self.result is not None:
            self.ask()

    def action_rate(self, rating: str) -> None:
        if self.result is not None and self.result.feedback.correct:
            self.result = self.session.rerate(self.result, rating, self.app.now())
            self.notify(f"Rated {rating}: back {self.result.due:%Y-%m-%d %H:%M} UTC", timeout=2)
            self.ask()

    def action_go_card(self) -> None:
        if self.asked is not None:
            self.app.open_card(self.asked.question.card)

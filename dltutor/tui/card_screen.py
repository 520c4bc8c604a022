"""One card on a screen of its own, over the quiz: `g` in a quiz opens it, Esc goes back to the
same question (the quiz screen stays on the stack, so nothing of the session is lost)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from dltutor.tui.learn import CardView
from dltutor.tui.widgets import KeyFooter, SizeGuard


class CardScreen(SizeGuard, Screen):
    AUTO_FOCUS = "#card"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back to the quiz", id="card.back")]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield CardView(id="card")
        yield KeyFooter()

    def on_mount(self) -> None:
        deck = self.app.deck
        card = deck.cards[self.card_id]
        self.query_one("#card", CardView).show(card, deck.topics[card.topic].title, deck.question_count(card.id))
        self.sub_title = card.title

"""The home screen: topics and cards, the card, and the lab showing the card's scene."""

from __future__ import annotations

from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree

from dltutor.deck import Card
from dltutor.tui.lab import LAB_BINDINGS, Lab

NARROW = 110  # below this width the lab and the card take turns (key l)


class CardView(VerticalScroll):
    """The card's text, rendered with Rich's Markdown (a Textual Markdown widget takes ~10x longer)."""

    DEFAULT_CSS = """
    CardView { padding: 0 1; scrollbar-gutter: stable; }  /* a long card adds no scrollbar that reflows it */
    CardView #title { text-style: bold; color: $accent; }
    CardView #meta { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        yield Static("", id="body")
        yield Static("", id="meta")

    def show(self, card: Card, topic: str, questions: int) -> None:
        self.query_one("#title", Static).update(Text(card.title))
        self.query_one("#body", Static).update(Markdown(card.body))
        meta = f"{topic} · {card.id} · {questions} question(s)\nSources: " + "; ".join(card.refs)
        if card.related:
            meta += "\nRelated: " + ", ".join(card.related)
        self.query_one("#meta", Static).update(Text(meta))
        self.scroll_home(animate=False)


class TopicTree(Tree):
    """The topic tree; space belongs to the lab (play/pause), not to folding a topic."""

    BINDINGS = [Binding("space", "toggle_node", "Play/pause", id="tree.play")]

    def action_toggle_node(self) -> None:
        self.screen.action_lab("toggle")


class LearnScreen(Screen):
    AUTO_FOCUS = "#topics"
    BINDINGS = [
        Binding("n", "move(1)", "Next", id="learn.next"),
        Binding("p", "move(-1)", "Prev", id="learn.prev"),
        *LAB_BINDINGS,
        Binding("c", "copy_command", "Copy cmd", show=False, id="lab.copy"),
        Binding("l", "toggle_lab", "Card/lab", id="learn.toggle"),
        Binding("q", "quiz_card", "Quiz", id="learn.quiz"),
    ]
    DEFAULT_CSS = """
    LearnScreen #topics { width: 30; border-right: solid $primary-background; }
    LearnScreen #card { width: 1fr; }
    LearnScreen #lab { width: 1fr; }
    LearnScreen.narrow #topics { width: 24; }
    LearnScreen.narrow.show-lab #card { display: none; }
    LearnScreen.narrow #lab { display: none; }
    LearnScreen.narrow.show-lab #lab { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield TopicTree("Topics", id="topics")
            yield CardView(id="card")
            yield Lab(id="lab")
        yield Footer()

    def on_mount(self) -> None:
        deck = self.app.deck
        tree = self.query_one("#topics", Tree)
        tree.show_root = False
        self._card_nodes = {}
        marks = self.app.mastery_marks()
        for topic in deck.topics.values():
            branch = tree.root.add(topic.title, expand=False)
            for card in deck.cards_of(topic.id):
                self._card_nodes[card.id] = branch.add_leaf(f"{marks.get(card.id, ' ')} {card.title}", data=card.id)
        self.set_class(self.app.size.width < NARROW, "narrow")
        first = self.app.start_card()
        if first:
            self.open_card(first, lab_after_paint=True)

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        self.app.check_size()

    # --- cards ----------------------------------------------------------------------------

    @property
    def card_ids(self) -> list[str]:
        return list(self.app.deck.cards)

    def open_card(self, card_id: str, lab_after_paint: bool = False) -> None:
        """Show a card and its scene. At start-up the lab waits for the first frame: the tree and
        the card appear without waiting for NumPy, plotext and the first simulation."""
        deck = self.app.deck
        card = deck.cards[card_id]
        self.current = card_id
        self.query_one("#card", CardView).show(card, deck.topics[card.topic].title, len(deck.questions_of(card_id)))
        if lab_after_paint:
            self.query_one("#lab", Lab).show(None, "Preparing the lab…")
            self.call_after_refresh(self._show_scene, card)
        else:
            self._show_scene(card)
        node = self._card_nodes.get(card_id)
        if node is not None:
            tree = self.query_one("#topics", Tree)
            with self.prevent(Tree.NodeHighlighted):
                # Expanding a topic above the cursor shifts the rows under it; the tree rebuilds its
                # lines when idle and then announces the row it lands on, the *old* card, as a new
                # highlight, which reopened that card after a search jump (3 times in 8). Rebuild
                # now, silently, and put the cursor on this card at once.
                node.parent.expand()
                tree.last_line  # noqa: B018 - reading it builds the tree's lines
                tree.move_cursor(node)
            self.call_after_refresh(self._point_tree_at, card_id)  # scrolled into view once laid out
        self.app.remember_card(card_id)
        self.sub_title = card.title

    def _point_tree_at(self, card_id: str) -> None:
        """Move the tree's cursor to the open card, unless another card was opened meanwhile.

        The move announces no highlight: the card is open already, and a highlight still queued
        when the learner opens another card would reopen this one (or two cards would take turns).
        """
        if card_id == self.current:
            with self.prevent(Tree.NodeHighlighted):
                self.query_one("#topics", Tree).move_cursor(self._card_nodes[card_id])

    def _show_scene(self, card: Card) -> None:
        if card.id != self.current:
            return  # the learner moved on before the lab was ready
        lab = self.query_one("#lab", Lab)
        if card.sim:
            from dltutor import scenes

            lab.load(scenes.scene_from_mapping(card.sim))
        else:
            lab.load(None, "This card has no simulation. Ctrl+P → “Lab” opens any kind.")

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.open_card(event.node.data)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        """Arrow keys move between cards: the highlighted card opens."""
        if event.node.data and event.node.data != getattr(self, "current", None):
            self.open_card(event.node.data)

    def action_move(self, delta: int) -> None:
        ids = self.card_ids
        if not ids:
            return
        i = ids.index(self.current) if getattr(self, "current", None) in ids else -delta
        self.open_card(ids[(i + delta) % len(ids)])

    # --- lab ------------------------------------------------------------------------------

    def action_lab(self, what: str) -> None:
        self.query_one("#lab", Lab).act(what)

    def action_copy_command(self) -> None:
        lab = self.query_one("#lab", Lab)
        if lab.scene is not None:
            from dltutor import scenes

            command = scenes.command(lab.scene)
            self.app.copy_to_clipboard(command)
            self.notify(f"Copied: {command}", timeout=3)

    def action_toggle_lab(self) -> None:
        self.toggle_class("show-lab")

    def action_quiz_card(self) -> None:
        if getattr(self, "current", None):
            self.app.start_quiz(card=self.current)

"""The home screen: topics and cards, the card, and the lab showing the card's scene."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from dltutor.card_markdown import CardMarkdown
from dltutor.deck import Card
from dltutor.tui.lab import LAB_BINDINGS, Lab
from dltutor.tui.widgets import KeyFooter

NARROW = 110  # below this width the lab and the card take turns (key l)

# The footer shows these first, in this order (it cuts what does not fit at the right).
FOOTER_ORDER = (
    "app.search",
    "learn.quiz",
    "app.review",
    "app.stats",
    "app.lab",
    "learn.toggle",
    "learn.next",
    "learn.prev",
    "tree.play",
    "lab.play",
    "app.help",
    "app.quit",
)


def tree_width(columns: int) -> int:
    """The topic tree's width: titles whole on a wide terminal, the card's room first on a narrow one."""
    if columns < NARROW:
        return 24
    return 30 if columns < 140 else 38 if columns < 170 else 46


def in_the_plot(body: str) -> str:
    """The card's "In the plot" paragraph (what to look for in its scene), or ''."""
    import re

    found = re.search(r"^\*\*In the plot:?\*\*:?.*?(?=\n\s*\n|\Z)", body, re.S | re.M)
    return found.group(0).strip() if found else ""


WELCOME = (
    "[b]Welcome to dltutor.[/b] Read a card, play with its live lab, then quiz yourself; questions "
    "come back when you are about to forget them. Start here, with the first card.\n"
    "[b]n[/b] next card (in the course's order) · [b]space[/b] play the lab · [b]z[/b] quiz on this card · "
    "[b]/[/b] search · [b]R[/b] review · [b]?[/b] every key · [b]Ctrl+Q[/b] quit"
)


class CardView(VerticalScroll):
    """The card's text, rendered with Rich's Markdown (a Textual Markdown widget takes ~10x longer),
    formula blocks kept whole (card_markdown)."""

    DEFAULT_CSS = """
    CardView { padding: 0 1; scrollbar-gutter: stable; }  /* a long card adds no scrollbar that reflows it */
    CardView #title { text-style: bold; color: $accent; }
    CardView #meta { color: $text-muted; }
    CardView #welcome { display: none; border: round $accent; padding: 0 1; margin-bottom: 1; }
    CardView.welcome #welcome { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text.from_markup(WELCOME, emoji=False), id="welcome")
        yield Static("", id="title")
        yield Static("", id="body")
        yield Static("", id="meta")

    def show(self, card: Card, topic: str, questions: int) -> None:
        self.query_one("#title", Static).update(Text(card.title))
        self.query_one("#body", Static).update(CardMarkdown(card.body))
        meta = f"{topic} · {card.id} · {questions} question(s)\nSources: " + "; ".join(card.refs)
        if card.related:
            meta += "\nRelated: " + ", ".join(card.related)
        self.query_one("#meta", Static).update(Text(meta))
        self.scroll_home(animate=False)


class TopicTree(Tree):
    """The topic tree; space belongs to the lab (play/pause), not to folding a topic."""

    BINDINGS = [Binding("space", "toggle_node", "Play", id="tree.play")]

    def action_toggle_node(self) -> None:
        self.screen.action_lab("toggle")


class LearnScreen(Screen):
    AUTO_FOCUS = "#topics"
    BINDINGS = [
        Binding("z", "quiz_card", "Quiz", id="learn.quiz"),
        Binding("l", "toggle_lab", "Card/lab", id="learn.toggle"),
        Binding("n", "move(1)", "Next", id="learn.next"),
        Binding("p", "move(-1)", "Prev", id="learn.prev"),
        *LAB_BINDINGS,
        Binding("c", "copy_command", "Copy cmd", show=False, id="lab.copy"),
        Binding("q", "q_is_not_quit", "", show=False, id="learn.q"),
    ]
    DEFAULT_CSS = """
    LearnScreen #topics { width: 30; border-right: solid $primary-background; }
    LearnScreen #card { width: 1fr; }
    LearnScreen #labside { width: 1fr; }
    LearnScreen #inplot { display: none; height: auto; max-height: 30%; padding: 0 1;
                          border-bottom: solid $primary-background; }
    LearnScreen.narrow.show-lab #inplot { display: block; }
    LearnScreen.narrow.show-lab #card { display: none; }
    LearnScreen.narrow #labside, LearnScreen.narrow #lab { display: none; }
    LearnScreen.narrow.show-lab #labside, LearnScreen.narrow.show-lab #lab { display: block; }
    """

    @property
    def active_bindings(self):
        """The footer lists bindings in this order: dltutor's main keys first (see FOOTER_ORDER)."""
        bindings = super().active_bindings

        def rank(item) -> int:
            binding_id = item[1].binding.id
            return FOOTER_ORDER.index(binding_id) if binding_id in FOOTER_ORDER else len(FOOTER_ORDER)

        return dict(sorted(bindings.items(), key=rank))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_lab":  # the card and the lab take turns only below NARROW columns
            return self.has_class("narrow")
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield TopicTree(
                Text("Topics"), id="topics"
            )  # Text: a str label is markup, and markup loads rich's emoji table (~5 ms)
            yield CardView(id="card")
            with Vertical(id="labside"):
                with VerticalScroll(id="inplot"):
                    yield Static("", id="inplot-text")
                yield Lab(id="lab")
        yield KeyFooter()

    def on_mount(self) -> None:
        deck = self.app.deck
        tree = self.query_one("#topics", Tree)
        tree.show_root = False
        self._card_nodes = {}
        self._topic_nodes = {}
        marks, due = self.app.mastery_marks(), self.app.due_per_topic()
        first = self.app.start_card()
        for topic in deck.topics.values():  # each node made with its final label (not labelled twice)
            self._topic_nodes[topic.id] = tree.root.add(self._topic_label(topic.id, due), expand=False, data=None)
        # The first frame unfolds only the first card's topic: the other topics' cards are added just
        # after it (~8 ms; a folded topic looks the same with or without its cards)
        later = [topic for topic in deck.topics if first is None or topic != deck.cards[first].topic]
        for topic in deck.topics:
            if topic not in later:
                self._add_cards(topic, marks)
        self._labels_stale = False  # until another screen covers this one (see on_screen_suspend)
        self._fit(self.app.size.width)
        welcome = self.app.is_first_run()
        if first:
            self.open_card(first, lab_after_paint=True)
        self.query_one("#card", CardView).set_class(welcome, "welcome")  # above the first card until another opens
        self._marks = marks  # the latest marks (refresh_labels keeps them), for _add_later_cards
        self.call_after_refresh(self._add_later_cards, later)

    def _add_cards(self, topic_id: str, marks: dict[str, str]) -> None:
        branch = self._topic_nodes[topic_id]
        for card in self.app.deck.cards_of(topic_id):
            self._card_nodes[card.id] = branch.add_leaf(self._card_label(card.id, marks), data=card.id)

    def _add_later_cards(self, topics: list[str]) -> None:
        """The cards of the topics the first frame showed folded. A card opened meanwhile (its topic
        had no rows yet) gets the tree's cursor now, as open_card would have given it."""
        if not self.is_attached:
            return
        for topic in topics:
            self._add_cards(topic, self._marks)
        current = getattr(self, "current", None)
        if current is not None and self.app.deck.cards[current].topic in topics:
            self._show_in_tree(current)

    def on_screen_suspend(self) -> None:
        self._labels_stale = True

    def on_screen_resume(self) -> None:
        """Uncovered: a quiz or a review may have changed marks and due counts. (The resume that
        first shows the screen comes right after on_mount, which made the labels.)"""
        if getattr(self, "_card_nodes", None) and getattr(self, "_labels_stale", True):
            self.refresh_labels()

    def refresh_labels(self) -> None:
        """Each card's mastery mark, and next to each topic how many of its questions are due now."""
        marks, due = self.app.mastery_marks(), self.app.due_per_topic()
        for topic_id, branch in self._topic_nodes.items():
            branch.set_label(self._topic_label(topic_id, due))
        for card_id, node in self._card_nodes.items():
            node.set_label(self._card_label(card_id, marks))
        self._marks, self._labels_stale = marks, False

    def _topic_label(self, topic_id: str, due: dict[str, int]) -> Text:
        label = Text(self.app.deck.topics[topic_id].title)
        if due.get(topic_id):
            label.append(f"  {due[topic_id]} due", style="bold yellow")
        return label

    def _card_label(self, card_id: str, marks: dict[str, str]) -> Text:
        """The card's mark and title, as text (a title is not markup: a "[" in it is shown as typed)."""
        return Text(f"{marks.get(card_id, ' ')} {self.app.deck.cards[card_id].title}")

    def _fit(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        self.query_one("#topics", Tree).styles.width = tree_width(width)
        self.refresh_bindings()  # `l` shows only where it does something

    def on_resize(self, event) -> None:
        self._fit(event.size.width)
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
        self.query_one("#card", CardView).show(card, deck.topics[card.topic].title, deck.question_count(card_id))
        look = in_the_plot(card.body)
        self.query_one("#inplot-text", Static).update(CardMarkdown(look) if look else "")
        if lab_after_paint:
            self.query_one("#lab", Lab).show(None, "Preparing the lab…")
            self.call_after_refresh(self._show_scene, card)
        else:
            self._show_scene(card)
        self._show_in_tree(card_id)
        if self.app.store.get("last_card") not in (None, card_id):
            self.query_one("#card", CardView).remove_class("welcome")
        self.app.remember_card(card_id)
        self.sub_title = card.title

    def _show_in_tree(self, card_id: str) -> None:
        """Unfold the card's topic and put the tree's cursor on the card."""
        node = self._card_nodes.get(card_id)
        if node is None:
            return  # its topic's cards are not in the tree yet (_add_later_cards calls this again)
        tree = self.query_one("#topics", Tree)
        with self.prevent(Tree.NodeHighlighted):
            # Expanding a topic above the cursor shifts the rows under it; the tree rebuilds its
            # lines when idle and then announces the row it lands on, the *old* card, as a new
            # highlight, which reopened that card after a search jump (3 times in 8). Rebuild
            # now, silently, and put the cursor on this card at once.
            if not node.parent.is_expanded:  # expand() rebuilds and re-renders every row, even when open
                node.parent.expand()
            tree.last_line  # noqa: B018 - reading it builds the tree's lines
            tree.move_cursor(node)
        self.call_after_refresh(self._point_tree_at, card_id)  # scrolled into view once laid out

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
        """Arrow keys move between cards: the highlighted card opens. A folded topic opens on its
        first card (the cursor never stops on a topic that shows nothing)."""
        node = event.node
        if node.data and node.data != getattr(self, "current", None):
            self.open_card(node.data)
        elif node in self._topic_nodes.values() and not node.is_expanded and node.children:
            self.open_card(node.children[0].data)

    def action_move(self, delta: int) -> None:
        """The next (or previous) card in the author's order: topic by topic, each topic's cards in turn."""
        ids = self.card_ids
        if not ids:
            return
        before = self.app.deck.cards.get(getattr(self, "current", None))
        i = ids.index(self.current) if before is not None else -delta
        j = (i + delta) % len(ids)
        card = self.app.deck.cards[ids[j]]
        self.open_card(card.id)
        if before is not None and card.topic != before.topic:
            topic = self.app.deck.topics[card.topic].title
            wrapped = " (back to the start)" if (j < i) == (delta > 0) else ""
            self.notify(
                f"Next topic: {topic}{wrapped}" if delta > 0 else f"Previous topic: {topic}{wrapped}", timeout=4
            )

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

    def action_q_is_not_quit(self) -> None:
        """`q` is neither quit nor quiz here (one slip would leave or start something): say which keys are."""
        self.notify("z starts a quiz on this card; Ctrl+Q quits; ? lists every key.", timeout=4)

    def action_quiz_card(self) -> None:
        if getattr(self, "current", None):
            self.app.start_quiz(card=self.current)

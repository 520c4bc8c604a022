"""The deck in a terminal: the card list and one card, rendered with Rich (front end only)."""

from __future__ import annotations

import json
import re

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dltutor.card_markdown import CardMarkdown
from dltutor.deck import Card, Deck


def card_list(deck: Deck, topic: str | None, as_json: bool, console: Console | None = None) -> None:
    topics = [deck.topics[topic]] if topic else list(deck.topics.values())
    if as_json:
        doc = [
            {
                "id": t.id,
                "title": t.title,
                "summary": t.summary,
                "cards": [
                    {"id": c.id, "title": c.title, "summary": c.summary, "questions": len(deck.questions_of(c.id))}
                    for c in deck.cards_of(t.id)
                ],
            }
            for t in topics
        ]
        print(json.dumps({"topics": doc}))
        return
    console = console or Console()
    for t in topics:
        table = Table(title=Text(t.title, style="bold"), title_justify="left", show_edge=False, expand=False)
        table.add_column("card", no_wrap=True)
        table.add_column("title")
        table.add_column("questions", justify="right")
        for card in deck.cards_of(t.id):
            table.add_row(card.id, Text(card.title), str(len(deck.questions_of(card.id))))
        console.print(table)
        console.print()


def show_card(deck: Deck, card: Card, console: Console | None = None) -> None:
    from dltutor.scenes import command, scene_from_mapping

    console = console or Console()
    topic = deck.topics[card.topic].title
    console.print(
        Panel(
            CardMarkdown(card.body),
            title=Text(card.title, style="bold"),
            subtitle=Text(f"{topic} · {card.id}"),
            title_align="left",
            subtitle_align="right",
        )
    )
    if card.refs:
        console.print(Text("Sources: " + "; ".join(card.refs), style="dim"))
    if card.related:
        console.print(Text("Related: " + ", ".join(card.related), style="dim"))
    if card.sim:
        console.print(
            Text("See it move: ", style="bold") + Text(command(scene_from_mapping(card.sim))), soft_wrap=True
        )  # one line, so it can be copied into a shell
    count = len(deck.questions_of(card.id))
    if count:
        console.print(Text(f"{count} question(s) on this card.", style="dim"))


def _plain_title(title: str) -> str:
    """A title without its bracketed aside: 'Dropout (inverted)' is found as 'dropout'."""
    return re.sub(r"\s*\([^)]*\)", "", title).strip().lower()


def find_card(deck: Deck, name: str) -> tuple[str | None, list[str]]:
    """The card a learner means by `name`: an id or a title in any case, or a unique prefix of one.
    Returns (card id, []) when it is clear, else (None, the nearest ids to suggest)."""
    import difflib

    if name in deck.cards:
        return name, []
    wanted = " ".join(name.split()).lower()
    by_id = {cid.lower(): cid for cid in deck.cards}
    if wanted in by_id:  # an id wins over a title that another card shares
        return by_id[wanted], []
    keys: dict[str, set[str]] = {}  # a lower-case name -> the cards it names
    for card in deck.cards.values():
        for key in (card.id.lower(), card.title.lower(), _plain_title(card.title)):
            keys.setdefault(key, set()).add(card.id)
    exact = keys.get(wanted, set())
    if len(exact) == 1:
        return next(iter(exact)), []
    prefixed = {cid for key, ids in keys.items() if wanted and key.startswith(wanted) for cid in ids}
    if len(prefixed) == 1:
        return next(iter(prefixed)), []
    order = list(deck.cards)
    near = [cid for key in difflib.get_close_matches(wanted, list(keys), n=5, cutoff=0.6) for cid in sorted(keys[key])]
    suggestions = sorted(exact | prefixed, key=order.index) + near
    return None, list(dict.fromkeys(suggestions))[:3]

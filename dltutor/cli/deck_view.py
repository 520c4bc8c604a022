"""The deck in a terminal: the card list and one card, rendered with Rich (front end only)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dltutor.deck import Card, Deck


def card_list(deck: Deck, topic: str | None, as_json: bool, console: Console | None = None) -> None:
    topics = [deck.topics[topic]] if topic else list(deck.topics.values())
    if as_json:
        doc = [{"id": t.id, "title": t.title, "summary": t.summary,
                "cards": [{"id": c.id, "title": c.title, "summary": c.summary,
                           "questions": len(deck.questions_of(c.id))} for c in deck.cards_of(t.id)]}
               for t in topics]
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
    console.print(Panel(Markdown(card.body), title=Text(card.title, style="bold"),
                        subtitle=Text(f"{topic} · {card.id}"), title_align="left", subtitle_align="right"))
    if card.refs:
        console.print(Text("Sources: " + "; ".join(card.refs), style="dim"))
    if card.related:
        console.print(Text("Related: " + ", ".join(card.related), style="dim"))
    if card.sim:
        console.print(Text("See it move: ", style="bold") + Text(command(scene_from_mapping(card.sim))),
                      soft_wrap=True)  # one line, so it can be copied into a shell
    count = len(deck.questions_of(card.id))
    if count:
        console.print(Text(f"{count} question(s) on this card.", style="dim"))

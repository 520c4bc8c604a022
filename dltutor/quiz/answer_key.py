"""The deck's answer key: every question with its answer, computed ones instantiated for a seed."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.deck import Deck
from dltutor.quiz.grading import accepted_orders, right_answer
from dltutor.quiz.session import prepare


def answer_key(deck: Deck, seed: int) -> list[dict[str, Any]]:
    key = []
    for card in deck.cards.values():
        for question in deck.questions_of(card.id):
            instance = prepare(question, np.random.default_rng([seed, len(key)]))
            key.append(
                {
                    "id": question.id,
                    "card": card.id,
                    "topic": card.topic,
                    "kind": question.kind,
                    "shown_as": instance.kind,
                    "prompt": instance.prompt,
                    "answer": right_answer(instance),
                    "explanation": instance.explanation,
                    **({"choices": instance.data["choices"]} if "choices" in instance.data else {}),
                    **({"items": instance.data["shown"]} if "shown" in instance.data else {}),
                    **({"orders": accepted_orders(instance.data)} if instance.data.get("orders") else {}),
                }
            )
    return key


def print_answer_key(key: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    for entry in key:
        console.print(f"[bold]{escape(entry['id'])}[/bold] [dim]({entry['kind']}, card {entry['card']})[/dim]")
        console.print(escape(entry["prompt"]))
        for i, option in enumerate(entry.get("choices") or entry.get("items") or []):
            console.print(f"  {chr(97 + i)}) {escape(option)}")
        console.print(f"[green]→ {escape(entry['answer'])}[/green]")
        console.print(f"[dim]{escape(entry['explanation'])}[/dim]\n")

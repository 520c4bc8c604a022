"""The review calendar as Rich text: shared by `dltutor stats` and the session's stats screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text

SHADES = " ░▒▓█"
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def calendar(cal: dict[str, Any]) -> Text:
    """Weeks as columns, weekdays as rows; darker is more reviews."""
    weeks = cal["weeks"]
    top = max((n for week in weeks for n in week if n), default=0)
    text = Text(f"Reviews, last {len(weeks)} weeks (from {cal['start']})\n")
    for day in range(7):
        text.append(f"{WEEKDAYS[day]:>4} ")
        for week in weeks:
            n = week[day]
            if n is None:
                text.append("  ")
            else:
                level = 0 if not n else 1 + min(3, int(3 * n / top)) if top else 0
                text.append(SHADES[min(level, 4)] * 2, style="green" if n else "dim")
        text.append("\n")
    text.append(f"     less {SHADES[1:]} more")
    return text

"""A card's Markdown keeps its rendering per width (the session measures and draws each card with
it): what it shows must be what a fresh rendering shows, at every width, in any order."""

import io

from rich.console import Console

from dltutor.card_markdown import CardMarkdown

BODY = """Momentum keeps a running velocity.

```
v ← μ·v + g        the velocity remembers past gradients
θ ← θ − η·v
```

- **In the plot:** the path swings less across the ravine.
"""


def lines(console: Console, markdown: CardMarkdown, width: int) -> list[str]:
    return [
        "".join(segment.text for segment in line)
        for line in console.render_lines(markdown, console.options.update_width(width))
    ]


def test_a_kept_rendering_is_a_fresh_one_at_each_width():
    console, kept = Console(color_system=None, file=io.StringIO()), CardMarkdown(BODY)
    for width in (60, 30, 60, 44, 30):
        assert lines(console, kept, width) == lines(console, CardMarkdown(BODY), width), width
    assert lines(console, kept, 30) != lines(console, kept, 60)

"""A card's Markdown as Rich renders it, with formula blocks that keep their maths whole: shared by
`dltutor show` and the session's card view."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.markdown import CodeBlock, Markdown


class FormulaBlock(CodeBlock):
    """A code block (a card's formulas) that never wraps a comment into the maths.

    Rich wraps code at the width like prose, so `m̂ = m / (1 − β₁ᵗ)    bias corrections: undo the
    pull` puts "pull" under the formulas. Here a line that does not fit keeps its maths on the line
    and wraps only its comment (the text after a run of two or more spaces), indented under the
    comment's column; a line with no comment, or no room for one, is cut with "…" (never folded).
    """

    def __rich_console__(self, console, options):
        from rich.syntax import Syntax

        width = max(10, options.max_width - 2)  # the block's padding of one on each side
        code = "\n".join(line for raw in str(self.text).rstrip().splitlines() for line in fit_line(raw, width))
        yield Syntax(code, self.lexer_name, theme=self.theme, word_wrap=False, padding=1)


def fit_line(line: str, width: int) -> list[str]:
    """One line of a formula block as lines of at most `width` cells (see FormulaBlock)."""
    import textwrap

    if cell_len(line) <= width:
        return [line]
    gaps = list(re.finditer(r"\S( {2,})(?=\S)", line))
    gap = gaps[-1] if gaps else None
    if gap is not None:
        maths, comment = line[: gap.start(1)], line[gap.end(1) :]
        indent = cell_len(line[: gap.end(1)])
        if cell_len(maths) <= width and width - indent >= 12:
            lines = textwrap.wrap(comment, width - indent)
            return [line[: gap.end(1)] + lines[0]] + [" " * indent + rest for rest in lines[1:]]
    cut, used = [], 0
    for ch in line:
        if used + cell_len(ch) > width - 1:
            break
        cut.append(ch)
        used += cell_len(ch)
    return ["".join(cut) + "…"]


class CardMarkdown(Markdown):
    """A card's body: Rich Markdown whose code blocks are FormulaBlocks.

    Its rendering at a width is kept: Textual renders a widget's content once to measure its height
    and again to draw it, which for a long card cost a switch between cards ~10 ms twice."""

    elements = {**Markdown.elements, "fence": FormulaBlock, "code_block": FormulaBlock}

    def __rich_console__(self, console, options):
        key = (options.max_width, options.justify, options.overflow, options.no_wrap, options.ascii_only)
        kept = getattr(self, "_rendered", None)
        if kept is None or kept[0] is not console or kept[1] != key:
            kept = self._rendered = (console, key, list(super().__rich_console__(console, options)))
        yield from kept[2]

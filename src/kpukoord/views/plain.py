"""A Rich view as plain text, for output that is piped or redirected.

Detail views (``meeting show``, ``stage show``) and the weekly report on a
terminal are Rich tables and panels fitted to its width. Piped (``| cat``,
``> file``) they must read as the lists do: no box drawing, no colour, no line
cut or wrapped at 80 columns, every value whole. The same renderable is drawn
here without boxes, on a canvas as wide as its longest line, and each line is
stripped of its trailing spaces.
"""

from __future__ import annotations

import io
from typing import Any

WIDE = 10_000  # cells: wide enough that no value wraps


def _unboxed(node: Any) -> Any:
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    if isinstance(node, Group):
        return Group(*(_unboxed(r) for r in node.renderables))
    if isinstance(node, Panel):
        title = node.title
        inner = _unboxed(node.renderable)
        return Group(Text(str(title)), Padding(inner, (0, 0, 0, 2))) if title else inner
    if isinstance(node, Table):
        node.box = None
        node.show_edge = False
        node.expand = False
        node.width = None
        for col in node.columns:
            col.width = None
            col.min_width = None
            col.max_width = None
            col.no_wrap = True
            col._cells = [_unboxed(c) for c in col._cells]
        return node
    return node


def plain_text(renderable: Any) -> str:
    """The renderable as plain text: no boxes, no colour, no wrapping, no trailing spaces."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out,
        width=WIDE,
        color_system=None,
        force_terminal=False,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(_unboxed(renderable))
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    return "\n".join(lines).strip("\n") + "\n"

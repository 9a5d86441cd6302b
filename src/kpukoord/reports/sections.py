"""What the sections of every report share: how long a list may be, and how a query is
limited to some offices' rows of a merged file."""

from __future__ import annotations

# Longest list in a section; the rest are counted ("and N more"). A kabupaten office
# has a handful; a merged national database has thousands, which no page can show.
MAX_ITEMS = 50


def only(column: str, origins: list[str] | None) -> str:
    """' AND column IN (?, ...)' for a report limited to some offices' rows, else ''.

    Its parameters are the origins (``origins or []``), placed where the clause is.
    """
    if origins is None:
        return ""
    return f" AND {column} IN ({', '.join('?' * len(origins))})"

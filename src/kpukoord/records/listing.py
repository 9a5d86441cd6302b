"""What every list of records shares: a WHERE clause built from the filters given, and a
page of rows with the total the list would have without a limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Where:
    """The conditions of a query joined by AND, with their parameters in order."""

    def __init__(self, clause: str, *params: Any) -> None:
        self.clauses = [clause]
        self.params: list[Any] = list(params)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses)


def page(
    rows_of: Callable[..., list[T]],
    total_of: Callable[..., int],
    limit: int | None,
    *args: Any,
    **filters: Any,
) -> tuple[list[T], int]:
    """The first ``limit`` rows of a list (all if None) and how many there are: counted
    (``total_of``) only when the page is full."""
    rows = rows_of(*args, limit=limit, **filters)
    total = len(rows) if not limit or len(rows) < limit else total_of(*args, **filters)
    return rows, total

"""What every list of records shares: a WHERE clause built from the filters given, and a
page of rows with the total the list would have without a limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


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


def pager(
    rows_of: Callable[P, list[T]], total_of: Callable[..., int]
) -> Callable[P, tuple[list[T], int]]:
    """A list's page function: the first ``limit`` rows (all if None) of ``rows_of`` and
    how many there are, counted (``total_of``, the same arguments but the limit) only
    when the page is full."""

    def page(*args: P.args, **kwargs: P.kwargs) -> tuple[list[T], int]:
        rows = rows_of(*args, **kwargs)
        limit: Any = kwargs.get("limit")  # given by keyword, as every caller does
        if not limit or len(rows) < limit:
            return rows, len(rows)
        filters = {k: v for k, v in kwargs.items() if k != "limit"}
        return rows, total_of(*args, **filters)

    return page

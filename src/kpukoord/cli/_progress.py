"""The one progress display of every long task: merge, imports, exports, db check,
schedule import, db backup, publish.

A Rich bar on standard error, and only when standard error is a terminal and the
command is not printing JSON: standard output stays the command's (a file, a pipe,
``--json``), and a log file that catches stderr gets no escape codes. The bar is
transient: it is gone when the task ends, leaving the command's own lines.

The domain modules know nothing of it: they take a plain callback
``progress(what, done, total)`` (:data:`kpukoord.store.db.Progress`), or the command wraps
the iterator it hands them (:meth:`Meter.track`). A command opens one with::

    with _progress.meter(json_out) as meter:
        results = merge_mod.merge(db, files, progress=meter)
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TextIO, TypeVar

T = TypeVar("T")

# Seconds between two redraws requested by the task (Rich redraws 10 times a second
# on its own; a call per row would cost more than the row).
_EVERY = 0.1


class Meter:
    """What a task reports to; this one shows nothing (not a terminal, or --json)."""

    active = False

    def __call__(self, what: str, done: int, total: int | None = None) -> None:
        """The task is at ``done`` of ``total`` (None: unknown), doing ``what``."""

    def track(self, items: Iterable[T], what: str, total: int | None = None) -> Iterator[T]:
        """The items, unchanged, counted as they are consumed."""
        yield from items

    def stream(self, out: TextIO, what: str, marks: tuple[str, ...]) -> Any:
        """``out``, counting the writes that start a record (``marks``)."""
        return out


class _Bar(Meter):
    active = True

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.task = bar.add_task("", total=None, visible=False)  # shown from the first report
        self.last = 0.0
        self.what = ""

    def __call__(self, what: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if what != self.what:  # a new step (the next file): drawn at once, however short
            self.what, self.last = what, now
            self.bar.update(self.task, description=what, completed=done, total=total, visible=True)
            self.bar.refresh()
        elif (total is not None and done >= total) or now - self.last >= _EVERY:
            self.last = now
            self.bar.update(self.task, description=what, completed=done, total=total, visible=True)

    def track(self, items: Iterable[T], what: str, total: int | None = None) -> Iterator[T]:
        n = 0
        for n, item in enumerate(items, 1):
            if n % 100 == 0:
                self(what, n, total)
            yield item
        self(what, n, total)

    def stream(self, out: TextIO, what: str, marks: tuple[str, ...]) -> Any:
        return _Counting(out, self, what, marks)


class _Counting:
    """A text stream that counts the records written through it."""

    def __init__(self, out: TextIO, meter: Meter, what: str, marks: tuple[str, ...]) -> None:
        self.out, self.meter, self.what, self.marks, self.n = out, meter, what, marks, 0

    def write(self, text: str) -> int:
        if text.startswith(self.marks):
            self.n += 1
            if self.n % 100 == 0:
                self.meter(self.what, self.n)
        return self.out.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.out, name)


def _tty(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def showing(json_out: bool = False, *, streams: bool = False) -> bool:
    """Whether a progress bar is drawn: stderr is a terminal and no JSON is asked for.

    ``streams``: the task writes its result to stdout as it goes (an export without
    ``-o``); on a terminal the bar would be drawn across those lines, so none is."""
    if json_out or (streams and _tty(sys.stdout)):
        return False
    return _tty(sys.stderr)


@contextlib.contextmanager
def meter(json_out: bool = False, *, streams: bool = False) -> Iterator[Meter]:
    """A progress bar on stderr for the block (or a silent :class:`Meter`)."""
    if not showing(json_out, streams=streams):
        yield Meter()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=False,  # stdout is the command's, never the bar's console
        redirect_stderr=False,
    )
    with bar:
        yield _Bar(bar)

"""What every command module shares: the open database, output helpers, prompts.

Commands stay thin: they parse options, call the domain modules, and hand the
result to :mod:`kpukoord.render` (human view) or :func:`emit_json` (machine view).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpukoord.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from kpukoord.db import Database


class State:
    """Per-invocation state, reset by the root callback."""

    def __init__(self) -> None:
        self.db_path: Path | None = None
        self._db: Database | None = None

    def path(self) -> Path:
        from kpukoord.db import default_path

        return self.db_path or default_path()

    def db(self) -> Database:
        if self._db is None:
            from kpukoord.db import Database

            path = self.path()
            if self.db_path is None:  # the default location: make its directory
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = Database(path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


STATE = State()


def db() -> Database:
    return STATE.db()


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def show(renderable: Any) -> None:
    console().print(renderable)


def say(text: str) -> None:
    """A plain line on stdout (ids, confirmations): scripts read these."""
    sys.stdout.write(text + "\n")


def note(text: str) -> None:
    """A line for the operator on stderr, so stdout stays clean for scripts."""
    sys.stderr.write(text + "\n")


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def require(value: str | None, flag: str, prompt: str) -> str:
    """A required value: prompted for on a terminal, an error without one."""
    if value:
        return value
    if interactive():
        import typer

        answer: str = typer.prompt(prompt)
        return answer
    raise UsageError(f"{flag} is required")


def read_text(path: str) -> tuple[str, str]:
    """(text, name) of a file, or of stdin for '-'. Errors name the file."""
    from kpukoord.errors import KpuError

    if path == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise KpuError(f"{path}: no such file")
        if p.is_dir():
            raise KpuError(f"{path}: is a directory")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise KpuError(f"{path}: cannot read ({exc.strerror})") from None
        name = path
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig"), name
        except UnicodeDecodeError as exc:
            raise KpuError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    return data, name


@contextlib.contextmanager
def output_stream(output: Path | str | None, *, binary: bool = False) -> Iterator[Any]:
    """A text stream for ``-o FILE``: standard output for None or '-', else a temporary
    file beside FILE, renamed over it only once everything is written.

    Atomic: a reader sees the old file or the new one, never half of it; on any
    failure (a write error, a database error, Ctrl-C) the old file is intact and the
    temporary one removed. Text is UTF-8, newlines as written; ``binary`` gives a
    bytes stream instead. A write error is one ``error:`` line naming the file.
    """
    from kpukoord.errors import KpuError

    if output is None or str(output) == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # pragma: no cover - a stdout without bytes underneath
            yield sys.stdout
            return
        sys.stdout.flush()  # UTF-8 and newlines as written (ICS needs CRLF), whatever the locale
        if binary:
            yield buffer
            buffer.flush()
            return
        stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()
        finally:
            stream.detach()
        return
    import tempfile

    target = Path(output)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise KpuError(f"{output}: cannot write ({exc.strerror})") from None
    tmp = Path(tmp_name)
    try:
        try:
            mode = target.stat().st_mode & 0o777  # replacing a file keeps its permissions
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # a new file gets what open() would have given it
        os.fchmod(fd, mode)
        handle: Any = open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KpuError(f"{output}: cannot write ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    note(f"saved {output}")


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write a whole text or bytes to --output or stdout, through :func:`output_stream`."""
    with output_stream(output, binary=isinstance(data, bytes)) as stream:
        stream.write(data)


# -- long lists ------------------------------------------------------------------

DEFAULT_LIMIT = 50  # rows a human view shows before "N lagi"


def page_limit(limit: int | None, all_rows: bool, json_out: bool) -> int | None:
    """Rows to fetch: --all or --limit 0 mean every one; the JSON view gets every
    requested row unless --limit bounds it; the human view the first DEFAULT_LIMIT."""
    if all_rows or limit == 0:
        return None
    if limit is not None:
        return limit
    return None if json_out else DEFAULT_LIMIT


def more_line(total: int, shown: int, all_flag: str = "--all") -> str | None:
    """The footer of a cut list, or None when everything is shown."""
    if total <= shown:
        return None
    return f"{total - shown} lagi — pakai --limit N atau {all_flag}"


def plain_table(columns: list[str], rows: list[list[str]], more: str | None = None) -> None:
    """Aligned plain text for a list when stdout is not a terminal (no Rich import):
    a header, one line per row, no box drawing, no trailing spaces; then the footer."""
    cells = [[" ".join(str(c).split()) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(columns)]
    out = sys.stdout
    for row in [columns, *cells]:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    if more:
        out.write(more + "\n")


def terminal() -> bool:
    return sys.stdout.isatty()

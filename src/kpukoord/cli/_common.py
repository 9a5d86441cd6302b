"""What every command module shares: the open database, output helpers, prompts.

Commands stay thin: they parse options, call the domain modules, and hand the
result to :mod:`kpukoord.render` (human view) or :func:`emit_json` (machine view).
"""

from __future__ import annotations

import json
import sys
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


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write to --output (saying so on stderr) or to stdout; a write error is one line."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    from kpukoord.errors import KpuError

    try:
        if isinstance(data, bytes):
            output.write_bytes(data)
        else:
            output.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise KpuError(f"{output}: cannot write ({exc.strerror})") from None
    note(f"saved {output}")


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

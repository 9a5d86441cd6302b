"""What every command module shares: the open database, output helpers, prompts.

Commands stay thin: they parse options, call the domain modules, and hand the
result to :func:`emit`, which prints the machine view (``--json``) or the human
view (a table of :mod:`kpukoord.views.tables`, or a plain line).

The invocation's state (which database, the open connection) lives in Click's
context object (``ctx.obj``), set by the root callback: nothing is kept between
two invocations in one process (tests run hundreds).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kpukoord.errors import UsageError
from kpukoord.language.i18n import _

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from kpukoord.store.db import Database


class State:
    """Per-invocation state: the root callback puts one in ``ctx.obj``."""

    def __init__(self, db_path: Path | None = None, *, db_given: bool = False) -> None:
        self.db_path = db_path
        self.db_given = db_given  # --db on the command line (not from KPUKOORD_DB)
        self._db: Database | None = None
        self._lang_set = False
        self._previous_lang: str | None = None

    def set_language(self, lang: str) -> None:
        """The global --lang for this invocation (undone by :meth:`close`).

        Help texts were already read in the language of ``kpukoord.__main__``'s
        choice; this one governs the messages written while the command runs.
        """
        from kpukoord.language import i18n

        try:
            self._previous_lang = i18n.set_language(lang)
        except ValueError:
            raise UsageError(_("--lang {value!r}: choose id or en").format(value=lang)) from None
        self._lang_set = True

    def path(self) -> Path:
        from kpukoord.store.db import default_path

        return self.db_path or default_path()

    def foreign_value(self) -> str | None:
        """After a command failed on a value it cannot read: the first value of the open
        database whose type its column does not take (another tool's), else None."""
        if self._db is None:
            return None
        try:
            from kpukoord.store import upkeep

            return upkeep.foreign_value(self._db)
        except Exception:  # the failure being reported is the one to tell
            return None

    def db(self, *, create: bool = False) -> Database:
        """The open database. Only ``kpukoord init`` creates one (``create=True``):
        any other command on a missing or never-initialised file (a mistyped
        ``--db``) is an error that says how to create it, and leaves no file behind."""
        if self._db is None:
            from kpukoord.store.db import Database

            path = self.path()
            if create and self.db_path is None:  # the default location: make its directory
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = Database(path, create=create)
            self._db.command = command_name()  # the history's name for this run's changes
        return self._db

    @contextlib.contextmanager
    def creating(self) -> Iterator[Database]:
        """``kpukoord init``'s database, all or nothing: the writes are one transaction,
        and when the command fails a file it created is removed again (with SQLite's
        side files and any directory made for it), so the disk is as it was."""
        path = self.path()
        fresh = not path.exists()
        made = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
        try:
            database = self.db(create=True)
            with database.atomic():
                yield database
        except BaseException:
            if fresh:
                if self._db is not None:
                    self._db.close()
                    self._db = None
                for suffix in ("", "-wal", "-shm", "-journal"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
                for d in made:  # deepest first
                    with contextlib.suppress(OSError):
                        d.rmdir()
            raise

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lang_set:
            from kpukoord.language import i18n

            i18n.set_language(self._previous_lang)
            self._lang_set = False


def language_option(value: str | None) -> str:
    """A command's own --lang ('id', 'en'), or the language in force when not given."""
    from kpukoord.language import i18n

    if value is None:
        return i18n.language()
    code = i18n.normalize(value)
    if code is None:
        raise UsageError(_("--lang {value!r}: choose id or en").format(value=value))
    return code


def state() -> State:
    """The current invocation's state (from Click's context)."""
    from typer.main import get_current_context

    ctx = get_current_context(silent=True)
    if ctx is None:  # called outside a command (a library caller): a fresh default
        return State()
    found = ctx.find_object(State)
    return found if found is not None else ctx.find_root().ensure_object(State)


def command_name() -> str:
    """The command being run, as the history shows it: 'meeting edit', 'merge'."""
    from typer.main import get_current_context

    ctx = get_current_context(silent=True)
    if ctx is None:
        return "kpukoord"
    words = ctx.command_path.split()[1:]  # without the program's own name
    return " ".join(words) or "kpukoord"


def db(*, create: bool = False) -> Database:
    return state().db(create=create)


@contextlib.contextmanager
def writing() -> Iterator[Database]:
    """The open database inside one transaction: a command's writes, all or none."""
    database = db()
    with database.atomic():
        yield database


def found(find: Callable[[Database, str], Any], ident: str) -> tuple[Database, Any]:
    """The open database and the record ``ident`` names, looked up by ``find`` (an id
    prefix, a name, an alias or a code, as that domain module's ``find`` reads it): the
    first step of every command about one record."""
    database = db()
    return database, find(database, ident)


def acted(
    find: Callable[[Database, str], Any], ident: str, act: Callable[[Database, Any], object]
) -> Any:
    """Find the record ``ident`` names, ``act`` on it, and return it (the command then
    says what it did: 'reopened 01J2CD Kirim data DP4 ke PPS')."""
    database, row = found(find, ident)
    act(database, row)
    return row


def show_record(
    json_out: bool,
    find: Callable[[Database, str], Any],
    record: Callable[[Database, Any], Any],
    ident: str,
    view: str,
) -> None:
    """A ``show`` command: the record ``ident`` names, as JSON or in its detail ``view``."""
    database, row = found(find, ident)
    rec = record(database, row)
    emit(json_out, rec, lambda t: getattr(t, view)(rec))


def emit(json_out: bool, data: Any, view: str | Callable[[Any], Any]) -> None:
    """The one output call of a command: JSON, or the human view.

    ``view`` is a plain line (an id, a confirmation) or a function that builds a
    renderable from :mod:`kpukoord.views.tables` (imported only when drawn).
    """
    if json_out:
        emit_json(data)
    elif isinstance(view, str):
        say(view)
    else:
        show(view(_Views()))


def emit_list(
    json_out: bool, data: Any, view: Callable[[Any], Any], more: str | None = None
) -> None:
    """A list command's output: JSON (a cut list says so on stderr), or the listing
    with its footer ("N lagi — pakai --limit N atau --all")."""
    if json_out:
        emit_json(data)
        if more:
            note(more)
        return
    listing = view(_Views())
    listing.more = more
    show(listing)


class _Views:
    """The views a command's view function may use: lists (no Rich needed when piped)
    first, then the Rich tables and detail views, each imported only when used."""

    def __getattr__(self, name: str) -> Any:
        from kpukoord.views import lists

        if hasattr(lists, name):
            return getattr(lists, name)
        from kpukoord.views import tables

        return getattr(tables, name)


def on_terminal() -> bool:
    """Whether standard output is a terminal (or one is forced, as Rich allows)."""
    import os

    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    return sys.stdout.isatty()


def day(text: str | None, flag: str) -> dt.date | None:
    """A single day given with ``flag`` (None when not given)."""
    if not text:
        return None
    from kpukoord.language import dates

    return dates.parse_day(text, what=flag)


def window(
    from_: str | None,
    to: str | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The days of ``--from``/``--to`` (each may be a range: its first/last day).

    ``start``/``end`` are the defaults for what is not given. A ``--to`` before
    ``--from`` is a usage error, the same for every command.
    """
    from kpukoord.language import dates

    lo = dates.parse(from_).start if from_ else start
    hi = dates.parse(to).end if to else end
    if lo and hi and hi < lo:
        raise UsageError(_("--to {end} is before --from {start}").format(end=hi, start=lo))
    return lo, hi


def emit_json(obj: Any) -> None:
    from kpukoord.language.text import json_visible

    sys.stdout.write(
        json_visible(json.dumps(obj, ensure_ascii=False, indent=2, default=str)) + "\n"
    )


def console(*, width: int | None = None, file: Any = None, record: bool = False) -> Console:
    """The one place a Rich console is built: markup, emoji and highlighting off (a
    name like "[/bold]" or ":flag:" is text), standard output unless ``file``."""
    from rich.console import Console

    return Console(
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
        width=width,
        file=file,
        record=record,
    )


def show(renderable: Any) -> None:
    """Print a view: on a terminal, a listing as a fitted table and any other
    renderable through Rich; piped, both as plain text (no boxes, nothing cut)."""
    from kpukoord.language.text import visible
    from kpukoord.views.lists import Listing, to_plain, to_rich

    if isinstance(renderable, Listing):
        if not on_terminal():
            sys.stdout.write(visible(to_plain(renderable)))
            return
        out = console()
        out.print(Visible(to_rich(renderable, out.width)))
        return
    if not on_terminal():  # piped: plain text, every value whole, no box drawing
        from kpukoord.views.plain import plain_text

        sys.stdout.write(visible(plain_text(renderable)))
        return
    console().print(Visible(renderable))


class Visible:
    """A renderable drawn with every character a terminal would act on shown as a
    symbol (:func:`kpukoord.language.text.visible`): the views' second line of defence, for a
    file another tool wrote escape sequences into. Rich passes them through as they
    are; its own styles are added after this, so they are kept."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment

        from kpukoord.language.text import visible

        for seg in console.render(self.inner, options):
            yield seg if seg.control else Segment(visible(seg.text), seg.style)


def say(text: str) -> None:
    """A plain line on stdout (ids, confirmations): scripts read these."""
    from kpukoord.language.text import visible

    sys.stdout.write(visible(text) + "\n")


def note(text: str) -> None:
    """A line for the operator on stderr, so stdout stays clean for scripts."""
    from kpukoord.language.text import visible

    sys.stderr.write(visible(text) + "\n")


def warn_all(lines: Iterable[str]) -> None:
    """Warnings about what was stored anyway (--ignore-weekday), one line each on stderr."""
    for line in lines:
        note(_("warning: {line}").format(line=line))


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def require(
    value: str | None,
    flag: str,
    prompt: str,
    check: Callable[[str], str | None] | None = None,
) -> str:
    """A required value: prompted for on a terminal, an error without one.

    ``check`` reads an answer: it raises :class:`~kpukoord.errors.KpuError` for a
    bad one (the reason is shown and the question asked again, so nothing typed
    so far is lost) and may return how it understood it ("→ Rabu, 22 November
    2023"). A value given as an option is checked later, by the command.
    """
    if value:
        return value
    if not interactive():
        raise UsageError(_("{flag} is required").format(flag=flag))
    import typer

    from kpukoord.errors import KpuError

    while True:
        answer: str = typer.prompt(prompt).strip()
        if not answer:
            continue
        if check is None:
            return answer
        try:
            understood = check(answer)
        except KpuError as exc:
            note(_("  {problem}; try again").format(problem=exc))
            continue
        if understood:
            note(f"  → {understood}")
        return answer


def check_date(text: str) -> str:
    """A prompt's date as understood: 'Rabu, 22 November 2023' (or a range)."""
    from kpukoord.language import dates, i18n

    parsed = dates.parse(text)
    return dates.format_range(parsed.start, parsed.end, i18n.language())


def check_agency(text: str) -> str:
    """A prompt's agency: its full name; unknown, the nearest names (the error says)."""
    from kpukoord.records import agencies

    name: str = agencies.find(db(), text)["name"]
    return name


# The largest input file read (a national CSV export is about 300 MB). Counted in
# bytes read, not by the size a file reports: /dev/urandom or a pipe reports none.
MAX_INPUT = 512 * 1024 * 1024


def read_text(path: str, limit: int = MAX_INPUT) -> tuple[str, str]:
    """(text, name) of a file, or of stdin for '-'. Errors name the file."""
    from kpukoord.errors import KpuError
    from kpukoord.language.inputs import read_bounded

    data, name = read_bounded(path, limit)
    if len(data) > limit:
        raise KpuError(
            _("{name}: larger than {value0} MB; split it").format(
                name=name, value0=limit // (1024 * 1024)
            )
        )
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise KpuError(
            _("{name}: not UTF-8 text (byte {start})").format(name=name, start=exc.start)
        ) from None


def _reader_gone() -> NoReturn:
    """The reader of standard output went away (``kpukoord export ics | head``): stop
    quietly, as other tools do, not with 'error: berkas: Broken pipe'. Standard output is
    pointed at /dev/null so that Python's own flush at exit cannot complain again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    raise SystemExit(141)  # 128 + SIGPIPE, as a shell reports a writer killed by the pipe


@contextlib.contextmanager
def output_stream(output: Path | str | None, *, binary: bool = False) -> Iterator[Any]:
    """A text stream for ``-o FILE``: standard output for None or '-', else a temporary
    file beside FILE, renamed over it only once everything is written.

    Atomic: a reader sees the old file or the new one, never half of it; on any
    failure (a write error, a database error, Ctrl-C) the old file is intact and the
    temporary one removed. Text is UTF-8, newlines as written; ``binary`` gives a
    bytes stream instead. A write error is one ``error:`` line naming the file.

    Only a regular file is ever replaced (issue 23): a symlink is written through,
    atomically at its target; a FIFO or a device (``/dev/null``, a terminal) is
    written directly, with no temporary file beside it. A new file is owner-only
    (0600), like the database: exports hold the same names. A replaced file keeps
    its permissions.
    """
    from kpukoord.errors import KpuError

    if output is None or str(output) == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # pragma: no cover - a stdout without bytes underneath
            yield sys.stdout
            return
        sys.stdout.flush()  # UTF-8 and newlines as written (ICS needs CRLF), whatever the locale
        try:
            if binary:
                yield buffer
                buffer.flush()
                return
            stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
            try:
                yield stream
                stream.flush()
            finally:
                try:
                    stream.detach()
                except (BrokenPipeError, ValueError):
                    pass
        except BrokenPipeError:
            _reader_gone()
        return

    def failed(exc: OSError) -> KpuError:
        return KpuError(
            _("{output}: cannot write ({strerror})").format(
                output=output, strerror=exc.strerror or exc
            )
        )

    target = Path(os.path.realpath(output))  # a symlink's target (or a dangling one's)
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise failed(exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise KpuError(_("{path}: is a directory").format(path=output))
    if st is not None and not stat.S_ISREG(st.st_mode):
        yield from _write_directly(target, binary, failed)
        return
    import tempfile

    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise failed(exc) from None
    tmp = Path(tmp_name)
    try:
        # replacing a file keeps its permissions; a new one is owner-only
        os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else 0o600)
        handle: Any = open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise failed(exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    note(_("saved {output}").format(output=output))


def _write_directly(target: Path, binary: bool, failed: Any) -> Iterator[Any]:
    """A FIFO, a device or a socket: written as it is, never replaced."""
    try:
        handle: Any = (
            open(target, "wb") if binary else open(target, "w", encoding="utf-8", newline="")
        )
    except OSError as exc:
        raise failed(exc) from None
    try:
        with handle:
            yield handle
    except OSError as exc:
        raise failed(exc) from None


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write a whole text or bytes to --output or stdout, through :func:`output_stream`."""
    if isinstance(data, str):  # a report, minutes, a timeline: shown, and pasted on
        from kpukoord.language.text import visible

        data = visible(data)
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
    from kpukoord.store.db import COUNT_CAP

    if total > COUNT_CAP:  # counted up to the cap (Database.count_upto)
        return _("over {n} more — use --limit N or {all_flag}").format(
            n=COUNT_CAP - shown, all_flag=all_flag
        )
    return _("{n} more — use --limit N or {all_flag}").format(n=total - shown, all_flag=all_flag)

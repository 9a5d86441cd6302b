"""The tool's own error types.

Every expected failure (bad input, unknown agency, broken file) is raised as a
``KpuError``. The command line catches these at one boundary and prints a
single line on stderr with the exit code below; nothing else is shown.
"""

from __future__ import annotations


class KpuError(Exception):
    """A domain error: the input is understood but cannot be accepted (exit 1)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(KpuError):
    """The command was called wrongly: a bad option value or combination (exit 2)."""

    exit_code = 2


class DateError(KpuError):
    """A date string that cannot be understood or contradicts itself."""


class NotFound(KpuError):
    """A named record (agency, meeting, stage...) does not exist."""


class Ambiguous(KpuError):
    """A name or id prefix matches more than one record."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class Duplicate(KpuError):
    """A new record that repeats a stored one (``existing``: the stored record's id)."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


class FileProblems(KpuError):
    """One or more problems in an input file, each as ``file:line: message``.

    ``unknown_agencies`` carries the agency names that were not found, so that a
    caller summing up many rows (``import meetings``) reads the names, not the text.
    """

    def __init__(self, problems: list[str], *, unknown_agencies: list[str] | None = None) -> None:
        self.problems = problems
        self.unknown_agencies = unknown_agencies or []
        super().__init__("\n".join(problems))


class DatabaseError(KpuError):
    """The database file cannot be used: not ours, corrupt, newer, unreachable."""


class Interrupted(KpuError):
    """Ctrl-C (SIGINT) during a command: every write is one transaction and every
    file is written beside its target and renamed at the end, so nothing changed
    (exit 130, as shells report a command ended by SIGINT)."""

    exit_code = 130

    def __init__(self) -> None:
        from kpukoord.language.i18n import _

        super().__init__(_("cancelled; nothing was changed"))


def describe(exc: BaseException) -> str:
    """What the operator reads of a failure, without the ``error:`` prefix (one line a
    problem; a :class:`FileProblems` has several). Both front doors print this: the
    Typer app's error boundary and the start-up fast path."""
    from kpukoord.language.i18n import _

    if isinstance(exc, FileProblems):
        return "\n".join(exc.problems)
    if isinstance(exc, KpuError):
        return exc.message
    if isinstance(exc, KeyboardInterrupt):  # the transaction and any temporary file are undone
        return Interrupted().message
    if isinstance(exc, UnicodeError):
        return _("text that is not valid UTF-8 (in an argument or a file)")
    if isinstance(exc, OSError):
        where = exc.filename or _("file")
        return _("{where}: {value0}").format(where=where, value0=exc.strerror or exc)
    import sqlite3  # loaded already whenever a database was opened

    if isinstance(exc, sqlite3.DatabaseError):
        return _("database: {problem}").format(problem=exc)
    return _(
        "internal error ({kind}: {problem}); nothing was saved. "
        "Run again with KPUKOORD_DEBUG=1 to see where, and report it"
    ).format(kind=type(exc).__name__, problem=exc)


def is_bug(exc: BaseException) -> bool:
    """Not a failure the tool expects (a KpuError, the database's, a file's, bad UTF-8):
    with KPUKOORD_DEBUG set, its traceback is shown instead of :func:`describe`'s line."""
    import sqlite3

    expected = (KpuError, KeyboardInterrupt, UnicodeError, OSError, sqlite3.DatabaseError)
    return not isinstance(exc, expected)


def exit_code(exc: BaseException) -> int:
    """The exit code of a failure :func:`describe` describes."""
    if isinstance(exc, KpuError):
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted.exit_code
    return 1


def lines(exc: BaseException) -> list[str]:
    """The ``error: …`` lines of a failure, every character a terminal acts on shown."""
    from kpukoord.language.text import visible

    message = describe(exc)
    return [f"error: {line}" for line in visible(message).splitlines() or [message]]

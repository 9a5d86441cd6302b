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

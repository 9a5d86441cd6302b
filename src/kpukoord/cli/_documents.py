"""The one way a document leaves the program: a format, an output, one rule for ``-o``.

Every command that writes a document of :mod:`kpukoord.views.document` (the weekly
report, the offices report, ``demo``, the minutes, the berita) checks its
``--format`` with :func:`check_format` and hands the built document to
:func:`write_document`, so the rules below hold for all of them:

- ``terminal`` draws the document on standard output (a fitted Rich drawing on a
  terminal, the same drawing as plain text when piped); with ``-o FILE`` (``-o -``
  too) the drawing is written as plain text, 100 columns wide.
- ``text``, ``markdown`` and ``html`` are the writers of :data:`document.WRITERS`;
  ``docx`` is binary, so it refuses a terminal as standard output.
- A file is written through :func:`_common.write_output` (atomic, never replacing a
  FIFO or a device, a new file owner-only); standard output for no ``-o`` or ``-o -``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kpukoord.cli import _common
from kpukoord.errors import UsageError
from kpukoord.language.i18n import _

if TYPE_CHECKING:
    from kpukoord.views.document import Document

# The columns of a terminal drawing written to a file (a report pasted into a message).
FILE_WIDTH = 100


def check_format(format: str, formats: Sequence[str], output: Path | None = None) -> None:
    """A usage error for a format the command does not write, or for a binary
    format bound for a terminal; said before anything is read or built."""
    if format not in formats:
        raise UsageError(
            _("unknown format {format!r}; choose from: {value0}").format(
                format=format, value0=", ".join(formats)
            )
        )
    if format == "docx" and _to_stdout(output) and sys.stdout.isatty():
        raise UsageError(_("docx is a binary file: give -o FILE (or redirect stdout)"))


def write_document(doc: Document, format: str, output: Path | None) -> None:
    """Write ``doc`` in ``format`` (checked with :func:`check_format`) to ``output``."""
    from kpukoord.views import document

    if format == "terminal":
        if output is None:  # "-o -" is a file like any other: the 100-column drawing
            _common.show(document.to_rich(doc))
            return
        import io

        drawing = _common.console(width=FILE_WIDTH, file=io.StringIO(), record=True)
        drawing.print(document.to_rich(doc))
        _common.write_output(drawing.export_text(), output)
    elif format == "docx":
        from kpukoord.views.docx import to_docx

        _common.write_output(to_docx(doc), output)
    else:
        _common.write_output(document.WRITERS[format](doc), output)


def _to_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"

"""Exchange with other tools: JSON/CSV export, meeting import, iCalendar export.

Exports carry every field and stable ids, so a re-import updates instead of
duplicating, and calendars update events instead of adding new ones.

The writers and the reader live by format in this package: ``tables`` (JSON and CSV
exports), ``meeting_import`` and ``ics``. Callers import this module; it names what
they use.
"""

from kpukoord.exchange.ics import _fold, _ics_text, write_ics
from kpukoord.exchange.meeting_import import import_meetings
from kpukoord.exchange.tables import (
    MEETING_COLUMNS,
    TABLES,
    iter_records,
    records,
    write_csv,
    write_json,
)

__all__ = [
    "MEETING_COLUMNS",
    "TABLES",
    "_fold",
    "_ics_text",
    "import_meetings",
    "iter_records",
    "records",
    "write_csv",
    "write_ics",
    "write_json",
]

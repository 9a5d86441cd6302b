"""A meeting's days: its span, its separate days and each day's own time."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language import dates


def _span_text(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


def _days_json(
    days: tuple[dt.date, ...] | None,
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None,
) -> str | None:
    """meeting.days: the separate days as a JSON list of ISO dates, or every day with its
    own time as {"date", "time", "end_time"}; NULL for a span at the meeting's time."""
    if day_times:
        return json.dumps(
            [{"date": d.isoformat(), "time": s, "end_time": e} for d, s, e in day_times]
        )
    return json.dumps([d.isoformat() for d in days]) if days else None


def day_entries(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every day of a meeting with its times: its own when each day has one, else the
    meeting's (``rec`` is a stored row or a record: start/end dates, times, days)."""
    stored = rec.get("days")
    if isinstance(stored, str) and stored:
        stored = json.loads(stored)
    if isinstance(stored, list) and stored and isinstance(stored[0], dict):
        return [{"date": d["date"], "time": d["time"], "end_time": d["end_time"]} for d in stored]
    return [
        {"date": d.isoformat(), "time": rec["start_time"], "end_time": rec.get("end_time")}
        for d in days_of(rec)
    ]


def _days_written(
    written: str, start: dt.date, end: dt.date, ref: dt.date | None
) -> tuple[tuple[dt.date, ...] | None, tuple[tuple[dt.date, str | None, str | None], ...] | None]:
    """The separate days (and each day's own time) a file's phrase names, when it names
    the file's first and last day (else the phrase is only text: the file's dates stand)."""
    if start == end:
        return None, None
    try:
        parsed = dates.parse(written, ref=ref, ignore_weekday=True, separate_days=True)
    except KpuError:
        return None, None
    if (parsed.start, parsed.end) != (start, end):
        return None, None
    return parsed.days, parsed.day_times


def days_of(rec: dict[str, Any]) -> list[dt.date]:
    """Every day a meeting took place: its separate days, else its span."""
    first, last = dt.date.fromisoformat(rec["start_date"]), dt.date.fromisoformat(rec["end_date"])
    stored = rec.get("days")
    if isinstance(stored, str) and stored:
        stored = json.loads(stored)
    if isinstance(stored, list) and stored:
        return [dt.date.fromisoformat(d["date"] if isinstance(d, dict) else d) for d in stored]
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]

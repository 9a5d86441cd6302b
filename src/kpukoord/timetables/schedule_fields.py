"""The fields of a schedule file checked one by one: dates, text, regions, the
confirmed occurrences of a recurring stage and a stage's earlier (amended) dates.

Each checker reports its problems through the ``problem`` callback it is given, so
that :func:`.schedule_files.parse_document` can report every problem of a file at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language.i18n import _
from kpukoord.timetables.schedule_defs import _AMENDED_FIELDS, _OCCURRENCE_FIELDS, CONFIDENCE
from kpukoord.timetables.stages import ALL_REGIONS


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("give a date without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a YYYY-MM-DD date")


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ValueError("expected text, found a list or mapping")
    s = str(value).strip()
    if any(ord(c) < 32 and c not in "\n\t" for c in s):
        raise ValueError("control characters are not allowed")
    return s or None


def _regions(value: Any, problem: Any) -> list[str]:
    """``all`` or a list of Kemendagri codes (checked against the bundled table)."""
    from kpukoord.language import regions

    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in items:
        if isinstance(v, float):  # 19.10 read as a number is 19.1
            problem(
                _("regions: quote region codes ('{v}'), or YAML reads them as numbers").format(v=v)
            )
            continue
        text = str(v).strip() if isinstance(v, (str, int)) else ""
        if text == ALL_REGIONS:
            out.append(ALL_REGIONS)
            continue
        if not text or not any(c.isdigit() for c in text):
            problem(
                _("regions: give 'all' or Kemendagri codes like 13 or 19.01, not {v!r}").format(v=v)
            )
            continue
        try:
            out.append(regions.check(text))
        except KpuError as exc:
            problem(_("regions: {message}").format(message=exc.message))
    if ALL_REGIONS in out and len(out) > 1:
        problem(_("regions: 'all' cannot be combined with region codes"))
    if not out and not isinstance(value, list):
        return [ALL_REGIONS]
    if isinstance(value, list) and not value:
        problem(_("regions: give 'all' or at least one region code"))
    return out or [ALL_REGIONS]


def _mappings(
    value: list[Any], fields: set[str], not_mapping: str, problem: Any
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The entries of a list of mappings with their index; an entry that is not a mapping
    is reported (``not_mapping``) and skipped, a field not in ``fields`` reported."""
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            problem((i,), not_mapping)
            continue
        for k in entry:
            if k not in fields:
                problem((i, k), _("unknown field {k!r}").format(k=k))
        yield i, entry


def _check_listed(i: int, sources: list[str], listed: dict[str, str], problem: Any) -> None:
    """Every source key an entry cites must be listed under the schedule's sources."""
    for x in sources:
        if listed and x not in listed:
            problem(
                (i, "sources"),
                _("source {x!r} is not listed under the schedule's sources").format(x=x),
            )


def _occurrences(
    value: Any, rule: Any, listed: dict[str, str], problem: Any
) -> list[dict[str, Any]]:
    """Confirmed occurrences of a recurring stage: [{period, date | start/end,
    confidence, sources}], each inside the span its period allows."""
    from kpukoord.timetables import recurrence

    if not isinstance(value, list):
        problem((), _("give a list of confirmed occurrences (period, date, confidence)"))
        return []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, entry in _mappings(
        value,
        _OCCURRENCE_FIELDS,
        _("an occurrence must be a mapping (period, date, confidence)"),
        problem,
    ):
        period = str(entry.get("period") or "").strip()
        try:
            recurrence.check_period(rule, period)
        except ValueError as exc:
            problem((i, "period"), str(exc))
            continue
        if period in seen:
            problem((i, "period"), _("period {period} is confirmed twice").format(period=period))
            continue
        seen.add(period)
        rec: dict[str, Any] = {"period": period}
        try:
            if "date" in entry:
                if "start" in entry or "end" in entry:
                    raise ValueError(_("give either date or start/end, not both"))
                rec["start"] = rec["end"] = _date(entry["date"]).isoformat()
            else:
                rec["start"] = _date(entry.get("start")).isoformat()
                rec["end"] = _date(entry.get("end")).isoformat()
        except ValueError as exc:
            problem((i, "date" if "date" in entry else "start"), str(exc))
            continue
        if rec["end"] < rec["start"]:
            problem(
                (i, "end"),
                _("ends {end} before it starts {start}").format(end=rec["end"], start=rec["start"]),
            )
            continue
        lo, hi = recurrence.allowed(rule, period)
        if rec["start"] < lo.isoformat() or rec["end"] > hi.isoformat():
            problem(
                (i, "date" if "date" in entry else "start"),
                _("{start} is outside {period} ({lo} – {hi})").format(
                    start=rec["start"], period=period, lo=lo, hi=hi
                ),
            )
            continue
        conf = entry.get("confidence")
        if conf not in CONFIDENCE:
            problem(
                (i, "confidence"),
                _("confidence is required ({value0})").format(value0=", ".join(CONFIDENCE)),
            )
            continue
        rec["confidence"] = conf
        srcs = entry.get("sources", [])
        if not isinstance(srcs, list):
            problem((i, "sources"), _("sources must be a list of source keys"))
            continue
        rec["sources"] = [str(x) for x in srcs]
        _check_listed(i, rec["sources"], listed, problem)
        if conf == "news-2" and len(set(rec["sources"])) < 2:
            problem(
                (i, "confidence"),
                _("confidence news-2 needs two or more sources, {value0} listed").format(
                    value0=len(set(rec["sources"]))
                ),
            )
        out.append(rec)
    return sorted(out, key=lambda o: o["start"])


def _amended(value: Any, listed: dict[str, str], problem: Any) -> list[dict[str, Any]]:
    """A stage's earlier dates: [{date | start/end, changed?, by, sources}], oldest first."""
    if not isinstance(value, list) or not value:
        problem((), _("give a list of earlier dates, each with by (the decision) and sources"))
        return []
    out: list[dict[str, Any]] = []
    for i, entry in _mappings(
        value, _AMENDED_FIELDS, _("each entry must be a mapping (start, end, by, sources)"), problem
    ):
        rec: dict[str, Any] = {"start": None, "end": None, "changed": None}
        for fld in ("date", "start", "end", "changed"):
            if entry.get(fld) is None:
                continue
            try:
                d = _date(entry[fld]).isoformat()
            except ValueError as exc:
                problem((i, fld), _("{fld}: {exc}").format(fld=fld, exc=exc))
                continue
            if fld == "date":
                rec["start"] = rec["end"] = d
            else:
                rec[fld] = d
        if "date" in entry and ("start" in entry or "end" in entry):
            problem((i, "date"), _("give either date or start/end, not both"))
        if not (rec["start"] or rec["end"]):
            problem((i,), _("the earlier dates are required (date, or start and end)"))
        if rec["start"] and rec["end"] and rec["end"] < rec["start"]:
            problem(
                (i, "end"),
                _("ends {end} before it starts {start}").format(end=rec["end"], start=rec["start"]),
            )
        try:
            rec["by"] = _str(entry.get("by"))
        except ValueError as exc:
            problem((i, "by"), _("by: {exc}").format(exc=exc))
        if not rec.get("by"):
            problem((i,), _("by is required: the decision or report that changed the dates"))
        srcs = entry.get("sources")
        if not isinstance(srcs, list) or not srcs:
            problem((i,), _("sources are required: the keys that report the earlier dates"))
            srcs = []
        rec["sources"] = [str(x) for x in srcs]
        _check_listed(i, rec["sources"], listed, problem)
        out.append(rec)
    return out

"""People and the positions they hold over time.

A meeting shows the position held *at the meeting's date* ("Plh Ketua KPU
Sijunjung" in July 2024), not only the person's current title.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kpukoord.errors import KpuError, NotFound, UsageError
from kpukoord.language import dates, names
from kpukoord.language.i18n import _
from kpukoord.records import agencies, lookup
from kpukoord.store.db import Database, Row


def find(db: Database, text: str) -> Row:
    text = (text or "").strip()
    if not text:
        raise UsageError(_("a person's name is required"))
    rows = lookup.by_id_prefix(db, "person", text)
    if len(rows) == 1:
        return rows[0]
    rows = db.query(
        "SELECT * FROM person WHERE lookup = ? AND deleted_at IS NULL ORDER BY name",
        [names.key(text)],
    )
    if not rows:  # a short name the person is known by ("Bahar")
        rows = db.query(
            "SELECT DISTINCT p.* FROM person_alias a JOIN person p ON p.id = a.person_id "
            "WHERE a.lookup = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.name",
            [names.key(text)],
        )
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        raise lookup.ambiguous(
            rows, _("person {text!r} is ambiguous: {value0}; give the id"), text=text
        )
    close = [r["name"] for r in near(db, text, cutoff=0.6)]
    if close:
        raise NotFound(
            _("unknown person {text!r}; did you mean: {value0}?").format(
                text=text, value0=", ".join(close)
            )
        )
    raise NotFound(_("unknown person {text!r} (see 'kpukoord person list')").format(text=text))


def near(
    db: Database, text: str, agency_id: str | None = None, *, cutoff: float = 0.8, n: int = 5
) -> list[Row]:
    """Live people whose names are close to text (a typo: "Irfan Lahbu" for "Irfan
    Lahabu"), best first, not the same name; with agency_id only people of that
    agency (a position there, or attended a meeting for it)."""
    import difflib

    k = names.key(text)
    if not k:
        return []
    # ratio <= 2*min(len)/(sum of len): only keys of a length that can reach the cutoff
    lo, hi = len(k) * cutoff / (2 - cutoff), len(k) * (2 - cutoff) / max(cutoff, 0.01)
    if agency_id:
        rows = db.query(
            "SELECT * FROM person WHERE deleted_at IS NULL AND length(lookup) BETWEEN ? AND ? "
            "AND id IN ("
            " SELECT person_id FROM position WHERE agency_id = ? AND deleted_at IS NULL"
            " UNION SELECT person_id FROM attendee WHERE agency_id = ? AND deleted_at IS NULL"
            "  AND person_id IS NOT NULL)",
            [lo, hi, agency_id, agency_id],
        )
    else:
        rows = db.query(
            "SELECT * FROM person WHERE deleted_at IS NULL AND length(lookup) BETWEEN ? AND ?",
            [lo, hi],
        )
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(k)  # the typed name is compared with every row: analysed once
    scored = []
    for row in rows:
        if row["lookup"] == k:
            continue
        matcher.set_seq1(row["lookup"])
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        ratio = matcher.ratio()
        if ratio >= cutoff:
            scored.append((-ratio, row["name"], row))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [row for _, _, row in scored[:n]]


def find_optional(db: Database, text: str) -> Row | None:
    try:
        return find(db, text)
    except NotFound:
        return None


def add(db: Database, name: str) -> str:
    name = " ".join(name.split())
    if not names.key(name):
        raise UsageError(_("person name {name!r} has no letters").format(name=name))
    return db.insert("person", {"name": name, "lookup": names.key(name)})


def add_aliases(db: Database, person_id: str, aliases: list[str]) -> None:
    """Short names a person is known by. An alias without letters, or that is another
    person's name or alias, is an error naming it; one already known is kept once."""
    person = db.get("person", person_id)
    assert person is not None
    known = {person["lookup"]} | {r["lookup"] for r in _aliases(db, person_id)}
    for alias in aliases:
        alias = " ".join(str(alias).split())
        key = names.key(alias)
        if not key:
            raise UsageError(_("alias {alias!r} has no letters").format(alias=alias))
        if key in known:
            continue
        other = db.one(
            "SELECT p.name FROM person p WHERE p.lookup = ? AND p.deleted_at IS NULL UNION ALL "
            "SELECT p.name FROM person_alias a JOIN person p ON p.id = a.person_id "
            "WHERE a.lookup = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL LIMIT 1",
            [key, key],
        )
        if other is not None:  # a conflict of records, not of how the command was called
            raise KpuError(
                _("alias {alias!r} already names another person: {name}").format(
                    alias=alias, name=other["name"]
                )
            )
        db.insert("person_alias", {"person_id": person_id, "alias": alias, "lookup": key})
        known.add(key)


def edit(
    db: Database,
    row: Row,
    *,
    name: str | None = None,
    aliases: list[str] | None = None,
    remove_aliases: list[str] | None = None,
) -> None:
    """Correct a person's name and the short names they are known by (``aliases``: to add).

    A new name keeps the old one as a short name (what was typed before, a misspelling
    in last month's minutes, still finds the person) unless it is removed too; a name
    that is another person's is refused: two records of one person are not merged here.
    """
    with db.atomic():
        current = _aliases(db, row["id"])
        drop = {names.key(a) for a in (remove_aliases or [])}
        known = {r["lookup"] for r in current}
        unknown = [a for a in (remove_aliases or []) if names.key(a) not in known]
        if name is not None and names.key(row["name"]) in drop:
            unknown = [a for a in unknown if names.key(a) != names.key(row["name"])]
        if unknown:
            raise UsageError(
                _("{name!r} has no alias {value0!r}").format(name=row["name"], value0=unknown[0])
            )
        for alias in db.query(
            "SELECT id, lookup FROM person_alias WHERE person_id = ? AND deleted_at IS NULL",
            [row["id"]],
        ):
            if alias["lookup"] in drop:
                db.soft_delete("person_alias", alias["id"])
        extra = list(aliases or [])
        if name is not None and " ".join(name.split()) != row["name"]:
            new_name = " ".join(name.split())
            key = names.key(new_name)
            if not key:
                raise UsageError(_("person name {name!r} has no letters").format(name=new_name))
            other = db.one(
                "SELECT name FROM person WHERE lookup = ? AND id != ? AND deleted_at IS NULL "
                "UNION ALL SELECT p.name FROM person_alias a JOIN person p ON p.id = a.person_id "
                "WHERE a.lookup = ? AND a.person_id != ? AND a.deleted_at IS NULL "
                "AND p.deleted_at IS NULL LIMIT 1",
                [key, row["id"], key, row["id"]],
            )
            if other is not None:
                raise KpuError(
                    _("{new!r} already names another person: {name}").format(
                        new=new_name, name=other["name"]
                    )
                )
            for alias in db.query(  # the new name was a short name of theirs: now the name
                "SELECT id FROM person_alias WHERE person_id = ? AND lookup = ? "
                "AND deleted_at IS NULL",
                [row["id"], key],
            ):
                db.soft_delete("person_alias", alias["id"])
            db.update("person", row["id"], {"name": new_name, "lookup": key})
            if key != row["lookup"] and row["lookup"] not in drop:
                extra.insert(0, row["name"])  # the old name keeps finding them
        add_aliases(db, row["id"], extra)


def _aliases(db: Database, person_id: str) -> list[Row]:
    return db.query(
        "SELECT alias, lookup FROM person_alias WHERE person_id = ? AND deleted_at IS NULL "
        "ORDER BY created_at, alias",
        [person_id],
    )


def add_position(
    db: Database,
    person_id: str,
    agency_id: str,
    title: str,
    *,
    divisi: str | None = None,
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
) -> str:
    title = " ".join(title.split())
    if not title:
        raise UsageError(_("a position title is required"))
    if from_date and to_date and to_date < from_date:
        raise UsageError(
            _("position ends ({to_date}) before it starts ({from_date})").format(
                to_date=to_date, from_date=from_date
            )
        )
    return db.insert(
        "position",
        {
            "person_id": person_id,
            "agency_id": agency_id,
            "title": title,
            "divisi": divisi,
            "from_date": from_date.isoformat() if from_date else None,
            "to_date": to_date.isoformat() if to_date else None,
        },
    )


_PERIOD_RE = re.compile(
    r"(?:periode|masa\s+jabatan|tahun)?\s*(\d{4})\s*"
    r"(?:[-–—/]|s\s*[./]\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*(\d{4})",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:tahun\s+)?(\d{4})", re.IGNORECASE)


def _span(text: str, what: str) -> tuple[dt.date, dt.date, bool]:
    """(first day, last day, is a periode of years) of a position date."""
    t = " ".join(text.split())
    m = _PERIOD_RE.fullmatch(t)
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        if last < first:
            raise UsageError(
                _("{what} {text!r}: the periode ends ({last}) before it starts ({first})").format(
                    what=what, text=text, last=last, first=first
                )
            )
        return dt.date(first, 1, 1), dt.date(last, 12, 31), True
    m = _YEAR_RE.fullmatch(t)
    if m:
        year = int(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), False
    parsed = dates.parse(t)
    return parsed.start, parsed.end, False


def position_dates(
    from_text: str | None, to_text: str | None
) -> tuple[dt.date | None, dt.date | None]:
    """The from/to days of a position as typed: a date, a month ("Juni 2018": from its
    first day, to its last), a year ("2018") or a periode ("2018-2023": from 1 January
    2018 to 31 December 2023 unless --to says otherwise)."""
    from_date = to_date = None
    if from_text:
        from_date, period_end, period = _span(from_text, "--from")
        if period and not to_text:
            to_date = period_end
    if to_text:
        _, to_date, _ = _span(to_text, "--to")
    return from_date, to_date


# A person's live positions with their agency's name (the list, and the one held on a
# day), latest first: by start, undated ones last, then by when they were written.
_POSITIONS = (
    "SELECT p.*, a.name AS agency FROM position p JOIN agency a ON a.id = p.agency_id "
    "WHERE p.person_id = ? AND p.deleted_at IS NULL "
)
_LATEST_FIRST = "ORDER BY coalesce(p.from_date, '') DESC, p.created_at DESC"


def positions(db: Database, person_id: str) -> list[Row]:
    return db.query(_POSITIONS + _LATEST_FIRST, [person_id])


def position_at(db: Database, person_id: str, agency_id: str | None, day: dt.date) -> Row | None:
    """The position held on day (at agency_id, when given), latest first."""
    d = day.isoformat()
    sql = (
        _POSITIONS
        + "AND (p.from_date IS NULL OR p.from_date <= ?) AND (p.to_date IS NULL OR p.to_date >= ?) "
    )
    params: list[Any] = [person_id, d, d]
    if agency_id:
        sql += "AND p.agency_id = ? "
        params.append(agency_id)
    sql += _LATEST_FIRST + " LIMIT 1"
    return db.one(sql, params)


def record(db: Database, row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "aliases": [a["alias"] for a in _aliases(db, row["id"])],
        "positions": [
            {
                "id": p["id"],
                "title": p["title"],
                "agency": p["agency"],
                "agency_id": p["agency_id"],
                "divisi": p["divisi"],
                "from": p["from_date"],
                "to": p["to_date"],
            }
            for p in positions(db, row["id"])
        ],
        "meetings": [
            {"id": m["id"], "title": m["title"], "start_date": m["start_date"]}
            for m in db.query(
                "SELECT DISTINCT m.id, m.title, m.start_date FROM attendee t "
                "JOIN meeting m ON m.id = t.meeting_id WHERE t.person_id = ? "
                "AND t.deleted_at IS NULL AND m.deleted_at IS NULL ORDER BY m.start_date DESC",
                [row["id"]],
            )
        ],
    }


def list_rows(db: Database, agency: str | None = None) -> list[Row]:
    """People with their latest position (at agency, when given)."""
    params: list[Any] = []
    where = "pe.deleted_at IS NULL"
    if agency:
        where += " AND po.agency_id = ?"
        params.append(agencies.find(db, agency)["id"])
    return db.query(
        "SELECT pe.id, pe.name, po.title, po.divisi, a.name AS agency, po.from_date, po.to_date "  # noqa: S608 (fixed clauses, ? placeholders)
        "FROM person pe "
        "LEFT JOIN position po ON po.id = ("
        "  SELECT id FROM position WHERE person_id = pe.id AND deleted_at IS NULL "
        "  ORDER BY coalesce(from_date, '') DESC, created_at DESC LIMIT 1) "
        f"LEFT JOIN agency a ON a.id = po.agency_id WHERE {where} ORDER BY pe.name",
        params,
    )

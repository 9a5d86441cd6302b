"""Writing meetings: the one write path (:class:`Writer`).

It resolves agencies, people and stages before anything is written, then queues the
rows; :mod:`~kpukoord.records.meetings.changes` runs it inside one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from kpukoord.errors import FileProblems, KpuError, NotFound, UsageError
from kpukoord.language import dates, names
from kpukoord.language.i18n import _
from kpukoord.record import replace as with_changes
from kpukoord.records import actions as actions_mod
from kpukoord.records import agencies, people
from kpukoord.records.meetings.days import _days_json, _span_text
from kpukoord.records.meetings.fields import ROLES, SCALARS, SINGLE_ROLES, AttendeeSpec, Draft
from kpukoord.store.db import Database, Row
from kpukoord.store.ids import new_id


class Writer:
    """The one write path of meetings: new ones, changes, occurrences of a series, imports.

    Each rule lives here once: a meeting in the future cannot be held; the status
    defaults from the date; a time without a zone takes the office's; names of
    agencies, people and stages resolve before anything is written, so a bad draft
    leaves nothing behind. New meetings are queued and inserted in batches (one
    meeting is a batch of one; an import feeds thousands through the same code);
    call :meth:`flush` at the end, inside the caller's transaction.
    """

    TABLES = (
        "meeting",
        "attendee",
        "attendee_group",
        "decision",
        "action",
        "meeting_stage",
        "meeting_regulation",
        "meeting_item",
    )

    def __init__(
        self,
        db: Database,
        *,
        new_agencies: bool = False,
        batch: int = 5000,
        new_people: bool = False,
    ) -> None:
        self.db = db
        self.new_agencies = new_agencies
        self.new_people = new_people  # a name close to a known one is not a typo
        self.batch = batch
        self.office = db.office()
        self.today = dates.today()
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in self.TABLES}
        self._agencies: dict[str, Row] = {}
        self._people: dict[str, Row | None] = {}
        self._stages: dict[tuple[str, dt.date, str | None], str] = {}

    # -- the rules ---------------------------------------------------------

    def _status(self, draft: Draft, start: dt.date, current: str | None) -> str:
        """The status to store: the draft's, else the current one, else from the date."""
        status = draft.status or current or ("planned" if start > self.today else "held")
        if status == "held" and start > self.today:
            where = draft.where.get("status") or draft.where.get("date") or "--status"
            raise KpuError(
                _(
                    "{where}: a meeting on {start} (in the future) cannot be 'held'; use --status planned"
                ).format(where=where, start=start)
            )
        return status

    def _zone(self, draft: Draft, current: str | None) -> str | None:
        """A time's zone: the draft's, else the meeting's, else the office's."""
        return draft.timezone or current or self.office.get("timezone")

    # -- names -------------------------------------------------------------

    def agencies(self, specs: Iterable[tuple[str, str]]) -> dict[str, Row]:
        """Resolve every (name, where); report all unknown names together."""
        problems: list[str] = []
        unknown: dict[str, list[str]] = {}  # name -> where it was named
        resolved_now: list[str] = []
        for name, where in specs:
            if name in self._agencies:
                continue
            if name in unknown:
                unknown[name].append(where)
                continue
            try:
                self._agencies[name], _created = agencies.ensure(
                    self.db, name, create=self.new_agencies
                )
                resolved_now.append(name)
            except NotFound:
                unknown[name] = [where]
            except KpuError as exc:
                problems.append(_("{where}: {exc}").format(where=where, exc=exc))
        if problems or unknown:
            for name in resolved_now:  # the caller rolls back what was created for this draft
                del self._agencies[name]
            if unknown:  # one line: each name once, with the nearest known names
                wheres = ", ".join(dict.fromkeys(w for ws in unknown.values() for w in ws))
                close = {n: agencies.suggestions(self.db, n, limit=3) for n in unknown}
                if len(unknown) == 1:
                    [(name, near)] = close.items()
                    what = _("unknown agency {name!r}").format(name=name)
                    if near:
                        what += "; " + _("did you mean: {names}?").format(names=", ".join(near))
                    hint = _(
                        "add it with 'kpukoord agency add', or pass --new-agencies to create it"
                    )
                else:
                    near = list(dict.fromkeys(c for cs in close.values() for c in cs))
                    what = _("unknown agencies: {names}").format(names=", ".join(unknown))
                    if near:
                        what += (
                            " (" + _("did you mean: {names}?").format(names=", ".join(near)) + ")"
                        )
                    hint = _(
                        "add them with 'kpukoord agency add', or pass --new-agencies to create them"
                    )
                problems.append(
                    _("{wheres}: {what} ({hint})").format(wheres=wheres, what=what, hint=hint)
                )
            raise FileProblems(problems, unknown_agencies=list(unknown))
        return self._agencies

    def _stage_ids(self, draft: Draft, day: dt.date, host: str | None = None) -> list[str]:
        """The stages a draft names, among the schedules that apply where its host is."""
        from kpukoord.timetables import stages as stage_mod

        host = draft.host or host

        problems, ids = [], []
        for name, where in draft.stages:
            key = (name, day, host)
            if key not in self._stages:
                try:  # among the schedules that apply where the host is
                    codes = stage_mod.codes_for_host(self.db, host)
                    row = stage_mod.resolve(self.db, name, day, codes=codes)
                    self._stages[key] = row["id"]
                except KpuError as exc:
                    problems.append(_("{where}: {exc}").format(where=where, exc=exc))
                    continue
            ids.append(self._stages[key])
        if problems:
            raise FileProblems(problems)
        return list(dict.fromkeys(ids))

    @staticmethod
    def _specs(draft: Draft) -> list[tuple[str, str]]:
        host = [(draft.host, draft.where.get("host", "--host"))] if draft.host else []
        return (
            host
            + [(a.agency, a.where) for a in draft.attendees if a.agency]
            + [(a.owner, a.where) for a in draft.actions if not a.group]
            + [(i.agency, i.where) for i in draft.items if i.agency]
        )

    def _group_owners(self, draft: Draft, meeting_id: str | None) -> Draft:
        """Follow-ups whose owner names a collective attendee of the meeting (the draft's,
        or the stored meeting's) are that group's: 'owner=PPK se-Kabupaten Bali'."""
        if not draft.actions:
            return draft
        scopes = {names.key(g.scope): g.scope for g in draft.groups}
        if meeting_id:
            for r in self.db.query(
                "SELECT scope FROM attendee_group WHERE meeting_id = ? AND deleted_at IS NULL",
                [meeting_id],
            ):
                scopes.setdefault(names.key(r["scope"]), r["scope"])
        owned = []
        for a in draft.actions:
            scope = scopes.get(names.key(a.owner))
            if a.group and scope is None:
                raise UsageError(
                    _("{where}: owner {group!r} is no collective attendee of this meeting").format(
                        where=a.where, group=a.group
                    )
                )
            owned.append(with_changes(a, group=scope) if scope else a)
        return with_changes(draft, actions=owned)

    # -- writing -----------------------------------------------------------

    def stored_twin(
        self, draft: Draft, *, host_id: str | None = None, stored_before: int | None = None
    ) -> str | None:
        """The id of a stored meeting this draft repeats: the same day, host and title,
        and the same start time or no time on either side (a morning and an afternoon
        pleno of one day are two meetings). Nothing is resolved or created for it: a
        host the database does not know has no stored meeting. ``host_id``: the host,
        when the caller has resolved it; ``stored_before``: only meetings stored up to
        that rowid (an import's own rows are checked apart)."""
        if draft.start is None or not draft.title:
            return None
        if host_id is None and draft.host:
            try:
                host_id = agencies.ensure(self.db, draft.host, create=False)[0]["id"]
            except KpuError:  # unknown or ambiguous: no meeting of it is stored
                return None
        elif host_id is None:
            host_id = draft.host_id or self.office.get("agency_id")
        found = self.db.one(
            "SELECT id FROM meeting WHERE start_date = ? AND host_id IS ? AND rowid <= ? "
            "AND title = ? AND deleted_at IS NULL "
            "AND (? IS NULL OR start_time IS NULL OR start_time = ?) LIMIT 1",
            [
                draft.start.isoformat(),
                host_id,
                (1 << 63) - 1 if stored_before is None else stored_before,
                draft.title,
                draft.time,
                draft.time,
            ],
        )
        return str(found["id"]) if found else None

    def add(self, draft: Draft, *, id: str | None = None, series_id: str | None = None) -> str:
        """Queue a new meeting with its children; return its id."""
        draft = self._group_owners(draft, None)
        if not draft.title or draft.start is None or draft.end is None:
            raise UsageError(_("a new meeting needs a title and a date"))
        status = self._status(draft, draft.start, None)
        stage_ids = self._stage_ids(draft, draft.start)  # first: it creates nothing
        found = self.agencies(self._specs(draft))
        meeting_id = id or new_id()
        self._queue(
            "meeting",
            {
                "id": meeting_id,
                "title": draft.title,
                "kind": draft.kind or "rakor",
                "status": status,
                "start_date": draft.start.isoformat(),
                "end_date": draft.end.isoformat(),
                "date_as_written": draft.date_as_written
                or _span_text(draft.start.isoformat(), draft.end.isoformat()),
                "days": _days_json(draft.days, draft.day_times),
                "part_of_day": draft.part_of_day,
                "start_time": draft.time,
                "end_time": draft.end_time,
                # with or without a clock time, the meeting happens in a zone: the host
                # office's unless given
                "timezone": self._zone(draft, None),
                "venue": draft.venue,
                "host_id": found[draft.host]["id"]
                if draft.host
                else draft.host_id or self.office.get("agency_id"),
                "chair": None,  # the chair is an attendee's role (m010_meeting_roles)
                "notes": draft.notes,
                "source": draft.source,
                **({"series_id": series_id} if series_id else {}),
            },
        )
        self._children(meeting_id, draft, found, stage_ids, 0, 0)
        return meeting_id

    def update(self, row: Row, draft: Draft, *, replace: bool = False) -> bool:
        """Change a stored meeting to what the draft gives; return whether anything changed.

        Without ``replace`` the draft is partial: fields it leaves out stay as they
        are, and its attendees, decisions, follow-ups and stages are added. With
        ``replace`` (an import of a whole record) its scalars and lists replace the
        stored ones, except follow-ups, which have their own status: new ones are added.
        """
        start = draft.start or dt.date.fromisoformat(row["start_date"])
        values: dict[str, Any] = {}
        for k in SCALARS:
            value = getattr(draft, k)
            if value is not None or (replace and k not in ("title", "kind")):
                values[k] = value
        if draft.start is not None and draft.end is not None:
            values["start_date"] = draft.start.isoformat()
            values["end_date"] = draft.end.isoformat()
            values["days"] = _days_json(draft.days, draft.day_times)
            # the phrase typed with the date; a file without one keeps the stored
            # phrase unless its dates differ from the stored ones
            if draft.date_as_written is not None and (
                "date_as_written" in draft.where
                or "date" in draft.where
                or (values["start_date"], values["end_date"])
                != (row["start_date"], row["end_date"])
            ):
                values["date_as_written"] = draft.date_as_written
        if draft.time is not None or replace:
            values["start_time"] = draft.time
            values["end_time"] = draft.end_time  # a new start time comes with its own end
        if draft.part_of_day is not None and "time" in draft.where:  # --time siang
            values.update(start_time=None, end_time=None, part_of_day=draft.part_of_day)
        elif draft.part_of_day is not None and not (row["start_time"] and draft.time is None):
            values["part_of_day"] = draft.part_of_day  # (a stored clock time is more exact)
        elif draft.time is not None or replace:
            values["part_of_day"] = draft.part_of_day  # a clock time replaces it
        if draft.time is not None:
            values["timezone"] = self._zone(draft, row["timezone"])
        elif draft.timezone is not None:
            values["timezone"] = draft.timezone
        values["status"] = self._status(draft, start, row["status"])
        host = self.db.get("agency", row["host_id"]) if row["host_id"] else None
        stage_ids = self._stage_ids(draft, start, host["name"] if host else None)
        draft = self._group_owners(draft, row["id"])
        found = self.agencies(self._specs(draft))
        if draft.host:
            values["host_id"] = found[draft.host]["id"]
        changed = {k: v for k, v in values.items() if row[k] != v}
        if changed:
            self.db.update("meeting", row["id"], changed)
        if replace:
            for table in (
                "attendee",
                "attendee_group",
                "decision",
                "meeting_stage",
                "meeting_regulation",
                "meeting_item",
            ):
                for r in self.db.query(
                    f"SELECT id FROM {table} WHERE meeting_id = ? AND deleted_at IS NULL",  # noqa: S608
                    [row["id"]],
                ):
                    self.db.soft_delete(table, r["id"])
            known = {
                (a["text"], a["owner_id"] or a["owner_group"])
                for a in self.db.query(
                    "SELECT text, owner_id, owner_group FROM action "
                    "WHERE meeting_id = ? AND deleted_at IS NULL",
                    [row["id"]],
                )
            }
            fresh = [
                a for a in draft.actions if (a.text, a.group or found[a.owner]["id"]) not in known
            ]
            draft = with_changes(draft, actions=fresh)
        added = self._more_children(row["id"], draft, found, stage_ids)
        return bool(changed) or added or replace

    def _more_children(
        self, meeting_id: str, draft: Draft, found: dict[str, Row], stage_ids: list[str]
    ) -> bool:
        """Queue more attendees, decisions, follow-ups and stage links for a stored meeting."""
        live = "meeting_id = ? AND deleted_at IS NULL"
        attendees = self.db.scalar(f"SELECT count(*) FROM attendee WHERE {live}", [meeting_id])  # noqa: S608
        decisions = self.db.scalar(f"SELECT count(*) FROM decision WHERE {live}", [meeting_id])  # noqa: S608
        linked = {
            r["stage_id"]
            for r in self.db.query(f"SELECT stage_id FROM meeting_stage WHERE {live}", [meeting_id])  # noqa: S608
        }
        for sid in stage_ids:  # a link removed earlier comes back instead of doubling
            old = self.db.one(
                "SELECT id, deleted_at FROM meeting_stage WHERE meeting_id = ? AND stage_id = ?",
                [meeting_id, sid],
            )
            if old and old["deleted_at"]:
                self.db.update("meeting_stage", old["id"], {"deleted_at": None})
                linked.add(sid)
        fresh = [sid for sid in stage_ids if sid not in linked]
        cited = {
            r["ref"]
            for r in self.db.query(f"SELECT ref FROM meeting_regulation WHERE {live}", [meeting_id])  # noqa: S608
        }
        new_regs = [r for r in draft.regulations if r not in cited]
        draft = with_changes(draft, regulations=new_regs)
        self._children(
            meeting_id, draft, found, fresh, attendees, decisions, len(cited), stored=True
        )
        return bool(
            draft.attendees
            or draft.decisions
            or draft.actions
            or fresh
            or new_regs
            or draft.groups
            or draft.items
        )

    def _children(
        self,
        meeting_id: str,
        draft: Draft,
        found: dict[str, Row],
        stage_ids: list[str],
        attendee_base: int,
        decision_base: int,
        regulation_base: int = 0,
        *,
        stored: bool = False,
    ) -> None:
        day = draft.start or self.today
        if stored and draft.start is None:
            stored_row = self.db.get("meeting", meeting_id)
            assert stored_row is not None
            day = dt.date.fromisoformat(stored_row["start_date"])
        seq = attendee_base
        for spec in draft.attendees:
            if spec.agency:
                agency_id = found[spec.agency]["id"]
                person_id, position, divisi = self._person(spec, found[spec.agency], day)
            else:
                person_id, agency_id, position, divisi = self._person_anywhere(spec, day)
            roles = [r for r in ROLES if r in spec.roles]
            if stored and roles:
                self._take_roles(meeting_id, roles)
            if stored and person_id:
                old = self.db.one(
                    "SELECT * FROM attendee WHERE meeting_id = ? AND person_id = ? "
                    "AND deleted_at IS NULL ORDER BY seq LIMIT 1",
                    [meeting_id, person_id],
                )
                if old is not None:  # the same person again: their roles (and title) change
                    have = old["roles"].split()
                    merged = " ".join(r for r in ROLES if r in have or r in roles)
                    changes: dict[str, Any] = {"roles": merged}
                    if spec.position:
                        changes["position"] = position
                    if spec.divisi:
                        changes["divisi"] = divisi
                    self.db.update("attendee", old["id"], changes)
                    continue
            self._queue(
                "attendee",
                {
                    "meeting_id": meeting_id,
                    "agency_id": agency_id,
                    "person_id": person_id,
                    "position": position,
                    "divisi": divisi,
                    "roles": " ".join(roles),
                    "seq": seq,
                },
            )
            seq += 1
        group_base = 0
        if stored and draft.groups:
            group_base = self.db.scalar(
                "SELECT count(*) FROM attendee_group WHERE meeting_id = ? AND deleted_at IS NULL",
                [meeting_id],
            )
        for n, g in enumerate(draft.groups, start=group_base):
            self._queue(
                "attendee_group",
                {
                    "meeting_id": meeting_id,
                    "kind": g.kind,
                    "scope": g.scope,
                    "count": g.count,
                    "seq": n,
                },
            )
        for seq, text in enumerate(draft.decisions, start=decision_base):
            self._queue("decision", {"meeting_id": meeting_id, "seq": seq, "text": text})
        for a in draft.actions:
            self._queue(
                "action",
                actions_mod.values(
                    a.text, None if a.group else found[a.owner]["id"], a.due, meeting_id, a.group
                ),
            )
        for sid in stage_ids:
            self._queue("meeting_stage", {"meeting_id": meeting_id, "stage_id": sid})
        for seq, ref in enumerate(draft.regulations, start=regulation_base):
            self._queue("meeting_regulation", {"meeting_id": meeting_id, "ref": ref, "seq": seq})
        item_base = 0
        if stored and draft.items:
            item_base = self.db.scalar(
                "SELECT count(*) FROM meeting_item WHERE meeting_id = ? AND deleted_at IS NULL",
                [meeting_id],
            )
        problems = []
        for n, item in enumerate(draft.items, start=item_base):
            person_id = None
            if item.by:
                person = self._known_person(item.by)
                if person is None:
                    problems.append(
                        _(
                            "{where}: unknown person {by!r}; name them as an attendee (--attendee, --speaker, --chair...) or add them with 'kpukoord person add'"
                        ).format(where=item.where, by=item.by)
                    )
                    continue
                person_id = person["id"]
            self._queue(
                "meeting_item",
                {
                    "meeting_id": meeting_id,
                    "kind": item.kind,
                    "seq": n,
                    "text": item.text,
                    "person_id": person_id,
                    "agency_id": found[item.agency]["id"] if item.agency else None,
                    "value": item.value,
                    "previous": item.previous,
                },
            )
        if problems:
            raise FileProblems(problems)

    def _take_roles(self, meeting_id: str, roles: list[str]) -> None:
        """A stored meeting gets a new chair (opener, notulis): the old one loses the role."""
        single = [r for r in roles if r in SINGLE_ROLES]
        if not single:
            return
        for row in self.db.query(
            "SELECT id, roles FROM attendee WHERE meeting_id = ? AND deleted_at IS NULL "
            "AND roles != ''",
            [meeting_id],
        ):
            kept = " ".join(r for r in row["roles"].split() if r not in single)
            if kept != row["roles"]:
                self.db.update("attendee", row["id"], {"roles": kept})
        if "chair" in single:  # an old free-text chair gives way too
            self.db.conn.execute(
                "UPDATE meeting SET chair = NULL WHERE id = ? AND chair IS NOT NULL", [meeting_id]
            )

    def _known_person(self, name: str) -> Row | None:
        key = name.lower()
        if key not in self._people or self._people[key] is None:
            self._people[key] = people.find_optional(self.db, name)
        return self._people[key]

    def _person(
        self, spec: AttendeeSpec, agency: Row, day: dt.date
    ) -> tuple[str | None, str | None, str | None]:
        """(person id, position, divisi): as given, else as held at that agency on the day."""
        if not spec.person:
            return None, spec.position, spec.divisi
        key = spec.person.lower()
        if key not in self._people or self._people[key] is None:
            self._people[key] = people.find_optional(self.db, spec.person)
        person = self._people[key]
        if person is None and not self.new_people:
            close = people.near(self.db, spec.person, agency["id"])
            if close:  # "Irfan Lahbu" when "Irfan Lahabu" is known there: a typo
                raise KpuError(
                    _(
                        "{where}: person {person!r} is not known at {name}; did you mean: {value0}? (pass --new-people if this is another person)"
                    ).format(
                        where=spec.where,
                        person=spec.person,
                        name=agency["name"],
                        value0=", ".join(r["name"] for r in close),
                    )
                )
        if person is None:  # new people are written at once: later rows may name them
            pid = people.add(self.db, spec.person)
            if spec.position:
                people.add_position(self.db, pid, agency["id"], spec.position, divisi=spec.divisi)
            self._people[key] = self.db.get("person", pid)
            return pid, spec.position, spec.divisi
        if spec.position:
            return person["id"], spec.position, spec.divisi
        held = people.position_at(self.db, person["id"], agency["id"], day)
        if held is None:
            return person["id"], None, spec.divisi
        return person["id"], held["title"], spec.divisi or held["divisi"]

    def _person_anywhere(
        self, spec: AttendeeSpec, day: dt.date
    ) -> tuple[str, str, str | None, str | None]:
        """A role's holder named without an agency: (person id, agency id, position, divisi)
        from the position they held on the day."""
        assert spec.person
        person = self._known_person(spec.person)
        if person is None:
            raise FileProblems(
                [
                    _(
                        "{where}: unknown person {person!r}; give agency=AGENCY (and position=TITLE) to record them"
                    ).format(where=spec.where, person=spec.person)
                ]
            )
        held = people.position_at(self.db, person["id"], None, day)
        if held is None:
            raise FileProblems(
                [
                    _(
                        "{where}: {name} held no recorded position on {day}; give agency=AGENCY"
                    ).format(where=spec.where, name=person["name"], day=day)
                ]
            )
        return (
            person["id"],
            held["agency_id"],
            spec.position or held["title"],
            spec.divisi or held["divisi"],
        )

    def _queue(self, table: str, values: dict[str, Any]) -> None:
        self.rows[table].append(values)
        if table == "meeting" and len(self.rows["meeting"]) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Insert everything queued (parents first)."""
        if self.rows["attendee"]:  # their meeting's day while it is held (m015's held_on)
            held = {
                m["id"]: m.get("start_date")
                for m in self.rows["meeting"]
                if m.get("status") == "held" and not m.get("deleted_at")
            }
            for a in self.rows["attendee"]:
                a["held_on"] = held.get(a["meeting_id"])
        for table in self.TABLES:
            if self.rows[table]:
                self.db.insert_many(table, self.rows[table])
                self.rows[table] = []


class Twins:
    """A file's own meetings, by day, host and title: which earlier item a new one repeats.

    The rule of :meth:`Writer.stored_twin` for meetings not yet stored (a file's items
    are written together): the same day, host and title, at the same time or with no
    time on either side; ``where`` names each item (``FILE:LINE``)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str], list[tuple[str | None, str]]] = {}

    def earlier(self, day: str, host: str, title: str, time: str | None) -> str | None:
        """The earlier item this one repeats (its ``where``), else None."""
        for seen_time, other in self._seen.get((day, host, title), []):
            if seen_time is None or time is None or seen_time == time:
                return other
        return None

    def keep(self, day: str, host: str, title: str, time: str | None, where: str) -> None:
        """Remember an item (one that went in) for the items after it."""
        self._seen.setdefault((day, host, title), []).append((time, where))

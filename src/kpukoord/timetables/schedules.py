"""Official timetables: YAML schedule files, their validation, import and diff.

A schedule file (see ``schedules/README.md``) holds one PKPU timetable: a code,
metadata, and nested stages. :func:`load_file` checks everything and reports
*every* problem as ``file:line: message``; :func:`import_paths` writes a set
of files in one transaction, or nothing.

Ids are deterministic (schedule code, stage key), so importing the same file
again changes nothing, and two offices that import it agree on every id.
Stages missing from a newer file are soft-deleted: meetings that cite them keep
their link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpukoord.errors import FileProblems, KpuError, NotFound
from kpukoord.language import names
from kpukoord.language.i18n import _
from kpukoord.language.yamlfile import MAX_BYTES, Document, load
from kpukoord.store.db import Database, Progress, Row
from kpukoord.store.ids import stable_id
from kpukoord.timetables.stages import ALL_REGIONS, applicable_codes  # their home: stages (light)

CONFIDENCE = ("official", "news-2", "news-1", "recalled")
LEVELS = ("kpu-ri", "provinsi", "kabupaten/kota", "ppk", "pps", "kpps")
STAGE_KINDS = ("stage", "event")
_SCHEDULE_FIELDS = {
    "code",
    "title",
    "regulation",
    "election",
    "voting_day",
    "signed",
    "amends",
    "sources",
    "notes",
    "regions",
    "status",
    "stages",
}
STATUSES = ("final", "draft")
_STAGE_FIELDS = {
    "key",
    "name",
    "kind",
    "date",
    "start",
    "end",
    "rule",
    "levels",
    "confidence",
    "sources",
    "stages",
    "beyond_parent",
    "amended",
    "recurs",
    "occurrences",
}
_OCCURRENCE_FIELDS = {"period", "date", "start", "end", "confidence", "sources"}
_AMENDED_FIELDS = {"date", "start", "end", "changed", "by", "sources"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Fields of a stage that an import compares, in display order.
COMPARED = (
    "name",
    "kind",
    "start",
    "end",
    "rule",
    "levels",
    "confidence",
    "sources",
    "parent",
    "note",
    "amended",
    "recurs",
    "occurrences",
)


@dataclass
class StageDef:
    key: str
    name: str
    kind: str = "stage"
    start: dt.date | None = None
    end: dt.date | None = None
    rule: str | None = None
    levels: list[str] = field(default_factory=list)
    confidence: str = "recalled"
    sources: list[str] = field(default_factory=list)
    parent: str | None = None
    note: str | None = None
    path: str = ""
    depth: int = 0
    seq: int = 0
    # Earlier dates of this stage, oldest first: {start, end, changed, by, sources}.
    amended: list[dict[str, Any]] = field(default_factory=list)
    # A recurring stage's rule (recurrence.Rule.as_json) and its confirmed occurrences:
    # [{period, start, end, confidence, sources}] in period order.
    recurs: dict[str, Any] | None = None
    occurrences: list[dict[str, Any]] = field(default_factory=list)

    def compared(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "rule": self.rule,
            "levels": list(self.levels),
            "confidence": self.confidence,
            "sources": list(self.sources),
            "parent": self.parent,
            "note": self.note,
            "amended": [dict(a) for a in self.amended],
            "recurs": dict(self.recurs) if self.recurs else None,
            "occurrences": [dict(o) for o in self.occurrences],
        }


@dataclass
class ScheduleDef:
    code: str
    title: str
    regulation: str | None = None
    election: str | None = None
    voting_day: dt.date | None = None
    signed: dt.date | None = None
    amends: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    regions: list[str] = field(default_factory=lambda: [ALL_REGIONS])
    status: str = "final"
    stages: list[StageDef] = field(default_factory=list)
    file_hash: str = ""
    source_path: str | None = None

    def meta(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "regulation": self.regulation,
            "election": self.election,
            "voting_day": self.voting_day.isoformat() if self.voting_day else None,
            "signed": self.signed.isoformat() if self.signed else None,
            "amends": self.amends,
            "sources": json.dumps(self.sources, ensure_ascii=False),
            "notes": self.notes,
            "regions": json.dumps(self.regions),
            "status": self.status,
        }


# ---------------------------------------------------------------------------
# Loading and validation


def bundled_dir() -> Path:
    """The timetables shipped with kpukoord (inside the package, or the source tree)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "schedules", here.parent.parent / "schedules"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise KpuError(_("the bundled schedules are missing from this installation"))


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


def parse_document(doc: Document, file_hash: str = "") -> ScheduleDef:
    """Check a loaded document; raise FileProblems with every problem found."""
    problems: list[str] = []

    def problem(path: tuple[Any, ...], message: str) -> None:
        problems.append(_("{value0}: {message}").format(value0=doc.where(*path), message=message))

    data = doc.data
    if not isinstance(data, dict):
        raise FileProblems(
            [
                _("{value0}: a schedule file must be a mapping (code, title, stages)").format(
                    value0=doc.where()
                )
            ]
        )
    for k in data:
        if k not in _SCHEDULE_FIELDS:
            problem((k,), _("unknown field {k!r}").format(k=k))

    def text(path: tuple[Any, ...], value: Any, required: bool = False) -> str | None:
        try:
            out = _str(value)
        except ValueError as exc:
            problem(path, _("{value0}: {exc}").format(value0=path[-1], exc=exc))
            return None
        if required and not out:
            problem(
                path if path[-1] in data else (), _("{value0} is required").format(value0=path[-1])
            )
        return out

    code = text(("code",), data.get("code"), required=True) or ""
    if code and not _SLUG.match(code):
        problem(
            ("code",),
            _("code {code!r} must be lower case letters, digits and dashes").format(code=code),
        )
    title = text(("title",), data.get("title"), required=True) or ""
    sched = ScheduleDef(code=code, title=title, file_hash=file_hash, source_path=doc.name)
    sched.regulation = text(("regulation",), data.get("regulation"))
    sched.election = text(("election",), data.get("election"))
    sched.notes = text(("notes",), data.get("notes"))
    sched.amends = text(("amends",), data.get("amends"))
    if sched.amends and sched.amends == code:
        problem(("amends",), _("a schedule cannot amend itself"))
    for k in ("voting_day", "signed"):
        if data.get(k) is not None:
            try:
                setattr(sched, k, _date(data[k]))
            except ValueError as exc:
                problem((k,), _("{k}: {exc}").format(k=k, exc=exc))
    if data.get("status") is not None:
        if data["status"] not in STATUSES:
            problem(
                ("status",),
                _("status must be one of {value0}").format(value0=", ".join(STATUSES)),
            )
        else:
            sched.status = data["status"]
    if "regions" in data:
        sched.regions = _regions(data["regions"], lambda m: problem(("regions",), m))
    sources = data.get("sources")
    if sources is not None:
        if not isinstance(sources, dict):
            problem(("sources",), _("sources must map a key to a citation (S1: site/page)"))
        else:
            for k, v in sources.items():
                try:
                    sched.sources[str(k)] = _str(v) or ""
                except ValueError as exc:
                    problem(("sources", k), _("source {k}: {exc}").format(k=k, exc=exc))
    stages = data.get("stages")
    if not isinstance(stages, list) or not stages:
        problem(("stages",) if "stages" in data else (), _("stages must be a non-empty list"))
        stages = []
    seen: dict[str, int] = {}

    def walk(items: list[Any], path: tuple[Any, ...], parent: StageDef | None, depth: int) -> None:
        for i, item in enumerate(items):
            here = (*path, i)
            if not isinstance(item, dict):
                problem(here, _("a stage must be a mapping (key, name, dates, confidence)"))
                continue
            for k in item:
                if k not in _STAGE_FIELDS:
                    problem((*here, k), _("unknown stage field {k!r}").format(k=k))
            key = text((*here, "key"), item.get("key"), required=True) or ""
            label = f"stage {key!r}" if key else "stage"
            if key and not _SLUG.match(key):
                problem(
                    (*here, "key"),
                    _("key {key!r} must be lower case letters, digits and dashes").format(key=key),
                )
            if key in seen:
                problem(
                    (*here, "key"),
                    _("duplicate key {key!r} (first at line {value0})").format(
                        key=key, value0=seen[key]
                    ),
                )
            elif key:
                seen[key] = doc.line(*here, "key")
            st = StageDef(
                key=key,
                name=text((*here, "name"), item.get("name"), required=True) or "",
                parent=parent.key if parent else None,
                path=f"{parent.path}/{key}" if parent else key,
                depth=depth,
                seq=len(sched.stages),
            )
            st.rule = text((*here, "rule"), item.get("rule"))
            st.note = text((*here, "beyond_parent"), item.get("beyond_parent"))
            kind = item.get("kind", "stage")
            if kind not in STAGE_KINDS:
                problem(
                    (*here, "kind"),
                    _("{label}: kind must be one of {value0}").format(
                        label=label, value0=", ".join(STAGE_KINDS)
                    ),
                )
            else:
                st.kind = kind
            conf = item.get("confidence")
            if conf is None:
                problem(
                    here,
                    _("{label}: confidence is required ({value0})").format(
                        label=label, value0=", ".join(CONFIDENCE)
                    ),
                )
            elif conf not in CONFIDENCE:
                problem(
                    (*here, "confidence"),
                    _("{label}: unknown confidence {conf!r} (use {value0})").format(
                        label=label, conf=conf, value0=", ".join(CONFIDENCE)
                    ),
                )
            else:
                st.confidence = conf
            levels = item.get("levels", [])
            if not isinstance(levels, list) or any(lv not in LEVELS for lv in levels):
                problem(
                    (*here, "levels"),
                    _("{label}: levels must be a list of {value0}").format(
                        label=label, value0=", ".join(LEVELS)
                    ),
                )
            else:
                st.levels = list(levels)
            srcs = item.get("sources", [])
            if not isinstance(srcs, list):
                problem(
                    (*here, "sources"),
                    _("{label}: sources must be a list of source keys").format(label=label),
                )
            else:
                st.sources = [str(s) for s in srcs]
                if sched.sources:
                    for s in st.sources:
                        if s not in sched.sources:
                            problem(
                                (*here, "sources"),
                                _(
                                    "{label}: source {s!r} is not listed under the schedule's sources"
                                ).format(label=label, s=s),
                            )
                if st.confidence == "news-2" and len(set(st.sources)) < 2:
                    problem(
                        (*here, "confidence") if "confidence" in item else here,
                        _(
                            "{label}: confidence news-2 needs two or more sources, {value0} listed (mark it news-1, or add the second source)"
                        ).format(label=label, value0=len(set(st.sources))),
                    )
            if "amended" in item:
                st.amended = _amended(
                    item["amended"],
                    sched.sources,
                    lambda sub, m, here=here, label=label: problem(
                        (*here, "amended", *sub),
                        _("{label}: amended: {m}").format(label=label, m=m),
                    ),
                )
            date_ok = True
            if "date" in item and ("start" in item or "end" in item):
                problem(
                    (*here, "date"),
                    _("{label}: give either date or start/end, not both").format(label=label),
                )
                date_ok = False
            for fld in ("date", "start", "end"):
                if item.get(fld) is None:
                    continue
                try:
                    value = _date(item[fld])
                except ValueError as exc:
                    problem(
                        (*here, fld),
                        _("{label}: {fld}: {exc}").format(label=label, fld=fld, exc=exc),
                    )
                    date_ok = False
                    continue
                if fld == "date":
                    st.start = st.end = value
                else:
                    setattr(st, fld, value)
            if date_ok and st.start and not st.end and not st.rule:
                problem(
                    (*here, "start"),
                    _("{label}: a start needs an end (or a rule saying when it ends)").format(
                        label=label
                    ),
                )
            if st.start and st.end and st.end < st.start:
                problem(
                    (*here, "end"),
                    _("{label}: ends {end} before it starts {start}").format(
                        label=label, end=st.end, start=st.start
                    ),
                )
            if "recurs" in item:
                from kpukoord.timetables import recurrence

                try:
                    rule = recurrence.parse(item["recurs"])
                    st.recurs = rule.as_json()
                except ValueError as exc:
                    problem((*here, "recurs"), _("{label}: {exc}").format(label=label, exc=exc))
                    rule = None
                if st.start or st.end:
                    problem(
                        (*here, "recurs"),
                        _("{label}: a recurring stage has no dates of its own").format(label=label),
                    )
                if rule is not None and "occurrences" in item:
                    st.occurrences = _occurrences(
                        item["occurrences"],
                        rule,
                        sched.sources,
                        lambda sub, m, here=here, label=label: problem(
                            (*here, "occurrences", *sub),
                            _("{label}: occurrences: {m}").format(label=label, m=m),
                        ),
                    )
            elif "occurrences" in item:
                problem(
                    (*here, "occurrences"),
                    _("{label}: occurrences need a recurs rule").format(label=label),
                )
            children = item.get("stages")
            if not (st.start or st.end or st.rule or children or st.recurs):
                problem(
                    here,
                    _("{label}: needs dates, a rule (no fixed date), or child stages").format(
                        label=label
                    ),
                )
            if parent and not st.note and (st.start or st.end):
                ps, pe = parent.start, parent.end
                outside = (ps and st.start and st.start < ps) or (pe and st.end and st.end > pe)
                if outside:
                    problem(
                        here,
                        _(
                            "{label}: {start}..{end} lies outside its parent {key!r} ({ps}..{pe}); fix the dates or say why with beyond_parent"
                        ).format(
                            label=label, start=st.start, end=st.end, key=parent.key, ps=ps, pe=pe
                        ),
                    )
            sched.stages.append(st)
            if children is not None:
                if not isinstance(children, list):
                    problem(
                        (*here, "stages"), _("{label}: stages must be a list").format(label=label)
                    )
                else:
                    walk(children, (*here, "stages"), st, depth + 1)

    walk(stages, ("stages",), None, 0)
    if problems:
        raise FileProblems(problems)
    return sched


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
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            problem((i,), _("an occurrence must be a mapping (period, date, confidence)"))
            continue
        for k in entry:
            if k not in _OCCURRENCE_FIELDS:
                problem((i, k), _("unknown field {k!r}").format(k=k))
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
        for x in rec["sources"]:
            if listed and x not in listed:
                problem(
                    (i, "sources"),
                    _("source {x!r} is not listed under the schedule's sources").format(x=x),
                )
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
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            problem((i,), _("each entry must be a mapping (start, end, by, sources)"))
            continue
        for k in entry:
            if k not in _AMENDED_FIELDS:
                problem((i, k), _("unknown field {k!r}").format(k=k))
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
        for x in rec["sources"]:
            if listed and x not in listed:
                problem(
                    (i, "sources"),
                    _("source {x!r} is not listed under the schedule's sources").format(x=x),
                )
        out.append(rec)
    return out


def load_text(text: str, name: str) -> ScheduleDef:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_document(load(text, name), digest)


def load_file(path: Path) -> ScheduleDef:
    try:
        with path.open("rb") as f:  # at most the YAML limit: /dev/zero never ends
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FileProblems(
            [_("{path}:1: cannot read ({strerror})").format(path=path, strerror=exc.strerror)]
        ) from None
    return load_bytes(raw, str(path))


def load_bytes(raw: bytes, name: str) -> ScheduleDef:
    """A file's bytes as read (at most ``MAX_BYTES + 1`` of them: more is refused)."""
    if len(raw) > MAX_BYTES:
        raise FileProblems(
            [
                _("{name}:1: file is larger than {value0} MB").format(
                    name=name, value0=MAX_BYTES // 1_000_000
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblems(
            [_("{path}:1: not UTF-8 text (byte {start})").format(path=name, start=exc.start)]
        ) from None
    return load_text(text, name)


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f
                for f in p.iterdir()
                if f.suffix in (".yaml", ".yml", ".json") and not f.name.endswith(".schema.json")
            )
        elif p.exists():
            out.append(p)
        else:
            raise FileProblems([_("{p}:1: no such file or directory").format(p=p)])
    if not out:
        raise FileProblems(
            [
                _("{value0}:1: no schedule files (.yaml, .yml, .json)").format(
                    value0=paths[0] if paths else "."
                )
            ]
        )
    return out


def load_all(paths: list[Path], stdin_text: str | bytes | None = None) -> list[ScheduleDef]:
    """Load and check every file; report the problems of all files together.

    Standard input comes as the bytes read from it (at most ``MAX_BYTES + 1``)."""
    problems: list[str] = []
    defs: list[ScheduleDef] = []
    if stdin_text is not None:
        try:
            if isinstance(stdin_text, bytes):
                defs.append(load_bytes(stdin_text, "<stdin>"))
            else:
                defs.append(load_text(stdin_text, "<stdin>"))
        except FileProblems as exc:
            problems += exc.problems
    for path in expand(paths) if paths else []:
        try:
            defs.append(load_file(path))
        except FileProblems as exc:
            problems += exc.problems
    codes: dict[str, str] = {}
    for d in defs:
        if d.code in codes:
            problems.append(
                _("{source_path}:1: schedule {code!r} is also in {value0}").format(
                    source_path=d.source_path, code=d.code, value0=codes[d.code]
                )
            )
        codes[d.code] = d.source_path or ""
    if problems:
        raise FileProblems(problems)
    return defs


# ---------------------------------------------------------------------------
# Import


def stage_id(code: str, key: str) -> str:
    return stable_id("stage", code, key)


def schedule_id(code: str) -> str:
    return stable_id("schedule", code)


def _row_compared(row: Row, parent_keys: dict[str, str]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "kind": row["kind"],
        "start": row["start_date"],
        "end": row["end_date"],
        "rule": row["rule"],
        "levels": json.loads(row["levels"]),
        "confidence": row["confidence"],
        "sources": json.loads(row["sources"]),
        "parent": parent_keys.get(row["parent_id"]) if row["parent_id"] else None,
        "note": row["note"],
        "amended": json.loads(row["amended"]),
        "recurs": json.loads(row["recurs"]) if row["recurs"] else None,
        "occurrences": json.loads(row["occurrences"]),
    }


def from_db(db: Database, code: str) -> ScheduleDef:
    """A stored schedule as a definition (for diffs)."""
    row = db.one("SELECT * FROM schedule WHERE code = ? AND deleted_at IS NULL", [code])
    if row is None:
        raise NotFound(_("unknown schedule {code!r} and no such file").format(code=code))
    sched = ScheduleDef(
        code=code,
        title=row["title"],
        regulation=row["regulation"],
        election=row["election"],
        voting_day=dt.date.fromisoformat(row["voting_day"]) if row["voting_day"] else None,
        signed=dt.date.fromisoformat(row["signed"]) if row["signed"] else None,
        amends=row["amends"],
        sources=json.loads(row["sources"]),
        notes=row["notes"],
        regions=json.loads(row["regions"]),
        status=row["status"],
        source_path=f"{code} (database)",
    )
    rows = db.query(
        "SELECT * FROM stage WHERE schedule_id = ? AND deleted_at IS NULL ORDER BY seq", [row["id"]]
    )
    keys = {r["id"]: r["key"] for r in rows}
    for r in rows:
        c = _row_compared(r, keys)
        sched.stages.append(
            StageDef(
                key=r["key"],
                name=c["name"],
                kind=c["kind"],
                start=dt.date.fromisoformat(c["start"]) if c["start"] else None,
                end=dt.date.fromisoformat(c["end"]) if c["end"] else None,
                rule=c["rule"],
                levels=c["levels"],
                confidence=c["confidence"],
                sources=c["sources"],
                parent=c["parent"],
                note=c["note"],
                amended=c["amended"],
                recurs=c["recurs"],
                occurrences=c["occurrences"],
                path=r["path"],
                depth=r["depth"],
                seq=r["seq"],
            )
        )
    return sched


def diff_defs(old: ScheduleDef | None, new: ScheduleDef) -> dict[str, Any]:
    """Stages added, changed (field: [old, new]) and removed from old to new."""
    old_stages = {s.key: s for s in old.stages} if old else {}
    new_stages = {s.key: s for s in new.stages}
    added = [k for k in new_stages if k not in old_stages]
    removed = [k for k in old_stages if k not in new_stages]
    changed = []
    for k, s in new_stages.items():
        if k in old_stages:
            a, b = old_stages[k].compared(), s.compared()
            fields = {f: [a[f], b[f]] for f in COMPARED if a[f] != b[f]}
            if fields:
                changed.append({"key": k, "fields": fields})
    meta = {}
    if old:
        a, b = old.meta(), new.meta()
        meta = {f: [a[f], b[f]] for f in a if a[f] != b[f]}
    return {"added": added, "changed": changed, "removed": removed, "meta": meta}


class _DryRun(Exception):
    pass


def import_paths(
    db: Database,
    paths: list[Path],
    *,
    stdin_text: str | bytes | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Import schedule files all-or-nothing; return a report per schedule."""
    defs = load_all(paths, stdin_text)
    reports: list[dict[str, Any]] = []
    try:
        with db.atomic():
            for i, d in enumerate(defs):
                if progress:
                    progress(_("importing schedule {code}").format(code=d.code), i, len(defs))
                reports.append(_import_one(db, d))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return reports


def _import_one(db: Database, d: ScheduleDef) -> dict[str, Any]:
    sid = schedule_id(d.code)
    existing = db.get("schedule", sid)
    old = from_db(db, d.code) if existing and not existing["deleted_at"] else None
    change = diff_defs(old, d)
    values = {**d.meta(), "code": d.code, "file_hash": d.file_hash, "source_path": d.source_path}
    if existing is None:
        db.insert("schedule", values, id=sid)
        status = "created"
    else:
        if existing["deleted_at"]:
            values["deleted_at"] = None
            status = "created"
        else:
            status = (
                "updated"
                if (change["added"] or change["changed"] or change["removed"] or change["meta"])
                else "unchanged"
            )
        if status != "unchanged" or existing["file_hash"] != d.file_hash:
            db.update("schedule", sid, values)

    rows = {r["key"]: r for r in db.query("SELECT * FROM stage WHERE schedule_id = ?", [sid])}
    changed_keys = {c["key"] for c in change["changed"]}
    for s in d.stages:
        values = {
            "schedule_id": sid,
            "key": s.key,
            "parent_id": stage_id(d.code, s.parent) if s.parent else None,
            "path": s.path,
            "depth": s.depth,
            "seq": s.seq,
            "name": s.name,
            "kind": s.kind,
            "start_date": s.start.isoformat() if s.start else None,
            "end_date": s.end.isoformat() if s.end else None,
            "rule": s.rule,
            "levels": json.dumps(s.levels),
            "confidence": s.confidence,
            "sources": json.dumps(s.sources),
            "note": s.note,
            "amended": json.dumps(s.amended, ensure_ascii=False),
            "recurs": json.dumps(s.recurs) if s.recurs else None,
            "occurrences": json.dumps(s.occurrences, ensure_ascii=False),
            "lookup": names.key(s.name),
        }
        row = rows.get(s.key)
        if row is None:
            db.insert("stage", values, id=stage_id(d.code, s.key))
        elif row["deleted_at"] or s.key in changed_keys:
            db.update("stage", row["id"], {**values, "deleted_at": None})
        elif (row["seq"], row["path"], row["depth"]) != (s.seq, s.path, s.depth):
            db.update("stage", row["id"], {"seq": s.seq, "path": s.path, "depth": s.depth})
    for key in change["removed"]:
        db.soft_delete("stage", rows[key]["id"])
    report = {
        "code": d.code,
        "status": status,
        "added": change["added"],
        "changed": change["changed"],
        "removed": change["removed"],
        "file": d.source_path,
        "schedule_changed": change["meta"],  # the schedule's own fields: {field: [old, new]}
    }
    if status != "unchanged":
        db.insert(
            "schedule_version",
            {
                "schedule_id": sid,
                "file_hash": d.file_hash,
                "source_path": d.source_path,
                "status": status,
                "summary": json.dumps(
                    {
                        "added": len(change["added"]),
                        "changed": len(change["changed"]),
                        "removed": len(change["removed"]),
                    }
                ),
            },
        )
    return report


# ---------------------------------------------------------------------------
# Reading


def find(db: Database, code: str) -> Row:
    row = db.one("SELECT * FROM schedule WHERE code = ? AND deleted_at IS NULL", [code.strip()])
    if row is None:
        codes = [r["code"] for r in db.query("SELECT code FROM schedule WHERE deleted_at IS NULL")]
        import difflib

        close = difflib.get_close_matches(code, codes, n=3, cutoff=0.4)
        hint = (
            "; " + _("did you mean: {names}?").format(names=", ".join(close))
            if close
            else " " + _("(see 'kpukoord schedule list')")
        )
        raise NotFound(_("unknown schedule {code!r}{hint}").format(code=code, hint=hint))
    return row


def list_rows(db: Database) -> list[Row]:
    return db.query(
        "SELECT c.*, (SELECT count(*) FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL) AS stage_count, "
        "(SELECT min(start_date) FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL) AS first_date, "
        "(SELECT max(coalesce(end_date, start_date)) FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL) AS last_date, "
        "(SELECT max(created_at) FROM schedule_version v WHERE v.schedule_id = c.id) AS imported_at "
        "FROM schedule c WHERE c.deleted_at IS NULL ORDER BY first_date, c.code"
    )


# a regulation named in a schedule's notes ("Dasar: PKPU 1/2025.", "Pasal 146 PKPU 4/2022")
_NOTES_REGULATION = re.compile(r"\bPKPU\s+(?:No\.?\s*)?\d{1,5}\s*/\s*(?:19|20)\d{2}\b")


def cited_as(row: Row) -> str:
    """How a document cites a schedule: its regulation ("PKPU 2/2024"); for a programme
    that runs under one without being its timetable (PDPB, SIPOL), the first PKPU its
    notes name ("PKPU 1/2025"); else its title, never its code (trial bug 11)."""
    from kpukoord.timetables import regulations

    if row["regulation"]:
        return str(row["regulation"])
    m = _NOTES_REGULATION.search(row["notes"] or "")
    if m:
        return regulations.lookup(m.group(0)).ref
    return str(row["title"] or row["code"])


def stage_rows(db: Database, schedule_row: Row) -> list[Row]:
    return db.query(
        "SELECT s.*, ? AS schedule, ? AS schedule_status FROM stage s "
        "WHERE s.schedule_id = ? AND s.deleted_at IS NULL ORDER BY s.seq",
        [schedule_row["code"], schedule_row["status"], schedule_row["id"]],
    )


def record(db: Database, row: Row) -> dict[str, Any]:
    from kpukoord.timetables import stages as stage_mod

    return {
        "code": row["code"],
        "title": row["title"],
        "regulation": row["regulation"],
        "election": row["election"],
        "voting_day": row["voting_day"],
        "signed": row["signed"],
        "amends": row["amends"],
        "notes": row["notes"],
        "regions": json.loads(row["regions"]),
        "status": row["status"],
        "sources": json.loads(row["sources"]),
        "id": row["id"],
        "stages": [
            {
                **stage_mod.item(s),
                "depth": s["depth"],
                "kind": s["kind"],
                "note": s["note"],
                "amended": json.loads(s["amended"]),
            }
            for s in stage_rows(db, row)
        ],
    }


def history(db: Database, row: Row) -> list[Row]:
    return db.query(
        "SELECT created_at AS imported_at, status, file_hash, source_path, summary, origin "
        "FROM schedule_version WHERE schedule_id = ? ORDER BY created_at, id",
        [row["id"]],
    )


def amendments(db: Database, row: Row) -> list[dict[str, Any]]:
    """Every stage of a schedule whose dates were changed: earlier and current dates, why."""
    out = []
    for s in stage_rows(db, row):
        for a in json.loads(s["amended"]):
            out.append(
                {
                    "key": s["key"],
                    "name": s["name"],
                    "was": [a["start"], a["end"]],
                    "now": [s["start_date"], s["end_date"]],
                    "changed": a["changed"],
                    "by": a["by"],
                    "sources": a["sources"],
                }
            )
    return out


# ---------------------------------------------------------------------------
# Where a schedule applies


def office_codes(db: Database, all_regions: bool = False) -> set[str] | None:
    """The schedules shown by default to this office (None: all of them)."""
    if all_regions:
        return None
    return applicable_codes(db, db.office()["region"])


def region_hint(db: Database) -> str | None:
    """One line for an office without a region (it sees every region's schedules)."""
    if db.office()["region"]:
        return None
    return _(
        "hint: this office has no region, so the timetables of every region are shown; "
        "set it with 'kpukoord init --region CODE' (e.g. 73.22)"
    )

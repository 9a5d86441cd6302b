"""Schedule files: reading one YAML schedule file and checking all of it.

A schedule file (see ``schedules/README.md``) holds one PKPU timetable: a code,
metadata, and nested stages. :func:`load_file` checks everything and reports
*every* problem as ``file:line: message``; :func:`load_all` loads a set of files
and reports the problems of all of them together.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from kpukoord.errors import FileProblems, KpuError
from kpukoord.language.i18n import _
from kpukoord.language.yamlfile import MAX_BYTES, Document, load
from kpukoord.timetables.schedule_defs import (
    _SCHEDULE_FIELDS,
    _SLUG,
    _STAGE_FIELDS,
    CONFIDENCE,
    LEVELS,
    STAGE_KINDS,
    STATUSES,
    ScheduleDef,
    StageDef,
)
from kpukoord.timetables.schedule_fields import _amended, _date, _occurrences, _regions, _str


def bundled_dir() -> Path:
    """The timetables shipped with kpukoord (inside the package, or the source tree)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "schedules", here.parent.parent / "schedules"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise KpuError(_("the bundled schedules are missing from this installation"))


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

"""Agencies (lembaga) and their lookup by name, alias or id."""

from __future__ import annotations

import json
from typing import Any, TypedDict, Unpack

from kpukoord.errors import KpuError, NotFound, UsageError
from kpukoord.language import names, text
from kpukoord.language.i18n import _
from kpukoord.records import lookup, vocabulary
from kpukoord.records.listing import Where
from kpukoord.store.db import Database, Row
from kpukoord.store.ids import short

KINDS: dict[str, str] = {
    "kpu": "KPU / KIP",
    "bawaslu": "Bawaslu / Panwaslu",
    "dkpp": "DKPP",
    "pemda": "Pemerintah daerah (Bupati, Wali Kota, Gubernur, Sekda, OPD)",
    "kesbangpol": "Badan Kesbangpol",
    "dprd": "DPRD",
    "polri": "Polri (Polda, Polres, Polsek)",
    "tni": "TNI (Kodam, Kodim, Koramil)",
    "kejaksaan": "Kejaksaan (Kejati, Kejari)",
    "disdukcapil": "Disdukcapil",
    "ppk": "PPK / PPD",
    "pps": "PPS",
    "kpps": "KPPS",
    "pantarlih": "Pantarlih",
    "forum": "Forum (Forkopimda, Forkopimcam)",
    "camat": "Kecamatan / Camat",
    "desa": "Desa / Kelurahan",
    "party": "Partai politik",
    "media": "Media / pers",
    "ormas": "Ormas / LSM",
    "university": "Perguruan tinggi",
    "other": "Lainnya",
}
_KIND_SYNONYMS = {
    "kip": "kpu",
    "panwaslu": "bawaslu",
    "panwascam": "bawaslu",
    "pemkab": "pemda",
    "pemkot": "pemda",
    "pemprov": "pemda",
    "polres": "polri",
    "polda": "polri",
    "polsek": "polri",
    "kodim": "tni",
    "koramil": "tni",
    "kejari": "kejaksaan",
    "forkopimda": "forum",
    "partai": "party",
    "pers": "media",
}
_KIND = vocabulary.Vocabulary("agency kind", KINDS, _KIND_SYNONYMS)
LEVELS = ["nasional", "provinsi", "kabupaten/kota", "kecamatan", "desa"]
_LEVEL_SYNONYMS = {
    "pusat": "nasional",
    "ri": "nasional",
    "national": "nasional",
    "prov": "provinsi",
    "province": "provinsi",
    "kabupaten": "kabupaten/kota",
    "kota": "kabupaten/kota",
    "kab": "kabupaten/kota",
    "kab/kota": "kabupaten/kota",
    "kabkota": "kabupaten/kota",
    "kec": "kecamatan",
    "distrik": "kecamatan",
    "kelurahan": "desa",
    "kel": "desa",
}
_LEVEL = vocabulary.Vocabulary("level", LEVELS, _LEVEL_SYNONYMS)


def check_kind(kind: str) -> str:
    return _KIND.word(kind)


def check_level(level: str) -> str:
    return _LEVEL.word(level)


def check_region(code: str) -> str:
    """A Kemendagri code (from a code or a name), checked against the bundled list."""
    from kpukoord.language import regions

    return regions.check(code)


def guess_kind(name: str) -> str:
    """A kind from the name's first words, for agencies created on the fly."""
    toks = names.key(name)
    for prefix, kind in [
        ("kpu", "kpu"),
        ("kip", "kpu"),
        ("komisipemilihanumum", "kpu"),
        ("bawaslu", "bawaslu"),
        ("badanpengawaspemilu", "bawaslu"),
        ("panwas", "bawaslu"),
        ("kesbangpol", "kesbangpol"),
        ("badankesbangpol", "kesbangpol"),
        ("badankesatuanbangsa", "kesbangpol"),
        ("dprd", "dprd"),
        ("polres", "polri"),
        ("polda", "polri"),
        ("polsek", "polri"),
        ("kepolisian", "polri"),
        ("kodim", "tni"),
        ("koramil", "tni"),
        ("kodam", "tni"),
        ("korem", "tni"),
        ("kejaksaan", "kejaksaan"),
        ("kejari", "kejaksaan"),
        ("kejati", "kejaksaan"),
        ("disdukcapil", "disdukcapil"),
        ("ppk", "ppk"),
        ("pps", "pps"),
        ("kpps", "kpps"),
        ("pantarlih", "pantarlih"),
        ("forkopimda", "forum"),
        ("forkopimcam", "forum"),
        ("pemerintahkabupaten", "pemda"),
        ("pemerintahkota", "pemda"),
        ("pemkab", "pemda"),
        ("pemkot", "pemda"),
        ("pemprov", "pemda"),
        ("bupati", "pemda"),
        ("walikota", "pemda"),
        ("sekda", "pemda"),
        ("camat", "camat"),
        ("kecamatan", "camat"),
        ("partai", "party"),
    ]:
        if toks.startswith(prefix):
            return kind
    return "other"


def _lookup_columns(name: str, aliases: list[str]) -> dict[str, str]:
    all_names = [name, *aliases]
    return {
        "lookup": names.packed([names.key(n) for n in all_names]),
        "lookup_loose": names.packed([names.loose_key(n) for n in all_names]),
    }


def _matches(db: Database, column: str, k: str) -> list[Row]:
    if column not in ("lookup", "lookup_loose"):
        raise ValueError(column)
    return db.query(
        f"SELECT * FROM agency WHERE deleted_at IS NULL AND instr({column}, ?) > 0 "  # noqa: S608
        "ORDER BY name",
        [f"|{k}|"],
    )


def find(db: Database, text: str) -> Row:
    """The one live agency named text (id prefix, name or alias), or a clear error."""
    text = (text or "").strip()
    if not text:
        raise UsageError(_("an agency name is required"))
    rows = lookup.by_id_prefix(db, "agency", text) or _kept_by_id_prefix(db, text)
    if len(rows) == 1:
        return rows[0]
    k = names.key(text)
    if not k:
        raise UsageError(_("agency name {text!r} has no letters or digits").format(text=text))
    for column, kk in (("lookup", k), ("lookup_loose", names.loose_key(text))):
        rows = _matches(db, column, kk)
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            raise lookup.ambiguous(
                rows,
                _("agency {text!r} is ambiguous: {value0}. Give the full name or id"),
                text=text,
            )
    raise NotFound(
        _("unknown agency {text!r}{value0}").format(text=text, value0=_suggest(db, text))
    )


def _kept_by_id_prefix(db: Database, text: str) -> list[Row]:
    """Another office's id for an agency a merge kept as one: the kept agency."""
    if not lookup.could_be_id(text):
        return []
    return db.query(
        "SELECT a.* FROM _merge_map m JOIN agency a ON a.id = m.to_id WHERE "
        "m.from_id >= ? AND m.from_id < ? AND a.deleted_at IS NULL LIMIT 2",
        lookup.id_range(text),
    )


def suggestions(db: Database, text: str, *, limit: int = 8) -> list[str]:
    """Names close to text, best first: every name that begins with it ("PPK" → every
    "PPK ..."), then names holding it as a word, then near spellings, up to limit."""
    import difflib  # only when a name is not found

    typed = " ".join(text.lower().split())
    if not typed:
        return []
    best: dict[str, float] = {}
    for row in db.query("SELECT name, aliases FROM agency WHERE deleted_at IS NULL"):
        for n in [row["name"], *json.loads(row["aliases"])]:
            low = " ".join(n.lower().split())
            score = difflib.SequenceMatcher(None, typed, low).ratio()
            if low.startswith(typed + " ") or low == typed:
                score += 2
            elif f" {typed} " in f" {low} ":
                score += 1
            elif score < 0.5:
                continue
            if score > best.get(row["name"], -1):
                best[row["name"]] = score
    ranked = sorted(best, key=lambda name: (-best[name], name))
    # every name that begins with the text is a candidate ("PPK" with four PPKs names all
    # four); the limit bounds only the near spellings after them
    starting = [name for name in ranked if best[name] >= 2]
    return starting + ranked[len(starting) : max(limit, len(starting))]


def _suggest(db: Database, text: str) -> str:
    seen = suggestions(db, text)
    if seen:
        return "; " + _("did you mean: {names}?").format(names=", ".join(seen))
    return " " + _("(see 'kpukoord agency list', or add it with 'kpukoord agency add')")


def _check_unique(db: Database, all_names: list[str], exclude_id: str | None = None) -> None:
    for n in all_names:
        for row in _matches(db, "lookup", names.key(n)):
            if row["id"] != exclude_id:
                raise KpuError(
                    _("agency name {n!r} is already used by {name!r} ({value0})").format(
                        n=n, name=row["name"], value0=short(row["id"])
                    )
                )


class Attributes(TypedDict, total=False):
    """What an agency is besides its names, as typed; each left out or None: not given."""

    kind: str | None
    level: str | None
    region: str | None  # a Kemendagri code or a region's name
    parent: str | None  # the agency above it, by name or id


def _attribute_columns(db: Database, attributes: Attributes) -> dict[str, Any]:
    """The columns of the attributes given, each checked (in this order)."""
    kind, level = attributes.get("kind"), attributes.get("level")
    region, parent = attributes.get("region"), attributes.get("parent")
    columns: dict[str, Any] = {}
    if kind:
        columns["kind"] = check_kind(kind)
    if level:
        columns["level"] = check_level(level)
    if region:
        columns["region"] = check_region(region)
    if parent:
        columns["parent_id"] = find(db, parent)["id"]
    return columns


def add(
    db: Database, name: str, *, aliases: list[str] | None = None, **attributes: Unpack[Attributes]
) -> str:
    name = " ".join(name.split())
    if not names.key(name):
        raise UsageError(_("agency name {name!r} has no letters or digits").format(name=name))
    alias_list = _clean_aliases(aliases or [], name)
    _check_unique(db, [name, *alias_list])
    values: dict[str, Any] = {
        "name": name,
        "aliases": json.dumps(alias_list, ensure_ascii=False),
        "kind": None,
        "level": None,
        "region": None,
        "parent_id": None,
        **_lookup_columns(name, alias_list),
    }
    values.update(_attribute_columns(db, attributes))
    values["kind"] = values["kind"] or guess_kind(name)
    return db.insert("agency", values)


def _clean_aliases(aliases: list[str], name: str) -> list[str]:
    out: list[str] = []
    for a in aliases:
        a = " ".join(text.check(a, "alias").split())
        if a and names.key(a) != names.key(name) and a not in out:
            out.append(a)
    return out


def edit(
    db: Database,
    row: Row,
    *,
    name: str | None = None,
    add_aliases: list[str] | None = None,
    remove_aliases: list[str] | None = None,
    **attributes: Unpack[Attributes],
) -> None:
    new_name = " ".join(name.split()) if name else row["name"]
    current = json.loads(row["aliases"])
    drop = {names.key(a) for a in (remove_aliases or [])}
    unknown = [a for a in (remove_aliases or []) if names.key(a) not in map(names.key, current)]
    if unknown:
        raise UsageError(
            _("{name!r} has no alias {value0!r}").format(name=row["name"], value0=unknown[0])
        )
    aliases = [a for a in current if names.key(a) not in drop]
    if name and name != row["name"]:
        aliases.append(row["name"])  # the old name keeps working
    aliases = _clean_aliases([*aliases, *(add_aliases or [])], new_name)
    _check_unique(db, [new_name, *aliases], exclude_id=row["id"])
    values: dict[str, Any] = {
        "name": new_name,
        "aliases": json.dumps(aliases, ensure_ascii=False),
        **_lookup_columns(new_name, aliases),
    }
    values.update(_attribute_columns(db, attributes))
    if values.get("parent_id") == row["id"]:
        raise UsageError(_("an agency cannot be its own parent"))
    db.update("agency", row["id"], values)


def ensure(db: Database, name: str, *, create: bool) -> tuple[Row, bool]:
    """find(), or with create=True make the agency when it is unknown."""
    try:
        return find(db, name), False
    except NotFound:
        if not create:
            raise
    new = add(db, name)
    row = db.get("agency", new)
    assert row is not None
    return row, True


def remove(db: Database, text: str) -> Row:
    """Remove the agency named by ``text`` (a soft delete: past meetings keep showing
    it) and return its row. The office's own agency is never removed: the office's
    meetings, follow-ups and report are about it."""
    with db.atomic():
        row = find(db, text)
        if row["id"] == db.office().get("agency_id"):
            raise KpuError(
                _("{name!r} is this office's own agency; it cannot be removed").format(
                    name=row["name"]
                )
            )
        db.soft_delete("agency", row["id"])
    return row


def record(db: Database, row: Row) -> dict[str, Any]:
    parent = db.get("agency", row["parent_id"]) if row.get("parent_id") else None
    return {
        "id": row["id"],
        "name": row["name"],
        "aliases": json.loads(row["aliases"]),
        "kind": row["kind"],
        "level": row["level"],
        "region": row["region"],
        "parent": parent["name"] if parent else None,
        "parent_id": row["parent_id"],
        "origin": row["origin"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def list_rows(
    db: Database, *, kind: str | None = None, level: str | None = None, query: str | None = None
) -> list[Row]:
    where = Where("deleted_at IS NULL")
    if kind:
        where.add("kind = ?", check_kind(kind))
    if level:
        where.add("level = ?", check_level(level))
    if query:
        where.add(
            "(instr(lookup, ?) > 0 OR instr(lookup_loose, ?) > 0)",
            names.key(query),
            names.loose_key(query),
        )
    return db.query(
        f"SELECT * FROM agency WHERE {where.sql()} ORDER BY kind, name",  # noqa: S608
        where.params,
    )

"""This database's own office: its name, region code, time zone and agency."""

from __future__ import annotations

from typing import Any

from kpukoord.errors import KpuError, NotFound
from kpukoord.language import dates, regions, text
from kpukoord.language.i18n import _
from kpukoord.records import agencies
from kpukoord.store.db import Database, Row


def record(db: Database) -> dict[str, Any]:
    row = db.office()
    return {
        "id": row["id"],
        "name": row["name"],
        "region": row["region"],
        "region_name": regions.name(row["region"]),
        "timezone": row["timezone"],
        "agency_id": row["agency_id"],
        "address": address(db),
    }


# The office's address (for the letterhead of its documents) is a local setting of this
# file, like its id: another office's file merged in never brings its address here.
ADDRESS_KEY = "office_address"
ADDRESS_MAX = 200  # one line of a letterhead, with room to spare


def address(db: Database) -> str | None:
    return db.meta(ADDRESS_KEY)


def setup(
    db: Database,
    *,
    name: str | None = None,
    region: str | None = None,
    timezone: str | None = None,
    aliases: list[str] | None = None,
    address: str | None = None,
) -> dict[str, Any]:
    """Record (or update) the office; make or link its agency. Idempotent.

    ``address`` is the letterhead's address line ("" removes it)."""
    if address is not None:
        address = " ".join(text.check(address, "--address").split())
        if len(address) > ADDRESS_MAX:
            raise KpuError(
                _("--address: at most {max} characters, one line of the letterhead").format(
                    max=ADDRESS_MAX
                )
            )
    with db.atomic():
        if address is not None:
            if address:
                db.set_meta(ADDRESS_KEY, address)
            else:
                db.delete_meta(ADDRESS_KEY)
        row = db.office()
        values: dict[str, Any] = {}
        if region:
            values["region"] = regions.check(region)  # 73.22 or "Luwu Utara"
        if timezone:
            values["timezone"] = dates.check_timezone(timezone)
        if name:
            name = " ".join(name.split())
            values["name"] = name
            values["agency_id"] = _office_agency(db, row, name, values.get("region"), aliases or [])
        elif aliases and row["agency_id"]:
            agency = db.get("agency", row["agency_id"])
            assert agency is not None
            agencies.edit(db, agency, add_aliases=aliases)
        changed = {k: v for k, v in values.items() if row.get(k) != v}
        if changed:
            db.update("office", row["id"], changed)
    return record(db)


def _office_agency(
    db: Database, row: Row, name: str, region: str | None, aliases: list[str]
) -> str:
    if row["agency_id"]:
        agency = db.get("agency", row["agency_id"])
        assert agency is not None
        if agency["name"] != name:
            agencies.edit(db, agency, name=name)
        if aliases:
            agencies.edit(db, db.get("agency", agency["id"]) or agency, add_aliases=aliases)
        return str(agency["id"])
    try:
        agency = agencies.find(db, name)
        if aliases:
            agencies.edit(db, agency, add_aliases=aliases)
        return str(agency["id"])
    except NotFound:
        level = None
        if region:
            level = "provinsi" if "." not in region else "kabupaten/kota"
        return agencies.add(db, name, aliases=aliases, kind="kpu", level=level, region=region)

"""kpukoord agency: the bodies an office coordinates with."""

from typing import Annotated, Any

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import AddAliasOpt, JsonOpt, RemoveAliasOpt, RenameOpt
from kpukoord.language.i18n import _

app = typer.Typer(
    no_args_is_help=True, help=_("Agencies (lembaga): KPU, Bawaslu, Pemda, Polres...")
)
AgencyArg = Annotated[str, typer.Argument(help=_("Name, alias or id."))]


@app.command(
    "add",
    help=_(
        """Add an agency.

Example: kpukoord agency add "Badan Kesbangpol Kabupaten Luwu Utara" --alias "Kesbangpol Lutra" --kind kesbangpol --level kabupaten/kota --region 73.22"""
    ),
)
def add(
    name: Annotated[
        str, typer.Argument(help=_('Full name, e.g. "Badan Kesbangpol Kabupaten Luwu Utara".'))
    ],
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", "-a", help=_('Another name (repeatable): "Kesbangpol Lutra".')),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help=_(
                "kpu, bawaslu, pemda, kesbangpol, dprd, polri, tni, kejaksaan, ppk, pps, "
                "kpps, pantarlih, forum, media, party, other... Guessed from the name if omitted."
            )
        ),
    ] = None,
    level: Annotated[
        str | None, typer.Option(help=_("nasional, provinsi, kabupaten/kota, kecamatan or desa."))
    ] = None,
    region: Annotated[str | None, typer.Option(help=_("Kemendagri code, e.g. 73.22."))] = None,
    parent: Annotated[str | None, typer.Option(help=_("The agency above it (name or id)."))] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import agencies

    with _common.writing() as db:
        new_id = agencies.add(
            db, name, aliases=alias, kind=kind, level=level, region=region, parent=parent
        )
    _emit_written(db, new_id, json_out)


@app.command(
    "list",
    help=_(
        """List agencies, by kind then name.

Example: kpukoord agency list --kind polri"""
    ),
)
def list_(
    kind: Annotated[str | None, typer.Option(help=_("Only this kind."))] = None,
    level: Annotated[str | None, typer.Option(help=_("Only this level."))] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help=_("Name or alias contains."))
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import agencies

    db = _common.db()
    recs = [
        agencies.record(db, r) for r in agencies.list_rows(db, kind=kind, level=level, query=search)
    ]
    _common.emit(json_out, recs, lambda t: t.agency_table(recs))


@app.command(
    "show",
    help=_(
        'Show an agency with its people, meetings and open follow-ups.\n\nExample: kpukoord agency show "Kesbangpol Lutra"'
    ),
)
def show(
    agency: AgencyArg,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import actions, agencies, meetings, people

    def record(db: Any, row: Any) -> dict[str, Any]:
        rec = agencies.record(db, row)
        rec["people"] = people.list_rows(db, agency=row["id"])
        rows = meetings.list_rows(db, agency_id=row["id"])
        rec["meetings"] = meetings.records(db, rows) if json_out else rows
        rec["open_actions"] = [actions.record(a) for a in actions.list_rows(db, owner_id=row["id"])]
        return rec

    _common.show_record(json_out, agencies.find, record, agency, "agency_detail")


@app.command(
    "edit",
    help=_(
        'Change an agency\'s name, aliases, kind, level, region or parent.\n\nExample: kpukoord agency edit "KPU Sijunjung" --alias "KPU Kab. Sijunjung"'
    ),
)
def edit(
    agency: AgencyArg,
    name: RenameOpt = None,
    alias: AddAliasOpt = None,
    remove_alias: RemoveAliasOpt = None,
    kind: Annotated[str | None, typer.Option(help=_("New kind."))] = None,
    level: Annotated[str | None, typer.Option(help=_("New level."))] = None,
    region: Annotated[str | None, typer.Option(help=_("New region code."))] = None,
    parent: Annotated[str | None, typer.Option(help=_("New parent agency."))] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import agencies

    with _common.writing() as db:
        row = agencies.find(db, agency)
        agencies.edit(
            db,
            row,
            name=name,
            add_aliases=alias,
            remove_aliases=remove_alias,
            kind=kind,
            level=level,
            region=region,
            parent=parent,
        )
    _emit_written(db, row["id"], json_out, _("updated {id} {title}"))


@app.command(
    "remove",
    help=_(
        'Remove an agency (a soft delete: past meetings keep showing it).\n\nExample: kpukoord agency remove "Dinas Lama"'
    ),
)
def remove(agency: AgencyArg) -> None:
    from kpukoord.records import agencies

    row = agencies.remove(_common.db(), agency)
    _common.say(_("removed {id} {title}").format(id=row["id"], title=row["name"]))


def _emit_written(db: Any, agency_id: str, json_out: bool, line: str = "{id}") -> None:
    """The agency as now stored: its record as JSON, or ``line`` with its id and name."""
    from kpukoord.records import agencies

    row = db.get("agency", agency_id)
    assert row is not None
    _common.emit(json_out, agencies.record(db, row), line.format(id=row["id"], title=row["name"]))

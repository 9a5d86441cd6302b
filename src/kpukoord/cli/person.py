"""kpukoord person: the people of each agency and the positions they held."""

from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import AddAliasOpt, JsonOpt, RemoveAliasOpt, RenameOpt
from kpukoord.language.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("People and their positions over time."))
PersonArg = Annotated[str, typer.Argument(help=_("Name or id."))]


@app.command(
    "add",
    help=_(
        '''Add a person with a position; for a known name, add the new position.

Example: kpukoord person add "Bayu Agung Perdana" --agency "KPU Sijunjung" --position "Plh Ketua" --from "1 Juli 2024"'''
    ),
)
def add(
    name: Annotated[str, typer.Argument(help=_('Full name, e.g. "Bayu Agung Perdana".'))],
    agency: Annotated[str | None, typer.Option(help=_("Agency (name, alias or id)."))] = None,
    position: Annotated[str | None, typer.Option(help=_('Title held, e.g. "Plh Ketua".'))] = None,
    divisi: Annotated[str | None, typer.Option(help=_("Divisi, for commissioners."))] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=_(
                'Held since: a date, a month ("Juni 2018"), a year ("2018") or a periode '
                '("2018-2023", which also sets --to).'
            ),
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(help=_('Held until: a date, a month or a year (its last day), e.g. "2023".')),
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(help=_('A short name the person is known by (repeatable), e.g. "Bahar".')),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import agencies, people

    agency = _common.require(agency, "--agency", _("Agency"), _common.check_agency)
    position = _common.require(position, "--position", _("Position"))
    from_date, to_date = people.position_dates(from_, to)
    with _common.writing() as db:
        agency_row = agencies.find(db, agency)
        existing = people.find_optional(db, name)
        close = [] if existing else people.near(db, name, agency_row["id"])
        person_id = existing["id"] if existing else people.add(db, name)
        people.add_aliases(db, person_id, alias or [])
        people.add_position(
            db,
            person_id,
            agency_row["id"],
            position,
            divisi=divisi,
            from_date=from_date,
            to_date=to_date,
        )
    row = db.get("person", person_id)
    assert row is not None
    _common.emit(json_out, people.record(db, row), person_id)
    if close:  # 'Sitti Aminah' beside 'Siti Aminah' of that agency: said, not refused
        _common.note(
            _(
                "warning: {name} was added as a new person; {agency} also has {close}: if "
                "they are one person, 'kpukoord undo' takes this back"
            ).format(
                name=row["name"],
                agency=agency_row["name"],
                close=", ".join(r["name"] for r in close),
            )
        )
    if existing and not json_out:
        _common.note(
            _("{name} was known: added the position {position!r}").format(
                name=row["name"], position=position
            )
        )


@app.command(
    "list",
    help=_(
        '''List people with their latest position.

Example: kpukoord person list --agency "KPU Sijunjung"'''
    ),
)
def list_(
    agency: Annotated[str | None, typer.Option(help=_("Only people of this agency."))] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import people

    rows = people.list_rows(_common.db(), agency=agency)
    _common.emit(json_out, rows, lambda t: t.person_table(rows))


@app.command(
    "show",
    help=_(
        '''Show a person's positions over time and the meetings they attended.

Example: kpukoord person show "Hakim Bukara"'''
    ),
)
def show(
    person: PersonArg,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import people

    _common.show_record(json_out, people.find, people.record, person, "person_detail")


@app.command(
    "edit",
    help=_(
        '''Correct a person's name or the short names they are known by.

Example: kpukoord person edit "Irfn Lahabu" --name "Irfan Lahabu"'''
    ),
)
def edit(
    person: PersonArg,
    name: RenameOpt = None,
    alias: AddAliasOpt = None,
    remove_alias: RemoveAliasOpt = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import people

    with _common.writing() as db:
        row = people.find(db, person)
        people.edit(db, row, name=name, aliases=alias, remove_aliases=remove_alias)
    new = db.get("person", row["id"])
    assert new is not None
    _common.emit(
        json_out,
        people.record(db, new),
        _("updated {id} {title}").format(id=new["id"], title=new["name"]),
    )

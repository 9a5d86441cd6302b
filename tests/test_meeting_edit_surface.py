"""'meeting edit' takes the field options 'meeting add' takes, from the one declaration
both read (kpukoord.surface): the same flags (less -t and -d), each one's help for that
command, and the same field, so a value given to edit lands where add puts it."""

from __future__ import annotations

from typing import Any

import typer.main

from conftest import Cli
from kpukoord import surface
from kpukoord.language.i18n import _


def _params(command: str) -> dict[str, Any]:
    from kpukoord.cli import meeting

    group = typer.main.get_command(meeting.app)
    return {p.name: p for p in group.commands[command].params}  # type: ignore[attr-defined]


def test_edit_has_every_field_option_of_add_as_surface_declares_it() -> None:
    add, edit = _params("add"), _params("edit")
    for option in surface.MEETING_FIELDS:
        mine = edit[option.param]
        assert mine.opts == [f for f in option.flags if f not in ("-t", "-d")]
        assert mine.multiple == option.several == add[option.param].multiple
        shown = _(option.edit_help or option.help).format(person=_(surface.PERSON))
        assert mine.help == shown, option.param
    names = [n for n in edit if n in surface.BY_PARAM]
    assert names == list(surface.EDIT_ORDER)  # --help lists them in the declared order
    assert [n for n in add if n in surface.BY_PARAM] == list(surface.ADD_ORDER)


def test_a_field_given_to_edit_is_stored_as_add_stores_it(office: Cli) -> None:
    meeting_id = office.ok("meeting", "add", "-t", "Rakor", "-d", "5 Juli 2024").stdout.strip()
    office.ok(
        "meeting",
        "edit",
        meeting_id,
        "--opened-by",
        "Bayu Agung Perdana; agency=KPU Kabupaten Sijunjung; position=Plh Ketua",
        "--point",
        "Coklit dimulai 24 Juni; by=Bayu Agung Perdana",
        "--venue",
        "Aula KPU Kabupaten Sijunjung",
    )
    added = office.json(
        "meeting",
        "add",
        "-t",
        "Rakor",
        "-d",
        "5 Juli 2024",
        "--allow-duplicate",  # the same meeting again, given to add
        "--opened-by",
        "Bayu Agung Perdana; agency=KPU Kabupaten Sijunjung; position=Plh Ketua",
        "--point",
        "Coklit dimulai 24 Juni; by=Bayu Agung Perdana",
        "--venue",
        "Aula KPU Kabupaten Sijunjung",
    )
    edited = office.json("meeting", "show", meeting_id)
    for key in ("opened_by", "points", "venue"):
        assert edited[key] == added[key] and added[key], key

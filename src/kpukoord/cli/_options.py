"""Options that many commands share, defined once."""

from typing import Annotated

import typer

from kpukoord.language.i18n import _

JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))]
FromOpt = Annotated[
    str | None, typer.Option("--from", help=_("On or after this date (as written: 1 Juli 2024)."))
]
ToOpt = Annotated[str | None, typer.Option("--to", help=_("On or before this date."))]

IgnoreWeekdayOpt = Annotated[
    bool,
    typer.Option(
        "--ignore-weekday",
        help=_(
            'Keep a date whose weekday contradicts it ("Selasa (24/11/2024)" is a '
            "Sunday): the date as written is stored, with a warning."
        ),
    ),
]

NewPeopleOpt = Annotated[
    bool,
    typer.Option(
        "--new-people",
        help=_(
            "Add attendees whose names are close to a known person of that agency as "
            "new people (without it, a near match is taken for a typo)."
        ),
    ),
]

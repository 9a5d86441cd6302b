"""The ``kpukoord`` command line: one Typer app, one module per command group.

This module builds the root app, its global ``--db`` option, and the single
error boundary: any :class:`~kpukoord.errors.KpuError` raised below becomes
one line on stderr and exit code 1 (domain) or 2 (usage), with no traceback.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kpukoord import __version__, errors, surface
from kpukoord.cli import _click, _common, _complete
from kpukoord.cli._options import as_of_option, format_option
from kpukoord.language.i18n import _


def _fail(exc: BaseException) -> typer.Exit:
    for line in errors.lines(exc):
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
    return typer.Exit(errors.exit_code(exc))


class KpuGroup(TyperGroup):
    """The root group: the one place where errors become messages and exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _click.localise(self)  # Click's usage placeholders in the language in force
        _complete.attach(self)  # what Tab offers for names, ids and codes

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        _click.localise_params(params)  # Typer adds its completion options after __init__
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:  # Click's errors derive from it (public API)
            if exc.exit_code != 2:  # not a usage error: Typer reports it as it always did
                raise
            usage_ctx = getattr(exc, "ctx", None)
            where = usage_ctx.command_path if usage_ctx else "kpukoord"
            raise _fail(
                errors.UsageError(
                    _("{message} (see '{command} --help')").format(
                        message=_click.usage_message(exc),
                        command=where,
                    )
                )
            ) from None
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # 'kpukoord merge ... | head -2': the reader has what it wanted
            import os

            try:
                with open(os.devnull, "w") as devnull:  # nothing more to flush at exit
                    os.dup2(devnull.fileno(), sys.stdout.fileno())
            except (OSError, ValueError):  # no real stdout (a test runner's): nothing to do
                pass
            raise typer.Exit(141) from None  # as a shell reports a pipe closed (128 + SIGPIPE)
        except Exception as exc:  # a bug: one line for the operator, the trace on request
            import os

            if errors.is_bug(exc) and os.environ.get("KPUKOORD_DEBUG"):
                raise
            bug = errors.is_bug(exc) and isinstance(ctx.obj, _common.State)
            found = ctx.obj.foreign_value() if bug else None  # (a scan: on that path only)
            if found:  # not a bug: a value another tool wrote
                raise _fail(
                    errors.DatabaseError(
                        _(
                            "{path}: {value}; a value another tool wrote ('kpukoord db check' "
                            "lists every one)"
                        ).format(path=ctx.obj.path(), value=found)
                    )
                ) from None
            raise _fail(exc) from None
        except KeyboardInterrupt as exc:  # Ctrl-C: the transaction and any file are undone
            raise _fail(exc) from None
        finally:
            if isinstance(ctx.obj, _common.State):
                ctx.obj.close()


HELP = _(
    "Coordination records for a KPU office: agencies, meetings, decisions, "
    "follow-ups and the PKPU stage timetables, in one SQLite file.\n\n"
    'Start with \'kpukoord init --office "KPU Kabupaten Sijunjung" --region 13.03 '
    "--timezone WIB', then 'kpukoord meeting add --help'.\n\n"
    "Messages are in Bahasa Indonesia; '--lang en' or KPUKOORD_LANG=en for English."
)


def _version(value: bool) -> None:
    if value:
        _common.say(f"kpukoord {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            surface.DB,
            envvar=surface.DB_ENV,
            help=_(
                "Database file. Default: env KPUKOORD_DB, else kpukoord.db in your user data "
                "directory ('kpukoord db path' shows which)."
            ),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            surface.LANG,
            help=_(
                "Language of messages and help: id (Bahasa Indonesia, the default) or en. "
                "Default: env KPUKOORD_LANG."
            ),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help=_("Show the version.")
        ),
    ] = False,
) -> None:
    source = ctx.get_parameter_source("db")
    ctx.obj = _common.State(
        db.expanduser() if db else None,
        db_given=getattr(source, "name", "") == "COMMANDLINE",
    )
    if lang is not None:
        ctx.obj.set_language(lang)


def init(
    office: Annotated[
        str | None,
        typer.Option(help=_('This office\'s name, e.g. "KPU Kabupaten Luwu Utara".')),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(help=_("Kemendagri region code, e.g. 73.22 (kabupaten) or 73.")),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help=_("The office's time zone: WIB, WITA or WIT."))
    ] = None,
    alias: Annotated[
        list[str] | None, typer.Option(help=_("Another name of the office (repeatable)."))
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            help=_(
                'The office\'s address for the letterhead of its documents, e.g. "Jl. Simpurusiang No. 1, Masamba" ("" removes it).'
            )
        ),
    ] = None,
    schedules: Annotated[
        bool,
        typer.Option(help=_("Import the bundled PKPU timetables (again, if they changed).")),
    ] = True,
    json_out: Annotated[bool, typer.Option("--json", help=_("Print the office as JSON."))] = False,
) -> None:
    # help: INIT_HELP (translated)
    from kpukoord.records import office as office_mod

    imported: list[dict[str, Any]] = []
    with _common.state().creating() as database:  # a failed init leaves the disk as it was
        rec = office_mod.setup(
            database,
            name=office,
            region=region,
            timezone=timezone,
            aliases=alias or [],
            address=address,
        )
        if schedules:
            from kpukoord.timetables import schedules as sched

            imported = sched.import_paths(database, [sched.bundled_dir()])
    if json_out:
        _common.emit_json({"office": rec, "schedules": imported})
        return
    _common.say(_("database: {path}").format(path=database.path))
    _common.say(
        _("office: {name}").format(name=rec["name"] or _("(no name yet: use --office)"))
        + (
            f" [{' '.join(filter(None, (rec['region'], rec['region_name'])))}]"
            if rec["region"]
            else ""
        )
        + (f" {rec['timezone']}" if rec["timezone"] else "")
    )
    from kpukoord.views.lists import status_label

    for s in imported:
        _common.say(
            _("schedule {code}: {status}").format(code=s["code"], status=status_label(s["status"]))
        )


def demo(
    format: Annotated[
        str, format_option(_("terminal, text, markdown, html or json."))
    ] = "terminal",
    lang: Annotated[
        str | None,
        typer.Option(
            help=_("Language of the report: id or en (default: the language in force)."),
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        as_of_option(
            _("Report as of this day (default: today), e.g. 5/7/2024, the Sijunjung rakor."),
            show_default=False,
        ),
    ] = None,
) -> None:
    # help: DEMO_HELP (translated)
    from kpukoord import demo as demo_mod
    from kpukoord.cli.report import render_weekly
    from kpukoord.language import dates
    from kpukoord.store.db import Database

    # an office of today (trial bug 5): the report as of today, its PDPB pleno and the
    # coming ones; --as-of shows another day, e.g. the week of the 2024 Sijunjung rakor
    day = dates.parse_day(as_of, what="--as-of") if as_of else dates.today()
    state = _common.state()
    path = state.db_path if state.db_given and state.db_path else demo_mod.default_path()
    demo_mod.build(path)
    with Database(path) as database:
        render_weekly(
            database,
            week=None,
            as_of=day.isoformat(),
            format=format,
            lang=lang,
            output=None,
            ahead=14,
            stale=30,
        )
    _common.note(
        _("demo database: {path}  (try: kpukoord --db {path} meeting list)").format(path=path)
    )


INIT_HELP = _(
    """Create the database (if needed) and record which office it belongs to.

Safe to run again: it updates the office and re-imports the bundled
timetables, changing nothing that is already current.

Example: kpukoord init --office "KPU Kabupaten Luwu Utara" --region 73.22 --timezone WITA"""
)

DEMO_HELP = _(
    """Build a demonstration database and print its weekly rakor report.

It holds the bundled timetables, three real coordination meetings from the
news (Luwu Utara 2023, Sijunjung and Bengkulu Utara 2024) and the office's
2025 PDPB pleno, and shows the report as of today (--as-of 5/7/2024: the
week of the Sijunjung rakor). It is built in kpukoord's cache
directory, or in the file given as 'kpukoord --db FILE demo' (never in the
one KPUKOORD_DB names); a file that is not itself a demonstration database
is never overwritten.

Example: kpukoord demo --as-of 5/7/2024 --format text"""
)


# Command groups: name -> "module:attribute" of its Typer app. Imported only when used.
GROUPS: dict[str, str] = {
    "agency": "kpukoord.cli.agency:app",
    "person": "kpukoord.cli.person:app",
    "meeting": "kpukoord.cli.meeting:app",
    "action": "kpukoord.cli.action:app",
    "schedule": "kpukoord.cli.schedule:app",
    "stage": "kpukoord.cli.stage:app",
    "report": "kpukoord.cli.report:app",
    "export": "kpukoord.cli.exchange:export_app",
    "import": "kpukoord.cli.exchange:import_app",
    "date": "kpukoord.cli.dates:app",
    "db": "kpukoord.cli.dbcmd:app",
    "publish": "kpukoord.cli.publish:app",
}
ROOT_COMMANDS = ("init", "demo", "search", "merge", "history", "undo")


def make_app(only: str | None = None) -> typer.Typer:
    """The command line; with ``only``, just that group or root command.

    Typer builds the Click command of every registered command on each run
    (~1.3 ms a command); building only the one asked for keeps the commands
    typed all day quick to start. ``kpukoord --help`` and unknown names get
    the whole app.
    """
    import importlib

    _click.install()
    _complete.install()
    new = typer.Typer(
        cls=KpuGroup,
        name="kpukoord",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(root)
    if only is None or only == "init":
        new.command(help=INIT_HELP)(init)
    if only is None or only == "demo":
        new.command(help=DEMO_HELP)(demo)
    if only is None or only == "search":
        from kpukoord.cli.search import HELP as SEARCH_HELP
        from kpukoord.cli.search import search

        new.command("search", help=SEARCH_HELP)(search)
    if only is None or only == "merge":
        from kpukoord.cli.merge import HELP as MERGE_HELP
        from kpukoord.cli.merge import merge

        new.command("merge", help=MERGE_HELP)(merge)
    if only is None or only in ("history", "undo"):
        from kpukoord.cli import history as history_cli

        new.command("history", help=history_cli.HISTORY_HELP)(history_cli.history)
        new.command("undo", help=history_cli.UNDO_HELP)(history_cli.undo)
    for name, where in GROUPS.items():
        if only is None or only == name:
            module, attr = where.split(":")
            new.add_typer(getattr(importlib.import_module(module), attr), name=name)
    return new


def command_name(argv: list[str]) -> str | None:
    """The group or root command named on a command line, or None (whole app)."""
    lead = surface.leading(argv)
    if lead.others or lead.command is None:
        return None  # --help, --version or a mistake: the whole app answers
    name = argv[lead.command]
    return name if name in GROUPS or name in ROOT_COMMANDS else None


def __getattr__(name: str) -> typer.Typer:
    """``kpukoord.cli.app``: the whole app (for tests and tools), built on first use."""
    if name == "app":
        globals()["app"] = make_app()
        return globals()["app"]
    raise AttributeError(name)

"""Shell completion: what Tab offers for each parameter, and the bash glue.

Click's protocol, as Typer installs it (``kpukoord --install-completion``): the
shell runs ``kpukoord`` with ``_KPUKOORD_COMPLETE=complete_bash`` (``complete_zsh``,
``complete_fish``) and the words typed so far in the environment, and prints one
candidate a line. :data:`BY_PARAM` is the one table that says which parameter
completes what, by its Click name (``--attendee`` is ``attendee``), so the command
modules stay as they are; :func:`attach` applies it to the command tree.

Candidates come from :mod:`kpukoord.completion`, which opens the database
read-only: a completion never creates, migrates or writes the file, and never
prompts. Names with spaces complete quoted: zsh and fish quote what they insert;
for bash (whose ``complete -F`` inserts the text as given) :func:`install` gives
Typer's bash class a script that passes the line up to the cursor and a formatter
that escapes or closes the quote the operator opened, and that answers after a
``:`` (a word break for bash) with the rest of a stage reference only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The bash script: the line up to the cursor, and bash's own current word (after a
# ':' it is only what follows it).
BASH_SCRIPT = """
%(complete_func)s() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_LINE="${COMP_LINE:0:$COMP_POINT}" \\
                   COMP_CUR="${COMP_WORDS[COMP_CWORD]}" \\
                   %(autocomplete_var)s=complete_bash $1 ) )
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""

Complete = Callable[[Any, str], list[tuple[str, str]]]


def _db(ctx: Any) -> Any:
    """The database named by --db / KPUKOORD_DB / the default, opened read-only, or None."""
    from kpukoord import completion
    from kpukoord.db import default_path

    given = ctx.find_root().params.get("db")
    path = Path(given).expanduser() if given else default_path()
    return completion.open_readonly(path)


def _from_db(fn: Callable[[Any, str], list[tuple[str, str]]]) -> Complete:
    def complete(ctx: Any, typed: str) -> list[tuple[str, str]]:
        conn = _db(ctx)
        if conn is None:
            return []
        try:
            return fn(conn, typed)
        finally:
            conn.close()

    return complete


def _agencies(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return _from_db(completion.agencies)(ctx, typed)


def _people(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return _from_db(completion.people)(ctx, typed)


def _meetings(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return _from_db(completion.meetings)(ctx, typed)


def _actions(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return _from_db(completion.actions)(ctx, typed)


def _stages(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return _from_db(completion.stages)(ctx, typed)


def _schedules(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return _from_db(completion.schedules)(ctx, typed)


def _regions(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    return completion.regions(typed)


def _kinds(ctx: Any, typed: str) -> list[tuple[str, str]]:
    """Meeting kinds, or agency kinds under ``kpukoord agency``."""
    from kpukoord import agencies, completion, meetings

    if "agency" in ctx.command_path.split():
        return completion.words(agencies.KINDS, typed)
    return completion.words(meetings.KINDS, typed)


# --format by command (the commands' own help lists the same).
_FORMATS = {
    "minutes": ["docx", "html", "markdown", "text", "terminal"],
    "import": ["csv", "json", "yaml"],
}
_REPORT_FORMATS = ["terminal", "text", "markdown", "html", "json"]


def _formats(ctx: Any, typed: str) -> list[tuple[str, str]]:
    from kpukoord import completion

    words = ctx.command_path.split()
    found = next((f for name, f in _FORMATS.items() if name in words), _REPORT_FORMATS)
    return completion.words(found, typed)


def _words(choices: Callable[[], Any]) -> Complete:
    def complete(ctx: Any, typed: str) -> list[tuple[str, str]]:
        from kpukoord import completion

        return completion.words(choices(), typed)

    return complete


def _statuses() -> list[str]:
    from kpukoord import meetings

    return list(meetings.STATUSES)


def _zones() -> list[str]:
    from kpukoord import dates

    return list(dates.TIMEZONES)


def _levels() -> list[str]:
    from kpukoord import agencies

    return list(agencies.LEVELS)


def _tables() -> list[str]:
    from kpukoord import exchange

    return list(exchange.TABLES)


# What completes the head of a spec and the value of each of its keys.
_SPEC_VALUES: dict[str, Complete] = {
    "agency": _agencies,
    "owner": _agencies,
    "person": _people,
    "by": _people,
}
_SPEC_HEADS: dict[str, Complete | None] = {
    "attendee": _agencies,
    "person": _people,
    "action": None,  # free text
    "group": None,
    "point": None,
    "directive": None,
    "award": None,
    "figure": None,
}


def _spec(kind: str) -> Complete:
    """A 'HEAD; key=value; …' value: the head, the keys after '; ', their values."""

    def complete(ctx: Any, typed: str) -> list[tuple[str, str]]:
        if ";" not in typed:
            head = _SPEC_HEADS[kind]
            return head(ctx, typed) if head else []
        before, _sep, part = typed.rpartition(";")
        lead = before + ";" + part[: len(part) - len(part.lstrip())]
        part = part.lstrip()
        if "=" in part:
            key, _eq, value = part.partition("=")
            fn = _SPEC_VALUES.get(key.strip().lower())
            return [(f"{lead}{key}={v}", h) for v, h in fn(ctx, value)] if fn else []
        from kpukoord import meetings  # the keys' one declaration (a heavy import: only here)

        if not lead.endswith(" "):
            lead += " "  # 'Rakor;' completes as 'Rakor; owner='
        return [(f"{lead}{k}=", "") for k in meetings.SPEC_KEYS[kind] if k.startswith(part)]

    return complete


# Parameter (Click's name; "argument:" for positional ones) -> what it completes.
BY_PARAM: dict[str, Complete] = {
    "attendee": _spec("attendee"),
    "action": _spec("action"),
    "chair": _spec("person"),
    "opened_by": _spec("person"),
    "speaker": _spec("person"),
    "notulis": _spec("person"),
    "group": _spec("group"),
    "point": _spec("point"),
    "directive": _spec("directive"),
    "award": _spec("award"),
    "figure": _spec("figure"),
    "agency": _agencies,
    "owner": _agencies,
    "host": _agencies,
    "parent": _agencies,
    "office": _agencies,
    "meeting": _meetings,
    "stage": _stages,
    "schedule": _schedules,
    "region": _regions,
    "timezone": _words(_zones),
    "kind": _kinds,
    "status": _words(_statuses),
    "level": _words(_levels),
    "format": _formats,
    "lang": _words(lambda: ["id", "en"]),
    "argument:agency": _agencies,
    "argument:person": _people,
    "argument:meeting": _meetings,
    "argument:action": _actions,
    "argument:stage": _stages,
    "argument:code": _schedules,
    "argument:a": _schedules,  # schedule diff A B (B may be a file: the shell offers files)
    "argument:b": _schedules,
    "argument:table": _words(_tables),
}


def _shell_complete(fn: Complete) -> Callable[[Any, Any, str], list[Any]]:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        try:
            found = fn(ctx, incomplete)
        except Exception:
            return []
        typed = incomplete.casefold()
        return [
            CompletionItem(v, help=h or None) for v, h in found if v.casefold().startswith(typed)
        ]

    return complete


def attach(command: Any) -> None:
    """Give every parameter of the tree named in :data:`BY_PARAM` its completion."""
    for param in getattr(command, "params", ()):
        key = param.name if param.param_type_name == "option" else f"argument:{param.name}"
        fn = BY_PARAM.get(key or "")
        if fn is not None and getattr(param, "_custom_shell_complete", None) is None:
            param._custom_shell_complete = _shell_complete(fn)
    for sub in getattr(command, "commands", {}).values():
        attach(sub)


def requested() -> bool:
    """Whether this process answers a shell's completion request."""
    return bool(os.environ.get("_KPUKOORD_COMPLETE"))


def typed_words() -> list[str]:
    """The words of the command line being completed (program name first), or []."""
    from typer._click.shell_completion import split_arg_string

    line = os.environ.get("COMP_LINE")
    if line is None:
        words = os.environ.get("COMP_WORDS")  # Typer's own bash script
        line = words if words is not None else os.environ.get("_TYPER_COMPLETE_ARGS", "")
    return split_arg_string(line)


# -- bash ---------------------------------------------------------------------------------

_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&|;()<>*?#~\[\]{}])""")


def _bash_args(self: Any) -> tuple[list[str], str]:
    """(complete words, the word being typed) from COMP_LINE (ours) or COMP_WORDS (Typer's)."""
    from typer._click.shell_completion import split_arg_string

    line = os.environ.get("COMP_LINE")
    if line is None:  # a script installed by an earlier version: Typer's variables
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        cword = int(os.environ.get("COMP_CWORD", len(words)))
        self._kpu_typed = words[cword] if cword < len(words) else ""
        return words[1:cword], self._kpu_typed
    words = split_arg_string(line)
    typed = "" if not line or line[-1].isspace() else words.pop()
    self._kpu_typed = typed
    return words[1:], typed


def _bash_format(self: Any, item: Any) -> str:
    """The text bash puts in place of its current word: escaped, or inside the
    quote the operator opened, and after a ':' only what follows it."""
    value = str(item.value)
    cur = os.environ.get("COMP_CUR")
    if cur is None:
        return value  # Typer's own script: as Typer answers
    quote = cur[:1] if cur[:1] in ("'", '"') else ""
    if not quote:
        typed = getattr(self, "_kpu_typed", "")
        if (
            cur != typed
            and typed.endswith(cur)
            and value.startswith(typed[: len(typed) - len(cur)])
        ):
            value = value[len(typed) - len(cur) :]  # bash split the word at ':' or '='
        return _BASH_SPECIAL.sub(r"\\\1", value)
    if quote == "'":
        return "'" + value.replace("'", "'\\''") + "'"
    return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'


def install() -> None:
    """Our bash script and formatting in Typer's bash completion (idempotent)."""
    from typer import _completion_classes, _completion_shared

    _completion_shared._completion_scripts["bash"] = BASH_SCRIPT
    bash = _completion_classes.BashComplete
    bash.source_template = BASH_SCRIPT
    bash.get_completion_args = _bash_args  # type: ignore[method-assign]
    bash.format_completion = _bash_format  # type: ignore[method-assign]

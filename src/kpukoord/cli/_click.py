"""Click's and Typer's own words, in the language in force.

Typer 0.28 runs on its own copy of Click (``typer._click``), whose labels and
usage errors are literal English; Typer's ``core`` wraps a few more in the
standard library's ``gettext`` (``Options``, ``Commands``, ``default: …``).
This module is the one place that puts all of them into kpukoord's catalog:

- :func:`install` points ``typer.core``'s module-level ``_`` at our catalog and
  wraps the two places where the copy of Click writes English help: the
  ``Usage:`` prefix and the ``--help`` option's own help;
- :func:`localise` sets the usage placeholders (``[OPTIONS]``,
  ``COMMAND [ARGS]...``) and the help of Typer's completion options;
- :func:`usage_message` says a usage error (missing argument, unknown option,
  bad value) in the language in force, from the exception's fields.

``tests/test_i18n.py`` checks each of these in both languages, so a Typer
upgrade that moves them fails there rather than falling back to English.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from kpukoord.language.i18n import N_, _

# Typer modules whose module-level ``_`` is gettext's.
MODULES = ("typer.core", "typer.rich_utils")

# Typer's gettext messages that a kpukoord user can see.
MESSAGES = (
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("required"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)

_HELP_HELP = "Show this message and exit."


def install() -> None:
    """Route Typer's and its Click copy's English through our catalog (idempotent)."""
    for name in MODULES:
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
    from typer._click import core, formatting

    if getattr(formatting.HelpFormatter.write_usage, "_kpukoord", False):
        return
    write_usage = formatting.HelpFormatter.write_usage
    get_help_option = core.Command.get_help_option

    def localised_write_usage(
        self: Any, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        write_usage(self, prog, args, _("Usage:") + " " if prefix is None else prefix)

    def localised_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None and option.help == _HELP_HELP:
            option.help = _("Show this message and exit.")
        return option

    localised_write_usage._kpukoord = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = localised_write_usage  # type: ignore[method-assign]
    core.Command.get_help_option = localised_help_option  # type: ignore[method-assign]


# The copy of Click's literal messages, recognised by their English form:
# (the English as a regular expression, our message with the same fields).
_LITERAL = tuple(
    (re.compile(english, re.S), msgid)
    for english, msgid in (
        (
            r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
        (r"Option (?P<name>'.*') requires an argument\.", N_("Option {name} requires a value.")),
        (
            r"Option (?P<name>'.*') does not take a value\.",
            N_("Option {name} does not take a value."),
        ),
        (
            r"(?P<value>.*) is not a valid (?:integer|int(?: range)?)\.",
            N_("{value} is not a whole number."),
        ),
        (r"(?P<value>.*) is not a valid float(?: range)?\.", N_("{value} is not a number.")),
        (
            r"(?P<value>.*) is not in the range (?P<range>.*)\.",
            N_("{value} is not in the range {range}."),
        ),
        (
            r"(?P<value>.*) is not a valid boolean\. Recognized values: (?P<states>.*)",
            N_("{value} is not yes or no; use one of: {states}"),
        ),
        (r"(?P<value>.*) is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
        (r"(?P<value>.*) is not (?P<choice>'.*')\.", N_("{value} is not {choice}.")),
    )
)


def _literal(message: str) -> str:
    for pattern, msgid in _LITERAL:
        m = pattern.fullmatch(message)
        if m:
            return _(msgid).format(**m.groupdict())
    return message


def usage_message(exc: Any) -> str:
    """The message of a usage error raised by Typer's copy of Click, translated."""
    from typer._click import exceptions as e

    english = str(exc.format_message())
    if isinstance(exc, e.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else None)
        hint = _hint(exc)
        head = f"Missing {kind} {hint}." if hint else f"Missing {kind}."
        if kind not in ("argument", "option") or not english.startswith(head):
            return english
        rest = english[len(head) :]  # a type's own addition ("Choose from: …")
        if kind == "argument":
            return _("Missing argument {name}.").format(name=hint) + rest
        return _("Missing option {name}.").format(name=hint) + rest
    if isinstance(exc, e.NoSuchOption):
        prefix = "No such option: "
        name = exc.message[len(prefix) :] if exc.message.startswith(prefix) else exc.option_name
        text = _("No such option: {name}").format(name=name)
        if exc.possibilities:
            options = ", ".join(sorted(exc.possibilities))
            text += " " + _("(Possible options: {options})").format(options=options)
        return text
    if isinstance(exc, e.BadParameter):
        hint = _hint(exc)
        message = _literal(exc.message)
        if not hint:
            return _("Invalid value: {message}").format(message=message)
        return _("Invalid value for {param_hint}: {message}").format(
            param_hint=hint, message=message
        )
    if isinstance(exc, e.UsageError):
        return _literal(english)
    return english


def _hint(exc: Any) -> str:
    """How Click names the parameter of an error: "'NAME'", "'--title' / '-t'"."""
    from typer._click.exceptions import _join_param_hints

    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    return str(_join_param_hints(hint) or "")


# Typer's completion options carry literal English help; Click's usage
# placeholders are literal defaults. Each English text with its message.
_COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}
_OPTIONS_METAVAR = "[OPTIONS]"
_SUBCOMMAND_METAVAR = "COMMAND [ARGS]..."


def localise(command: Any) -> None:
    """Set the usage placeholders and built-in option help of a command tree."""
    if getattr(command, "options_metavar", None) == _OPTIONS_METAVAR:
        command.options_metavar = _("[OPTIONS]")
    if getattr(command, "subcommand_metavar", None) == _SUBCOMMAND_METAVAR:
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    localise_params(getattr(command, "params", ()))
    for sub in getattr(command, "commands", {}).values():
        localise(sub)


# Argument names and option value types as the help and errors show them.
_ARGUMENTS = {
    "meeting": N_("meeting"),
    "action": N_("follow-up"),
    "agency": N_("agency"),
    "code": N_("code"),
    "file": N_("file"),
    "files": N_("files"),
    "paths": N_("paths"),
    "name": N_("name"),
    "percent": N_("percent"),
    "person": N_("person"),
    "query": N_("query"),
    "record": N_("record"),
    "stage": N_("stage"),
    "table": N_("table"),
    "text": N_("text"),
}
_VALUE_TYPES = {
    "str": N_("<text>"),
    "text": N_("<text>"),
    "int": N_("<number>"),
    "integer": N_("<number>"),
    "int range": N_("<number>"),
    "float": N_("<number>"),
    "path": N_("<path>"),
}


def localise_params(params: Any) -> None:
    """Typer's completion help, argument names and value types in the language in force."""
    for param in params:
        english = _COMPLETION_HELP.get(param.name or "")
        if english is not None:
            param.help = _(english)
        if param.metavar is not None:
            continue  # set by the command itself
        if param.param_type_name == "argument" and param.name in _ARGUMENTS:
            param.metavar = _(_ARGUMENTS[param.name])
        elif param.param_type_name == "option" and not getattr(param, "is_flag", False):
            shown = _VALUE_TYPES.get(getattr(param.type, "name", ""))
            if shown is not None:
                param.metavar = _(shown) + ("..." if param.nargs != 1 else "")

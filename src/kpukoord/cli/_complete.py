"""Shell completion through Typer: what Tab offers for each parameter, and the bash glue.

Click's protocol, as Typer installs it (``kpukoord --install-completion``): the
shell runs ``kpukoord`` with ``_KPUKOORD_COMPLETE=complete_bash`` (``complete_zsh``,
``complete_fish``) and the words typed so far in its environment, and prints one
candidate a line. The requests typed all day are answered before Typer is imported
(:mod:`kpukoord.fastcomplete`); the others come here. :func:`attach` gives every
parameter named in :data:`kpukoord.completion.BY_PARAM` (the one table both doors
read) its candidates; the database is opened read-only, and a completion never
creates, migrates or writes a file, and never prompts.

Names with spaces complete quoted: zsh and fish quote what they insert; for bash
(whose ``complete -F`` inserts the text as given) :func:`install` gives Typer's bash
class our script (:data:`kpukoord.fastcomplete.BASH_SCRIPT`: the line up to the
cursor, and bash's own word) and its formatting.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _where(ctx: Any) -> Any:
    from kpukoord import completion

    given = ctx.find_root().params.get("db")
    return completion.Where(Path(given) if given else None, tuple(ctx.command_path.split()[1:]))


def _shell_complete(key: str) -> Callable[[Any, Any, str], list[Any]]:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        from kpukoord import completion

        try:
            found = completion.candidates(key, _where(ctx), incomplete)
        except Exception:
            return []
        from rich.markup import escape  # Typer renders help as Rich markup ('[/bold]' in a title)

        return [CompletionItem(v, help=escape(h) if h else None) for v, h in found]

    return complete


def attach(command: Any) -> None:
    """Give every parameter of the tree named in ``BY_PARAM`` its completion."""
    from kpukoord.completion import BY_PARAM

    for param in getattr(command, "params", ()):
        key = param.name if param.param_type_name == "option" else f"argument:{param.name}"
        if key in BY_PARAM and getattr(param, "_custom_shell_complete", None) is None:
            param._custom_shell_complete = _shell_complete(key)
    for sub in getattr(command, "commands", {}).values():
        attach(sub)


def requested() -> bool:
    """Whether this process answers a shell's completion request."""
    return bool(os.environ.get("_KPUKOORD_COMPLETE"))


def typed_words() -> list[str]:
    """The words of the command line being completed (program name first), or []."""
    from kpukoord.fastcomplete import split

    line = os.environ.get("COMP_LINE")
    if line is None:
        words = os.environ.get("COMP_WORDS")  # Typer's own bash script
        line = words if words is not None else os.environ.get("_TYPER_COMPLETE_ARGS", "")
    return split(line)


def _bash_args(self: Any) -> tuple[list[str], str]:
    """(complete words, the word being typed) from COMP_LINE (ours) or COMP_WORDS (Typer's)."""
    from kpukoord.fastcomplete import split

    line = os.environ.get("COMP_LINE")
    if line is None:  # a script installed by an earlier version: Typer's variables
        words = split(os.environ.get("COMP_WORDS", ""))
        cword = int(os.environ.get("COMP_CWORD", len(words)))
        self._kpu_typed = words[cword] if cword < len(words) else ""
        return words[1:cword], self._kpu_typed
    words = split(line)
    typed = "" if not line or line[-1].isspace() else words.pop()
    self._kpu_typed = typed
    return words[1:], typed


def _bash_format(self: Any, item: Any) -> str:
    from kpukoord.fastcomplete import bash_format

    return bash_format(str(item.value), getattr(self, "_kpu_typed", ""), os.environ.get("COMP_CUR"))


def install() -> None:
    """Our bash script and formatting in Typer's bash completion (idempotent)."""
    from typer import _completion_classes, _completion_shared

    from kpukoord.fastcomplete import BASH_SCRIPT

    _completion_shared._completion_scripts["bash"] = BASH_SCRIPT
    bash = _completion_classes.BashComplete
    bash.source_template = BASH_SCRIPT
    bash.get_completion_args = _bash_args  # type: ignore[method-assign]
    bash.format_completion = _bash_format  # type: ignore[method-assign]

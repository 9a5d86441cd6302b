"""Tab completion without importing Typer: the shell's side of the protocol, and the
common requests answered directly.

The shell runs ``kpukoord`` with ``_KPUKOORD_COMPLETE=complete_bash`` (or
``complete_zsh``, ``complete_fish``) and the line typed so far in its environment
(Click's protocol, as Typer installs it). Importing Typer and building a command
group costs more than the whole answer; so, as :mod:`kpukoord.fastpath` does for
``meeting add``, :func:`main` answers the two requests typed all day:

- the value of a long option (``--attendee Baw``, ``--owner``, ``--stage pkpu-2-2024:cok``);
- the first argument of a command that names a record (``agency show``, ``meeting
  show``, ``stage show``…: :data:`FIRST_ARGUMENT`);

with the candidates of :data:`kpukoord.completion.BY_PARAM`, the one table both doors
read, and formats them as Typer's classes do for zsh and fish and as our bash script
(:data:`BASH_SCRIPT`) expects. Anything else (option names, commands, a short option,
Typer's own bash variables) returns None and Typer answers: ``tests/test_completion.py``
checks that the two doors give the same answers, and that :data:`FIRST_ARGUMENT` and
the option names match the commands' own parameters. One difference is known: after
an option the command does not have (``meeting add --owner``, an error once run), this
door still offers that option's values where Typer offers nothing.
"""

from __future__ import annotations

import os
import re
import sys

# The bash script: the line up to the cursor, and bash's own current word (after a
# ':', a word break for bash, it is only what follows the ':').
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

# (group, command) -> the parameter of its first argument (see the commands' signatures).
FIRST_ARGUMENT: dict[tuple[str, str], str] = {
    ("agency", "show"): "argument:agency",
    ("agency", "edit"): "argument:agency",
    ("agency", "remove"): "argument:agency",
    ("person", "show"): "argument:person",
    ("meeting", "show"): "argument:meeting",
    ("meeting", "edit"): "argument:meeting",
    ("meeting", "remove"): "argument:meeting",
    ("meeting", "minutes"): "argument:meeting",
    ("action", "done"): "argument:action",
    ("action", "reopen"): "argument:action",
    ("action", "cancel"): "argument:action",
    ("stage", "show"): "argument:stage",
    ("stage", "progress"): "argument:stage",
    ("schedule", "show"): "argument:code",
    ("schedule", "timeline"): "argument:code",
    ("schedule", "history"): "argument:code",
}
# kpukoord.cli.GROUPS (that package imports Typer); tests/test_completion.py keeps them equal
GROUPS = frozenset(
    "agency person meeting action schedule stage report export import date db publish".split()
)
ROOT_COMMANDS = frozenset(("init", "demo", "search", "merge", "history", "undo"))  # kpukoord.cli


def split(line: str) -> list[str]:
    """Words as the shell would pass them; an unclosed quote or a trailing backslash
    keeps the partial word (Click's ``split_arg_string``)."""
    import shlex

    lex = shlex.shlex(line, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def request() -> tuple[str, list[str], str, str | None] | None:
    """(shell, complete words after the program, the word being typed, bash's word)."""
    shell = os.environ.get("_KPUKOORD_COMPLETE", "").removeprefix("complete_")
    if shell == "bash":
        line = os.environ.get("COMP_LINE")
        if line is None:  # Typer's own bash script (installed by an earlier version)
            return None
        words = split(line)
        typed = "" if not line or line[-1].isspace() else words.pop()
        return shell, words[1:], typed, os.environ.get("COMP_CUR")
    if shell in ("zsh", "fish"):
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split(line)[1:]
        typed = words.pop() if words and not line.endswith(" ") else ""
        return shell, words, typed, None
    return None


def parameter(words: list[str], typed: str) -> tuple[str, tuple[str, ...], str | None] | None:
    """(parameter key, command words, --db value) when the fast path knows it, else None."""
    from kpukoord import completion, surface

    lead = surface.leading(words)
    if lead.command is None or lead.others or lead.joined or typed.startswith("-"):
        return None  # only '--db FILE' and '--lang en' before the command name
    db = lead.last("db")
    rest = words[lead.command :]
    depth = 1 if rest[0] in ROOT_COMMANDS else 2 if rest[0] in GROUPS else 0
    if not depth:
        return None
    if len(rest) > depth and rest[-1].startswith("--") and "=" not in rest[-1]:
        key = rest[-1][2:].replace("-", "_")
        if key in completion.BY_PARAM and not key.startswith("argument:"):
            return key, tuple(rest[:depth]), db
        return None
    first = FIRST_ARGUMENT.get((rest[0], rest[1])) if len(rest) == 2 else None
    return (first, tuple(rest), db) if first else None


# -- formatting: what each shell's script reads ----------------------------------------

_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&|;()<>*?#~\[\]{}])""")


def bash_format(value: str, typed: str, cur: str | None) -> str:
    """The text bash puts in place of its current word ``cur``: escaped, or inside the
    quote the operator opened, and after a ':' or '=' (word breaks) only what follows."""
    if cur is None:
        return value  # Typer's own script: as Typer answers
    quote = cur[:1] if cur[:1] in ("'", '"') else ""
    if not quote:
        cut = len(typed) - len(cur)
        if cur != typed and typed.endswith(cur) and value.startswith(typed[:cut]):
            value = value[cut:]  # bash split the word at ':' or '='
        return _BASH_SPECIAL.sub(r"\\\1", value)
    if quote == "'":
        return "'" + value.replace("'", "'\\''") + "'"
    return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'


def _zsh_escape(s: str) -> str:  # as typer._completion_classes.ZshComplete
    return (
        s.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def answer(shell: str, found: list[tuple[str, str]], typed: str, cur: str | None) -> str:
    """The text printed for the shell's script, as Typer's classes print it."""
    if shell == "bash":
        return "\n".join(bash_format(v, typed, cur) for v, _h in found)
    if shell == "zsh":
        if not found:
            return "_files"
        items = "\n".join(
            f'"{_zsh_escape(v)}":"{_zsh_escape(h)}"' if h else f'"{_zsh_escape(v)}"'
            for v, h in found
        )
        return f"_arguments '*: :(({items}))'"
    return "\n".join(f"{v}\t{_one_line(h)}" if h else v for v, h in found)


def _one_line(text: str) -> str:
    return re.sub(r"\s", " ", text)


def main() -> int | None:
    """Answer a completion request directly; None when Typer must (see module doc)."""
    asked = request()
    if asked is None:
        return None
    shell, words, typed, cur = asked
    known = parameter(words, typed)
    if known is None:
        return None
    key, command, db = known
    action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "") if shell == "fish" else ""
    if shell == "fish" and action not in ("get-args", "is-args"):
        return None
    from pathlib import Path

    from kpukoord import completion

    where = completion.Where(Path(db) if db else None, command)
    try:
        found = completion.candidates(key, where, typed)
    except Exception:
        found = []
    if action == "is-args":  # fish asks first whether there are any (files otherwise)
        return 0 if found else 1
    sys.stdout.write(answer(shell, found, typed, cur) + "\n")
    return 0

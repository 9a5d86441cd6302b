"""The stored vocabularies (kinds, statuses, levels) read as a person types them.

A word is taken as written, in any case, or through its synonyms ("kip" is "kpu");
any other word is refused, listing the choices. The stored key stays English; views
show the Indonesian labels.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from kpukoord.errors import UsageError
from kpukoord.language import text


def word(
    field: str, value: str, choices: Collection[str], synonyms: Mapping[str, str], unknown: str
) -> str:
    """The stored key for value, or UsageError with the message ``unknown`` (its
    ``{<field>}``: the word typed, ``{value0}``: the choices)."""
    found = text.choice(value, choices, synonyms)
    if found is None:
        raise UsageError(unknown.format(value0=", ".join(choices), **{field: value}))
    return found

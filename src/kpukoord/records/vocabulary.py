"""The stored vocabularies (kinds, statuses, levels) read as a person types them.

A word is taken as written, in any case, or through its synonyms ("kip" is "kpu");
any other word is refused, listing the choices. The stored key stays English; views
show the Indonesian labels.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from kpukoord.errors import UsageError
from kpukoord.language import text
from kpukoord.language.i18n import N_, _

# The refusal of a word a vocabulary does not hold: (its place for the word typed, the
# message, whose {value0} lists the choices), by vocabulary.
UNKNOWN = {
    "agency kind": ("kind", N_("unknown agency kind {kind!r}; choose from: {value0}")),
    "level": ("level", N_("unknown level {level!r}; choose from: {value0}")),
    "meeting kind": ("kind", N_("unknown meeting kind {kind!r}; choose from: {value0}")),
    "status": ("status", N_("unknown status {status!r}; choose from: {value0}")),
}


class Vocabulary:
    """One vocabulary (a key of :data:`UNKNOWN`): its stored keys and the synonyms a
    person may type."""

    def __init__(self, name: str, choices: Collection[str], synonyms: Mapping[str, str]) -> None:
        self.name, self.choices, self.synonyms = name, choices, synonyms

    def word(self, value: str) -> str:
        """The stored key value means, or UsageError listing the choices."""
        found = text.choice(value, self.choices, self.synonyms)
        if found is None:
            field, unknown = UNKNOWN[self.name]
            choices = ", ".join(self.choices)
            raise UsageError(_(unknown).format(value0=choices, **{field: value}))
        return found

"""The stored vocabularies (kinds, statuses, levels) read as a person types them.

A word is taken as written, in any case, or through its synonyms ("kip" is "kpu");
any other word is refused, listing the choices. The stored key stays English; views
show the Indonesian labels.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from kpukoord.errors import UsageError
from kpukoord.language import text
from kpukoord.language.i18n import _


class Vocabulary:
    """One vocabulary: its stored keys, the synonyms a person may type, and the message
    (marked with ``N_()``) that refuses another word: its ``{<field>}`` is the word
    typed, its ``{value0}`` the choices."""

    def __init__(
        self, field: str, choices: Collection[str], synonyms: Mapping[str, str], unknown: str
    ) -> None:
        self.field, self.choices, self.synonyms, self.unknown = field, choices, synonyms, unknown

    def word(self, value: str) -> str:
        """The stored key value means, or UsageError listing the choices."""
        found = text.choice(value, self.choices, self.synonyms)
        if found is None:
            unknown = self.unknown  # marked with N_() where the vocabulary is declared
            choices = ", ".join(self.choices)
            raise UsageError(_(unknown).format(value0=choices, **{self.field: value}))
        return found

"""The language of what kpukoord says: Bahasa Indonesia by default, English on request.

Source strings are English, wrapped in :func:`_` (or :func:`ngettext`); the
Indonesian catalog (``locale/id/LC_MESSAGES/kpukoord.mo``, compiled from the
``.po`` next to it by ``scripts/i18n.py``) translates them. English is chosen
with ``KPUKOORD_LANG=en`` or the global option ``--lang en``.

The language must be decided before the command-line modules are imported:
Typer reads ``help=`` texts when a command is defined. ``kpukoord.__main__``
calls :func:`set_language` with ``kpukoord.surface.language_of(argv)`` first; library callers get
the environment's choice. The catalog is read on the first translation, with
the standard library's :mod:`gettext` only (no Babel at run time).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: importing typing costs more than this module
if TYPE_CHECKING:
    from typing import Any

DOMAIN = "kpukoord"
LANGS = ("id", "en")
DEFAULT = "id"
# os.path, not pathlib: this module is imported before anything else on every run
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")

_chosen: str | None = None  # set_language(); None: from the environment
_catalog: Any = None  # the loaded translations of _catalog_lang
_catalog_lang: str | None = None


def normalize(value: str | None) -> str | None:
    """'id', 'en', or None for a value that names neither ("en_US.UTF-8" is 'en')."""
    if not value:
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if code == "in":  # the old ISO code of Indonesian, still used by some systems
        code = "id"
    return code if code in LANGS else None


def language() -> str:
    """The language in force: set_language()'s, else KPUKOORD_LANG's, else Indonesian."""
    if _chosen is not None:
        return _chosen
    return normalize(os.environ.get("KPUKOORD_LANG")) or DEFAULT


def set_language(lang: str | None) -> str | None:
    """Choose the language ('id' or 'en'; None goes back to the environment's).

    Returns the previous explicit choice, so a caller can restore it.
    """
    global _chosen
    previous = _chosen
    if lang is None:
        _chosen = None
        return previous
    code = normalize(lang)
    if code is None:
        raise ValueError(f"unknown language {lang!r}; choose id or en")
    _chosen = code
    return previous


class using:
    """Speak ``lang`` inside a ``with`` block, then go back (None: the language in force).

    A report's own ``--lang`` renders under it without changing what the
    command says around it.
    """

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self._previous: str | None = None

    def __enter__(self) -> str:
        if self.lang is not None:
            self._previous = set_language(self.lang)
        return language()

    def __exit__(self, *exc: object) -> None:
        if self.lang is not None:
            set_language(self._previous)


def _translations() -> Any:
    global _catalog, _catalog_lang
    lang = language()
    if _catalog is None or _catalog_lang != lang:
        import gettext

        if lang == "en":  # the source language
            _catalog = gettext.NullTranslations()
        else:
            _catalog = gettext.translation(
                DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True
            )
        _catalog_lang = lang
    return _catalog


def _(message: str) -> str:
    """``message`` in the language in force."""
    text: str = _translations().gettext(message)
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` of a message with a plural, in the language in force."""
    text: str = _translations().ngettext(singular, plural, n)
    return text


gettext = _


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (gettext_noop)."""
    return message

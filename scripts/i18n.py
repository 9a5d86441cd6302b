"""Re-extract the messages, update the Indonesian catalog, compile it.

    python scripts/i18n.py           # extract, update kpukoord.po, compile kpukoord.mo
    python scripts/i18n.py --check   # exit 1 if a message lacks a translation or the .mo is stale

The same with Babel's command line (babel.cfg at the top of the repository):

    pybabel extract -F babel.cfg -k _ -k ngettext -k N_ --no-location --sort-output -o /tmp/kpukoord.pot .
    pybabel update -w 100 -i /tmp/kpukoord.pot -d src/kpukoord/locale -D kpukoord -l id
    pybabel compile -d src/kpukoord/locale -D kpukoord -l id

New messages arrive in kpukoord.po with an empty msgstr: write the Indonesian,
run this again, and commit both the .po and the .mo.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "kpukoord"
PO = SOURCE / "locale" / "id" / "LC_MESSAGES" / "kpukoord.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
METHODS = [("**.py", "python")]


def extract() -> Catalog:
    """Every message wrapped in _() or ngettext() under src/kpukoord."""
    template = Catalog(project="kpukoord", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(
            message,
            None,
            [(f"src/kpukoord/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def load() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="id", domain="kpukoord")


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def untranslated(catalog: Catalog, template: Catalog) -> list[str]:
    """Messages of template with no (or a fuzzy, or an empty) Indonesian translation."""
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = (
            (
                [found.string]
                if found and isinstance(found.string, str)
                else list(found.string or ())
            )
            if found
            else []
        )
        if found is None or found.fuzzy or not all(s.strip() for s in strings) or not strings:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str]) -> int:
    template = extract()
    if "--check" in argv:
        catalog = load()
        missing = untranslated(catalog, template)
        for m in missing:
            print(f"untranslated: {m!r}", file=sys.stderr)
        stale = not MO.exists() or MO.read_bytes() != compiled(catalog)
        if stale:
            print(f"{MO} is not compiled from {PO}: run scripts/i18n.py", file=sys.stderr)
        return 1 if missing or stale else 0
    if PO.exists():
        catalog = load()
    else:
        PO.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale="id", domain="kpukoord", project="kpukoord")
    template.creation_date = catalog.creation_date  # no date-only churn in the .po
    catalog.update(template, no_fuzzy_matching=True)
    catalog.fuzzy = False
    catalog.header_comment = (
        "# Bahasa Indonesia for kpukoord: help, prompts and messages.\n"
        "# Edit the msgstr lines, then run scripts/i18n.py (it also compiles the .mo)."
    )
    catalog.project = "kpukoord"
    catalog.version = ""
    catalog.msgid_bugs_address = ""
    catalog.language_team = "kpukoord"
    catalog.last_translator = "kpukoord"
    with PO.open("wb") as f:
        # no file:line comments and sorted by message: a stable file that merges cleanly
        write_po(f, catalog, width=100, ignore_obsolete=True, no_location=True, sort_output=True)
    MO.write_bytes(compiled(load()))
    missing = untranslated(load(), template)
    print(f"{PO.relative_to(ROOT)}: {len(template)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

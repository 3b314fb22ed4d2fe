"""Keeping the translation catalogs in step with the code: `python -m sellerops.reports.catalog` updates them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from sellerops.core.text import LANGUAGES
from sellerops.reports.i18n import DOMAIN, LOCALE_DIR, LOCALES, catalog_path

PACKAGE = Path(__file__).resolve().parent
# Code calls its Localizer `words`: words("Marketplace") is a gettext call.
KEYWORDS = {**DEFAULT_KEYWORDS, "words": None}
TEMPLATE_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "false"}


def source_messages() -> dict[str, list[tuple[str, int]]]:
    """Every translatable string in the reports' code and templates, with where it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    sources: list[tuple[Path, str, dict[str, str]]] = [
        (p, "python", {}) for p in sorted(PACKAGE.rglob("*.py"))
    ]
    sources += [(p, "jinja", TEMPLATE_OPTIONS) for p in sorted((PACKAGE / "templates").glob("*.j2"))]
    for path, kind, options in sources:
        with path.open("rb") as handle:
            method: Any = babel_extract if kind == "jinja" else "python"  # Babel's stub and Jinja's disagree
            for line, message, _comments, _context in extract(
                method, handle, keywords=KEYWORDS, options=options
            ):
                if isinstance(message, str):
                    found.setdefault(message, []).append((path.relative_to(PACKAGE).as_posix(), line))
    return found


def update_catalogs(*, root: Path = LOCALE_DIR) -> list[Path]:
    """Add new strings to every language's .po (untranslated), drop unused ones, keep the translations."""
    messages = source_messages()
    written = []
    for language in LANGUAGES:
        if language == "en":
            continue
        path = catalog_path(language, root=root)
        if path.exists():
            with path.open("rb") as handle:
                old = read_po(handle, locale=LOCALES[language], domain=DOMAIN)
        else:
            old = Catalog(locale=LOCALES[language], domain=DOMAIN)
        # The header keeps its dates so that regenerating an unchanged catalog changes nothing.
        new = Catalog(
            locale=LOCALES[language],
            domain=DOMAIN,
            project="sellerops",
            version="reports",
            copyright_holder="the sellerops authors",
            msgid_bugs_address="",
            last_translator="sellerops",
            language_team=f"sellerops {language}",
            creation_date=old.creation_date,
            revision_date=old.revision_date,
            fuzzy=False,
        )
        for message_id, locations in sorted(messages.items()):
            previous = old.get(message_id)
            translation = previous.string if previous is not None else ""
            flags = ("python-format",) if "%(" in message_id else ()
            new.add(message_id, translation, locations=locations, flags=flags)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, new, width=110, sort_output=True, include_lineno=False)
        written.append(path)
    return written


if __name__ == "__main__":
    for updated in update_catalogs():
        sys.stdout.write(f"updated {updated}\n")

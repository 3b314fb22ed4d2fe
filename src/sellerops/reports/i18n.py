"""The reports' words and figures in the reader's language: gettext catalogs and Babel's locale formats."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

from sellerops.core.money import Money
from sellerops.core.text import Language, Text
from sellerops.reports.tables import Cell, Change, Multiple, Ratio

LOCALES: dict[Language, str] = {"en": "en_US", "zh": "zh_CN"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
EMPTY = "—"


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined; it is translated where it is shown."""
    return message


def catalog_path(language: Language, *, root: Path = LOCALE_DIR) -> Path:
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: Language) -> gettext.NullTranslations:
    """The language's catalog, compiled from its .po file in memory (the .po is the only file kept in git, so a
    compiled catalog can never lag behind it). English is the source language and needs none."""
    if language == "en":
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=LOCALES[language], domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Localizer:
    """Translates the reports' strings and formats their figures for one language."""

    def __init__(self, language: Language, *, time_zone: str = "UTC") -> None:
        self.language = language
        # A parsed Locale: Babel re-reads its locale directory each time it is handed a name.
        self.locale = Locale.parse(LOCALES[language])
        self.zone = ZoneInfo(time_zone)
        self._catalog = translations(language)

    def __call__(self, message: str) -> str:
        return self._catalog.gettext(message)

    def text(self, text: Text) -> str:
        return text(self.language)

    def money(self, money: Money) -> str:
        return str(format_currency(money.amount, money.currency, locale=self.locale))

    def number(self, value: int | Decimal, *, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def percent(self, fraction: Decimal) -> str:
        return str(format_percent(fraction, format="#,##0.0%", locale=self.locale))

    def change(self, fraction: Decimal) -> str:
        return str(format_percent(fraction, format="+#,##0.0%;-#,##0.0%", locale=self.locale))

    def multiple(self, value: Decimal) -> str:
        return self.number(value, digits=2) + "×"

    def date(self, day: dt.date, *, with_year: bool = True) -> str:
        return str(format_skeleton("yMMMd" if with_year else "MMMd", day, locale=self.locale))

    def datetime(self, moment: dt.datetime) -> str:
        """A UTC moment on the team's clock."""
        local = moment.astimezone(self.zone)
        return f"{self.date(local)} {format_time(local, 'HH:mm', locale=self.locale)}"

    def cell(self, value: Cell) -> str:
        """Any table cell as the reader should see it; an empty cell is a dash."""
        match value:
            case None:
                return EMPTY
            case Money():
                return self.money(value)
            case Ratio():
                return self.percent(value.value)
            case Change():
                return self.change(value.value)
            case Multiple():
                return self.multiple(value.value)
            case bool():
                raise TypeError("a report cell cannot be a bool")
            case int():
                return self.number(value)
            case Decimal():
                return self.number(value, digits=2)
            case dt.datetime():
                return self.datetime(value)
            case dt.date():
                return self.date(value)
            case str():
                return value

"""Both languages: every string the reports show has its Chinese translation, and figures follow the locale."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from report_samples import daily_sample, weekly_sample

from sellerops.core.money import Money
from sellerops.reports import render_html, render_markdown, render_xlsx
from sellerops.reports.catalog import source_messages, update_catalogs
from sellerops.reports.i18n import LOCALE_DIR, Localizer, catalog_path
from sellerops.reports.tables import Change, Multiple, Ratio


def _zh_catalog() -> dict[str, str]:
    with catalog_path("zh").open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: m.string for m in catalog if m.id and not m.fuzzy}  # type: ignore[misc]


def test_every_string_in_code_and_templates_has_a_chinese_translation() -> None:
    # given the strings Babel extracts from the reports' code and Jinja templates
    used = set(source_messages())
    catalog = _zh_catalog()
    # then each has a non-empty translation, and the catalog holds nothing unused
    assert sorted(m for m in used if not catalog.get(m)) == []
    assert sorted(set(catalog) - used) == []


def test_every_string_looked_up_while_rendering_has_a_chinese_translation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a record of every message the code asks to translate, including ones Babel cannot see statically
    asked: set[str] = set()
    original = Localizer.__call__

    def recording(self: Localizer, message: str) -> str:
        asked.add(message)
        return original(self, message)

    monkeypatch.setattr(Localizer, "__call__", recording)
    # when both reports are rendered in every format in Chinese
    for report in (daily_sample(), weekly_sample()):
        for render in (render_html, render_xlsx, render_markdown):
            render(report, "zh")  # type: ignore[operator]
    # then each message asked for has a translation
    catalog = _zh_catalog()
    assert len(asked) > 100
    assert sorted(m for m in asked if not catalog.get(m)) == []


def test_figures_follow_the_locale() -> None:
    en, zh = Localizer("en"), Localizer("zh", time_zone="Asia/Shanghai")
    # money keeps its own currency; the Chinese locale marks US dollars as US$
    assert en.cell(Money(Decimal("-1234.5"), "USD")) == "-$1,234.50"
    assert zh.cell(Money(Decimal("1234.5"), "USD")) == "US$1,234.50"
    assert zh.cell(Money(Decimal("99"), "EUR")) == "€99.00"
    assert en.cell(Money(Decimal("1500"), "JPY")) == "¥1,500"
    # fractions read as percentages, changes with their sign, multiples with ×
    assert en.cell(Ratio(Decimal("0.1234"))) == "12.3%"
    assert en.cell(Change(Decimal("-0.05"))) == "-5.0%"
    assert zh.cell(Change(Decimal("0.2136"))) == "+21.4%"
    assert en.cell(Multiple(Decimal("3.357"))) == "3.36×"
    # dates in each language's own order; UTC moments on the team's clock
    assert en.cell(dt.date(2026, 10, 31)) == "Oct 31, 2026"
    assert zh.cell(dt.date(2026, 10, 31)) == "2026年10月31日"
    assert zh.cell(dt.datetime(2026, 11, 1, 16, 30, tzinfo=dt.UTC)) == "2026年11月2日 00:30"
    # and empty figures are a dash
    assert en.cell(None) == "—"
    assert en.cell(12345) == "12,345"
    assert en.cell(Decimal("4.5")) == "4.50"


def test_a_status_the_reports_do_not_know_is_shown_as_is() -> None:
    # given a task status added by the workflow after these labels were written
    from sellerops.reports.labels import TASK_STATUSES, label

    # then it is shown by its key rather than failing or showing nothing
    assert label(Localizer("zh"), TASK_STATUSES, "snoozed") == "snoozed"
    assert label(Localizer("zh"), TASK_STATUSES, "open") == "待处理"


def test_updating_the_catalogs_keeps_translations_and_changes_nothing_when_in_step(tmp_path: Path) -> None:
    # given a copy of the committed catalogs
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    committed = catalog_path("zh").read_bytes()
    # when they are updated from the code
    written = update_catalogs(root=tmp_path / "locale")
    # then the catalog is byte for byte the committed one: it was in step, and updating is stable
    assert written == [catalog_path("zh", root=tmp_path / "locale")]
    assert written[0].read_bytes() == committed


def test_updating_adds_new_strings_untranslated_and_drops_unused_ones(tmp_path: Path) -> None:
    # given a catalog that lacks "Funnel" and holds a string no code uses any more
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    path = catalog_path("zh", root=tmp_path / "locale")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    del catalog["Funnel"]
    catalog.add("Gone", "已删除")
    with path.open("wb") as handle:
        write_po(handle, catalog)
    # when the catalogs are updated
    update_catalogs(root=tmp_path / "locale")
    # then "Funnel" is back without a translation, "Gone" is gone, and other translations are kept
    with path.open("rb") as handle:
        updated = {m.id: m.string for m in read_po(handle) if m.id}
    assert (updated["Funnel"], "Gone" in updated, updated["Sessions"]) == ("", False, "访客数")

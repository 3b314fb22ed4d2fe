"""Reading rendered report pages with the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageParts(HTMLParser):
    """Collects what a self-containment check needs (external references, scripts) and, for every element whose
    id starts with "chart-", the tags and classes found inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self.scripts: list[str] = []
        self.charts: dict[str, list[tuple[str, str]]] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, chart id it opened)
        self._chart: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attribute in ("src", "href"):
            if values.get(attribute, "").startswith(("http://", "https://", "//")):
                self.external.append(f"<{tag} {attribute}={values[attribute]}>")
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if self._chart:
            self.charts[self._chart[-1]].append((tag, values.get("class", "")))
        if tag in VOID:
            return
        opened = values.get("id", "")
        if opened.startswith("chart-"):
            self._chart.append(opened)
            self.charts.setdefault(opened, [])
            self._open.append((tag, opened))
        else:
            self._open.append((tag, None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._chart:
            self.charts[self._chart[-1]].append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        while self._open:
            name, chart = self._open.pop()
            if chart is not None:
                self._chart.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: bytes) -> PageParts:
    parts = PageParts()
    parts.feed(page.decode("utf-8"))
    parts.close()
    return parts

"""The HTML report in a real browser: headless Chromium draws every chart, with no network at all."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from html_parts import parse
from png_pixels import read_png
from report_samples import daily_sample

from sellerops.reports import render_html
from sellerops.reports.charts import FACTOR_COLOURS

pytestmark = pytest.mark.slow

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",  # containers give /dev/shm 64 MB, too little for a 2400-pixel-high page
)  # fmt: skip
# What Plotly draws for each kind of trace: lines are paths in a scatter layer, bars are "point" groups in a
# bar trace, and a heatmap is one image inside its "hm" group.
DRAWN = {
    "chart-trends": ("path", "js-line"),
    "chart-movers": ("g", "point"),
    "chart-conversion": ("g", "hm"),
}


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        pytest.skip(
            "headless Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
        )
    return found


def _run(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / "profile"
    command = [_chromium(), *FLAGS, f"--user-data-dir={profile}", *arguments]
    return subprocess.run(command, capture_output=True, timeout=180, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "daily-en.html"
    path.write_bytes(render_html(daily_sample(), "en"))
    return path


def test_chromium_draws_each_chart_as_svg(page: Path, tmp_path: Path) -> None:
    # when Chromium loads the page from disk and dumps the DOM after its scripts ran
    dom = _run(tmp_path, "--dump-dom", page.as_uri()).stdout
    charts = parse(dom).charts
    # then each chart holds Plotly's SVG and the marks of its own kind of trace
    for chart, (tag, mark) in DRAWN.items():
        classes = [(t, set(c.split())) for t, c in charts.get(chart, [])]
        assert sum("main-svg" in c for _, c in classes) >= 1, f"{chart} has no SVG"
        drawn = sum(t == tag and mark in c for t, c in classes)
        assert drawn >= 1, f"{chart} drew no {mark}"
    # and the movers chart has one bar segment per SKU and factor (2 SKUs × 4 parts)
    assert sum(t == "g" and "point" in set(c.split()) for t, c in charts["chart-movers"]) == 8


def test_the_screenshot_shows_the_charts_in_their_colours(page: Path, tmp_path: Path) -> None:
    # when Chromium takes a 1280 × 2400 screenshot of the page
    shot = tmp_path / "daily.png"
    _run(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    pixels = read_png(shot)[..., :3]
    # then the image has the asked size and is far from blank
    assert pixels.shape == (2400, 1280, 3)
    flat = pixels.reshape(-1, 3)
    assert (flat.min(axis=1) < 240).mean() > 0.05
    assert len(np.unique(flat, axis=0)) > 200
    # and each factor colour of the charts covers a visible area (a trend line, the movers' stacked bars)
    counts = {}
    for colour in FACTOR_COLOURS:
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)
        counts[colour] = int((flat == rgb).all(axis=1).sum())
    assert all(n > 500 for n in counts.values()), counts

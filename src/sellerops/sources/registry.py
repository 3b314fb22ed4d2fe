"""Every report family sellerops reads, found by walking the platform packages, and how a file is matched to one."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from sellerops.sources.spec import HeaderMatch, ReportSpec

PLATFORM_PACKAGES = ("sellerops.sources.amazon.reports", "sellerops.sources.seller")


@cache
def all_specs() -> tuple[ReportSpec, ...]:
    """Each module under a platform's `reports` package lists its families in `SPECS`."""
    specs: list[ReportSpec] = []
    for package_name in PLATFORM_PACKAGES:
        package = importlib.import_module(package_name)
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{package_name}.{info.name}")
            specs.extend(getattr(module, "SPECS", ()))
    return tuple(specs)


def spec_by_name(name: str) -> ReportSpec:
    return next(s for s in all_specs() if s.name == name)


def match_header(header: list[str], fmt: str) -> tuple[HeaderMatch | None, HeaderMatch | None]:
    """The best complete match for this header, and the closest incomplete one (for the error message)."""
    matches = [s.match(header) for s in all_specs() if fmt in s.formats and s.columns]
    complete = [m for m in matches if m.complete]
    best = max(complete, key=lambda m: (m.matched, -len(m.spec.columns)), default=None)
    closest = max(matches, key=lambda m: (m.score, m.matched), default=None)
    return best, closest

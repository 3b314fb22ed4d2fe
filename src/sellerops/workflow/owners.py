"""Who owns a task: the SKU → owner assignment file (YAML or CSV), the most specific entry winning."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import ConfigError, InputError

WILDCARDS = frozenset("*?[")
CSV_COLUMNS = ("marketplace", "sku", "owner")


@dataclass(frozen=True)
class OwnerRule:
    """One entry of the file: `sku` is an exact SKU, a glob (`TEA-*`) or None for a default; `marketplace` None
    means every marketplace. `origin` is "file:line", for messages."""

    marketplace: str | None
    sku: str | None
    owner: str
    origin: str = ""

    @property
    def is_glob(self) -> bool:
        return self.sku is not None and not WILDCARDS.isdisjoint(self.sku)

    @property
    def literal_length(self) -> int:
        """How much of the pattern is plain text: `TEA-0*` is more specific than `TEA-*`."""
        return sum(1 for c in self.sku or "" if c not in WILDCARDS)


@dataclass(frozen=True)
class OwnerAssignments:
    """Owner lookup, most specific first: exact SKU on the marketplace, exact SKU everywhere, glob on the
    marketplace, glob everywhere (globs with the longest plain part first, then file order), the marketplace's
    default, the overall default, and else no owner (None)."""

    rules: tuple[OwnerRule, ...] = ()
    _exact: dict[tuple[str | None, str], str] = field(init=False, repr=False, compare=False)
    _globs: tuple[OwnerRule, ...] = field(init=False, repr=False, compare=False)
    _defaults: dict[str | None, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact: dict[tuple[str | None, str], str] = {}
        defaults: dict[str | None, str] = {}
        for rule in self.rules:
            if rule.sku is None:
                defaults.setdefault(rule.marketplace, rule.owner)
            elif not rule.is_glob:
                exact.setdefault((rule.marketplace, rule.sku), rule.owner)
        # sorted() is stable, so equally specific globs keep the order of the file
        globs = sorted(
            (r for r in self.rules if r.is_glob),
            key=lambda r: (r.marketplace is None, -r.literal_length),
        )
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_globs", tuple(globs))
        object.__setattr__(self, "_defaults", defaults)

    def owner_for(self, marketplace: str, sku: str | None) -> str | None:
        if sku is not None:
            for scope in (marketplace, None):
                if (scope, sku) in self._exact:
                    return self._exact[(scope, sku)]
            for rule in self._globs:
                if rule.marketplace in (marketplace, None) and fnmatchcase(sku, rule.sku or ""):
                    return rule.owner
        return self._defaults.get(marketplace, self._defaults.get(None))


def load_owners(path: Path) -> OwnerAssignments:
    """Read an owners file: `.yaml`/`.yml` or `.csv` (see docs/tasks.md). Anything it cannot use is refused with a
    ConfigError naming the file, the line and the key."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise ConfigError(
            f"{path}: an owners file must be .yaml, .yml or .csv, not {suffix or 'no extension'!r}"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the owners file ({exc})") from exc
    rules = _read_csv(path, text) if suffix == ".csv" else _read_yaml(path, text)
    return OwnerAssignments(rules)


def _read_csv(path: Path, text: str) -> tuple[OwnerRule, ...]:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if sorted(header) != sorted(CSV_COLUMNS):
        raise ConfigError(
            f"{path}:1: the header must name the columns {', '.join(CSV_COLUMNS)}; found {', '.join(header) or 'none'}"
        )
    rules: list[OwnerRule] = []
    seen: dict[tuple[str | None, str | None], int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ConfigError(f"{path}:{line}: expected {len(header)} cells, found {len(row)}")
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        marketplace = _marketplace(path, line, cells["marketplace"])
        sku = cells["sku"] or None
        if not cells["owner"]:
            raise ConfigError(
                f"{path}:{line}: column 'owner' is empty; write who owns {sku or 'the default'}"
            )
        if (marketplace, sku) in seen:
            raise ConfigError(
                f"{path}:{line}: {sku or 'the default'} for {marketplace or 'every marketplace'} is already "
                f"assigned on line {seen[(marketplace, sku)]}; keep one of them"
            )
        seen[(marketplace, sku)] = line
        rules.append(OwnerRule(marketplace, sku, cells["owner"], f"{path}:{line}"))
    return tuple(rules)


def _marketplace(path: Path, line: int, code: str) -> str | None:
    if code in ("", "*"):
        return None
    try:
        return get_marketplace(code).code
    except InputError as exc:
        raise ConfigError(f"{path}:{line}: {exc}") from None


def _read_yaml(path: Path, text: str) -> tuple[OwnerRule, ...]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if root is None:
        raise ConfigError(f"{path}: the owners file is empty; write at least `default: NAME`")
    rules: list[OwnerRule] = []
    top = _mapping(path, root, "the file", ("default", "skus", "marketplaces"))
    rules += _scope(path, top, None)
    if "marketplaces" in top:
        seen: dict[str | None, int] = {}
        for code, (key_node, value) in _mapping(path, top["marketplaces"][1], "marketplaces", None).items():
            marketplace = _marketplace(path, _line(key_node), code)
            if marketplace in seen:
                raise ConfigError(
                    f"{_at(path, key_node)}: {marketplace} appears twice in marketplaces (first on line "
                    f"{seen[marketplace]}); keep one of them"
                )
            seen[marketplace] = _line(key_node)
            rules += _scope(
                path, _mapping(path, value, f"marketplaces.{code}", ("default", "skus")), marketplace
            )
    return tuple(rules)


Entries = dict[str, tuple[yaml.Node, yaml.Node]]


def _scope(path: Path, entries: Entries, marketplace: str | None) -> list[OwnerRule]:
    where = f"marketplaces.{marketplace}" if marketplace else ""
    rules = []
    if "default" in entries:
        node = entries["default"][1]
        rules.append(
            OwnerRule(marketplace, None, _owner(path, node, f"{where}.default".lstrip(".")), _at(path, node))
        )
    if "skus" in entries:
        skus_key = f"{where}.skus".lstrip(".")
        for sku, (_, node) in _mapping(path, entries["skus"][1], skus_key, None).items():
            rules.append(
                OwnerRule(marketplace, sku, _owner(path, node, f"{skus_key}.{sku}"), _at(path, node))
            )
    return rules


def _mapping(path: Path, node: yaml.Node, where: str, allowed: tuple[str, ...] | None) -> Entries:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{_at(path, node)}: {where} must be a mapping of `key: value` lines")
    entries: Entries = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
            raise ConfigError(f"{_at(path, key_node)}: a key in {where} must be plain text")
        key = str(key_node.value)
        if allowed is not None and key not in allowed:
            raise ConfigError(
                f"{_at(path, key_node)}: unknown key {key!r} in {where}; use {', '.join(allowed)}"
            )
        if key in entries:
            first = _line(entries[key][0])
            raise ConfigError(
                f"{_at(path, key_node)}: {key!r} appears twice in {where} (first on line {first})"
            )
        entries[key] = (key_node, value_node)
    return entries


def _owner(path: Path, node: yaml.Node, key: str) -> str:
    if (
        not isinstance(node, yaml.ScalarNode)
        or node.tag == "tag:yaml.org,2002:null"
        or not str(node.value).strip()
    ):
        raise ConfigError(f"{_at(path, node)}: {key} must be an owner's name")
    return str(node.value).strip()


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _at(path: Path, node: yaml.Node) -> str:
    return f"{path}:{_line(node)}"

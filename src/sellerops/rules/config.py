"""Rules as data: the defaults file, a user's overrides, and the settings of one rule for a marketplace and category.

A rules file (the defaults, `./sellerops-rules.yaml` or a path given) has these keys, all optional in a user file
(`stock_pools:` and `events:` are described in docs/rules.md; one rule's settings are `rules/settings.py`):

    rules:                      # rule id → settings, applying everywhere
      ads.acos_band: {thresholds: {high: 0.40}}
    overrides:                  # settings for a marketplace, a category or both
      - {marketplace: amazon.DE, rules: {ads.acos_band: {thresholds: {high: 0.30}}}}
      - {category: Clothing, rules: {...}}

Settings merge key by key, from the least specific to the most: defaults, the user's `rules`, then overrides for
the marketplace, the category, and both together (within one level, the defaults file first, then the user file,
each in file order). A user file may only change rules and threshold keys the defaults declare.
"""

from __future__ import annotations

import datetime as dt
import difflib
import string
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sellerops.analytics.anomalies import KnownEvent
from sellerops.analytics.channels import ChannelBuffer, StockPool
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.process import ProcessNode
from sellerops.core.text import Language
from sellerops.errors import ConfigError, InputError
from sellerops.rules.findings import Severity
from sellerops.rules.settings import RuleSettings, SeverityBands, Template

USER_FILE = Path("sellerops-rules.yaml")
DEFAULTS_NAME = "defaults.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Patch(_Strict):
    """What a user file may say about a rule: any of its settings, each optional."""

    enabled: bool | None = None
    source: str | None = None
    thresholds: dict[str, Decimal] | None = None
    severity: Severity | SeverityBands | None = None
    process_node: ProcessNode | None = None
    sla_hours: int | None = Field(default=None, ge=1)
    close_after_days: int | None = Field(default=None, ge=1)
    title: dict[Language, str] | None = None
    suggested_action: dict[Language, str] | None = None
    acceptance: dict[Language, str] | None = None


class _Override(_Strict):
    marketplace: str | None = None
    category: str | None = None
    rules: dict[str, dict[str, Any]]

    @model_validator(mode="after")
    def _scoped(self) -> _Override:
        if self.marketplace is None and self.category is None:
            raise ValueError(
                "an override names a marketplace, a category or both (else put it under `rules:`)"
            )
        return self


class _Buffer(_Strict):
    share: Decimal = Field(default=Decimal(1), ge=0, le=1)
    max_listed: int | None = Field(default=None, ge=0)
    zero_out_at: int = Field(default=0, ge=0)


class _Pool(_Strict):
    """One pool of the seller's stock (a warehouse in inventory_snapshot) and the channels that sell from it."""

    warehouse: str
    channels: dict[str, _Buffer] = Field(min_length=1)


class _Event(_Strict):
    """A shopping event or promotion the team knows about (a Prime Day not yet in sellerops' calendar, a deal)."""

    name: str
    start: dt.date
    end: dt.date
    marketplace: str | None = None
    skus: list[str] = []


class _File(_Strict):
    rules: dict[str, dict[str, Any]] = {}
    overrides: list[_Override] = []
    stock_pools: list[_Pool] = []
    events: list[_Event] = []


@dataclass(frozen=True)
class _Layer:
    """Rule settings from one place in one file, applied where its scope matches."""

    file: str
    marketplace: str | None
    category: str | None
    rules: Mapping[str, Mapping[str, Any]]

    @property
    def specificity(self) -> int:
        return (self.marketplace is not None) + 2 * (self.category is not None)


class RulesConfig:
    """The defaults with a user's overrides on top; `rule()` resolves one rule for a marketplace and category."""

    def __init__(
        self,
        defaults: Mapping[str, Mapping[str, Any]],
        layers: tuple[_Layer, ...],
        files: tuple[str, ...],
        stock_pools: tuple[StockPool, ...] = (),
        events: tuple[KnownEvent, ...] = (),
    ):
        self._defaults = defaults
        self._layers = tuple(sorted(layers, key=lambda layer: layer.specificity))  # stable: file order kept
        self.files = files
        # The user file's `stock_pools:` (multi-channel stock) and `events:` (beside core/calendar.py).
        self.stock_pools = stock_pools
        self.events = events

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(self._defaults)

    def rule(
        self, rule_id: str, *, marketplace: str | None = None, category: str | None = None
    ) -> RuleSettings:
        if rule_id not in self._defaults:
            raise ConfigError(f"no rule {rule_id!r}; the rules are {', '.join(self._defaults)}")
        return self._resolve(rule_id, marketplace, category)

    @cache  # noqa: B019 - a config lives as long as one run; its handful of resolutions are worth keeping
    def _resolve(self, rule_id: str, marketplace: str | None, category: str | None) -> RuleSettings:
        merged: dict[str, Any] = dict(self._defaults[rule_id])
        last_file = self.files[0]
        for layer in self._layers:
            if rule_id not in layer.rules:
                continue
            if layer.marketplace is not None and layer.marketplace != marketplace:
                continue
            if layer.category is not None and layer.category != category:
                continue
            merged = _merge(merged, layer.rules[rule_id])
            last_file = layer.file
        settings: RuleSettings = _validated(RuleSettings, {"id": rule_id, **merged}, last_file, rule_id)
        return settings


def _merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) and key != "severity":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _validated(model: type[BaseModel], data: Mapping[str, Any], file: str, rule: str) -> Any:
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        error = exc.errors()[0]
        # A union's branch shows in the location as a type tag ("str", "SeverityBands", "literal[...]"): drop it.
        parts = [str(p) for p in error["loc"] if not _is_type_tag(p)]
        key = ".".join(parts) or "(the rule)"
        got = "" if error["type"] == "missing" else f" (found {error.get('input')!r})"
        raise ConfigError(
            f"{file}: rule {rule!r}, key {key!r}: {error['msg']}{got}. "
            f"What to do: correct {key!r}; docs/rules.md lists every key and its type."
        ) from exc


def _is_type_tag(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part[:1].isupper() or part in ("str", "int", "bool"))


def _read_yaml(path: str, text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise ConfigError(
            f"{path}:{line} is not valid YAML ({exc}). What to do: fix the file's syntax."
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: a rules file is a mapping with `rules:` and `overrides:`; found {type(data).__name__}"
        )
    return data


def _read_file(path: str, text: str) -> _File:
    data = _read_yaml(path, text)
    try:
        return _File.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        raise ConfigError(
            f"{path}: key {key!r}: {error['msg']}. What to do: a rules file has only `rules:` (rule id → settings), "
            f"`overrides:` (a list of {{marketplace, category, rules}}), `stock_pools:` (a list of "
            f"{{warehouse, channels: {{marketplace: {{share, max_listed, zero_out_at}}}}}}) and `events:` (a list of "
            f"{{name, start, end, marketplace, skus}}); see docs/rules.md."
        ) from exc


def _check_patch(
    path: str, rule_id: str, patch: Mapping[str, Any], defaults: Mapping[str, Mapping[str, Any]]
) -> None:
    if rule_id not in defaults:
        family = rule_id.split(".")[0]
        near = difflib.get_close_matches(rule_id, list(defaults), n=3, cutoff=0.5)
        near += [r for r in defaults if r.split(".")[0] == family and r not in near]
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise ConfigError(
            f"{path}: rule {rule_id!r} is not a sellerops rule. What to do: {hint}docs/rules.md lists every rule."
        )
    _validated(_Patch, patch, path, rule_id)
    known = defaults[rule_id].get("thresholds") or {}
    for key in patch.get("thresholds") or {}:
        if key not in known:
            raise ConfigError(
                f"{path}: rule {rule_id!r}, key 'thresholds.{key}': no such threshold. "
                f"What to do: use {', '.join(known) or 'none (this rule has no thresholds)'}."
            )
    for name in ("title", "suggested_action", "acceptance"):
        text = patch.get(name)
        if isinstance(text, Mapping):
            _check_placeholders(path, rule_id, name, text, defaults[rule_id])


def _check_placeholders(
    path: str, rule_id: str, key: str, text: Mapping[str, str], default: Mapping[str, Any]
) -> None:
    """A user template may use only the placeholders the default template of that rule uses (an acceptance
    criterion also {threshold} and the rule's threshold names, which `acceptance_text` fills in)."""
    allowed = Template(en=default[key]["en"], zh=default[key]["zh"]).placeholders()
    if key == "acceptance":
        allowed = allowed | {"threshold", *(default.get("thresholds") or {})}
    for language, template in text.items():
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
        except ValueError as exc:
            raise ConfigError(f"{path}: rule {rule_id!r}, key '{key}.{language}': {exc}") from exc
        unknown = used - allowed
        if unknown:
            raise ConfigError(
                f"{path}: rule {rule_id!r}, key '{key}.{language}': unknown placeholder "
                f"{{{sorted(unknown)[0]}}}. What to do: use only {', '.join(f'{{{p}}}' for p in sorted(allowed))}."
            )


def _check_scope(path: str, override: _Override) -> None:
    if override.marketplace is not None:
        try:
            get_marketplace(override.marketplace)
        except InputError as exc:
            raise ConfigError(
                f"{path}: override for marketplace {override.marketplace!r}: not a marketplace sellerops knows. "
                f"What to do: write it as sellerops names it, e.g. amazon.US or amazon.DE."
            ) from exc


def _layers(path: str, parsed: _File, defaults: Mapping[str, Mapping[str, Any]]) -> list[_Layer]:
    for rule_id, patch in parsed.rules.items():
        _check_patch(path, rule_id, patch, defaults)
    layers = [_Layer(path, None, None, parsed.rules)] if parsed.rules else []
    for override in parsed.overrides:
        _check_scope(path, override)
        for rule_id, patch in override.rules.items():
            _check_patch(path, rule_id, patch, defaults)
        code = get_marketplace(override.marketplace).code if override.marketplace else None
        layers.append(_Layer(path, code, override.category, override.rules))
    return layers


def load_rules(path: str | Path | None = None, *, defaults_text: str | None = None) -> RulesConfig:
    """The default rules with the user's file on top: `path` if given (it must exist), else ./sellerops-rules.yaml
    when there is one. Anything unknown, mistyped or misspelt is refused with a ConfigError naming the file, the
    rule and the key."""
    defaults_file = f"sellerops/rules/{DEFAULTS_NAME}"
    text = defaults_text if defaults_text is not None else _defaults_text()
    parsed_defaults = _read_file(defaults_file, text)
    for rule_id, settings in parsed_defaults.rules.items():
        _validated(RuleSettings, {"id": rule_id, **settings}, defaults_file, rule_id)
    defaults = parsed_defaults.rules
    layers = _layers(defaults_file, _File(overrides=parsed_defaults.overrides), defaults)
    files = [defaults_file]
    user = Path(path) if path is not None else USER_FILE
    if path is not None and not user.is_file():
        raise ConfigError(
            f"{user}: no such rules file. What to do: check the path, or leave it out for the defaults."
        )
    pools: tuple[StockPool, ...] = ()
    events: tuple[KnownEvent, ...] = ()
    if user.is_file():
        files.append(str(user))
        parsed = _read_file(str(user), user.read_text(encoding="utf-8"))
        layers += _layers(str(user), parsed, defaults)
        pools = tuple(_stock_pool(p) for p in parsed.stock_pools)
        events = tuple(
            KnownEvent(e.name, "shopping_event", e.start, e.end, e.marketplace, tuple(e.skus))
            for e in parsed.events
        )
    return RulesConfig(defaults, tuple(layers), tuple(files), pools, events)


def _stock_pool(pool: _Pool) -> StockPool:
    channels = {
        code: ChannelBuffer(b.share, b.max_listed, b.zero_out_at)  # as the listings name their marketplace
        for code, b in pool.channels.items()
    }
    return StockPool(pool.warehouse, channels)


def _defaults_text() -> str:
    return resources.files("sellerops.rules").joinpath(DEFAULTS_NAME).read_text(encoding="utf-8")

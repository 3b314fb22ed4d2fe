"""The owners file: the most specific entry wins; anything it cannot use is refused with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerops.errors import ConfigError
from sellerops.workflow import OwnerAssignments, OwnerRule, load_owners

OWNERS_YAML = """\
# who looks after what
default: amy
skus:
  TEA-001: bo
  "TEA-*": chen
  "TEA-0*": dan
marketplaces:
  amazon.de:
    default: hans
    skus:
      "TEA-*": greta
      TEA-002: ines
  amazon.UK:
    default: uma
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_most_specific_entry_wins(tmp_path: Path) -> None:
    # given an owners file with defaults, exact SKUs and globs, everywhere and per marketplace
    owners = load_owners(_write(tmp_path, "owners.yaml", OWNERS_YAML))
    # when owners are looked up, then the most specific entry answers
    cases = {
        ("amazon.DE", "TEA-002"): "ines",  # exact SKU on the marketplace
        ("amazon.DE", "TEA-001"): "bo",  # exact SKU everywhere beats a glob on the marketplace
        ("amazon.DE", "TEA-003"): "greta",  # a glob on the marketplace beats a longer glob everywhere
        ("amazon.US", "TEA-003"): "dan",  # of two globs everywhere, the one with more plain text
        ("amazon.US", "TEA-100"): "chen",
        ("amazon.DE", "MUG-1"): "hans",  # the marketplace's default
        ("amazon.DE", None): "hans",  # a marketplace-level finding: the marketplace's default
        ("amazon.US", "MUG-1"): "amy",  # the overall default
        ("amazon.US", None): "amy",
        ("amazon.UK", "TEA-100"): "chen",  # a glob beats the marketplace's default
    }
    assert {case: owners.owner_for(*case) for case in cases} == cases
    # and the entries keep where they came from
    assert owners.rules[:2] == (
        OwnerRule(None, None, "amy", f"{tmp_path / 'owners.yaml'}:2"),
        OwnerRule(None, "TEA-001", "bo", f"{tmp_path / 'owners.yaml'}:4"),
    )


def test_without_a_default_a_task_has_no_owner() -> None:
    owners = OwnerAssignments((OwnerRule(None, "TEA-*", "chen"),))
    assert (owners.owner_for("amazon.US", "MUG-1"), owners.owner_for("amazon.US", None)) == (None, None)


def test_csv_file_gives_the_same_assignments(tmp_path: Path) -> None:
    # given the same assignments as a CSV (blank or * marketplace = every marketplace, blank sku = default)
    csv_text = (
        "owner,marketplace,sku\n"
        "amy,,\nbo,*,TEA-001\nchen,,TEA-*\ndan,,TEA-0*\nhans,amazon.DE,\ngreta,amazon.DE,TEA-*\n"
        "ines,amazon.DE,TEA-002\n\numa,amazon.UK,\n"
    )
    from_csv = load_owners(_write(tmp_path, "owners.csv", csv_text))
    from_yaml = load_owners(_write(tmp_path, "owners.yaml", OWNERS_YAML))
    # then every lookup agrees with the YAML file
    cases = [
        (m, s)
        for m in ("amazon.DE", "amazon.US", "amazon.UK")
        for s in ("TEA-001", "TEA-002", "TEA-003", "TEA-100", "MUG-1", None)
    ]
    assert [from_csv.owner_for(*c) for c in cases] == [from_yaml.owner_for(*c) for c in cases]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("owners.json", "{}", r"owners.json: an owners file must be .yaml, .yml or .csv, not '.json'"),
        ("owners.yaml", "", r"owners.yaml: the owners file is empty"),
        ("owners.yaml", "default: amy\nowner: bo\n", r"owners.yaml:2: unknown key 'owner' in the file; use default, skus, marketplaces"),
        ("owners.yaml", "skus:\n  TEA-1: amy\n  TEA-1: bo\n", r"owners.yaml:3: 'TEA-1' appears twice in skus \(first on line 2\)"),
        ("owners.yaml", "marketplaces:\n  amazon.XX:\n    default: amy\n", r"owners.yaml:2: unknown marketplace 'amazon.XX'"),
        ("owners.yaml", "marketplaces:\n  amazon.US:\n    defualt: amy\n", r"owners.yaml:3: unknown key 'defualt' in marketplaces.amazon.US; use default, skus"),
        ("owners.yaml", "marketplaces:\n  amazon.us: {default: a}\n  amazon.US: {default: b}\n", r"owners.yaml:3: amazon.US appears twice in marketplaces \(first on line 2\)"),
        ("owners.yaml", "skus:\n  TEA-1:\n", r"owners.yaml:2: skus.TEA-1 must be an owner's name"),
        ("owners.yaml", "skus: [TEA-1]\n", r"owners.yaml:1: skus must be a mapping"),
        ("owners.yaml", "default: [amy\n", r"owners.yaml: not valid YAML"),
        ("owners.csv", "sku,owner\nTEA-1,amy\n", r"owners.csv:1: the header must name the columns marketplace, sku, owner; found sku, owner"),
        ("owners.csv", "marketplace,sku,owner\n,TEA-1,\n", r"owners.csv:2: column 'owner' is empty"),
        ("owners.csv", "marketplace,sku,owner\n,TEA-1,amy\n*,TEA-1,bo\n", r"owners.csv:3: TEA-1 for every marketplace is already assigned on line 2"),
        ("owners.csv", "marketplace,sku,owner\namazon.XX,,amy\n", r"owners.csv:2: unknown marketplace 'amazon.XX'"),
    ],
)  # fmt: skip
def test_unusable_files_are_refused_naming_the_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(ConfigError, match=message):
        load_owners(path)

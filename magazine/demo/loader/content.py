"""Reading the demo content files (TOML and JSON, see content/FORMAT.md)."""

import json
import tomllib
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def _toml(name):
    with open(CONTENT_DIR / name, "rb") as handle:
        return tomllib.load(handle)


def themes():
    return _toml("themes.toml")["theme"]


def territory_kinds():
    return _toml("territory_kinds.toml")["kind"]


def territories():
    with open(CONTENT_DIR / "territories.json", encoding="utf-8") as handle:
        return json.load(handle)


def authors():
    return _toml("authors.toml")["author"]


def dossiers():
    return _toml("dossiers.toml")["dossier"]


def site():
    return _toml("site.toml")


def standard_pages():
    return [_toml(f"pages/{path.name}") for path in sorted((CONTENT_DIR / "pages").glob("*.toml"))]


def articles():
    """Every demo article, oldest first (the order they are published in)."""
    items = [_toml(f"articles/{path.name}") for path in (CONTENT_DIR / "articles").glob("*.toml")]
    return sorted(items, key=lambda item: item["published"])

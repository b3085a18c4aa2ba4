"""Declarative rules: takes the TOML rule files (built-in ``rules/`` and users' packs) and gives
validated ``Rule`` objects, lexicons and the pack checks that run them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.rulepacks.files import (
        builtin_data,
        builtin_rules,
        lexicon,
        load_rules,
        parse_rules,
        read_toml,
    )
    from provcheck.rulepacks.packs import Pack, PackRule, load_pack, load_packs, pack_files

__all__ = [
    "Pack",
    "PackRule",
    "builtin_data",
    "builtin_rules",
    "lexicon",
    "load_pack",
    "load_packs",
    "load_rules",
    "pack_files",
    "parse_rules",
    "read_toml",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "Pack": "packs",
        "PackRule": "packs",
        "builtin_data": "files",
        "builtin_rules": "files",
        "lexicon": "files",
        "load_pack": "packs",
        "load_packs": "packs",
        "load_rules": "files",
        "pack_files": "packs",
        "parse_rules": "files",
        "read_toml": "files",
    },
)

"""Docs that must match the code: hook reference, rules reference, public API."""

from __future__ import annotations

import inspect
import re

import provcheck
from provcheck import hookspecs
from tests.conftest import ROOT

HOOKS_DOC = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")


def _specs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("provcheck_")
    }


def _documented() -> dict[str, list[str]]:
    """Hook name -> parameter names, from the ```python def ...``` line under each heading."""
    found = {}
    for match in re.finditer(r"^def (provcheck_\w+)\((.*)\)", HOOKS_DOC, re.MULTILINE):
        params = [p.split(":")[0].strip() for p in match.group(2).split(",") if p.strip()]
        found[match.group(1)] = params
    return found


def test_every_hook_is_documented_with_its_signature() -> None:
    documented = _documented()
    for name, signature in _specs().items():
        assert f"### `{name}`" in HOOKS_DOC, f"docs/hooks.md has no section for {name}"
        assert name in documented, f"docs/hooks.md shows no signature for {name}"
        assert documented[name] == list(signature.parameters), (
            f"{name}: documented signature differs"
        )


def test_no_documented_hook_is_missing_from_the_specs() -> None:
    assert set(_documented()) <= set(_specs())


def test_public_api_is_exactly_all() -> None:
    public = {name for name in dir(provcheck) if not name.startswith("_")} - {"annotations"}
    modules = {name for name in public if inspect.ismodule(getattr(provcheck, name))}
    assert public - modules == set(provcheck.__all__) - {"__version__"}

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


def _update_docs():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "update_docs", ROOT / "scripts" / "update_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_reference_is_generated_from_the_catalogue() -> None:
    expected = _update_docs().rules_markdown()
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run python scripts/update_docs.py"


def test_readme_sample_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _update_docs().readme_with_sample(readme) == readme, (
        "the README's output sample is stale: run python scripts/update_docs.py"
    )


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0].startswith("python3 -m pip install . && provcheck scan fixtures/")
    assert block[1].endswith("python3 -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pytest" in ci

"""Each stage package names its public API in ``__all__`` and resolves it lazily: every name
must import, so the three spellings in each ``__init__`` (type-checking import, ``__all__``,
the lazy map) cannot drift apart unnoticed."""

from __future__ import annotations

import importlib

import pytest

STAGES = [
    "provcheck.sources",
    "provcheck.html",
    "provcheck.markdown",
    "provcheck.rulepacks",
    "provcheck.editors",
    "provcheck.batch",
    "provcheck.plugins.imagery",
    "provcheck.plugins.balance",
    "provcheck.plugins.sourcing",
]


@pytest.mark.parametrize("name", STAGES)
def test_every_public_name_of_a_stage_resolves(name: str) -> None:
    package = importlib.import_module(name)
    assert package.__doc__, f"{name} says what the stage takes and gives"
    assert package.__all__
    for public in package.__all__:
        assert getattr(package, public) is not None, f"{name}.{public}"
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018

"""The parsed copies of the shipped rule files (provcheck.rulepacks.files): kept beside them as
bytecode is, read back only while the file is unchanged."""

from __future__ import annotations

import marshal
import sys
from pathlib import Path

import pytest

from provcheck import ConfigError
from provcheck.rulepacks import files

RULES = '[[rule]]\ncode = "XX101"\nname = "a-rule"\n[lexicon]\nwords = ["harbour", "quay"]\n'


@pytest.fixture(autouse=True)
def _writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)


def _copy(path: Path) -> Path:
    cache = files._cache_path(path)
    assert cache is not None
    return cache


def test_a_second_read_comes_from_the_copy(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(RULES, encoding="utf-8")
    first = files._cached_toml(path)
    assert first["lexicon"]["words"] == ["harbour", "quay"]
    cache = _copy(path)
    assert cache.parent == tmp_path / "__pycache__"
    stamp, data = marshal.loads(cache.read_bytes())
    assert data == first
    # A copy with other contents under the same stamp is what the next read returns.
    cache.write_bytes(marshal.dumps((stamp, {"from": "copy"})))
    assert files._cached_toml(path) == {"from": "copy"}


def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(RULES, encoding="utf-8")
    files._cached_toml(path)
    path.write_text(RULES.replace("quay", "pier"), encoding="utf-8")  # same size
    assert files._cached_toml(path)["lexicon"]["words"] == ["harbour", "pier"]
    assert marshal.loads(_copy(path).read_bytes())[1]["lexicon"]["words"] == ["harbour", "pier"]


def test_no_copy_when_python_writes_no_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "x.toml"
    path.write_text(RULES, encoding="utf-8")
    assert files._cached_toml(path)["rule"][0]["code"] == "XX101"
    assert not _copy(path).exists()


def test_a_broken_copy_or_a_date_is_parsed_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('released = 2026-12-04\nname = "x"\n', encoding="utf-8")
    assert str(files._cached_toml(path)["released"]) == "2026-12-04"  # marshal cannot hold it
    assert not _copy(path).exists()
    path.write_text(RULES, encoding="utf-8")
    _copy(path).parent.mkdir(exist_ok=True)
    _copy(path).write_bytes(b"\x00not marshal")
    assert files._cached_toml(path)["rule"][0]["name"] == "a-rule"


def test_bad_toml_still_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("[[rule]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"x\.toml: invalid TOML"):
        files._cached_toml(path)


def test_the_shipped_rules_read_the_same_through_the_copy() -> None:
    files.builtin_data.cache_clear()
    try:
        import tomllib

        for name in ("imagery", "sourcing", "balance", "host"):
            path = Path(files.__file__).resolve().parents[2] / "rules" / f"{name}.toml"
            if not path.is_file():
                pytest.skip("not a source checkout")
            expected = tomllib.loads(path.read_text(encoding="utf-8"))
            assert files.builtin_data(name) == expected  # parsed, or an earlier run's copy
            files.builtin_data.cache_clear()
            assert files.builtin_data(name) == expected  # the copy the first read left
    finally:
        files.builtin_data.cache_clear()

"""Shared test helpers. Tests are hermetic: no network, nothing under $HOME is read."""

from __future__ import annotations

import html as html_lib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from provcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``provcheck`` in-process with the given arguments."""

    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(int(code), captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    # Colour and pre-commit come from the environment (FORCE_COLOR is set on many CI services).
    for name in ("NO_COLOR", "FORCE_COLOR", "PRE_COMMIT"):
        monkeypatch.delenv(name, raising=False)


def article_html(
    *,
    title: str = "Council approves new bus lanes",
    byline: str = "By Priya Raman",
    date: str = "2026-05-02",
    paragraphs: Sequence[str] = ("The council voted on Tuesday to add bus lanes.",),
    extra_body: str = "",
) -> str:
    """A small, realistic article page of our own for host tests."""
    time_tag = f'<time datetime="{date}">{date}</time>' if date else ""
    byline_tag = f'<p class="byline">{html_lib.escape(byline)}</p>' if byline else ""
    body = "\n".join(f"<p>{html_lib.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html_lib.escape(title)}</title></head>
<body>
<nav class="menu"><a href="/">Home</a></nav>
<article>
<h1>{html_lib.escape(title)}</h1>
{byline_tag}
{time_tag}
{body}
{extra_body}
</article>
<footer>Contact</footer>
</body></html>
"""


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str = "article.html", **kwargs: object) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_html(**kwargs), encoding="utf-8")  # type: ignore[arg-type]
        return path

    return write


PLUGIN_PACKAGES = (
    ROOT / "tests" / "plugin_pkgs" / "provcheck_demo",
    ROOT / "tests" / "plugin_pkgs" / "provcheck_broken",
    ROOT / "examples" / "provcheck-house-style",
)


def pip_install_target(target: Path, *packages: Path) -> None:
    """Install real distributions into ``target`` without network (no index, no isolation)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--disable-pip-version-check", "--target", str(target),
         *map(str, packages)],
        check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder (for PYTHONPATH) with the demo, the broken and the house-style plugins
    installed as real distributions with entry points - installed once per test run."""
    target = tmp_path_factory.mktemp("plugin-site")
    pip_install_target(target, *PLUGIN_PACKAGES)
    return target


def run_with_site(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` with ``site`` on PYTHONPATH (so its plugins are installed)."""
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from a fresh folder (so no config file above it is found)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


__all__ = ["CORPUS", "ROOT", "CliResult", "article_html", "os"]

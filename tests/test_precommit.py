"""The pre-commit hook: its manifest, its exit codes, no network, and a real pre-commit run.

The real run (marked ``slow``, about 30-60 s) lets pre-commit build its own virtualenv and
pip-install the hook from a throwaway git copy of the current working tree, so uncommitted
changes are what is tested; the install is offline (see ``_pre_commit``), then pre-commit
runs three times in that environment.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

DESK_STORY = """\
---
title: Night buses return to the ring road
author: City Desk
date: 2026-05-04
---

# Night buses return to the ring road

The transport office said the N4 and N7 routes would run every 30 minutes from Friday.

![A night bus at the depot](https://images.example.net/n4.jpg)
*An N4 bus at the Northgate depot. Photo: Transport office*

Drivers' union representative Kofi Mensah said staff had been consulted.
"""

HTML_STORY = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Pool reopens after repairs</title></head>
<body>
<article>
<h1>Pool reopens after repairs</h1>
<p class="byline">By Web Desk</p>
<time datetime="2026-05-03">3 May 2026</time>
<p>The municipal pool on Elm Street reopened on Saturday after three months of repairs,
the parks department said.</p>
</article>
</body>
</html>
"""


def _where(text: str, needle: str) -> str:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def test_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(MANIFEST))
    assert hook["id"] == "provcheck"
    assert hook["entry"] == "provcheck scan"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["html", "markdown"]
    minimum = tuple(int(p) for p in hook["minimum_pre_commit_version"].split("."))
    assert minimum >= (2, 9, 0), "types_or needs pre-commit 2.9.0"
    assert not any(arg.startswith("http") for arg in hook["args"])


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) every attempt to resolve a name or open a connection."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise OSError("network use in a pre-commit hook")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_hook_command_never_touches_the_network(
    tmp_path: Path, run_cli: Callable[..., CliResult], no_network: list[str]
) -> None:
    (tmp_path / "night-buses.md").write_text(DESK_STORY, encoding="utf-8")
    (tmp_path / "pool.html").write_text(HTML_STORY, encoding="utf-8")
    result = run_cli("scan", "--color", "never", str(tmp_path / "night-buses.md"),
                     str(tmp_path / "pool.html"))  # fmt: skip
    assert result.code in (0, 1), result.err
    assert "TRN101" in result.out
    assert no_network == []


def test_exit_code_only_on_findings_at_or_above_fail_on(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    story = tmp_path / "night-buses.md"
    story.write_text(DESK_STORY, encoding="utf-8")
    default = run_cli("scan", "--select", "TRN", str(story))  # TRN101 is a warning
    assert default.code == 0
    assert f"night-buses.md:{_where(DESK_STORY, 'City Desk')}: TRN101 [warning]" in default.out
    assert run_cli("scan", "--select", "TRN", "--fail-on", "warning", str(story)).code == 1
    assert run_cli("scan", "--select", "TRN", "--fail-under", "100", str(story)).code == 1
    assert run_cli("scan", "--select", "TRN", "--fail-under", "10", str(story)).code == 0


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _snapshot_checkout(target: Path) -> str:
    """Commit the current working tree (tracked and new files) into a throwaway repository."""
    listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "bench/", "docs/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot of the checkout under test")
    return _git(target, "rev-parse", "HEAD")


def site_dirs() -> list[str]:
    """This interpreter's site-packages folders: a virtualenv's own, not only the base's."""
    return [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]


def _sitecustomize(folder: Path) -> Path:
    """A folder for PYTHONPATH whose sitecustomize adds this interpreter's site folders.

    pre-commit builds the hook's virtualenv from the *base* interpreter, so
    VIRTUALENV_SYSTEM_SITE_PACKAGES would show it the base's packages, not those of the
    virtualenv this test runs in (the README's commands install into one). ``addsitedir``
    appends, after the hook's own site-packages, and reads .pth files as site start-up does.
    """
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        f"import site\nfor folder in {site_dirs()!r}:\n    site.addsitedir(folder)\n",
        encoding="utf-8",
    )
    return folder


def _pre_commit(site: Path, home: Path) -> subprocess.CompletedProcess[str]:
    paths = [str(_sitecustomize(home.parent / "site-hook")), os.environ.get("PYTHONPATH", "")]
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        # Offline and quick: the hook's virtualenv sees this interpreter's site-packages
        # (provcheck's dependencies are installed there; see _sitecustomize), pip may not reach
        # any index, and provcheck is built with the setuptools already installed. pip then
        # installs only provcheck itself from the snapshot - the code under test.
        "PYTHONPATH": os.pathsep.join(filter(None, paths)),
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
    }
    env.pop("PRE_COMMIT", None)
    env.pop("VIRTUALENV_SYSTEM_SITE_PACKAGES", None)
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=300)


def test_hook_environment_sees_the_packages_of_the_interpreter_running_the_tests(
    tmp_path: Path,
) -> None:
    # pre-commit makes the hook's virtualenv from the base interpreter: in a virtualenv (the
    # README's commands) only the sitecustomize shows it provcheck's installed dependencies.
    import pluggy

    assert str(Path(pluggy.__file__).parents[1]) in site_dirs()
    base = getattr(sys, "_base_executable", sys.executable)
    code = "import importlib.util as u; print(all(map(u.find_spec, ['pluggy', 'provcheck'])))"
    env = {**os.environ, "PYTHONPATH": str(_sitecustomize(tmp_path / "site-hook"))}
    done = subprocess.run([base, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "True", done.stderr


@pytest.mark.slow
def test_pre_commit_hook_in_a_real_repository(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hooks = tmp_path / "provcheck-checkout"
    hooks.mkdir()
    rev = _snapshot_checkout(hooks)
    site = tmp_path / "newsroom"
    (site / "news").mkdir(parents=True)
    (site / "news" / "night-buses.md").write_text(DESK_STORY, encoding="utf-8")
    (site / "news" / "pool.html").write_text(HTML_STORY, encoding="utf-8")
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: provcheck\n"
        # Only the transparency rules, failing on warnings: the test needs findings whose
        # positions it knows while the other checks are still changing.
        "    args: [--select, TRN, --fail-on, warning, --color, never]\n",
        encoding="utf-8",
    )
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "two stories")
    home = tmp_path / "pre-commit-home"

    first = _pre_commit(site, home)
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert f"news/night-buses.md:{_where(DESK_STORY, 'City Desk')}: TRN101 [warning]" in output
    assert f"news/pool.html:{_where(HTML_STORY, 'By Web Desk')}: TRN101 [warning]" in output

    # The desk story is accepted in the document itself; the HTML story is fixed.
    story = site / "news" / "night-buses.md"
    story.write_text(
        DESK_STORY.replace(
            "# Night buses",
            "<!-- provcheck: file-ignore[TRN101] desk copy, cleared by the standards editor -->"
            "\n\n# Night buses",
        ),
        encoding="utf-8",
    )
    _git(site, "add", "-A")  # pre-commit stashes unstaged changes before it runs
    second = _pre_commit(site, home)
    assert second.returncode == 1
    assert f"news/night-buses.md:{_where(DESK_STORY, 'City Desk')}" not in second.stdout
    assert "(1 suppressed finding(s) not shown)" in second.stdout
    assert f"news/pool.html:{_where(HTML_STORY, 'By Web Desk')}: TRN101" in second.stdout

    pool = site / "news" / "pool.html"
    pool.write_text(HTML_STORY.replace("By Web Desk", "By Priya Raman"), encoding="utf-8")
    _git(site, "add", "-A")
    third = _pre_commit(site, home)
    assert third.returncode == 0, third.stdout + third.stderr

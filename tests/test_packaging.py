"""Packaging: the build backend's floor, what the sdist carries, a light pytest entry point."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _floor(requirement: str) -> tuple[int, ...]:
    found = re.search(r">=\s*([\d.]+)", requirement)
    assert found, f"{requirement!r} has no lower bound"
    return tuple(int(part) for part in found.group(1).split("."))


def test_build_backend_floor_reads_an_spdx_license_string() -> None:
    # setuptools < 77 rejects `license = "Apache-2.0"` (a PEP 639 SPDX string) outright.
    assert isinstance(PYPROJECT["project"]["license"], str)
    (setuptools,) = [r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    assert _floor(setuptools) >= (77,)


def test_tldextract_major_version_is_pinned() -> None:
    # provcheck.html.psl reads tldextract's snapshot file, which is not tldextract's API.
    (dep,) = [d for d in PYPROJECT["project"]["dependencies"] if d.startswith("tldextract")]
    upper = re.search(r"<\s*(\d+)", dep)
    assert upper and int(upper.group(1)) == _floor(dep)[0] + 1


def _project_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The sdist built from a copy of the working tree, unpacked; the files copied."""
    pytest.importorskip("setuptools")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    copy = tmp_path_factory.mktemp("checkout")
    names = _project_files()
    for name in names:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    build = "from setuptools.build_meta import build_sdist; print(build_sdist('dist'))"
    done = subprocess.run([sys.executable, "-c", build], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    archive = copy / "dist" / done.stdout.strip().splitlines()[-1]
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    (top,) = target.iterdir()
    return top, names


def test_sdist_ships_every_file_the_tests_read(sdist: tuple[Path, list[str]]) -> None:
    top, names = sdist
    shipped = {str(p.relative_to(top)) for p in top.rglob("*") if p.is_file()}
    wanted = {n for n in names if n != ".gitignore" and "__pycache__" not in n}
    assert not wanted - shipped, sorted(wanted - shipped)[:20]
    assert {"tests/golden/archetype.json", "fixtures/articles/archetype.html"} <= shipped
    assert any(name.startswith("tests/plugin_pkgs/") for name in shipped)


def test_tests_pass_from_the_unpacked_sdist(sdist: tuple[Path, list[str]]) -> None:
    # Tests that read fixtures and golden files, run with the sdist as their root folder.
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_golden.py", "tests/test_archetype.py"],
        cwd=sdist[0], capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


def test_pytest_entry_point_imports_neither_the_host_nor_the_plugin_manager() -> None:
    # pytest imports the pytest11 entry point in every run wherever provcheck is installed.
    assert PYPROJECT["project"]["entry-points"]["pytest11"] == {"provcheck": "provcheck.testing"}
    heavy = ("provcheck.host", "provcheck.pluginmanager", "lxml.html", "provcheck.plugins")
    code = (
        "import sys, pytest, provcheck.testing\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
        "print(provcheck.testing.BUILTIN_CHECKS)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded, checks = done.stdout.splitlines()
    assert loaded == "[]", done.stderr
    assert "imagery" in checks and "sourcing" in checks  # still there, made on first use


def test_ci_runs_the_readme_commands_as_written_in_a_fresh_virtualenv() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    done = subprocess.run(["bash", str(ROOT / ".ci" / "run"), "--print-readme-commands"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.splitlines() == block and len(block) == 2
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    venv = script.index('python3 -m venv "$venv"')
    assert venv < script.index('source "$venv/bin/activate"')
    assert script.index("source") < script.index('-c "${readme[0]}"') < script.index(
        '-c "${readme[1]}"'
    )
    assert "-eq 5" in script  # pytest's "no tests collected" fails the run

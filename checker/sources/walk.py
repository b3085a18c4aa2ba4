"""Which files a folder scan reads: article and archive files, minus what the project ignores.

A folder scan skips version-control, virtualenv, cache and ``node_modules`` folders by default,
honours the ``.gitignore`` files of the folder, of the folders below it, and of its parents up
to the repository root (git's own semantics: a deeper file overrides a shallower one, and
nothing inside an ignored folder comes back), and leaves out what ``--exclude`` patterns match
(gitignore syntax, relative to the current folder). Patterns are read with ``pathspec``, the
gitignore matcher black, mypy and others rely on; it is imported only when a folder is walked
or ``--exclude`` is given.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Folders never walked into unless named on the command line: VCS metadata, virtualenvs,
#: tool caches and package folders (each can hold thousands of HTML and Markdown files).
SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", ".venv", "venv", ".direnv", ".tox", ".nox",
    "node_modules", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "__pypackages__",
    "site-packages", ".ipynb_checkpoints",
})  # fmt: skip


def _spec(lines: Iterable[str]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _decide(spec: Any, relative: str) -> bool | None:
    """True: ignored, False: re-included by a ``!`` pattern, None: no pattern matches."""
    decision = None
    for pattern in spec.patterns:
        if pattern.include is not None and pattern.match_file(relative) is not None:
            decision = pattern.include
    return decision


@dataclass(frozen=True, slots=True)
class Ignore:
    """One ``.gitignore`` (or the ``--exclude`` list) and the folder its patterns start from."""

    base: str
    spec: Any = field(compare=False)

    def decide(self, path: str, is_dir: bool) -> bool | None:
        relative = os.path.relpath(path, self.base)
        if relative.startswith(".."):
            return None
        relative = relative.replace(os.sep, "/") + ("/" if is_dir else "")
        return _decide(self.spec, relative)


def read_gitignore(folder: str) -> Ignore | None:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    return Ignore(folder, _spec(lines)) if lines else None


def parent_gitignores(folder: str) -> list[Ignore]:
    """The ``.gitignore`` files above ``folder`` up to its repository's root, root first."""
    found: list[Ignore] = []
    current = os.path.dirname(os.path.abspath(folder))
    inside = os.path.abspath(folder)
    while current != inside:
        ignore = read_gitignore(current)
        if ignore is not None:
            found.append(ignore)
        if os.path.exists(os.path.join(current, ".git")):
            return found[::-1]
        inside, current = current, os.path.dirname(current)
    # Not inside a repository: a stray .gitignore above the folder says nothing about it.
    return []


def excludes(patterns: Sequence[str]) -> list[Ignore]:
    """``--exclude`` patterns (gitignore syntax) relative to the current folder; an absolute
    path that exists is taken as that file or folder (gitignore has no way to say it)."""
    lines = [p.strip() for value in patterns for p in value.split(",") if p.strip()]
    paths = [p for p in lines if os.path.isabs(p) and os.path.exists(p)]
    rules = [Ignore(os.path.dirname(p.rstrip("/")) or "/",
                    _spec(["/" + glob.escape(os.path.basename(p.rstrip("/")))]))
             for p in paths]  # fmt: skip
    relative = [p for p in lines if p not in paths]
    return rules + ([Ignore(os.getcwd(), _spec(relative))] if relative else [])


def ignored(path: str, rules: Sequence[Ignore], is_dir: bool = False) -> bool:
    decision = False
    for rule in rules:
        said = rule.decide(os.path.abspath(path), is_dir)
        if said is not None:
            decision = said
    return decision


def walk(
    folder: str, wanted: Any, exclude: Sequence[Ignore] = (), gitignore: bool = True
) -> Iterator[str]:
    """Files below ``folder`` for which ``wanted(name)`` holds, sorted, minus ignored ones."""
    folder = str(Path(folder))  # "./content/" and "content" name files the same way
    start = parent_gitignores(folder) if gitignore else []
    found: list[str] = []
    stack = [(folder, start)]
    while stack:
        current, rules = stack.pop()
        own = read_gitignore(current) if gitignore else None
        rules = [*rules, own] if own is not None else rules
        checked = [*rules, *exclude]
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name in SKIPPED_DIRS or _is_virtualenv(entry.path):
                    continue
                if not ignored(entry.path, checked, is_dir=True):
                    stack.append((entry.path, rules))
            elif wanted(entry.name) and entry.is_file() and not ignored(entry.path, checked):
                found.append(entry.path)
    yield from sorted(found)


def _is_virtualenv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))

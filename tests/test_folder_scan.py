"""Folder scans: VCS, virtualenv and package folders skipped, .gitignore honoured, --exclude."""

from __future__ import annotations

import json
from pathlib import Path

from provcheck.sources.local import expand_sources

TREE = [
    "site/news/a.html", "site/news/b.md", "site/.git/hooks/c.html", "site/.venv/lib/d.html",
    "site/node_modules/pkg/e.html", "site/env/lib/f.html", "site/drafts/g.html",
    "site/news/h.amp.html", "site/news/keep/i.amp.html", "site/news/j.html",
    "site/archive.warc.gz", "site/notes.txt",
]  # fmt: skip


def _tree(root: Path) -> Path:
    for name in TREE:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("<p>x</p>", encoding="utf-8")
    (root / "site" / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (root / "site" / ".gitignore").write_text("drafts/\n*.amp.html\n", encoding="utf-8")
    # A deeper .gitignore overrides a shallower one, as in git.
    (root / "site" / "news" / "keep" / ".gitignore").write_text("!*.amp.html\n", encoding="utf-8")
    return root / "site"


def _names(found: list[str], root: Path) -> list[str]:
    return [str(Path(path).relative_to(root)) for path in found]


def test_folder_scan_skips_vcs_venv_and_package_folders_and_honours_gitignore(
    tmp_path: Path,
) -> None:
    site = _tree(tmp_path)
    found = _names(list(expand_sources([str(site)])), site)
    assert found == ["archive.warc.gz", "news/a.html", "news/b.md", "news/j.html",
                     "news/keep/i.amp.html"]  # fmt: skip
    unignored = _names(list(expand_sources([str(site)], gitignore=False)), site)
    assert "drafts/g.html" in unignored and "news/h.amp.html" in unignored
    assert not any(n.startswith((".git/", ".venv/", "node_modules/", "env/")) for n in unignored)


def test_gitignore_above_the_folder_counts_up_to_the_repository_root(tmp_path: Path) -> None:
    site = _tree(tmp_path)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (site / ".gitignore").write_text("news/j.html\n", encoding="utf-8")
    assert _names(list(expand_sources([str(site / "news")])), site / "news") == [
        "a.html", "b.md", "h.amp.html", "keep/i.amp.html",
    ]  # fmt: skip
    # Outside a repository, a .gitignore in a parent folder says nothing about the folder.
    (site / ".git" / "HEAD").unlink()
    (site / ".git" / "hooks" / "c.html").unlink()
    for folder in (site / ".git" / "hooks", site / ".git"):
        folder.rmdir()
    assert "j.html" in _names(list(expand_sources([str(site / "news")])), site / "news")


def test_exclude_patterns_drop_files_and_folders_named_or_found(in_tmp: Path) -> None:
    site = _tree(in_tmp)
    found = list(expand_sources(["site"], exclude=["site/news/b.md,*.warc.gz", "keep/"]))
    assert found == ["site/news/a.html", "site/news/j.html"]
    # A file named on the command line is left out too (pre-commit passes file names).
    assert list(expand_sources(["site/news/a.html", "site/news/j.html"], ["j.html"])) == [
        "site/news/a.html"
    ]
    assert list(expand_sources(["site/news"], ["site/news/"])) == []
    assert site.is_dir()


def test_scan_command_takes_exclude_and_no_respect_gitignore(
    run_cli, write_article, tmp_path: Path
) -> None:
    write_article("site/news/a.html")
    write_article("site/drafts/b.html")
    write_article("site/.git/c.html")
    (tmp_path / "site" / ".gitignore").write_text("drafts/\n", encoding="utf-8")

    def scanned(*args: str) -> list[str]:
        data = json.loads(run_cli("scan", str(tmp_path / "site"), "-f", "json", *args).out)
        return sorted(Path(r["source"]).name for r in data["reports"])

    assert scanned() == ["a.html"]
    assert scanned("--no-respect-gitignore") == ["a.html", "b.html"]
    # An absolute path works as well as a pattern relative to the current folder.
    absolute = str(tmp_path / "site" / "news")
    assert scanned("--no-respect-gitignore", "--exclude", absolute) == ["b.html"]

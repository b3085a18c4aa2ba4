"""IMG over real pages from ../shared/corpus: no crash, and no false alarm we have reviewed.

The corpus pages are saved without their images, so only the text rules can fire. Every
finding they gave was read (docs/rules/imagery.md, "Real pages"): the only one is a correct
IMG101 for a "Symbolbild" caption, so any other IMG finding here is a regression to look at.
Skipped when the corpus is absent. The labelled pages of ../shared/labelled are all labelled
``ai_image_disclosure = false``: IMG101 must fire on none of them.
"""

from __future__ import annotations

import json

import pytest

from provcheck.testing import make_session
from tests.conftest import CORPUS

PAGES = CORPUS / "pages"
LABELLED = CORPUS.parent / "labelled"
# Pages whose markup has captions or words a disclosure is made of; a sample keeps it fast.
_WORDS = (b"<figcaption", b"symbolbild", b"representational", b"illustrative", b"generated")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/corpus is absent"),
]


def _matches(data: bytes) -> bool:
    return any(word in data for word in _WORDS)


def _sample(limit: int = 10) -> list[str]:
    """The smallest matching pages (parsing dominates the cost), by name for stable order."""
    chosen = [p for p in PAGES.glob("*.html") if _matches(p.read_bytes().lower())]
    chosen.sort(key=lambda p: (p.stat().st_size, p.name))
    return [str(p) for p in chosen[:limit]]


def test_imagery_on_real_pages_is_quiet_and_never_crashes() -> None:
    others = ("agency", "balance", "sourcing", "transparency")
    session = make_session(blocked=others, select=("IMG", "PC9"))
    surprising = []
    for page in _sample():
        report = session.scan(page)
        assert not [f for f in report.findings if f.code == "PC902"], page
        surprising += [
            (page.rsplit("/", 1)[-1], f.code, f.text[:60])
            for f in report.findings
            if f.code.startswith("IMG") and f.code != "IMG101"
        ]
    assert surprising == []


@pytest.mark.skipif(not (LABELLED / "labels.jsonl").is_file(), reason="no ../shared/labelled")
def test_no_ai_image_disclosure_is_found_where_the_labels_say_there_is_none() -> None:
    others = ("agency", "balance", "sourcing", "transparency")
    session = make_session(blocked=others, select=("IMG",))
    wrong = []
    for line in (LABELLED / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if label.get("ai_image_disclosure") is not False:
            continue
        report = session.scan(str(LABELLED / label["file"]))
        wrong += [(label["file"], f.text[:60]) for f in report.findings if f.code == "IMG101"]
    assert wrong == []

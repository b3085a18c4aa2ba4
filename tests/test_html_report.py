"""The HTML report (issue 7): structure, faithfulness to the article text, safety, browser.

The structural tests parse the page with lxml and compare it with the JSON report data it is
rendered from. The browser test opens it in headless Chromium, checks that nothing was logged
to the console (the page's Content-Security-Policy logs any blocked request there), and saves
a screenshot to test-artifacts/report.png; it skips where no Chromium can be found, unless
PROVCHECK_REQUIRE_BROWSER=1 (CI) makes that a failure.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from html import escape
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html
from PIL import Image

from provcheck.checks import Finding, Level
from provcheck.config import Config
from provcheck.formats import FormatContext
from provcheck.formats.html import HtmlFormat
from provcheck.formats.jsonfmt import report_data
from provcheck.report import Report
from provcheck.testing import scan_html, scan_path

ROOT = Path(__file__).parents[1]
ARCHETYPE = ROOT / "fixtures" / "articles" / "archetype.html"
ROLES = ROOT / "checker" / "formats" / "templates" / "roles.toml"
ARTIFACTS = ROOT / "test-artifacts"
CTX = FormatContext(config=Config(), rules=(), version="test")
EXTERNAL = re.compile(r"^\s*(https?:|//|ftp:|file:|javascript:)", re.I)


def render(*reports: Report) -> str:
    return HtmlFormat().render(list(reports), CTX)


@pytest.fixture(scope="module")
def archetype() -> tuple[Report, dict[str, Any], str]:
    report = scan_path(ARCHETYPE)
    assert report.error == "", report.error
    return report, report_data(report, body=True), render(report)


def tree(page: str) -> Any:
    return html.fromstring(page.encode("utf-8"))


def visible_text(element: Any) -> str:
    """Text of a body block without the labels and footnote numbers the report adds."""
    copy = html.fromstring(etree.tostring(element))
    for extra in copy.xpath('.//*[contains(@class, "tags") or contains(@class, "fnref")]'):
        extra.drop_tree()
    return str(copy.text_content())


# --- structure ----------------------------------------------------------------------------


def test_every_finding_has_a_numbered_note(archetype: tuple[Report, dict[str, Any], str]) -> None:
    _, data, page = archetype
    doc = tree(page)
    assert data["findings"], "the archetype should produce findings"
    for number, finding in enumerate(data["findings"], 1):
        (note,) = doc.xpath(f'//li[@id="a1-fn{number}"]')
        text = note.text_content()
        assert finding["code"] in text and finding["message"] in text


def test_blocks_and_highlights_are_exactly_the_article_text(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    _, data, page = archetype
    doc = tree(page)
    blocks = data["body"]["blocks"]
    for b, block in enumerate(blocks):
        (element,) = doc.xpath(f'//*[@id="a1-b{b}"]')
        assert visible_text(element) == block["text"]
    marks = doc.xpath('//mark[contains(@class, "hl")]')
    assert len(marks) >= 8  # the archetype's graded claims, credit lines and disclosure
    for mark in marks:
        b, s = map(int, re.fullmatch(r"a1-b(\d+)s(\d+)", mark.get("id")).groups())  # type: ignore[union-attr]
        sentence = blocks[b]["sentences"][s]
        assert mark.text_content() == blocks[b]["text"][sentence["start"] : sentence["end"]]


def test_findings_point_at_the_sentence_that_quotes_them(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    _, data, page = archetype
    doc = tree(page)
    body = "\n".join(b["text"] for b in data["body"]["blocks"])
    whole_page = tomllib.loads(ROLES.read_text())["page_codes"]
    placed = 0
    for number, finding in enumerate(data["findings"], 1):
        quoted = finding["text"].strip()
        backs = doc.xpath(f'//li[@id="a1-fn{number}"]//a[starts-with(@href, "#a1-b")]')
        if finding["code"] in whole_page:
            assert not backs, f"{finding['code']} is about the page, not a sentence"
            continue
        if not quoted or quoted not in body:
            continue
        assert backs, f"{finding['code']} is not linked to its sentence"
        marks = [doc.xpath(f'//*[@id="{a.get("href")[1:]}"]')[0] for a in backs]
        joined = " ".join(m.text_content() for m in marks)
        assert quoted in joined or joined in quoted
        # ...and the sentence links back to the note and names the finding on hover.
        assert any(f"[{number}] {finding['code']}" in m.get("title") for m in marks)
        placed += 1
    assert placed >= 5


def test_roles_are_labelled_in_text_not_only_colour(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    _, data, page = archetype
    doc = tree(page)
    labels = {r["key"]: r["label"] for r in tomllib.loads(ROLES.read_text())["role"]}
    unattributed = [f for f in data["findings"] if f["code"] == "SRC101"]
    for mark in doc.xpath('//mark[contains(@class, "hl")]'):
        role = re.search(r"\br-(\w+)", mark.get("class")).group(1)  # type: ignore[union-attr]
        tags = mark.getprevious()
        assert "tags" in tags.get("class")
        assert labels[role] in [t.text for t in tags]
    for finding in unattributed:  # labelled fixture: these two sentences have no source
        hit = [
            m
            for m in doc.xpath('//mark[contains(@class, "r-unattributed")]')
            if m.text_content() in finding["text"] or finding["text"] in m.text_content()
        ]
        assert hit


def test_score_breakdown_traces_each_dimension(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    _, data, page = archetype
    doc = tree(page)
    rows = {r.xpath("string(th)"): r for r in doc.xpath('//table[@class="dims"]/tbody/tr')}
    assert set(rows) == set(data["score"]["dimensions"])
    for name, dim in data["score"]["dimensions"].items():
        cells = [c.text_content().strip() for c in rows[name].xpath("td")]
        if dim["score"] is None:
            assert "n/a" in cells
            continue
        lost = sum(d["points"] for d in dim["deductions"])
        assert cells[1:4] == [str(dim["base"]), f"− {lost}", str(dim["score"])]
        for deduction in dim["deductions"]:
            assert (
                f"{deduction['code']} ×{deduction['findings']} −{deduction['points']}" in cells[4]
            )
    assert str(data["score"]["overall"]) in doc.xpath('string(//p[contains(@class, "overall")])')


def test_page_requests_nothing_and_runs_no_script(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    page = archetype[2]
    doc = tree(page)
    assert not doc.xpath("//script | //iframe | //object | //embed | //link | //base")
    for attr in ("src", "srcset", "href", "poster", "action", "data", "background"):
        for value in doc.xpath(f"//@{attr}"):
            assert not EXTERNAL.match(value), f"{attr}={value!r}"
    assert all(v.startswith("data:image/") for v in doc.xpath("//img/@src"))
    style = " ".join(doc.xpath("//style/text()")) + " ".join(doc.xpath("//@style"))
    assert "url(" not in style and "@import" not in style
    (csp,) = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert "default-src 'none'" in csp
    # The remote picture of the archetype is named as text, never loaded.
    assert "https://dailyledger.example/media/ostra-dam-illustration.jpg" in doc.text_content()


def test_page_is_well_formed_with_working_anchors(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    page = archetype[2]
    assert page.startswith("<!DOCTYPE html>\n")
    root = etree.fromstring(page.split("\n", 1)[1].encode("utf-8"))  # polyglot: parses as XML
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids"
    for href in root.xpath("//a/@href"):
        assert href.startswith("#") and href[1:] in ids, href


def test_several_articles_share_one_file_with_an_index(tmp_path: Path) -> None:
    other = scan_html(_page("A quiet council meeting", "<p>The council met on Tuesday.</p>"))
    missing = scan_path(tmp_path / "missing.html")
    doc = tree(render(scan_path(ARCHETYPE), other, missing))
    rows = doc.xpath('//section[@class="index"]//tbody/tr')
    assert len(rows) == 3
    for n, row in enumerate(rows, 1):
        (link,) = row.xpath(".//a")
        assert link.get("href") == f"#a{n}" and doc.xpath(f'//article[@id="a{n}"]')
    assert "unreadable" in rows[2].text_content()
    problems = {f.code for f in scan_path(ARCHETYPE).active_findings if not f.positive}
    assert any(code in rows[0].text_content() for code in problems)
    assert doc.xpath('//article[@id="a3"]//p[@class="error"]')


def test_absent_summaries_leave_their_sections_out() -> None:
    report = scan_html(_page("A quiet council meeting", "<p>The council met on Tuesday.</p>"))
    report = dataclasses.replace(report, summaries=())
    doc = tree(render(report))
    assert not doc.xpath('//section[@class="balance"] | //section[@class="sourcing"]')
    texts = [p.text_content() for p in doc.xpath('//p[contains(@class, "blk")]')]
    assert "The council met on Tuesday." in texts


def test_summaries_of_any_shape_render() -> None:
    report = scan_html(_page("A quiet council meeting", "<p>The council met on Tuesday.</p>"))
    odd = {
        "balance": {"sides": ["accuser", 1], "response": None},
        "sourcing": [1, 2],
        "images": "not a list",
        "custom": {"nested": [{"a": 1}, "b"], "rows": [{"x": 1}, {"y": True}], "none": None},
    }
    page = render(dataclasses.replace(report, summaries=tuple(odd.items())))
    etree.fromstring(page.split("\n", 1)[1].encode("utf-8"))
    other = tree(page).xpath('//section[@class="other"]')[0].text_content()
    assert "custom" in other and "nested" in other and "yes" in other


def test_untrusted_article_text_renders_as_text() -> None:
    attack = "<script>alert(1)</script>"
    quote = "\"' onmouseover='alert(2)' x=\""
    report = scan_html(_page(
        f"Council row over {attack}",
        "<p>More than 4,000 people typed &lt;script&gt;alert(1)&lt;/script&gt; and "
        "wrote &quot;' onmouseover='alert(2)' x=&quot; in the box.</p>",
    ))  # fmt: skip
    block = next(b for b in report.article.blocks if "4,000" in b.text)  # type: ignore[union-attr]
    evil = Finding(
        code="XSS101", name="probe", level=Level.WARNING, dimension="sourcing",
        message=f"Quoted {quote} and {attack}", text=block.text, fix=f"Remove {quote}",
        position=block.sentences[0].position,
    )  # fmt: skip
    page = render(dataclasses.replace(report, findings=(*report.findings, evil)))
    doc = tree(page)
    assert not doc.xpath("//script")
    assert not [a for e in doc.iter() for a in e.attrib if a.lower().startswith("on")]
    assert attack in doc.text_content() and quote in doc.text_content()
    (mark,) = [m for m in doc.xpath("//mark") if "XSS101" in m.get("title")]
    assert mark.text_content() == block.text
    assert f"Quoted {quote} and {attack}" in mark.get("title")


def test_characters_html_forbids_are_replaced_not_written() -> None:
    report = scan_html(_page("Budget vote", "<p>Rates rise by 3 per cent&#1; in May\x7f.</p>"))
    page = render(report)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page)
    etree.fromstring(page.split("\n", 1)[1].encode("utf-8"))
    # &#1; survives extraction and is replaced in the report; the extractor itself may
    # already have turned the raw DEL byte into a space.
    text = tree(page).text_content()
    assert re.search("Rates rise by 3 per cent\ufffd in May[\ufffd ]?\\.", text)


def test_docs_describe_every_role() -> None:
    docs = (ROOT / "docs" / "html-report.md").read_text(encoding="utf-8")
    for role in tomllib.loads(ROLES.read_text())["role"]:
        assert f"| {role['label']} | {role['pattern']} |" in docs, role["key"]


def test_local_images_are_embedded_only_from_the_articles_folder(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    Image.new("RGB", (960, 540), "#3a7").save(folder / "inside.png")
    Image.new("RGB", (40, 40), "#a37").save(tmp_path / "outside.png")
    (folder / "index.html").write_text(_page("Photos", (
        '<figure><img src="inside.png" alt="inside"><figcaption>A park.</figcaption></figure>'
        '<p>The park opened on Monday.</p>'
        '<figure><img src="../outside.png" alt="outside"><figcaption>Elsewhere.</figcaption>'
        '</figure><figure><img src="https://cdn.example/remote.jpg" alt="remote"></figure>'
    )))  # fmt: skip
    doc = tree(render(scan_path(folder / "index.html")))
    (img,) = doc.xpath("//img")
    assert img.get("alt") == "inside" and img.get("src").startswith("data:image/jpeg;base64,")
    assert len(img.get("src")) < 140_000  # size-capped thumbnail, not the original
    assert len(doc.xpath('//div[@class="placeholder"]')) == 2


def test_role_colours_keep_text_readable() -> None:
    for role in tomllib.loads(ROLES.read_text())["role"]:
        assert _contrast(role["colour"], "#1b1b1b") >= 4.5, role["key"]


def test_json_output_is_unchanged_unless_the_body_is_asked_for(
    archetype: tuple[Report, dict[str, Any], str],
) -> None:
    report, data, _ = archetype
    assert "body" not in report_data(report)
    for block in data["body"]["blocks"]:
        for sentence in block["sentences"]:
            assert block["text"][sentence["start"] : sentence["end"]] == sentence["text"]


# --- in a real browser --------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--enable-logging=stderr", "--v=0",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # belt and braces: nothing could leave anyway
]  # fmt: skip


def _browser() -> str:
    names = [os.environ.get("PROVCHECK_CHROMIUM", ""), "chromium", "chromium-browser",
             "google-chrome", "google-chrome-stable"]  # fmt: skip
    found = next((path for name in names if name and (path := shutil.which(name))), None)
    if found is None:
        reason = ("no headless browser: install Chromium (Debian: apt-get install chromium) "
                  "or set PROVCHECK_CHROMIUM to its path")  # fmt: skip
        if os.environ.get("PROVCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _start(browser: str, page: Path, *extra: str) -> subprocess.Popen[str]:
    profile = tempfile.mkdtemp(prefix="provcheck-chromium-")
    return subprocess.Popen(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )  # fmt: skip


def _console(process: subprocess.Popen[str]) -> list[str]:
    _, err = process.communicate(timeout=90)
    return [line for line in err.splitlines() if ":CONSOLE" in line]


def test_report_renders_in_chromium_without_console_errors(
    archetype: tuple[Report, dict[str, Any], str], tmp_path: Path
) -> None:
    browser = _browser()
    page = tmp_path / "report.html"
    page.write_text(archetype[2], encoding="utf-8")
    # A control copy that tries to load a remote image: it must be blocked and logged, which
    # shows that this harness really sees console errors.
    control = tmp_path / "control.html"
    control.write_text(archetype[2].replace(
        "</main>", '<img src="http://provcheck.invalid/probe.png" alt="" /></main>'
    ), encoding="utf-8")  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    running = _start(browser, page, f"--screenshot={shot}", "--window-size=1280,2000")
    probe = _start(browser, control, "--dump-dom")  # in parallel: each launch takes seconds
    logged, probed = _console(running), _console(probe)
    assert any("Content Security Policy" in line for line in probed), probed
    assert logged == []
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        assert len(image.convert("RGB").getcolors(1 << 16) or range(1 << 16)) > 50  # not blank


# --- helpers ------------------------------------------------------------------------------


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
        f'<p class="byline">By Ana Ruiz</p>{body}</article></body></html>'
    )


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)

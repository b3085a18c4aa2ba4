"""Markdown articles: front matter, body, captions, credits, and exact source positions.

Expected positions are computed from the fixture text itself (``where``), so the tests say
"the finding points at this text", not "at line 16".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck.model import Article
from provcheck.sources.local import RawDocument
from provcheck.testing import make_session, scan_path
from tests.phrasecheck import PhrasePlugin, where

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "markdown"
FLOOD = FIXTURES / "flood-desk.md"
HUGO = FIXTURES / "hugo-budget.md"


def parse(text: str, name: str = "story.md") -> Article:
    from provcheck.markdown.parse import parse_markdown

    raw = RawDocument(name, text.encode("utf-8"), "text/markdown", base_dir="/site/content")
    return parse_markdown(raw)


def phrase_findings(path: Path, *phrases: str) -> list[tuple[str, tuple[int, int]]]:
    session = make_session(plugins=[("phrases", PhrasePlugin(*phrases))], select=("TST",))
    report = scan_path(path, session)
    return [(f.message, (f.position.line, f.position.column)) for f in report.findings]


def test_yaml_front_matter_gives_title_author_date_and_lead_image() -> None:
    article = parse(FLOOD.read_text(encoding="utf-8"))
    text = FLOOD.read_text(encoding="utf-8")
    assert article.media_type == "text/markdown"
    assert article.title == "Floodwater reaches the old grain market"
    assert (article.title_position.line, article.title_position.column) == where(
        text, "Floodwater reaches"
    )
    assert [(a.name, a.kind, a.origin) for a in article.authors] == [
        ("Web Desk", "organisation", "front-matter")
    ]
    assert (article.byline_position.line, article.byline_position.column) == where(text, "Web Desk")
    assert article.published.startswith("2026-04-02T08:30")
    lead = [i for i in article.images if i.origin == "front-matter"]
    assert [(i.src, i.alt, i.caption) for i in lead] == [
        ("images/market-dawn.jpg", "The grain market under water at dawn",
         "The grain market at dawn on Thursday.")
    ]  # fmt: skip
    assert article.metadata.get("description").startswith("Residents of the riverside")


def test_toml_front_matter_reads_hugo_author_slugs_and_canonical_url() -> None:
    article = parse(HUGO.read_text(encoding="utf-8"))
    assert [a.name for a in article.authors] == ["Priya Raman", "Tomas Lindqvist"]
    assert all(a.kind == "person" for a in article.authors)
    assert article.published == "2026-03-14"
    assert article.modified == "2026-03-15"
    assert article.publisher == "The Riverside Courier"
    assert article.url == "https://courier.example.com/news/council-transport-budget/"


def test_hugo_figure_shortcode_and_table_links() -> None:
    text = HUGO.read_text(encoding="utf-8")
    article = parse(text)
    figure = next(i for i in article.images if i.src == "/img/bus-depot.jpg")
    assert figure.alt == "Buses parked at the depot"
    assert figure.caption.startswith("Buses at the Northgate depot.")
    assert figure.credit == "Photo: Tomas Lindqvist"
    assert (figure.position.line, figure.position.column) == where(text, "{{< figure")
    pdfs = [link.href for link in article.links if link.href.endswith(".pdf")]
    assert pdfs == [
        "https://city.example.gov/finance/2026.pdf",
        "https://city.example.gov/finance/cycle.pdf",
    ]
    # Table cells give links but no prose blocks: figures in a table are not claims.
    assert "Night buses" not in article.text


def test_code_blocks_are_not_article_text_and_their_comments_do_nothing() -> None:
    article = parse(HUGO.read_text(encoding="utf-8"))
    assert "an example, not an instruction" not in article.text
    assert article.suppressions == ()


def test_blocks_quotes_and_sentences_point_at_their_text() -> None:
    text = FLOOD.read_text(encoding="utf-8")
    article = parse(text)
    quote = next(b for b in article.blocks if b.kind == "quote")
    assert quote.text.startswith("“We were told") or quote.text.startswith('"We were told')
    assert (quote.position.line, quote.position.column) == where(text, '"We were told')
    second = quote.sentences[-1]
    assert second.text.startswith("She spent the night")
    assert (second.position.line, second.position.column) == where(text, "She spent the night")
    heading = article.blocks[0]
    assert heading.kind == "heading"
    assert (heading.position.line, heading.position.column) == where(text, "Floodwater", 2)


def test_link_text_and_destination_are_mapped_separately() -> None:
    text = FLOOD.read_text(encoding="utf-8")
    article = parse(text)
    link = article.links[0]
    assert link.text == "the district office said"
    assert link.kind == "government"
    assert (link.position.line, link.position.column) == where(text, "the district office said")
    # The word after the link is found after the destination, not inside the URL.
    sentence = next(s for _, s in article.sentences() if s.text.startswith("Nearly 4,000"))
    assert (sentence.position.line, sentence.position.column) == where(text, "Nearly 4,000")


def test_entities_and_escapes_do_not_shift_columns() -> None:
    text = "---\ntitle: T\n---\n\nA \\*starred\\* word &amp; more. Second one here.\n"
    article = parse(text)
    block = article.blocks[0]
    assert block.text == "A *starred* word & more. Second one here."
    assert (block.sentences[1].position.line, block.sentences[1].position.column) == where(
        text, "Second one"
    )


def test_italic_line_under_an_image_is_its_caption_with_credit() -> None:
    text = FLOOD.read_text(encoding="utf-8")
    article = parse(text)
    lane = next(i for i in article.images if i.src == "images/lane.jpg")
    assert lane.alt == "People wade through a flooded lane"
    assert lane.caption == "Residents wade through a lane behind the market. Photo: Anil Rao"
    assert lane.credit == "Photo: Anil Rao"
    assert lane.origin == "figure"
    assert (lane.position.line, lane.position.column) == where(text, "![People wade")
    assert (lane.caption_position.line, lane.caption_position.column) == where(
        text, "Residents wade"
    )


def test_italic_paragraph_after_an_image_paragraph_is_its_caption() -> None:
    text = FLOOD.read_text(encoding="utf-8")
    article = parse(text)
    rendered = next(i for i in article.images if i.src == "images/embankment.png")
    assert rendered.caption.startswith("An AI-generated illustration")
    assert rendered.credit == "Illustration by the graphics desk"
    assert not any("AI-generated illustration" in b.text for b in article.blocks)


def test_html_figure_with_figcaption_and_credit_span() -> None:
    text = FLOOD.read_text(encoding="utf-8")
    article = parse(text)
    boats = next(i for i in article.images if i.src == "images/boats.jpg")
    assert boats.caption == "Rescue boats at the market gate. Photo: Reuters"
    assert boats.credit == "Photo: Reuters"
    assert (boats.position.line, boats.position.column) == where(text, "<img")
    assert (boats.caption_position.line, boats.caption_position.column) == where(
        text, "Rescue boats at the market gate. "
    )


def test_credit_lines_point_at_the_credit_text() -> None:
    text = FLOOD.read_text(encoding="utf-8")
    article = parse(text)
    found = {(c.kind, c.text): (c.position.line, c.position.column) for c in article.credit_lines}
    assert found[("dateline", "PATNA, Apr 2 (PTI) —")] == where(text, "PATNA")
    assert found[("trailer", "(With inputs from agencies.)")] == where(text, "(With inputs")
    assert found[("photo-credit", "Photo: Anil Rao")] == where(text, "Photo: Anil Rao")
    assert found[("photo-credit", "Photo: Reuters")] == where(text, "Photo: Reuters")
    assert found[("byline", "Web Desk")] == where(text, "Web Desk")


@pytest.mark.parametrize(
    ("phrase", "expected", "kind"),
    [
        ("Nearly 4,000", "Nearly 4,000", "sentence"),  # a figure, after a link
        ("She spent the night", "She spent the night", "sentence"),  # a quote's 2nd line
        ("Residents wade", "Residents wade", "caption"),  # italic caption line
        ("Rescue boats", "Rescue boats at the market gate. ", "caption"),  # figcaption
        ("Photo: Reuters", "Photo: Reuters", "credit:photo-credit"),  # credit in a figure
        ("With inputs", "(With inputs", "credit:trailer"),  # closing credit line
    ],
)
def test_findings_from_a_check_land_on_the_offending_line(
    phrase: str, expected: str, kind: str
) -> None:
    text = FLOOD.read_text(encoding="utf-8")
    found = phrase_findings(FLOOD, phrase)
    assert (f"{kind} contains “{phrase}”", where(text, expected)) in found


def test_transparency_finding_points_at_the_front_matter_byline() -> None:
    report = scan_path(FLOOD, make_session(select=("TRN",)))
    text = FLOOD.read_text(encoding="utf-8")
    trn = [(f.code, (f.position.line, f.position.column)) for f in report.findings]
    assert trn == [("TRN101", where(text, "Web Desk"))]


def test_markdown_and_html_of_the_same_story_get_the_same_findings(tmp_path: Path) -> None:
    body = "The bridge on Mill Road will close for repairs in May, engineers said."
    (tmp_path / "story.md").write_text(
        f"---\ntitle: Mill Road bridge to close\nauthor: City Desk\n---\n\n{body}\n",
        encoding="utf-8",
    )
    (tmp_path / "story.html").write_text(
        "<!DOCTYPE html><html><head><title>Mill Road bridge to close</title>"
        '<meta name="author" content="City Desk"></head><body><article>'
        f"<h1>Mill Road bridge to close</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    session = make_session()
    codes = [
        sorted(f.code for f in scan_path(tmp_path / name, session).findings)
        for name in ("story.md", "story.html")
    ]
    assert codes[0] == codes[1]
    assert "TRN101" in codes[0] and "TRN102" in codes[0]


def test_broken_front_matter_is_one_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    report = scan_path(path)
    assert report.error.startswith("front matter is not valid YAML")
    assert [f.code for f in report.findings] == ["PC901"]


def test_a_rule_at_the_top_without_closing_fence_is_not_front_matter() -> None:
    article = parse("---\n\nFirst paragraph of the story.\n")
    assert article.title == ""
    assert article.blocks[0].text == "First paragraph of the story."
    assert article.blocks[0].position.line == 3


def test_body_byline_is_used_when_front_matter_names_no_one() -> None:
    article = parse("# Title\n\nBy Jane Okafor\n\nThe library opened.\n")
    assert [(a.name, a.origin) for a in article.authors] == [("Jane Okafor", "byline")]
    assert article.byline_position.line == 3
    assert article.title == "Title"
    not_a_byline = parse("By Tuesday the water had fallen.\n")
    assert not_a_byline.authors == ()


def test_relative_images_resolve_against_the_article_folder() -> None:
    article = parse("![A map](maps/route.png)\n")
    assert article.images[0].resolved == "/site/content/maps/route.png"
    assert article.images[0].origin == "inline"

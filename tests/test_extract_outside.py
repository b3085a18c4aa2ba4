"""Text outside the article is not the article (issue 14 item 3), and what looks like it stays.

Each rule here is stated in terms any page shares, shown on fixtures we wrote
(``fixtures/extraction/next-story.html`` and ``leaks.html``), each with a near miss: article
text shaped like the chrome that must still be read.
"""

from __future__ import annotations

import pytest

from provcheck.model import Article
from provcheck.plugins.sourcing.genre import is_not_news
from tests.test_extract import at, load, parse


def texts(article: Article, kind: str | None = None) -> list[str]:
    return [b.text for b in article.blocks if kind is None or b.kind == kind]


# --- the next story on a page that scrolls on ---------------------------------------------


def test_a_later_story_with_its_own_headline_and_byline_ends_the_article() -> None:
    _, article = load("next-story.html")
    body = " ".join(texts(article))
    assert "Night buses" not in body and "Drivers had asked" not in body
    assert article.byline == "By Ilse Marten"
    assert texts(article)[-1].startswith("Dock workers watched the lift")  # "Continue reading"


def test_a_section_heading_among_the_paragraphs_is_not_another_story() -> None:
    # The near miss: an <h1> misused for a section heading, followed by a line opening "By",
    # sits among the article's paragraphs; the article goes on past it.
    _, article = load("next-story.html")
    assert "What the crane will carry" in texts(article, "heading")
    assert any(t.startswith("By Monday the crane will move") for t in texts(article))


def test_without_a_byline_under_it_a_later_headline_does_not_cut() -> None:
    article = parse(
        "<html><body><div class='post-content'><header><h1>Dam repairs finish</h1></header>"
        "<p>Repairs to the river dam finished two weeks early and under budget, the water board"
        " said on Friday.</p><header><h1>Costs</h1></header><p>The board spent 2.1 million "
        "crowns, a tenth less than it had set aside for the work last spring.</p></div>"
        "</body></html>"
    )
    assert texts(article)[-1].startswith("The board spent 2.1 million")


# --- players, playlists, picture credits --------------------------------------------------


def test_a_video_players_title_is_a_caption_and_a_playlist_is_chrome() -> None:
    _, article = load("leaks.html")
    assert "Drone flight over the dry reservoir" in texts(article, "caption")
    assert "Drone flight" not in " ".join(texts(article, "paragraph"))
    body = " ".join(texts(article))
    assert "Mayor opens the new bridge" not in body and "School choir" not in body
    # The near miss: a container named for video that holds paragraphs is prose.
    assert any(t.startswith("Board members voted") for t in texts(article, "paragraph"))


def test_a_credit_line_in_a_figure_is_a_caption_not_a_paragraph() -> None:
    _, article = load("leaks.html")
    assert "Photo by Rita Vos/Northwire" in texts(article, "caption")
    (image,) = [i for i in article.images if i.src.endswith("dam-wall.jpg")]
    assert image.credit == "Photo by Rita Vos/Northwire"


# --- bullets, labels and calls to action inside the body ----------------------------------


def test_bulleted_lines_are_list_items_and_a_linked_story_among_them_drops() -> None:
    _, article = load("leaks.html")
    items = texts(article, "list-item")
    assert items == ["• Hosepipe ban from Friday", "• Farmers may draw from wells"]
    assert "Fish moved" not in " ".join(texts(article))
    # The near miss: <br> lines without bullets stay one paragraph.
    joined = "June. Rain in May could lift the level by a tenth."
    assert any(t.endswith(joined) for t in texts(article, "paragraph"))


def test_filed_under_and_comment_counts_are_chrome_but_a_sentence_about_comments_is_not() -> None:
    _, article = load("leaks.html")
    body = texts(article)
    assert not any(t in ("Filed under", "Water", "Upland", "Comments (14)") for t in body)
    assert any(t.startswith("Comments from residents") for t in body)


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Continue reading", True),
        ("Comments", True),
        ("12 comments", True),
        ("This page will automatically update every 60 seconds", True),
        ("To post a comment, sign in with one of the accounts listed below and write in the box "
         "under this story. Comments are read by our moderators before they appear, and those "
         "that break the house rules, which you can read on the help page, are removed.", True),
        ("Continued rain is forecast for the weekend, the weather office said.", False),
        ("Comments made by the minister on Friday were withdrawn on Saturday.", False),
    ],
)  # fmt: skip
def test_widget_lines_in_the_body(line: str, dropped: bool) -> None:
    article = parse(
        "<html><body><article><h1>Reservoir level falls</h1><div class='article-body'>"
        "<p>The north reservoir held 41 per cent of its capacity on Monday, the board said.</p>"
        f"<p>{line}</p></div></article></body></html>"
    )
    assert (line not in texts(article)) is dropped


# --- inline citations, script-drawn pictures, the page's type ------------------------------


def test_a_custom_element_inside_a_paragraph_keeps_its_link_in_the_sentence() -> None:
    _, article = load("leaks.html")
    first = article.blocks[0]
    assert first.text.endswith("the lowest level in ten years (1).")
    (link,) = [link for link in article.links if link.host == "water-board.example"]
    assert link.block == first.index and link.text == "1"
    # The near miss: a custom element that holds paragraphs is a container, not inline.
    assert texts(article)[4].startswith("The board last imposed a ban in 2015")


def test_a_script_drawn_lead_picture_is_an_image_with_its_caption() -> None:
    source, article = load("leaks.html")
    (lead,) = [i for i in article.images if i.src == "/media/reservoir-shore.jpg"]
    assert lead.caption == "The exposed shore of the north reservoir. (Northwire)"
    assert lead.alt == "Dry reservoir shore"
    assert lead.position == at(source, '<span class="lazy-img"')
    assert "Dry reservoir shore" not in " ".join(texts(article))


def test_a_data_attribute_that_is_no_picture_is_not_an_image() -> None:
    article = parse(
        "<html><body><article><h1>Reservoir level falls</h1><div data-src='/widgets/poll.html'"
        "></div><p>The north reservoir held 41 per cent of its capacity on Monday, the board "
        "said.</p></article></body></html>"
    )
    assert not [i for i in article.images if i.origin in ("inline", "figure")]


def test_the_page_type_in_microdata_or_rdfa_is_read_like_the_jsonld_type() -> None:
    _, article = load("next-story.html")
    assert article.metadata.page_types == ("WebPage",)  # the outermost item, not the article
    qa = parse(
        '<html itemscope itemtype="https://schema.org/QAPage"><body><div itemscope '
        'itemtype="https://schema.org/Question"><h1>Why is the reservoir low?</h1><p>Asked by a '
        "reader who lives near the north shore and has watched it fall.</p></div></body></html>"
    )
    assert qa.metadata.page_types == ("QAPage",)
    assert is_not_news(qa)
    rdfa = parse(
        '<html><body vocab="https://schema.org/" typeof="NewsArticle"><h1>Reservoir level '
        "falls</h1><p>The north reservoir held 41 per cent of its capacity on Monday.</p>"
        "</body></html>"
    )
    assert rdfa.metadata.page_types == ("NewsArticle",)
    assert not is_not_news(rdfa)


def test_a_line_inside_the_element_read_as_the_byline_is_not_a_paragraph() -> None:
    article = parse(
        "<html><body><article><h1>Reservoir level falls</h1><div class='meta'><div><p>By "
        "<a rel='author' href='/a'>Ilse Marten</a>, <span>Tomas Hale, Rita Vos and Anneli "
        "Strand</span></p></div>"
        "</div><div class='article-body'><p>The north reservoir held 41 per cent of its "
        "capacity on Monday, the water board said.</p><p>By Friday the board expects the level"
        " to fall below 40 per cent.</p></div></article></body></html>"
    )
    assert article.byline.startswith("By Ilse Marten")
    assert not any(t.startswith("By Ilse Marten") for t in texts(article))
    # The near miss: a body sentence opening "By" is not the byline's line.
    assert any(t.startswith("By Friday the board") for t in texts(article))

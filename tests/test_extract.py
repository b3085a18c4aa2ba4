"""HTML extraction on pages we wrote: what is kept, what is dropped, and where it came from.

Positions are checked against the fixture's own source: ``at(source, "markup")`` is the
1-based line and column where that markup starts, found by plain string search, so every
expected position is read off the page rather than copied from the parser's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck.errors import SourceError
from provcheck.html.names import (
    byline_names,
    clean_byline,
    is_person_name,
    section_names,
    trailer_names,
)
from provcheck.html.parse import parse_html
from provcheck.model import Article, Block, Position
from provcheck.sources.local import RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"


def load(name: str) -> tuple[str, Article]:
    data = (FIXTURES / name).read_bytes()
    return data.decode("utf-8"), parse_html(RawDocument(source=name, data=data))


def parse(markup: str) -> Article:
    return parse_html(RawDocument(source="inline.html", data=markup.encode("utf-8")))


def at(source: str, markup: str) -> Position:
    """Where ``markup`` (which must occur once) starts in ``source``."""
    assert source.count(markup) == 1, f"{markup!r} must occur exactly once in the fixture"
    offset = source.index(markup)
    line = source.count("\n", 0, offset) + 1
    return Position(line, offset - (source.rfind("\n", 0, offset) + 1) + 1)


def block(article: Article, start: str) -> Block:
    found = [b for b in article.blocks if b.text.startswith(start)]
    assert len(found) == 1, [b.text[:40] for b in article.blocks]
    return found[0]


def sentence_position(article: Article, start: str) -> Position:
    found = [s for _, s in article.sentences() if s.text.startswith(start)]
    assert len(found) == 1
    return found[0].position


# --- line and column ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["positions.html", "minified.html"])
def test_positions_of_title_byline_blocks_sentences_captions_and_images(name: str) -> None:
    source, article = load(name)
    assert article.title == "Harbour town votes to rebuild its sea wall"
    assert article.title_position == at(source, "Harbour town votes to rebuild its sea wall</h1>")
    assert article.byline == "By Mara Quell"
    assert article.byline_position == at(source, 'By <a rel="author"')
    # A paragraph that starts with plain text, and one whose first sentence ends in an entity.
    assert block(article, "PORTWICK").position == at(source, "PORTWICK &mdash;")
    assert sentence_position(article, "The vote was") == at(source, "The vote was 7")
    # Entities (&amp; &ldquo;) and inline tags before a sentence in the middle of a paragraph.
    councillor = block(article, "Councillor Ada Reyes")
    assert councillor.text.startswith("Councillor Ada Reyes said the & in “repair & renew”")
    assert councillor.position == at(source, "Councillor Ada Reyes")
    assert sentence_position(article, "Repairs alone") == at(source, "Repairs</em>")
    assert sentence_position(article, "The new wall") == at(source, "The new wall")
    # The caption is a block of its own and the image's caption; the image points at <img.
    caption = block(article, "Storm damage on the north pier")
    assert caption.kind == "caption"
    assert caption.position == at(source, "Storm damage on the north pier")
    (image,) = [i for i in article.images if i.origin == "figure"]
    assert image.position == at(source, '<img src="/media/sea-wall.jpg"')
    assert image.caption == caption.text
    assert image.caption_position == caption.position
    assert image.alt == "Waves breaking over a damaged stone wall"


def test_positions_by_hand_on_the_multi_line_page() -> None:
    # The same facts as above, counted by hand once, so the helper itself is checked too.
    _, article = load("positions.html")
    assert article.byline_position == Position(21, 25)
    assert sentence_position(article, "The vote was") == Position(28, 47)
    assert sentence_position(article, "Repairs alone") == Position(29, 101)


def test_minified_page_never_points_into_the_head() -> None:
    source, article = load("minified.html")
    head_end = source.index("</head>") + 1
    for item in [article.title_position, *(b.position for b in article.blocks)]:
        assert item.line == 1 and item.column > head_end


def test_a_sentence_opening_with_a_curly_quote_entity_points_at_the_entity() -> None:
    source, article = load("chrome.html")
    assert sentence_position(article, "“We have no other way") == at(source, "&ldquo;We have")


# --- what is kept and what is dropped ----------------------------------------------------

CHROME_TEXT = [
    "We use cookies", "Sport", "Share on social media", "Email this story", "Related stories",
    "Ferry crews vote to strike", "morning briefing", "Sign up", "Advertisement",
    "Most read", "Storm closes harbour", "This is outrageous", "Build the bridge",
    "All rights reserved", "Ferries", "Transport Correspondent",
]  # fmt: skip


def test_chrome_is_dropped_and_credits_captions_and_standfirst_are_kept() -> None:
    _, article = load("chrome.html")
    text = article.text
    for chrome in CHROME_TEXT:
        assert chrome not in text, chrome
    standfirst = block(article, "Commuters on the three island routes")
    assert standfirst.index < block(article, "KESTREL ISLAND (Northwire)").index
    assert block(article, "Fares were last raised in 2019")  # loose text in a <div>
    assert block(article, "Single | 8 crowns | 9.60 crowns")  # a table row reads as a line
    assert block(article, "Additional reporting by Sven Holm.")
    # The trailing credit sits in the article's <footer>, next to the tags: kept, tags not.
    assert article.body_blocks[-1].text == "(With inputs from agencies.)"
    kinds = {c.kind: c.text for c in article.credit_lines}
    assert kinds["dateline"] == "KESTREL ISLAND (Northwire) –"
    assert kinds["photo-credit"] == "Photo: Jonas Ek/Northwire"
    trailers = [c.text for c in article.credit_lines if c.kind == "trailer"]
    assert trailers == ["Additional reporting by Sven Holm.", "(With inputs from agencies.)"]


def test_byline_and_dates_are_fields_not_body_text() -> None:
    _, article = load("chrome.html")
    assert article.byline == "By Petra Lind | Transport Correspondent"
    assert not any("Petra Lind" in b.text for b in article.blocks)
    assert not any(b.text.startswith("2 April 2025") for b in article.blocks)
    assert [(a.name, a.kind) for a in article.authors] == [
        ("Petra Lind", "person"),  # the byline's person, since JSON-LD names only the paper
        ("Lakeside Daily", "organisation"),
    ]
    assert article.published == "2025-04-02T06:00:00Z"


def test_figure_caption_and_credit_belong_to_the_image() -> None:
    _, article = load("chrome.html")
    (image,) = [i for i in article.images if i.origin == "figure"]
    assert image.caption == "The morning ferry leaving Kestrel Island. Photo: Jonas Ek/Northwire"
    assert image.credit == "Photo: Jonas Ek/Northwire"
    lead = block(article, "KESTREL ISLAND")
    assert image.after_block == lead.index


def test_lines_separated_by_br_are_blocks_and_the_menu_cell_is_not() -> None:
    _, article = load("br-lines.html")
    texts = [b.text for b in article.blocks]
    assert "The rowing club opened its spring season on Saturday" in texts[1]
    assert texts[2].startswith("The new boathouse roof")
    assert texts[3].startswith("Training for juniors starts on 12 April.")
    assert not any("Fixtures" in t or "Contact" in t for t in texts)


def test_every_item_of_a_listicle_is_kept() -> None:
    _, article = load("listicle.html")
    paragraphs = [b for b in article.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 5
    assert [b.text for b in article.blocks if b.kind == "heading"][-1] == "5. Lighthouse ridge"
    assert "Ten winter hikes" not in article.text


def test_a_comment_thread_longer_than_the_article_is_not_the_article() -> None:
    _, article = load("comments-heavy.html")
    assert article.text.startswith("The central library will open on Sundays")
    assert "About time" not in article.text
    assert len(article.body_blocks) == 3


def test_link_lists_and_orphaned_section_headings_are_dropped() -> None:
    article = parse(
        "<html><body><article><h1>Roadworks close the bridge</h1>"
        "<p>The east bridge will close for four weeks from Monday while the deck is resurfaced"
        ", the city said.</p><h2>Read more</h2><ul><li><a href='/a'>Detour map</a></li>"
        "<li><a href='/b'>Bus changes</a></li></ul></article></body></html>"
    )
    assert [b.text for b in article.blocks][-1].startswith("The east bridge will close")


# --- bylines, authors, dates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned", "names"),
    [
        ("Posted by Jane Doe", "Posted by Jane Doe", ("Jane Doe",)),
        ("By Jane Doe and John Roe", "By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By A. Okafor, B. Lind and C. Ruiz", "By A. Okafor, B. Lind and C. Ruiz",
         ("A. Okafor", "B. Lind", "C. Ruiz")),
        ("Jane Doe | Staff Writer", "Jane Doe | Staff Writer", ("Jane Doe",)),
        ("By Jane Doe Updated: 3 March 2024, 10:02 IST", "By Jane Doe", ("Jane Doe",)),
        ("By Jane DoeMarch 3, 2024", "By Jane Doe", ("Jane Doe",)),
        ("Features By Jane Doe @janedoe", "By Jane Doe", ("Jane Doe",)),
        ("By Jane Doe | jdoe@ledger.example", "By Jane Doe", ("Jane Doe",)),
        ("June 5, 2024 by Jane Doe", "by Jane Doe", ("Jane Doe",)),
        ("By Jane Doe, New Delhi", "By Jane Doe, New Delhi", ("Jane Doe",)),
        ("By Jane Doe for The Daily Ledger", "By Jane Doe for The Daily Ledger", ("Jane Doe",)),
        ("By Staff Writer", "By Staff Writer", ("Staff Writer",)),
        ("Published by", "", ()),
        ("Posted on", "", ()),
        # link labels glued to the byline, or standing in for it
        ("Email the author", "", ()),
        ("By Keith R. Ambler View author archive", "By Keith R. Ambler", ("Keith R. Ambler",)),
        ("By Drew Halsey Leave a comment", "By Drew Halsey", ("Drew Halsey",)),
        # the outlet glued to the name with no comma
        ("By Joan Pryor The Harbour Press", "By Joan Pryor The Harbour Press", ("Joan Pryor",)),
        ("By Arne Sund ledger.com", "By Arne Sund ledger.com", ("Arne Sund",)),
        ("Jane Doe from Northwire", "Jane Doe from Northwire", ("Jane Doe",)),
        ("Publié par Camille Roux", "Publié par Camille Roux", ("Camille Roux",)),
    ],
)  # fmt: skip
def test_bylines_are_cleaned_and_split(raw: str, cleaned: str, names: tuple[str, ...]) -> None:
    assert clean_byline(raw) == cleaned
    assert byline_names(cleaned) == names


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Jane Doe", True), ("Jean-Luc Marchand", True), ("Ana María de la Cruz", True),
        ("Mobasir hassan", True), ("T. V. Raman", True),
        ("Web Desk", False), ("Express News Service", False), ("HT Correspondent", False),
        ("Press Trust of India", False), ("Agence France-Presse", False),
        ("Reuters Staff", False), ("The Hindu", False), ("Staff Writer", False),
        ("PTI", False), ("No Author", False), ("user5105", False),
        ("Political Commentator", False), ("Sports Editor", False),  # roles, not names
        ("Letters To", False),
        ("priya raman", True), ("read more", False), ("email the author", False),
        ("by the newsroom", False),
    ],
)  # fmt: skip
def test_person_or_desk(name: str, person: bool) -> None:
    assert is_person_name(name) is person


def _with_jsonld(author: str, body: str = "") -> Article:
    return parse(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "Dam repairs finish early", "author": {author}}}</script></head>'
        f"<body><article><h1>Dam repairs finish early</h1>{body}<p>Repairs to the river dam "
        "finished two weeks early and under budget, the water board said.</p></article>"
        "</body></html>"
    )


def test_jsonld_desk_typed_as_person_is_an_organisation() -> None:
    article = _with_jsonld('{"@type": "Person", "name": "Web Desk"}')
    assert [(a.name, a.kind) for a in article.authors] == [("Web Desk", "organisation")]


def test_jsonld_people_and_organisations() -> None:
    people = _with_jsonld('[{"@type": "Person", "name": "Lina O&#039;Brien"}, '
                          '{"@type": "Person", "name": "Karl Ek"}]')  # fmt: skip
    assert [(a.name, a.kind) for a in people.authors] == [
        ("Lina O'Brien", "person"),
        ("Karl Ek", "person"),
    ]
    agency = _with_jsonld('{"@type": "Organization", "name": "Northwire"}')
    assert [(a.name, a.kind, a.origin) for a in agency.authors] == [
        ("Northwire", "organisation", "jsonld")
    ]


def test_byline_person_joins_an_organisation_only_jsonld_author() -> None:
    article = _with_jsonld('{"@type": "Organization", "name": "Northwire"}',
                           '<p class="byline">By Ines Falk, Northwire</p>')  # fmt: skip
    assert [(a.name, a.kind) for a in article.authors] == [
        ("Ines Falk", "person"),
        ("Northwire", "organisation"),
    ]
    assert article.byline == "By Ines Falk, Northwire"


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        ('<meta property="article:published_time" content="2024-05-01T10:00:00Z">', "",
         "2024-05-01T10:00:00Z"),
        ('<meta name="date" content="yesterday">', '<time datetime="2024-05-02">2 May</time>',
         "2024-05-02"),
        ("", '<span itemprop="datePublished" content="2024-05-03">3 May</span>'
             '<time datetime="2024-06-01" class="updated">1 June</time>', "2024-05-03"),
        ("", '<time class="updated" datetime="2024-06-01">1 June</time>', ""),
    ],
)  # fmt: skip
def test_published_date_from_meta_and_markup(head: str, body: str, published: str) -> None:
    article = parse(
        f"<html><head>{head}</head><body><article><h1>Ferry timetable changes</h1>{body}"
        "<p>The winter timetable starts on Sunday with two fewer crossings a day.</p>"
        "</article></body></html>"
    )
    assert article.published == published


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("-- By Hanna Ostrowski", ("Hanna Ostrowski",)),
        ("(Reporting by Jo Lind and Ari Sato in Oslo; Editing by Kim Roe)",
         ("Jo Lind", "Ari Sato")),
        ("Written by Ana Lima. Follow her on the site.", ("Ana Lima",)),
        ("-- Photos by Hanna Ostrowski", ()),
        ("By the way, the ferry is late again.", ()),
        ("By Northwire staff", ()),
        ("Marit Olsen, Halden", ("Marit Olsen",)),  # a letter's signature
        ("Parks Department, Halden", ()),
        ("Sign Up, Today", ()),
        # German and Spanish closing credits take a colon; a desk or a sentence is no credit
        ("Von: Jana Roth", ("Jana Roth",)),
        ("Autorin: Jana Roth", ("Jana Roth",)),
        ("Por: Ana Lima", ("Ana Lima",)),
        ("Von: Redaktion Halden", ()),
        ("Von Anfang an war die Fähre zu klein.", ()),
    ],
)  # fmt: skip
def test_closing_credits_that_name_the_reporter(line: str, names: tuple[str, ...]) -> None:
    assert trailer_names(line) == names


def test_contributors_who_sign_a_roundups_sections_are_its_authors() -> None:
    signed = ["Maja Holm (broad beans): Sow them in March.", "Erik Dahl (rhubarb): Plant now."]
    assert section_names(signed) == ("Maja Holm", "Erik Dahl")
    assert section_names(signed[:1]) == ()  # one signed paragraph is a quote, not a round-up
    assert section_names(["Maja Holm: Sow them in March.", "Erik Dahl: Plant now."]) == ()


def _page(masthead: str, *, before: str = "", aside: str = "", head: str = "") -> Article:
    return parse(
        f"<html><head>{head}</head><body><header><h1 class='logo'>Lakeside Ledger</h1></header>"
        f"<aside class='related'>{before}</aside><article><h1>Ferry returns to hourly crossings"
        f"</h1>{masthead}<div class='article-body'><p>The lake ferry will run hourly from Monday,"
        " the transport authority said, after a year of cancellations.</p><p>The authority "
        "hired nine deckhands since January.</p></div></article>"
        f"<aside class='related-stories'>{aside}</aside></body></html>"
    )


def test_the_byline_follows_the_headline_not_a_logo_heading_or_a_teaser() -> None:
    article = _page("<p class='byline'>By Marta Sokol</p>",
                    before="<div class='byline'>By Teaser Writer</div>")  # fmt: skip
    assert article.byline == "By Marta Sokol"


def test_a_desk_byline_gives_way_to_a_reporter_byline_but_not_to_a_related_story() -> None:
    wire = "<div class='byline'>By: Northern Wire</div>"
    inside = _page(wire.replace("</div>", "</div><div>By Ana Whitlock</div>"))
    assert (inside.byline, [a.name for a in inside.authors]) == (
        "By Ana Whitlock", ["Ana Whitlock"])  # fmt: skip
    related = _page(wire, aside="<p class='byline'>By Ana Whitlock</p>")
    assert [(a.name, a.kind) for a in related.authors] == [("Northern Wire", "organisation")]


def test_an_hcard_byline_beside_link_labels_and_a_role_under_a_name() -> None:
    vcard = _page("<div id='Byline'>By <span class='author vcard'><a href='/s'>Teodor Lind, "
                  "Ledger</a></span> <a id='email_author'>Email the author</a></div>")  # fmt: skip
    assert [a.name for a in vcard.authors] == ["Teodor Lind"]
    role = _page("<div class='box'><div class='name'>Dorota Kwiatek</div>"
                 "<div class='authortitle'>Sports Editor</div></div>")  # fmt: skip
    assert role.byline == "Dorota Kwiatek, Sports Editor"
    assert [(a.name, a.kind) for a in role.authors] == [("Dorota Kwiatek", "person")]


def test_a_body_element_whose_id_says_content_body_is_not_the_article_mark() -> None:
    article = parse(
        '<html><body id="ctl00_cphContent_Body"><div class="grid"><div class="entry-content">'
        "<h1>Ferry returns</h1><p>The lake ferry will run hourly from Monday, the transport "
        "authority said.</p><p>The authority hired nine deckhands since January.</p></div>"
        "<div class='brokerBox'><h3>Compare brokers</h3><p>Open an account today and trade "
        "for free for a whole month with our partner.</p></div></div></body></html>"
    )
    assert "Open an account" not in article.text
    assert article.text.startswith("Ferry returns")


def test_homepage_modules_inside_the_article_element_are_chrome() -> None:
    teaser = (
        "<div class='tile'><p>Science</p><p>Jan. 2 2026 11:05 AM Why the ferry is late again "
        "and what the harbour plans to do about it, by a columnist</p></div>"
    )
    article = parse(
        "<html><body><article class='main'><h1>Ferry returns</h1><div class='body'>"
        "<p>The lake ferry will run hourly from Monday, the transport authority said on "
        "Tuesday, after a year of cancellations.</p><p>The authority hired nine deckhands "
        "since January, it said.</p></div><div class='abridged'><div class='homepageStories'>"
        f"{teaser * 3}</div></div></article></body></html>"
    )
    assert "Why the ferry is late" not in article.text


def test_a_credit_span_beside_a_picture_is_its_own_line_but_not_inside_a_sentence() -> None:
    article = parse(
        "<html><body><article><h1>Jets fly over the border</h1><div class='post-image'>"
        "<img src='jet.jpg' alt='A jet'><span class='source'>Ana Lind/NORTHWIRE</span>"
        "<span class='caption'>A fighter jet drops flares during an exercise.</span></div>"
        "<p>Two jets flew along the border on Monday, according to <span class='source'>the "
        "defence ministry</span>, which called it routine.</p></article></body></html>"
    )
    texts = [b.text for b in article.blocks]
    assert "Ana Lind/NORTHWIRE" in texts
    assert any(t.startswith("A fighter jet drops flares") for t in texts)
    assert any("according to the defence ministry, which called it routine." in t for t in texts)


def test_calls_to_action_left_in_the_body_are_not_article_text() -> None:
    article = parse(
        "<html><body><article><h1>Huts must leave the ice</h1><div class='article-body'>"
        "<p>Owners of ice fishing huts must remove them by Friday, the county said.</p>"
        "<p>Loading Photo Gallery</p><p>Like us on Facebook Follow us on Twitter</p>"
        "<p>Subscribers to the county newsletter were told on Monday, the county said.</p>"
        "<p>To post a comment, log into your social network account.</p></div></article>"
        "</body></html>"
    )
    assert [b.text[:20] for b in article.blocks if b.kind == "paragraph"] == [
        "Owners of ice fishin",
        "Subscribers to the c",
    ]


def test_a_photo_credit_is_not_the_byline() -> None:
    article = _page("<div class='field-authors'>Photo by: Northwire</div>"
                    "<div class='field-authors'>By: April Lind</div>")  # fmt: skip
    assert article.byline == "By: April Lind"


def test_a_closing_credit_names_the_author_under_a_desk_byline() -> None:
    article = parse(
        "<html><body><article><h1>Huts must leave the ice</h1><p class='byline'>By Regional "
        "Desk</p><p>Owners of ice fishing huts must remove them by Friday, the county said on"
        " Monday.</p><p>Huts left on the ice will be towed.</p><p>-- By Hanna Ostrowski</p>"
        "</article></body></html>"
    )
    assert [(a.name, a.kind, a.origin) for a in article.authors] == [
        ("Regional Desk", "organisation", "byline"),
        ("Hanna Ostrowski", "person", "trailer"),
    ]


def test_jsonld_author_given_as_an_id_reference() -> None:
    graph = (
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": '
        '"Ferry returns to hourly crossings", "author": {"@id": "#p1"}}, {"@type": "Person", '
        '"@id": "#p1", "name": "Oskar Brenna"}]}</script>'
    )
    article = _page("", head=graph)
    assert [(a.name, a.kind, a.origin) for a in article.authors] == [
        ("Oskar Brenna", "person", "jsonld")
    ]


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        ("", '<time class="date updated published" datetime="2024-05-04">4 May</time>',
         "2024-05-04"),
        ("", '<span property="schema:dateCreated" content="2024-05-05">5 May</span>',
         "2024-05-05"),
        ("", '<div id="a-date-published" content="2024-05-06T10:00">Monday</div>',
         "2024-05-06T10:00"),
        ('<meta name="article_date_original" content="Tuesday, May 7, 2024, 8:09 PM">', "",
         "Tuesday, May 7, 2024, 8:09 PM"),
        ('<meta name="article_date_updated" content="Tuesday, May 7, 2024">', "", ""),
        ("", "<p>Publié le 2024-04-26 à 10h12</p>", "2024-04-26"),
        ("", "<p>Posted: Thursday, October 17, 2013, 8:09 PM</p>", "Thursday, October 17, 2013"),
        ("", "<p>Veröffentlicht am 3. Mai 2024</p>", "3. Mai 2024"),
        ("", "<p>Reading time: 4 min</p>", ""),
    ],
)  # fmt: skip
def test_dates_the_page_shows_in_its_own_ways(head: str, body: str, published: str) -> None:
    article = parse(
        f"<html><head>{head}</head><body><article><h1>Ferry timetable changes</h1>{body}"
        "<p>The winter timetable starts on Sunday with two fewer crossings a day.</p>"
        "</article></body></html>"
    )
    assert article.published == published


def test_htmldate_is_the_last_resort_and_is_not_imported_when_markup_has_a_date() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from provcheck.html.parse import parse_html\n"
        "from provcheck.sources.local import RawDocument\n"
        'page = b\'<html><head><meta property="article:published_time" '
        'content="2024-05-01"></head><body><h1>T</h1><p>Text of the story.</p></body></html>\'\n'
        "parse_html(RawDocument(source='a.html', data=page))\n"
        "print('htmldate' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_htmldate_finds_a_date_in_a_shape_the_markup_rules_do_not_read() -> None:
    article = parse(
        "<html><body><article><h1>Ferry timetable changes</h1>"
        '<div class="story-meta">2024-05-09</div>'
        "<p>The winter timetable starts on Sunday with two fewer crossings a day.</p>"
        "</article></body></html>"
    )
    assert article.published == "2024-05-09"


def test_texts_that_cannot_be_found_stop_costing_searches_after_a_budget() -> None:
    from provcheck.html.locate import Locator

    source = "<html><body>" + "<p>filler text</p>" * 2_000 + "</body></html>"
    locator = Locator(source)
    assert locator.locate("filler text", 1)[0].column  # found texts cost nothing
    assert locator.missed == 0
    for _ in range(500):
        position, _ = locator.locate("words that are nowhere in the page", 1)
        assert position.column == 0
    # Each miss scans the page once; after 100 pages' worth the rest are not searched.
    assert locator.missed <= 101 * len(source)


# --- inputs that are not pages -----------------------------------------------------------


def _outcome(data: bytes) -> Article | SourceError:
    try:
        return parse_html(RawDocument(source="odd.html", data=data))
    except SourceError as error:
        assert "\n" not in error.reason and error.reason
        return error


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document"),
        (b"  \n\t \r\n ", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary content"),
        (b"<!-- nothing but a comment -->", "no HTML elements"),
    ],
)
def test_unreadable_inputs_give_one_clear_reason(data: bytes, reason: str) -> None:
    outcome = _outcome(data)
    assert isinstance(outcome, SourceError)
    assert reason in outcome.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>caf\xe9 cr\xe8me and '
         b"more words here</p></body></html>", "café crème and more words here"),
        (b'<meta charset="utf-8"><p>one bad \xff byte in good text</p>',
         "one bad \ufffd byte in good text"),
        ("<p>Grüße aus Köln</p>".encode("cp1252"), "Grüße aus Köln"),
        ("<p>Hello from UTF-16</p>".encode("utf-16"), "Hello from UTF-16"),
        (b"<p>bell\x07 and\x01 escape\x1b and delete\x7f gone</p>",
         "bell and escape and delete gone"),
        (b"<html><head><title>Only a head</title></head></html>", ""),
        (b"Plain text with no tags at all.", "Plain text with no tags at all."),
    ],
)  # fmt: skip
def test_odd_encodings_and_shapes_still_give_an_article(data: bytes, expected: str) -> None:
    outcome = _outcome(data)
    assert isinstance(outcome, Article)
    assert " ".join(outcome.text.split()) == expected


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body>" + "<div>" * 1_000_000 + "deep" + "</div>" * 10,  # ~5 MB, past lxml's limit
        "<html><body>" + "<span><b><i>x" * 450_000,  # ~10 MB of unclosed inline tags
    ],
    ids=["nested-divs", "nested-inline"],
)
def test_ten_megabytes_of_nested_tags(markup: str) -> None:
    outcome = _outcome(markup.encode("ascii"))
    assert isinstance(outcome, Article | SourceError)


def test_a_script_rendered_shell_is_read_from_jsonld_article_body() -> None:
    paragraphs = [
        "The harbour board approved a new ferry terminal on Tuesday after two years of talks.",
        "Construction starts in spring and the terminal should open in time for next summer.",
        "The board said the old pier would stay open for fishing boats until then.",
    ] * 3
    body = "\\n".join(paragraphs)
    markup = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "New ferry terminal approved", "articleBody": "{body}"}}</script></head>'
        '<body><div id="app"><h1>New ferry terminal approved</h1>'
        "<p>Loading the story...</p></div></body></html>"
    )
    article = parse(markup)
    assert [b.text for b in article.blocks] == paragraphs
    # Each block points into the JSON-LD where its text is.
    source_line = markup.splitlines()[article.blocks[1].position.line - 1]
    column = article.blocks[1].position.column
    assert source_line[column - 1 :].startswith("Construction starts in spring")


_BARE_DATE_PAGE = """<!doctype html><html lang="de"><head><title>Vereinsnachrichten</title></head>
<body><main><h1>Bruderduell in der Halle</h1>
<p>{line}</p>
<p>Die beiden Brüder standen sich am Samstag zum ersten Mal als Gegner gegenüber.</p>
<p>Das Spiel endete unentschieden, und beide Trainer waren mit der Abwehr zufrieden.</p>
</main></body></html>"""


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Handballverband Nord \u2022 02.02.2022", True),
        ("14.06.2019 (ab)", True),
        ("March 3, 2024 at 9:15 am", True),
        ("Aktualisiert am 02.02.2022", False),  # an update time is not a publication date
        ("Karten für das Spiel am 12.03.2021 gibt es an der Kasse der Halle.", False),
    ],
)
def test_a_bare_date_under_the_headline_is_the_shown_date(line: str, shown: bool) -> None:
    from provcheck.testing import scan_html

    report = scan_html(_BARE_DATE_PAGE.format(line=line))
    assert report.article is not None
    assert bool(report.article.published) is shown
    assert ("TRN102" in {f.code for f in report.findings}) is not shown

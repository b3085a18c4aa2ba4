"""What kind of page is this, by its own signals? SRC holds news reports to news practice.

A news report tells the reader what happened and who says so. A how-to, a company blog, an
essay, a review or a page of dialogue speaks in its own voice: its figures are the writer's
own measurements and its quotes the writer's memory. The page's own signals tell them apart:

* its JSON-LD type (Recipe, Product, HowTo ... are never news; rules/sourcing.toml
  ``not_news_types``);
* a headline that promises instructions ("How to ...", "How we ...", "10 ways to ...");
* the writer's first person (I, my, we, our) outside quotations in a large share of
  sentences: the publisher or the writer is the source.

Whether the page credits anyone else is deliberately *not* a signal: a news story that
credits nothing is the worst case, not an exemption.
"""

from __future__ import annotations

from collections.abc import Sequence

from provcheck import Article, Link
from provcheck.plugins.sourcing.records import AttributedSentence
from provcheck.plugins.sourcing.settings import settings
from provcheck.plugins.sourcing.speakers import word_set

_SINGULAR = frozenset(("I", "my", "me", "My"))  # "I'm", "I’ve" split into "I" + "m"
_PLURAL = frozenset(("we", "We", "our", "Our", "us"))


def is_report(article: Article, items: Sequence[AttributedSentence]) -> bool:
    """True when the page reads as a news report (see the module docstring)."""
    if is_instructions(article):
        return False
    return first_person_share(items, _SINGULAR | _PLURAL) < settings().first_person_share


def is_instructions(article: Article) -> bool:
    """A recipe, product page, how-to or list of tips, by its JSON-LD type or headline."""
    return is_not_news(article) or bool(settings().how_to.search(article.title.strip()))


def is_not_news(article: Article) -> bool:
    """A recipe, product, Q&A, app ... by its JSON-LD or microdata/RDFa type, or a wiki by the
    software that made it (``<meta name="generator" content="MediaWiki ...">``): SRC does not
    run on it."""
    lx = settings()
    generator = article.metadata.get("generator").strip().lower()
    if generator and generator.startswith(lx.not_news_generators):
        return True
    kinds = (*article.metadata.jsonld_types, *article.metadata.page_types)  # JSON-LD, microdata
    return not lx.not_news.isdisjoint(t.lower() for t in kinds)


def first_person_share(
    items: Sequence[AttributedSentence], words: frozenset[str] = _SINGULAR
) -> float:
    """The share of sentences where the writer says I/my (or ``words``) outside quotes."""
    if not items:
        return 0.0
    found = sum(1 for item in items if words & word_set(_unquoted(item)))
    return found / len(items)


def _unquoted(item: AttributedSentence) -> str:
    text, parts, at = item.sentence.text, [], 0
    for quote in item.quotes:
        parts += [text[at : quote.start], " " * (quote.end - quote.start)]
        at = quote.end
    return "".join([*parts, text[at:]])


def is_signed_article(article: Article) -> bool:
    """The page calls itself an article (og:type, or a JSON-LD Article type) and names who
    wrote it: a reported piece, not a wiki, a release note, a review or a settings page."""
    kinds = {t.lower() for t in article.metadata.jsonld_types}
    declared = article.metadata.get("og:type").lower() == "article" or bool(
        kinds & {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle"}
    )
    return declared and bool(article.byline.strip())


def is_source_link(link: Link) -> bool:
    """A link a reader can follow to another site's material: not to the page's own site,
    not an icon with no words, not a share or follow button ("Facebook", "Tweet this")."""
    if link.kind == "same-site" or not link.domain:
        return False
    words = word_set(link.text.lower())
    if not words:
        return False  # an icon: share buttons, logos
    button = settings().button_words | _site_words(link.domain)
    return not (link.kind == "social" and words <= button)


def _site_words(domain: str) -> set[str]:
    """'facebook.com' -> {'facebook', 'com'}: a link that names only its own site."""
    return word_set(domain.lower())

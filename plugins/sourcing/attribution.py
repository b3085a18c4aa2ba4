"""Who says so? The attribution engine shared by the SRC and BAL checks.

For every body sentence it finds the attribution written in the sentence ("X said", "said X",
"according to X", "X told Reuters", "X, who ..., said", "it is believed") or carried over
from its paragraph (a quote after "he said", "she added" after a named speaker, a quote whose
speaker is named in the sentence before), and grades the speaker:

=============  ==========================================================================
kind           examples
=============  ==========================================================================
person         "Health Minister Anita Rao", "Rao"
organisation   "the World Health Organization", "the ministry", "Moscow", "the report"
role           "a spokesperson", "an official", "a senior diplomat", "Pentagon officials"
anonymous      "sources", "a person familiar with the matter", "officials who asked not to
               be named"
vague          "analysts", "experts", "critics", "many people", "reports", "it is believed"
none           no attribution in the sentence or its paragraph
=============  ==========================================================================

Public API (stable; BAL imports it)::

    attribute(article) -> tuple[AttributedSentence, ...]   # every body sentence, in order
    attributions_in(text) -> tuple[Attribution, ...]      # one sentence on its own
    find_quotes(text) -> tuple[Quote, ...]                 # quotations in a text
    grade(phrase) -> Kind                                  # grade a speaker phrase

Lexicons (verbs, role nouns, vague and anonymous phrases, capitals) are in
rules/sourcing.toml and are compiled once, on first use.
"""

from __future__ import annotations

from provcheck import Article
from provcheck.plugins.sourcing.carry import Pass
from provcheck.plugins.sourcing.grammar import grade, verb_attributions
from provcheck.plugins.sourcing.quotes import Quote, find_quotes
from provcheck.plugins.sourcing.records import (
    NAMED,
    NO_ATTRIBUTION,
    AttributedSentence,
    Attribution,
    Kind,
    Via,
    make,
)

__all__ = [
    "NAMED",
    "NO_ATTRIBUTION",
    "AttributedSentence",
    "Attribution",
    "Kind",
    "Quote",
    "Via",
    "attribute",
    "attributions_in",
    "find_quotes",
    "grade",
]


def attributions_in(text: str) -> tuple[Attribution, ...]:
    """Attributions written in one sentence; pronouns get a default grade, not resolved."""
    spans = tuple((q.start, q.end) for q in find_quotes(text))
    return tuple(make(found) for found in verb_attributions(text, spans))


_last: tuple[Article, tuple[AttributedSentence, ...]] | None = None


def attribute(article: Article) -> tuple[AttributedSentence, ...]:
    """Every body sentence (headings, captions and code excluded) with its attribution.

    Over-long sentences come back cut into bounded runs (plugins/sourcing/runs.py). The
    result for the most recent article is cached, so SRC and BAL share one pass.
    """
    global _last
    if _last is not None and _last[0] is article:
        return _last[1]
    result = tuple(Pass().run(article))
    _last = (article, result)
    return result

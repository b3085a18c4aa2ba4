"""Which quotations are someone's reported words, for SRC102 (private: used by check.py).

A quotation is speech when it is not a title or term, is prose (not code), and is either a
whole utterance (it opens with a capital) of at least ``quote_min_words`` words, or the
opening of an utterance split by its speech tag (“Not now,” she said, “and not here.”),
counted whole, as an editor counts it. A quotation followed by a dash and a name
(“... all the world!” - Charles Dickens) is an epigraph credited to its author, not an
unattributed quote.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from provcheck import Article, Block
from provcheck.plugins.sourcing.quotes import QUOTE_CHARS, Quote
from provcheck.plugins.sourcing.records import AttributedSentence
from provcheck.plugins.sourcing.settings import settings
from provcheck.plugins.sourcing.subjects import speaker_mention

_NOT_PROSE = re.compile(r"[^\w\s]|[\d_]")
# After a closing quote: a dash (or two hyphens), then a capitalised word: the author's credit.
_PRONOUNS = frozenset(("he", "she", "they", "it", "we", "i", "you"))
_NUMBERED = re.compile(r"\s*\d{1,4}[.)]\s")  # "266. " opens an entry of a numbered list
_CREDIT_LINE = 120  # characters: "- Name, Title of the Work"
_DASH_CREDIT = re.compile(r"\s*(?:[—–―]|--?)\s*[A-Z][\w.'’-]*")


def speech(quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    """The quotations of one sentence (left to right) that are someone's words."""
    out = []
    for i, quote in enumerate(quotes):
        words = quote.words
        if _split_opening(quote) and i + 1 < len(quotes) and not quotes[i + 1].title:
            words += quotes[i + 1].words  # “Not now,” she said, “and not here.”
        if _is_speech(quote, words):
            out.append(quote)
    return tuple(out)


def dash_credited(text: str, quote: Quote) -> bool:
    """``quote`` (offsets into ``text``) is followed by "- Name": an epigraph's credit."""
    return _DASH_CREDIT.match(text, quote.end) is not None


class Credits:
    """The quotations a page credits by its layout rather than by a speech tag."""

    def __init__(self, article: Article) -> None:
        blocks = article.blocks
        # Blocks followed by a short "- Name" line: an epigraph's credit.
        self.dashed = frozenset(
            a.index
            for a, b in itertools.pairwise(blocks)
            if len(b.text) <= _CREDIT_LINE and dash_credited(b.text, Quote("", 0, 0))
        )
        self.headed = _under_naming_heading(blocks)

    def credited(self, item: AttributedSentence, quote: Quote) -> bool:
        """True for an epigraph (“... to all the world!” - Charles Dickens, in its paragraph
        or on the next line), a statement that opens the paragraphs under a heading naming
        who made it ("Mallow Swimming Pool - closed until further notice", as live blogs
        post statements), and an entry of a numbered list ("266. “Doctor, doctor ...”")."""
        block = item.block
        if block.index in self.headed or _NUMBERED.match(block.text):
            return True
        end = item.sentence.start + quote.end
        if len(block.text) - end > 2 * _CREDIT_LINE:
            return False  # far from the paragraph's end (sliced only when near: no quadratic)
        rest = block.text[end:].strip()
        if len(rest) <= _CREDIT_LINE and dash_credited(block.text, Quote(quote.text, end, end)):
            return True  # the credit ends the paragraph: not a dash clause going on
        return not rest and block.index in self.dashed


def _under_naming_heading(blocks: Sequence[Block]) -> frozenset[int]:
    """Paragraphs that open with a quotation, in a run right under a heading that opens with
    a name ("Mallow Swimming Pool - closed", "Shelbourne Bar says ...")."""
    out = []
    naming = False
    for block in blocks:
        if block.kind == "heading":
            found = speaker_mention(block.text)
            naming = found is not None and found[1].lower() not in _PRONOUNS
        elif naming and block.text.lstrip()[:1] in QUOTE_CHARS:
            out.append(block.index)
        else:
            naming = False
    return frozenset(out)


def _split_opening(quote: Quote) -> bool:
    """A quote closed on a comma, to go on after its tag: “Not now,” ..."""
    return quote.text.rstrip('”"’» ').endswith(",")


def _is_speech(quote: Quote, words: int) -> bool:
    if quote.title or words < settings().quote_min_words:
        return False
    inner = quote.text[1:].lstrip(" .…")
    other = len(_NOT_PROSE.findall(inner))  # code and markup are not speech
    return other <= 0.15 * len(inner) and inner[:1].isupper()

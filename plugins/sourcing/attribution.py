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

from dataclasses import dataclass
from typing import Literal

from provcheck import Article, Block, Sentence
from provcheck.plugins.sourcing.grammar import (
    QUOTE_CHARS,
    Quote,
    anonymity_reason,
    find_quotes,
    grade,
    speaker_mention,
    verb_attributions,
)

__all__ = [
    "NAMED",
    "AttributedSentence",
    "Attribution",
    "Kind",
    "Quote",
    "attribute",
    "attributions_in",
    "find_quotes",
    "grade",
]

Kind = Literal["person", "organisation", "role", "anonymous", "vague", "none"]
Via = Literal["sentence", "pronoun", "paragraph", "previous"]
#: The kinds that name a source a reader can look up.
NAMED: tuple[Kind, ...] = ("person", "organisation")
_RANK: dict[str, int] = {
    "person": 5,
    "organisation": 5,
    "role": 4,
    "anonymous": 3,
    "vague": 2,
    "none": 0,
}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: who a sentence's claim is credited to.

    ``start``/``end`` are offsets of the speaker-and-verb phrase in the sentence's text
    (-1 when the attribution was carried over from another sentence). ``via`` says where the
    grade came from: "sentence" (written here), "pronoun" ("he said", resolved to an earlier
    speaker), "paragraph" (another sentence of the paragraph), "previous" (a quote whose
    speaker is named in the sentence or paragraph before). ``reason`` is the reason given for
    anonymity.
    """

    kind: Kind
    speaker: str = ""
    verb: str = ""
    start: int = -1
    end: int = -1
    via: Via = "sentence"
    reason: str = ""

    @property
    def named(self) -> bool:
        return self.kind in NAMED

    @property
    def carried(self) -> bool:
        """True when the speaker is identified outside the words of this sentence."""
        return self.via != "sentence"


NO_ATTRIBUTION = Attribution("none")


@dataclass(frozen=True, slots=True)
class AttributedSentence:
    """A body sentence with its own attributions and the one that applies to it.

    ``own`` lists attributions written in the sentence (pronouns resolved), in order;
    ``effective`` is the strongest of them, or the one carried over, or kind "none".
    ``quotes`` are the quotations inside the sentence (offsets into the sentence's text).
    """

    block: Block
    sentence: Sentence
    own: tuple[Attribution, ...]
    effective: Attribution
    quotes: tuple[Quote, ...] = ()

    @property
    def index(self) -> int:
        """Index of the sentence's block in ``article.blocks``."""
        return self.block.index


def attributions_in(text: str) -> tuple[Attribution, ...]:
    """Attributions written in one sentence; pronouns get a default grade, not resolved."""
    return tuple(_make(found) for found in verb_attributions(text, _quote_spans(text)))


def _make(found: tuple[str, str, str, int, int, str]) -> Attribution:
    kind, speaker, verb, start, end, reason = found
    if kind == "pronoun":  # unresolved "he said": a person, graded elsewhere
        kind = "organisation" if speaker.lower() == "it" else "person"
        return Attribution(_kind(kind), speaker, verb, start, end, "pronoun", reason)
    return Attribution(_kind(kind), speaker, verb, start, end, "sentence", reason)


def _kind(value: str) -> Kind:
    for kind in ("person", "organisation", "role", "anonymous", "vague"):
        if value == kind:
            return kind
    return "none"


def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((q.start, q.end) for q in find_quotes(text))


_last: tuple[Article, tuple[AttributedSentence, ...]] | None = None


def attribute(article: Article) -> tuple[AttributedSentence, ...]:
    """Every body sentence (headings, captions and code excluded) with its attribution.

    The result for the most recent article is cached, so SRC and BAL share one pass.
    """
    global _last
    if _last is not None and _last[0] is article:
        return _last[1]
    result = tuple(_Pass().run(article))
    _last = (article, result)
    return result


class _Pass:
    """One walk over an article; remembers the last speaker for "he said"."""

    def __init__(self) -> None:
        self.last_speaker: Attribution | None = None
        self.previous: AttributedSentence | None = None
        # The attribution of the paragraph that introduces a list ("According to X:").
        self.lead: Attribution | None = None
        # Capitalised words of the people quoted so far, so "Rao was blunt." names Rao.
        self.known: set[str] = set()
        # Last attributions of the previous paragraph and of the one before it.
        self.latest: Attribution | None = None
        self.recent: Attribution | None = None

    def run(self, article: Article) -> list[AttributedSentence]:
        # First pass: attributions written in each sentence, pronouns resolved in order.
        blocks = [b for b in article.body_blocks if b.kind != "preformatted"]  # code, not prose
        found = [self._own(block) for block in blocks]
        out: list[AttributedSentence] = []
        for k, block in enumerate(blocks):
            out.extend(self._block(block, *found[k]))
        return out

    def _own(self, block: Block) -> tuple[list[tuple[Attribution, ...]], list[tuple[Quote, ...]]]:
        block_quotes = find_quotes(block.text)
        owns: list[tuple[Attribution, ...]] = []
        quotes: list[tuple[Quote, ...]] = []
        for sentence in block.sentences:
            local = _quotes_in(block_quotes, sentence)
            spans = tuple((q.start, q.end) for q in local)
            owns.append(tuple(self._resolve(f) for f in verb_attributions(sentence.text, spans)))
            quotes.append(local)
        if any(a.kind == "anonymous" and not a.reason for own in owns for a in own):
            reason = anonymity_reason(block.text)  # a reason given elsewhere in the paragraph
            owns = [tuple(_with_reason(a, reason) for a in own) for own in owns]
        return owns, quotes

    def _block(
        self, block: Block, owns: list[tuple[Attribution, ...]], quotes: list[tuple[Quote, ...]]
    ) -> list[AttributedSentence]:
        out: list[AttributedSentence] = []
        for i, sentence in enumerate(block.sentences):
            effective = _best(owns[i]) or self._carry(block, i, owns, quotes[i], sentence)
            item = AttributedSentence(block, sentence, owns[i], effective, quotes[i])
            out.append(item)
            self.previous = item
        last = next((i.effective for i in reversed(out) if i.effective.kind != "none"), None)
        if block.kind != "list-item":  # only a paragraph ending "...:" introduces a list
            self.lead = (last or _introduces_list(block)) if _ends_with_colon(block) else None
        # The speaker quoted in the paragraph before the previous one, for a quote that resumes
        # after a paragraph of paraphrase.
        quoted = any(item.quotes for item in out)
        self.recent, self.latest = self.latest, (last if quoted else None)
        return out

    def _resolve(self, found: tuple[str, str, str, int, int, str]) -> Attribution:
        made = _make(found)
        if found[0] != "pronoun":
            if made.kind != "none":
                self.last_speaker = made
            if made.kind == "person":  # "Anita Rao said" makes "Rao" a known name
                self.known.update(w for w in made.speaker.split() if w[:1].isupper())
            return made
        if self.last_speaker is None or found[1].lower() in ("i", "we", "you"):
            return made
        prior = self.last_speaker
        return Attribution(
            prior.kind, prior.speaker, made.verb, made.start, made.end, "pronoun", prior.reason
        )

    def _carry(
        self,
        block: Block,
        i: int,
        owns: list[tuple[Attribution, ...]],
        quotes: tuple[Quote, ...],
        sentence: Sentence,
    ) -> Attribution:
        if quotes and i > 0:  # a quote going on from the sentence before, or after its speaker
            carried = self._from_previous(via="previous")
            if carried is not None:
                return carried
        before = [a for own in owns[:i] for a in own]
        after = [a for own in owns[i + 1 :] for a in own]
        nearest = before[-1:] or after[:1]
        if nearest:
            return _carried(nearest[0], "paragraph")
        if quotes and i == 0 and sentence.text[:1] in QUOTE_CHARS:
            carried = self._from_previous(via="previous", resume=True)
            if carried is not None:
                return carried
        if block.kind == "list-item" and self.lead is not None:
            return _carried(self.lead, "paragraph")
        return NO_ATTRIBUTION

    def _from_previous(self, via: Via, resume: bool = False) -> Attribution | None:
        prev = self.previous
        if prev is None:
            return None
        if prev.effective.kind != "none":
            return _carried(prev.effective, via)
        if resume and self.recent is not None:
            return _carried(self.recent, via)  # a quote resumed after one narrative paragraph
        mention = speaker_mention(prev.sentence.text, frozenset(self.known))
        if mention is not None:
            return Attribution(_kind(mention[0]), mention[1], via=via)
        return None


def _ends_with_colon(block: Block) -> bool:
    return block.text.rstrip().endswith(":")


def _introduces_list(block: Block) -> Attribution | None:
    """'The audit office lists three problems:' - a source introducing the list after it."""
    mention = speaker_mention(block.text)
    return Attribution(_kind(mention[0]), mention[1], via="paragraph") if mention else None


def _carried(attribution: Attribution, via: Via) -> Attribution:
    a = attribution
    return Attribution(a.kind, a.speaker, a.verb, -1, -1, via, a.reason)


def _best(own: tuple[Attribution, ...]) -> Attribution | None:
    graded = [a for a in own if a.kind != "none"]
    return max(graded, key=lambda a: _RANK[a.kind]) if graded else None


def _quotes_in(block_quotes: tuple[Quote, ...], sentence: Sentence) -> tuple[Quote, ...]:
    """The part of each block quotation that falls inside the sentence, re-based."""
    out = []
    for q in block_quotes:
        low, high = max(q.start, sentence.start), min(q.end, sentence.end)
        if high - low > 1:
            text = sentence.text[low - sentence.start : high - sentence.start]
            out.append(Quote(text, low - sentence.start, high - sentence.start, q.title))
    return tuple(out)


def _with_reason(attribution: Attribution, reason: str) -> Attribution:
    if attribution.kind != "anonymous" or attribution.reason or not reason:
        return attribution
    a = attribution
    return Attribution(a.kind, a.speaker, a.verb, a.start, a.end, a.via, reason)

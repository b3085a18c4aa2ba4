"""One walk over an article's body for the attribution engine: attributions written in each
sentence, pronouns resolved to the last speaker, and the speaker carried over to sentences
that name none (a quote after "he said", a paragraph's other sentences, a list introduced by
"According to X:"). Private: use plugins/sourcing/attribution.py.
"""

from __future__ import annotations

from provcheck import Article, Block, Sentence
from provcheck.plugins.sourcing.grammar import anonymity_reason, speaker_mention, verb_attributions
from provcheck.plugins.sourcing.quotes import QUOTE_CHARS, Quote, find_quotes, quotes_in
from provcheck.plugins.sourcing.records import (
    NO_ATTRIBUTION,
    RANK,
    AttributedSentence,
    Attribution,
    Via,
    kind_of,
    make,
)
from provcheck.plugins.sourcing.runs import bounded
from provcheck.plugins.sourcing.speakers import base, lex

Owns = list[tuple[Attribution, ...]]


class Pass:
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
        headings = [b.index for b in article.blocks if b.kind == "heading"]
        for k, block in enumerate(blocks):
            if k and _heading_between(headings, blocks[k - 1].index, block.index):
                # A new section: a quote opening it does not go on from the last one's speaker.
                self.previous = self.latest = self.recent = None
            out.extend(self._block(block, *found[k]))
        return out

    def _own(
        self, block: Block
    ) -> tuple[tuple[Sentence, ...], Owns, list[tuple[Quote, ...]]]:
        block_quotes = find_quotes(block.text)
        ends = [q.end for q in block_quotes]
        sentences = bounded(block.sentences)
        owns: Owns = []
        quotes: list[tuple[Quote, ...]] = []
        for sentence in sentences:
            local = quotes_in(block_quotes, ends, sentence.start, sentence.text)
            spans = tuple((q.start, q.end) for q in local)
            owns.append(tuple(self._resolve(f) for f in verb_attributions(sentence.text, spans)))
            quotes.append(local)
        if any(a.kind == "anonymous" and not a.reason for own in owns for a in own):
            reason = anonymity_reason(block.text)  # a reason given elsewhere in the paragraph
            owns = [tuple(_with_reason(a, reason) for a in own) for own in owns]
        return sentences, owns, quotes

    def _block(
        self,
        block: Block,
        sentences: tuple[Sentence, ...],
        owns: Owns,
        quotes: list[tuple[Quote, ...]],
    ) -> list[AttributedSentence]:
        out: list[AttributedSentence] = []
        # The first attribution after each sentence and the last one before it, found in
        # one pass each way (a paragraph of thousands of sentences stays linear).
        after: list[Attribution | None] = [None] * len(owns)
        for i in range(len(owns) - 2, -1, -1):
            after[i] = owns[i + 1][0] if owns[i + 1] else after[i + 1]
        before: Attribution | None = None
        for i, sentence in enumerate(sentences):
            nearest = before or after[i]
            effective = _best(owns[i]) or self._carry(block, i, nearest, quotes[i], sentence)
            item = AttributedSentence(block, sentence, owns[i], effective, quotes[i])
            out.append(item)
            self.previous = item
            before = owns[i][-1] if owns[i] else before
        last = next((i.effective for i in reversed(out) if i.effective.kind != "none"), None)
        if block.kind != "list-item":  # only a paragraph ending "...:" introduces a list
            self.lead = (last or _introduces_list(block)) if _ends_with_colon(block) else None
        # The speaker quoted in the paragraph before the previous one, for a quote that resumes
        # after a paragraph of paraphrase.
        quoted = any(item.quotes for item in out)
        self.recent, self.latest = self.latest, (last if quoted else None)
        return out

    def _resolve(self, found: tuple[str, str, str, int, int, str]) -> Attribution:
        made = make(found)
        if found[0] != "pronoun":
            asks = lex().has("non_assertive_verbs", made.verb.lower())  # "a reporter asked"
            if made.kind != "none" and made.speaker != made.verb and not asks:
                self.last_speaker = made  # "reportedly" is nobody; "she replied" is not the asker
            if made.kind == "person":  # "Anita Rao said" makes "Rao" a known name
                self.known.update(w for w in made.speaker.split() if w[:1].isupper())
            return made
        if self.last_speaker is None or found[1].lower() in ("i", "we", "you"):
            return made
        prior = self.last_speaker
        if found[1].lower() in ("he", "she") and not _a_person(prior):
            return made  # "she told VH1" after "the magazine said": she is someone else
        return Attribution(
            prior.kind, prior.speaker, made.verb, made.start, made.end, "pronoun", prior.reason
        )

    def _carry(
        self,
        block: Block,
        i: int,
        nearest: Attribution | None,
        quotes: tuple[Quote, ...],
        sentence: Sentence,
    ) -> Attribution:
        if quotes and i > 0:  # a quote going on from the sentence before, or after its speaker
            carried = self._from_previous(via="previous")
            if carried is not None:
                return carried
        if nearest is not None:
            return _carried(nearest, "paragraph")
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
            return Attribution(kind_of(mention[0]), mention[1], via=via)
        return None


def _heading_between(headings: list[int], low: int, high: int) -> bool:
    """A heading's block index lies between ``low`` and ``high`` (``headings`` sorted)."""
    from bisect import bisect_right

    i = bisect_right(headings, low)
    return i < len(headings) and headings[i] < high


def _a_person(attribution: Attribution) -> bool:
    """Someone "he" or "she" can stand for: a person, or a role or anonymous source whose
    head is a person noun ("a senior official", not "the ministry" or "In addition")."""
    if attribution.kind in ("person", "anonymous"):  # sources and insiders are people
        return True
    lx = lex()
    return attribution.kind == "role" and any(
        lx.has("role_nouns", base(w)) and not lx.has("non_person_roles", base(w))
        for w in attribution.speaker.split()
    )


def _ends_with_colon(block: Block) -> bool:
    """A paragraph that introduces a list ends "...:" (or, as often written, "...;")."""
    return block.text.rstrip().endswith((":", ";"))


def _introduces_list(block: Block) -> Attribution | None:
    """'The audit office lists three problems:' - a source introducing the list after it."""
    mention = speaker_mention(block.text)
    return Attribution(kind_of(mention[0]), mention[1], via="paragraph") if mention else None


def _carried(attribution: Attribution, via: Via) -> Attribution:
    a = attribution
    return Attribution(a.kind, a.speaker, a.verb, -1, -1, via, a.reason)


def _best(own: tuple[Attribution, ...]) -> Attribution | None:
    graded = [a for a in own if a.kind != "none"]
    return max(graded, key=lambda a: RANK[a.kind]) if graded else None


def _with_reason(attribution: Attribution, reason: str) -> Attribution:
    if attribution.kind != "anonymous" or attribution.reason or not reason:
        return attribution
    a = attribution
    return Attribution(a.kind, a.speaker, a.verb, a.start, a.end, a.via, reason)

"""SRC: is each claim - a figure, a statistic, a quotation - tied to a source?

Every body sentence goes through the attribution engine (plugins/sourcing/attribution.py). A
sentence makes a claim when it holds a figure (plugins/sourcing/claims.py), a quotation long
enough to be someone's words, or an attribution of its own. Findings:

- SRC101 a figure with no attribution in its sentence or paragraph;
- SRC102 a quotation with no identifiable speaker;
- SRC103 a vague source ("analysts say", "it is believed", bare "sources said");
- SRC104 an anonymous source described by role, with no reason for the anonymity;
- SRC105 an article making claims that links to no other site;
- SRC106 (positive) the named sources the article relies on.

The lexicons are English; pages in other languages are not checked (the dimension stays n/a).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from provcheck import (
    Article,
    Check,
    CheckContext,
    Config,
    Finding,
    builtin_rules,
    hookimpl,
    lexicon,
)
from provcheck.plugins.sourcing.attribution import AttributedSentence, Attribution, Quote, attribute
from provcheck.plugins.sourcing.claims import find_figures
from provcheck.plugins.sourcing.speakers import proper_name, word_set

_WORD = re.compile(r"[^\W\d_]+")
_MAX_LISTED = 200
_ACCOUNTABLE = frozenset(("person", "organisation", "role"))
_NOT_PROSE = re.compile(r"[^\w\s]|[\d_]")
_MID_SENTENCE = re.compile(r"[a-z,] ([A-Z][\w'’&-]*)")
_WORD_HEAD = re.compile(r"\W")
_FIRST_PERSON = frozenset(("I", "my", "me", "My"))  # "I'm", "I’ve" split into "I" + "m"
# A claim sentence: the sentence, its figures, its quotations long enough to be speech.
Claim = tuple[AttributedSentence, tuple[str, ...], tuple[Quote, ...]]


@dataclass(frozen=True, slots=True)
class _Settings:
    """The SRC thresholds and patterns of rules/sourcing.toml."""

    quote_min_words: int
    dialogue_min: int
    first_person_share: float
    faceless: re.Pattern[str]
    links_min_words: int
    links_min_claims: int
    english: frozenset[str]
    english_share: float
    not_news: frozenset[str]
    non_assertive: frozenset[str]
    figures_min_attributions: int
    figures_min_share: float
    quote_min_attributed: int
    reference_marks: str
    reference_words: tuple[frozenset[str], ...]


@functools.cache
def _settings() -> _Settings:
    lex = lexicon("sourcing")
    return _Settings(
        quote_min_words=int(lex["quote_min_words"]),
        dialogue_min=int(lex["dialogue_min"]),
        first_person_share=float(lex["first_person_share"]),
        faceless=re.compile("|".join(lex["faceless_patterns"])),
        links_min_words=int(lex["links_min_words"]),
        links_min_claims=int(lex["links_min_claims"]),
        english=frozenset(lex["english_words"]),
        english_share=float(lex["english_share"]),
        not_news=frozenset(str(t).lower() for t in lex["not_news_types"]),
        non_assertive=frozenset(lex["non_assertive_verbs"]),
        figures_min_attributions=int(lex["figures_min_attributions"]),
        figures_min_share=float(lex["figures_min_attribution_share"]),
        quote_min_attributed=int(lex["quote_min_attributed"]),
        reference_marks="".join(lex["reference_marks"]),
        reference_words=tuple(frozenset(group) for group in lex["reference_words"]),
    )


def is_english(article: Article) -> bool:
    """Declared English (or undeclared) and reading as English: pages mis-declare."""
    if article.language and not article.language.lower().startswith("en"):
        return False
    words = _WORD.findall(article.text[:4000].lower())[:400]
    if len(words) < 20:  # too short to tell: trust a declared language, else skip
        return bool(article.language)
    common = sum(1 for w in words if w in _settings().english)
    return common / len(words) >= _settings().english_share


class SourcingCheck:
    prefix = "SRC"

    def __init__(self) -> None:
        self.rules = builtin_rules("sourcing", plugin="sourcing")
        self._rule = {rule.code: rule for rule in self.rules}

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        if not is_english(article) or _settings().not_news & set(article.metadata.jsonld_types):
            return
        claims: list[Claim] = []
        items = attribute(article)
        for item in items:
            if _is_reference(item.sentence.text):
                continue  # a reference list entry ("^ Smith et al. ..."), not a claim
            figures = find_figures(item.sentence.text, tuple((q.start, q.end) for q in item.quotes))
            # Quotes in list items are definitions, menu texts and examples, not speech.
            speech = item.block.kind != "list-item"
            quotes = tuple(q for q in item.quotes if speech and _is_speech(q))
            if figures or quotes or item.own:
                claims.append((item, figures, quotes))
        if not claims:
            return
        ctx.mark_applicable("sourcing")
        dialogue = _not_reported_speech(items, claims)
        reporting = _practises_attribution(items)
        for item, figures, quotes in claims:
            shown = figures if reporting else ()
            yield from self._unattributed(item, shown, () if dialogue else quotes)
            yield from self._sources(item)
        if reporting and not dialogue:  # fiction, essays and how-tos are not held to links
            yield from self._links(article, len(claims))
        yield from self._named(claims, _mid_sentence_words(article.text))
        ctx.summaries["sourcing"] = _summary(claims)

    def _unattributed(
        self, item: AttributedSentence, figures: tuple[str, ...], quotes: tuple[Quote, ...]
    ) -> Iterator[Finding]:
        if item.effective.kind != "none" or _linked(item):
            return  # credited, or a hyperlink in the sentence is the citation
        sentence = item.sentence
        if figures:
            others = f" (also {', '.join(repr(f) for f in figures[1:3])})" if figures[1:] else ""
            yield self._rule["SRC101"].finding(
                f"The figure “{figures[0]}”{others} has no source in its sentence or paragraph.",
                text=sentence.text,
                position=sentence.position,
                data={"figures": list(figures)},
            )
        if quotes:
            yield self._rule["SRC102"].finding(
                f"The quotation {_short(quotes[0].text)} has no identifiable speaker "
                "in its sentence or the one before.",
                text=sentence.text,
                position=sentence.position,
            )

    def _sources(self, item: AttributedSentence) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        for found in item.own:
            key = (found.kind, found.speaker.lower())
            if found.carried or key in seen:
                continue
            seen.add(key)
            code = _source_rule(found)
            if code == "SRC103" and not _linked(item):  # "one study" with a link is cited
                yield self._rule[code].finding(
                    f"The claim rests on “{found.speaker}” - unnamed, unaccountable.",
                    text=item.sentence.text,
                    position=item.sentence.position,
                    data={"phrase": found.speaker, "verb": found.verb},
                )
            elif code == "SRC104":
                yield self._rule[code].finding(
                    f"“{found.speaker}” is anonymous and the article gives no reason why.",
                    text=item.sentence.text,
                    position=item.sentence.position,
                    data={"phrase": found.speaker},
                )

    def _links(self, article: Article, claim_count: int) -> Iterator[Finding]:
        settings = _settings()
        words = sum(len(b.text.split()) for b in article.body_blocks)
        if words < settings.links_min_words or claim_count < settings.links_min_claims:
            return
        if any(link.kind != "same-site" and link.domain for link in article.links):
            return
        where = "links only to its own site" if article.links else "has no links at all"
        yield self._rule["SRC105"].finding(
            f"This {words}-word article makes {claim_count} claims (figures, quotes, "
            f"attributed statements) but {where}: no primary source is a click away.",
            text=article.title,
            position=article.title_position,
        )

    def _named(self, claims: list[Claim], mid_sentence: frozenset[str]) -> Iterator[Finding]:
        named = [item for item, _, _ in claims if item.effective.named]
        speakers: list[str] = []
        for item in named:
            for found in item.own:
                known = found.speaker in speakers or not _listable(found.speaker, mid_sentence)
                if found.named and not found.carried and not known:
                    speakers.append(found.speaker)
        if not speakers:
            return
        listed = ", ".join(f"“{s}”" for s in speakers[:5])
        more = f" and {len(speakers) - 5} more" if len(speakers) > 5 else ""
        first = next(i for i in named if any(a.speaker == speakers[0] for a in i.own))
        yield self._rule["SRC106"].finding(
            f"{len(named)} of {len(claims)} claims are credited to named sources: {listed}{more}.",
            text=speakers[0],
            position=first.sentence.position,
            data={"named": speakers},
        )


def _is_speech(quote: Quote) -> bool:
    """Someone's words: not a title or term, long enough, prose (not code), and either a
    whole utterance (opens with a capital) or a long fragment."""
    words = quote.words
    if quote.title or words < _settings().quote_min_words:
        return False
    inner = quote.text[1:].lstrip(" .…")
    other = len(_NOT_PROSE.findall(inner))  # code and markup are not speech
    return other <= 0.15 * len(inner) and inner[:1].isupper()


def _is_reference(text: str) -> bool:
    settings = _settings()
    if text.lstrip()[:1] in settings.reference_marks:
        return True
    words = word_set(text)
    return any(group <= words for group in settings.reference_words)


def _practises_attribution(items: Sequence[AttributedSentence]) -> bool:
    """A news report credits its claims; a page that credits almost nothing is not one."""
    settings = _settings()
    credited = sum(
        1 for item in items for a in item.own if a.via != "paragraph" and a.kind in _ACCOUNTABLE
    )
    share = credited / max(len(items), 1)
    return credited >= settings.figures_min_attributions and share >= settings.figures_min_share


def _not_reported_speech(items: Sequence[AttributedSentence], claims: list[Claim]) -> bool:
    """Dialogue (many quotes, most with no speaker: fiction, a game wiki, a transcript) or
    first-person writing (an essay, a review): the quotes are not reported speech."""
    settings = _settings()
    unattributed = sum(1 for item, _, q in claims if q and item.effective.kind == "none")
    attributed = sum(1 for item, _, q in claims if q and item.effective.kind != "none")
    if attributed < settings.quote_min_attributed:
        return True
    if unattributed >= settings.dialogue_min and unattributed > attributed:
        return True
    first_person = sum(1 for item in items if _FIRST_PERSON & word_set(_unquoted(item)))
    return first_person >= settings.first_person_share * max(len(items), 1)


def _unquoted(item: AttributedSentence) -> str:
    text, parts, at = item.sentence.text, [], 0
    for quote in item.quotes:
        parts += [text[at : quote.start], " " * (quote.end - quote.start)]
        at = quote.end
    return "".join([*parts, text[at:]])


def _mid_sentence_words(article_text: str) -> frozenset[str]:
    """The words the article writes after a lower-case word or a comma (found once: looking
    each speaker up in the whole text was quadratic on huge pages)."""
    found: set[str] = set()
    for match in _MID_SENTENCE.finditer(article_text):
        word = match.group(1)
        found.update((word, _WORD_HEAD.split(word, 1)[0]))  # "Levy's" is "Levy" too
    return frozenset(found)


def _listable(speaker: str, mid_sentence: frozenset[str]) -> bool:
    """A proper name worth listing. One capitalised word ("Levy", but also "Hospitals" at the
    start of a sentence) counts only if the article also writes it mid-sentence."""
    if not proper_name(speaker):
        return False
    if " " in speaker.strip():
        return True
    return speaker.strip() in mid_sentence


def _linked(item: AttributedSentence) -> bool:
    """True when a hyperlink sits inside the sentence: the link is its citation."""
    low, high = item.sentence.start, item.sentence.end
    return any(start < high and low < end for start, end, _ in item.block.links)


def _source_rule(found: Attribution) -> str:
    if found.verb.lower() in _settings().non_assertive:
        return ""  # "a few people have asked": words reported, no claim made
    if found.kind == "vague":
        return "SRC103"
    if found.kind != "anonymous" or found.reason:
        return ""
    faceless = _settings().faceless.search(found.speaker.lower())
    return "SRC103" if faceless else "SRC104"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…”"


def _summary(claims: Sequence[Claim]) -> dict[str, Any]:
    kinds = Counter(item.effective.kind for item, _, _ in claims)
    return {
        "claims": len(claims),
        "named": kinds["person"] + kinds["organisation"],
        "role_only": kinds["role"],
        "anonymous": kinds["anonymous"],
        "vague": kinds["vague"],
        "none": kinds["none"],
        "linked": sum(1 for item, _, _ in claims if _linked(item)),
        "sentences": [
            {
                "text": item.sentence.text,
                "line": item.sentence.position.line,
                "kind": item.effective.kind,
                "speaker": item.effective.speaker,
                "via": item.effective.via,
                "figures": list(figures),
            }
            for item, figures, _ in claims[:_MAX_LISTED]
        ],
    }


@hookimpl
def provcheck_register_checks(config: Config) -> Sequence[Check]:
    return [SourcingCheck()]

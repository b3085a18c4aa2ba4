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

import re
from collections.abc import Iterator, Sequence

from provcheck import (
    Article,
    Check,
    CheckContext,
    Config,
    Finding,
    builtin_rules,
    hookimpl,
)
from provcheck.plugins.sourcing.attribution import AttributedSentence, Attribution, Quote, attribute
from provcheck.plugins.sourcing.claims import find_figures
from provcheck.plugins.sourcing.genre import (
    first_person_share,
    is_instructions,
    is_not_news,
    is_report,
    is_signed_article,
    is_source_link,
)
from provcheck.plugins.sourcing.identity import faceless, identifiable
from provcheck.plugins.sourcing.layout import (
    after_document,
    cites_reference,
    credited_by_next,
    credited_quotes,
    repeats_credited,
    table_row,
    told_by_named,
    under_source_line,
)
from provcheck.plugins.sourcing.settings import is_english, settings
from provcheck.plugins.sourcing.speakers import proper_name, word_set
from provcheck.plugins.sourcing.speech import Credits, speech
from provcheck.plugins.sourcing.subjects import anonymity_reason
from provcheck.plugins.sourcing.summary import Claim, linked, summary

_MID_SENTENCE = re.compile(r"[a-z,] ([A-Z][\w'’&-]*)")
_WORD_HEAD = re.compile(r"\W")


class SourcingCheck:
    prefix = "SRC"

    def __init__(self) -> None:
        self.rules = builtin_rules("sourcing", plugin="sourcing")
        self._rule = {rule.code: rule for rule in self.rules}

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        if not is_english(article) or is_not_news(article):
            return
        claims: list[Claim] = []
        items = attribute(article)
        credited_before: set[int] = set()  # ids of sentences after an attribution in their block
        credits = Credits(article)
        # Whole-block tests run once per block, not per sentence: a 1 MB paragraph is one block.
        rows = {b.index for b in article.body_blocks if table_row(b)}
        referenced = {b.index for b in article.body_blocks if cites_reference(b)}
        opened: set[int] = set()
        for item in items:
            if item.block.index in opened:
                credited_before.add(id(item))
            if item.own:
                opened.add(item.block.index)
            if _is_reference(item.sentence.text):
                continue  # a reference list entry ("^ Smith et al. ..."), not a claim
            spans = tuple((q.start, q.end) for q in item.quotes)
            figures = () if item.block.index in rows else find_figures(item.sentence.text, spans)
            # Quotes in list items are definitions, menu texts and examples, not speech.
            prose = item.block.kind != "list-item"
            quotes = tuple(
                q for q in (speech(item.quotes) if prose else ()) if not credits.credited(item, q)
            )
            if figures or quotes or item.own:
                claims.append((item, figures, quotes))
        links = [] if is_instructions(article) else list(self._links(article, len(claims)))
        if links or claims:
            ctx.mark_applicable("sourcing")
        yield from links  # an essay, too, can link to what it relies on
        if not claims:
            return
        dialogue = _not_reported_speech(items, claims)
        report = is_report(article, items)  # how-tos, blogs, essays are not held to news practice
        sourced = under_source_line(article)  # figures above a "Source: ..." line
        after_doc = after_document(items) | credited_by_next(items) | referenced
        credited = credited_quotes((i, q) for i, _, q in claims if identifiable(i.effective))
        for item, figures, quotes in claims:
            shown = figures if report and item.block.index not in sourced else ()
            quotes = tuple(q for q in quotes if not repeats_credited(q, credited))  # pull-quotes
            after = id(item) in credited_before
            documented = item.block.index in after_doc
            found = list(
                self._unattributed(item, shown, () if dialogue else quotes, after, documented)
            )
            yield from found
            # A quote credited to a faceless speaker is one lapse, reported once (SRC102).
            quoted = {dict(f.data).get("speaker", "") for f in found if f.code == "SRC102"}
            yield from self._sources(item, skip=quoted)
        yield from self._named(claims, _mid_sentence_words(article.text))
        ctx.summaries["sourcing"] = summary(claims)

    def _unattributed(
        self,
        item: AttributedSentence,
        figures: tuple[str, ...],
        quotes: tuple[Quote, ...],
        after_credit: bool,
        documented: bool,
    ) -> Iterator[Finding]:
        if linked(item):
            return  # a hyperlink in the sentence is the citation
        sentence = item.sentence
        if figures and not _credits_figures(item, after_credit, documented):
            more = f" and {len(figures) - 3} more" if len(figures) > 3 else ""
            listed = ", ".join(f"“{f}”" for f in figures[1:3])
            others = f" (also {listed}{more})" if figures[1:] else ""
            yield self._rule["SRC101"].finding(
                f"The figure “{figures[0]}”{others} has no source in its sentence or paragraph.",
                text=sentence.text,
                position=sentence.position,
                data={"figures": list(figures)},
            )
        if quotes and not identifiable(item.effective):
            who = item.effective.speaker
            credited = f"is credited only to “{who}”" if who else "has no speaker"
            yield self._rule["SRC102"].finding(
                f"The quotation {_short(quotes[0].text)} {credited}: the reader cannot tell "
                "who said it.",
                text=sentence.text,
                position=sentence.position,
                data={"speaker": who},
            )

    def _sources(self, item: AttributedSentence, skip: set[str]) -> Iterator[Finding]:
        seen: set[tuple[str, str]] = set()
        for found in item.own:
            key = (found.kind, found.speaker.lower())
            if found.carried or key in seen or found.speaker in skip:
                continue
            seen.add(key)
            code = _source_rule(found)
            if found.kind == "role" and anonymity_reason(item.sentence.text):
                code = ""  # "an official who was not authorised to speak": a reason is given
            if code == "SRC103" and not linked(item) and not told_by_named(item, found):
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
        lx = settings()
        words = sum(len(b.text.split()) for b in article.body_blocks)
        if words < lx.links_min_words or claim_count < lx.links_min_claims:
            return
        if not claim_count and not is_signed_article(article):
            return  # no claim found: only a page that presents itself as a signed article
        if any(is_source_link(link) for link in article.links):
            return
        outside = any(link.kind != "same-site" and link.domain for link in article.links)
        where = (
            "links outside its own site only to share or follow buttons"
            if outside
            else "links only to its own site" if article.links else "has no links at all"
        )
        makes = (
            f"makes {claim_count} claims (figures, quotes, attributed statements)"
            if claim_count
            else "tells of events"
        )
        yield self._rule["SRC105"].finding(
            f"This {words}-word article {makes} but {where}: no source is a click away.",
            text=article.title,
            position=article.title_position,
        )

    def _named(self, claims: list[Claim], mid_sentence: frozenset[str]) -> Iterator[Finding]:
        named = [item for item, _, _ in claims if item.effective.named]
        speakers: dict[str, None] = {}  # ordered and O(1) to look up: pages may hold thousands
        # "Marsk" or "Dr Fauci" after "Water Minister Helena Marsk" or "Dr Anthony Fauci, an
        # adviser" is the same person named again: a later reference of at most two words
        # whose last word is the surname of a source already listed.
        surnames: set[str] = set()
        for item in named:
            for found in item.own:
                name = found.speaker.split(",", 1)[0].split()
                again = len(name) <= 2 and bool(name) and name[-1] in surnames
                known = (
                    found.speaker in speakers
                    or again
                    or not _listable(found.speaker, mid_sentence)
                )
                if found.named and not found.carried and not known:
                    speakers[found.speaker] = None
                    if len(name) >= 2:
                        surnames.add(name[-1])
        if not speakers:
            return
        first_five = list(speakers)[:5]
        listed = ", ".join(f"“{s}”" for s in first_five)
        more = f" and {len(speakers) - 5} more" if len(speakers) > 5 else ""
        first = next(i for i in named if any(a.speaker == first_five[0] for a in i.own))
        yield self._rule["SRC106"].finding(
            f"{len(named)} of {len(claims)} claims are credited to named sources: {listed}{more}.",
            text=first_five[0],
            position=first.sentence.position,
            data={"named": list(speakers)},
        )


def _credits_figures(item: AttributedSentence, after_credit: bool, documented: bool) -> bool:
    """A figure is credited by an attribution in its sentence, a pronoun ("he said"), or one
    earlier in its paragraph ("Police said 45 were hurt. Another 12 were treated."). An
    attribution that comes only later in the paragraph credits what it introduces, not the
    figures before it."""
    effective = item.effective
    if effective.kind == "none":
        return documented  # the paragraph before cites a document: this one goes on from it
    lead = item.block.kind == "list-item"  # "The audit lists three problems:" came before
    return effective.via != "paragraph" or lead or after_credit


def _is_reference(text: str) -> bool:
    lx = settings()
    if text.lstrip()[:1] in lx.reference_marks:
        return True
    words = word_set(text)
    return any(group <= words for group in lx.reference_words)


def _not_reported_speech(items: Sequence[AttributedSentence], claims: list[Claim]) -> bool:
    """Dialogue (many quotes, most with no speaker: fiction, a game wiki, a transcript) or
    first-person writing (an essay, a review): the quotes are not reported speech."""
    lx = settings()
    unattributed = sum(1 for item, _, q in claims if q and item.effective.kind == "none")
    attributed = sum(1 for item, _, q in claims if q and item.effective.kind != "none")
    if attributed < lx.quote_min_attributed:
        return True
    if unattributed >= lx.dialogue_max or (
        unattributed >= lx.dialogue_min and unattributed > attributed
    ):
        return True
    return first_person_share(items) >= lx.first_person_share


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


def _source_rule(found: Attribution) -> str:
    if found.verb.lower() in settings().non_assertive:
        return ""  # "a few people have asked": words reported, no claim made
    if found.kind == "vague" or (found.kind == "role" and faceless(found)):
        return "SRC103"  # "analysts say", "one Western official said", "a nurse told"
    if found.kind != "anonymous" or found.reason:
        return ""
    bare = settings().faceless.search(found.speaker.lower())
    return "SRC103" if bare else "SRC104"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…”"


@hookimpl
def provcheck_register_checks(config: Config) -> Sequence[Check]:
    return [SourcingCheck()]

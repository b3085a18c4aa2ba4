"""AGY: which news agency supplied the copy, and does the article say so plainly?

Credits are found by POSITION: the dateline at the start of the body, a short trailer line at
its end, the byline (visible or in the page's metadata) and photo credits
(``agency_credits``). Names, shapes and points: rules/agency.toml.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
from provcheck.plugins.agency_credits import (
    KIND_WORD,
    STRIP,
    AgencyLexicon,
    Credit,
    CreditReader,
    alnum,
    fold,
    same_outlet,
)


class AgencyCheck:
    """Reports vague agency credits, named ones, and agency copy under a desk byline."""

    prefix = "AGY"

    def __init__(self) -> None:
        self.rules = builtin_rules("agency", plugin="agency")
        self._rule = {rule.code: rule for rule in self.rules}
        self.lex = AgencyLexicon(lexicon("agency"))
        self.reader = CreditReader(self.lex)

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        credits = self.reader.credits(article)
        if not credits:
            return
        ctx.mark_applicable("agency")
        named_copy = any(c.agencies for c in credits if c.kind != "photo-credit")
        for credit in credits:
            if credit.agencies:
                yield self._named(credit)
            if credit.vague and not (credit.feed and named_copy):
                yield self._vague(credit)
        desk = self._desk_byline(article, credits)
        if desk is not None:
            yield desk

    def _named(self, credit: Credit) -> Finding:
        return self._rule["AGY102"].finding(
            f"The {KIND_WORD[credit.kind]} “{credit.text}” credits {', '.join(credit.agencies)}.",
            text=credit.text,
            position=credit.position,
            data={"agencies": list(credit.agencies), "position": credit.kind},
        )

    def _vague(self, credit: Credit) -> Finding:
        where = KIND_WORD[credit.kind]
        if credit.feed:
            message = (
                f"The note “{credit.text}” says the text came from a syndicated feed but not whose."
            )
        elif credit.agencies:
            message = (f"The {where} “{credit.text}” names {', '.join(credit.agencies)} but not "
                       "the other agencies it says contributed.")  # fmt: skip
        else:
            message = f"The {where} “{credit.text}” does not say which agency supplied the copy."
        return self._rule["AGY101"].finding(
            message,
            text=credit.text,
            position=credit.position,
            data={"vague": list(credit.vague), "position": credit.kind},
        )

    def _desk_byline(self, article: Article, credits: Sequence[Credit]) -> Finding | None:
        copy = [c for c in credits if c.kind != "photo-credit"]
        if not copy or any(c.kind == "byline" for c in copy):
            return None  # no agency copy, or the byline itself credits the agency
        if any(author.kind == "person" for author in article.authors):
            return None
        desk = self._desk_name(article)
        if not desk:
            return None
        first = copy[0]
        return self._rule["AGY103"].finding(
            f"The article carries agency copy ({KIND_WORD[first.kind]} “{first.text}”) but its "
            f"byline “{desk}” is a desk, not a person: no journalist is named as answerable.",
            text=desk,
            position=article.byline_position,
            data={"agencies": sorted({a for c in copy for a in c.agencies}), "byline": desk},
        )

    def _desk_name(self, article: Article) -> str:
        """The visible byline if it names only a desk, a staff label or the outlet, else "".

        Only the byline a reader sees counts: a desk name that lives in the page's metadata
        alone does not present the article as the outlet's own reporting. A byline that still
        holds two capitalised words once desk words and the outlet's name are set aside may
        name a person ("Adam Cole PhillyVoice Staff") and is left alone."""
        bare = self.lex.re["byline_prefix"].sub("", article.byline)
        outlets = {alnum(article.publisher), alnum(article.metadata.get("og:site_name"))} - {""}
        words = [w.strip(STRIP) for w in bare.split()]
        outlet_words = {alnum(w) for o in (article.publisher, article.metadata.get("og:site_name"))
                        for w in o.split()}  # fmt: skip
        is_desk = any(fold(w) in self.lex.desk_words for w in words) or any(
            same_outlet(alnum(bare), o) for o in outlets if alnum(bare)
        )
        rest = [w for w in words if w and w[0].isupper() and fold(w) not in self.lex.desk_words
                and alnum(w) not in outlet_words]  # fmt: skip
        return article.byline if is_desk and len(rest) < 2 else ""


@hookimpl
def provcheck_register_checks(config: Config) -> Sequence[Check]:
    return [AgencyCheck()]

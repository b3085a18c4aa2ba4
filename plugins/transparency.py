"""TRN: is a person named as the author, and is the article dated?"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from provcheck import Article, Check, CheckContext, Config, Finding, builtin_rules, hookimpl


class TransparencyCheck:
    prefix = "TRN"

    def __init__(self) -> None:
        self.rules = builtin_rules("transparency", plugin="transparency")
        self._rule = {rule.code: rule for rule in self.rules}

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        ctx.mark_applicable("transparency")
        if not any(author.kind == "person" for author in article.authors):
            named = ", ".join(f"“{a.name}”" for a in article.authors)
            message = (
                f"The byline names no person: {named} is a desk or organisation."
                if named
                else "No author is given in the byline or the page's metadata."
            )
            yield self._rule["TRN101"].finding(
                message, text=article.byline or named, position=article.byline_position
            )
        if not article.published:
            yield self._rule["TRN102"].finding(
                "No publication date in the page, its metadata or its front matter.",
                position=article.title_position,
                text=article.title,
            )


@hookimpl
def provcheck_register_checks(config: Config) -> Sequence[Check]:
    return [TransparencyCheck()]

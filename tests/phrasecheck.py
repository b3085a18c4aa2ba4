"""A tiny check plugin for tests: flags given phrases where they are, so position tests do
not depend on the real checks' rules (which other work changes)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from provcheck import Article, CheckContext, Config, Finding, Level, Position, Rule, hookimpl

RULE = Rule("TST101", "test-phrase", Level.ERROR, "sourcing", "A phrase the test looks for.",
            explanation="Test rule.", fix="Remove the phrase.", points=10)  # fmt: skip


class PhraseCheck:
    """Flags each sentence, image caption, image alt and credit line containing a phrase."""

    prefix = "TST"
    rules = (RULE,)

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(phrases)

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        ctx.mark_applicable("sourcing")
        for _block, sentence in article.sentences():
            yield from self._flag(sentence.text, sentence.position, "sentence")
        for image in article.images:
            where = image.caption_position if image.caption_position.line else image.position
            yield from self._flag(image.caption, where, "caption")
            yield from self._flag(image.alt, image.position, "alt")
        for credit in article.credit_lines:
            yield from self._flag(credit.text, credit.position, f"credit:{credit.kind}")

    def _flag(self, text: str, position: Position, where: str) -> Iterator[Finding]:
        for phrase in self.phrases:
            if phrase in text:
                yield RULE.finding(f"{where} contains “{phrase}”", text=text, position=position)


class PhrasePlugin:
    def __init__(self, *phrases: str) -> None:
        self.check = PhraseCheck(phrases)

    @hookimpl
    def provcheck_register_checks(self, config: Config) -> list[PhraseCheck]:
        return [self.check]


def where(source: str, text: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th ``text`` in ``source``."""
    offset = -1
    for _ in range(occurrence):
        offset = source.index(text, offset + 1)
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1

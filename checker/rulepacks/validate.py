"""Running declarative rule packs: each pack is one check owning its code prefix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from provcheck.checks import CheckContext, Finding, Rule
from provcheck.model import Article, Position
from provcheck.rulepacks.packs import Pack, PackRule


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of text a rule looks at: a sentence, a caption, a credit line, a link..."""

    text: str
    position: Position


_QUOTED = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")


def units(article: Article, scope: str, per: str = "sentence") -> list[Unit]:
    """The text units of ``scope`` in reading order."""
    if scope == "headline":
        return [Unit(article.title, article.title_position)] if article.title else []
    if scope == "byline":
        return [Unit(article.byline, article.byline_position)] if article.byline else []
    if scope in ("dateline", "credit-line"):
        kinds = (
            ("dateline",)
            if scope == "dateline"
            else ("dateline", "trailer", "byline", "photo-credit")
        )
        return [Unit(c.text, c.position) for c in article.credit_lines if c.kind in kinds]
    if scope == "caption":
        found = [Unit(i.caption, i.position) for i in article.images if i.caption]
        return found + [Unit(b.text, b.position) for b in article.blocks if b.kind == "caption"]
    if scope == "link":
        return [Unit(f"{link.text} {link.href}", link.position) for link in article.links]
    if scope == "metadata":
        return [Unit(f"{key}: {value}", Position()) for key, value in article.metadata.meta]
    blocks = [b for b in article.body_blocks]
    if scope == "quote":
        quoted = [Unit(b.text, b.position) for b in blocks if b.kind == "quote"]
        for block in blocks:
            for sentence in block.sentences:
                quoted += [
                    Unit(m.group(1), sentence.position) for m in _QUOTED.finditer(sentence.text)
                ]
        return quoted
    if per == "paragraph":
        return [Unit(b.text, b.position) for b in blocks]
    return [Unit(s.text, s.position) for b in blocks for s in b.sentences]


class PackCheck:
    """A rule pack as a check."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.prefix = pack.prefix
        self.rules: tuple[Rule, ...] = tuple(item.rule for item in pack.rules)

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        for item in self.pack.rules:
            yield from _RUNNERS[item.kind](item, article)


def _message(item: PackRule, **values: object) -> str:
    try:
        return item.message.format(**values)
    except (KeyError, IndexError, ValueError):
        return item.message


def _first_match(item: PackRule, text: str) -> re.Match[str] | None:
    return next((m for p in item.patterns if (m := p.search(text))), None)


def _existence(item: PackRule, article: Article) -> Iterator[Finding]:
    for unit in units(article, item.scope):
        for pattern in item.patterns:
            for match in pattern.finditer(unit.text):
                message = _message(item, match=match.group(0), scope=item.scope)
                yield item.rule.finding(message, text=unit.text, position=unit.position)


def _absence(item: PackRule, article: Article) -> Iterator[Finding]:
    found = units(article, item.scope)
    if not any(_first_match(item, unit.text) for unit in found):
        where = found[-1] if found else Unit(article.title, article.title_position)
        yield item.rule.finding(
            _message(item, scope=item.scope), text=where.text, position=where.position
        )


def _conditional(item: PackRule, article: Article) -> Iterator[Finding]:
    found = units(article, item.scope, item.unit)
    for index, unit in enumerate(found):
        match = _first_match(item, unit.text)
        if match is None:
            continue
        nearby = found[index : index + 1 + item.window]
        if not any(p.search(u.text) for u in nearby for p in item.second):
            message = _message(item, match=match.group(0), scope=item.scope)
            yield item.rule.finding(message, text=unit.text, position=unit.position)


def _occurrence(item: PackRule, article: Article) -> Iterator[Finding]:
    found = units(article, item.scope)
    hits = [(u, m) for u in found for p in item.patterns for m in p.finditer(u.text)]
    count = len(hits)
    too_many = item.maximum is not None and count > item.maximum
    too_few = item.minimum is not None and count < item.minimum
    if too_many or too_few:
        unit = (
            hits[item.maximum or 0][0] if too_many else Unit(article.title, article.title_position)
        )
        message = _message(item, count=count, min=item.minimum, max=item.maximum, scope=item.scope)
        yield item.rule.finding(message, text=unit.text, position=unit.position)


def metadata_value(article: Article, field: str) -> str:
    """The article field a metadata rule tests, as text ("" when absent)."""
    if field == "author-kind":
        kinds = {a.kind for a in article.authors}
        return "person" if "person" in kinds else "organisation" if kinds else ""
    if field == "authors":
        return ", ".join(a.name for a in article.authors)
    if field == "image-digital-source-type":
        return ", ".join(i.digital_source_type for i in article.images if i.digital_source_type)
    if field == "image-count":
        return str(len(article.images))
    if field == "link-count":
        return str(len(article.links))
    return str(getattr(article, field.replace("-", "_"), ""))


def _metadata(item: PackRule, article: Article) -> Iterator[Finding]:
    value = metadata_value(article, item.field)
    operator, wanted = item.condition
    fires = {
        "equals": value.lower() == wanted.lower(),
        "not-equals": value.lower() != wanted.lower(),
        "missing": not value,
        "present": bool(value),
        "matches": bool(re.search(wanted, value)),
    }[operator]
    if fires:
        message = _message(item, value=value, field=item.field)
        yield item.rule.finding(
            message, text=value or article.title, position=article.title_position
        )


_RUNNERS = {
    "existence": _existence,
    "absence": _absence,
    "conditional": _conditional,
    "occurrence": _occurrence,
    "metadata": _metadata,
}


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """One rule example run: ``ok`` when the rule fired on example_fires (or stayed quiet on
    example_quiet); ``problem`` says what went wrong otherwise."""

    code: str
    which: str  # "example_fires" or "example_quiet"
    example: str
    ok: bool
    problem: str = ""


def check_examples(pack: Pack) -> list[ExampleResult]:
    """Run every rule of ``pack`` on its own ``example_fires`` and ``example_quiet``."""
    results = []
    for item in pack.rules:
        for which, wanted in (("example_fires", True), ("example_quiet", False)):
            example = getattr(item.rule, which)
            if not example:
                continue
            fired = any(True for _ in _RUNNERS[item.kind](item, example_article(example, item)))
            ok = fired == wanted
            problem = "" if ok else (
                f"{which} {example!r} does not make the rule fire" if wanted
                else f"{which} {example!r} makes the rule fire"
            )  # fmt: skip
            results.append(ExampleResult(item.rule.code, which, example, ok, problem))
    return results


def example_article(example: str, item: PackRule) -> Article:
    """The article an example stands for. An example that starts with ``<`` is an HTML page,
    one that starts with ``---`` or ``#`` a Markdown file; any other text is put where the
    rule looks: the headline, a caption under an image, or a paragraph of the body."""
    from provcheck.html.parse import parse_html
    from provcheck.markdown.parse import parse_markdown
    from provcheck.sources.local import RawDocument

    source = f"<{item.rule.code} example>"
    if example.lstrip().startswith("<"):
        return parse_html(RawDocument(source, example.encode(), "text/html"))
    if example.lstrip().startswith(("---", "#")):
        markdown = example
    elif item.scope == "headline":
        markdown = f"# {example}\n"
    elif item.scope == "caption":
        markdown = f"# Example\n\n![Picture](picture.jpg)\n*{example}*\n"
    elif item.scope == "byline":
        markdown = f"---\nauthor: {example}\n---\n# Example\n\nText.\n"
    else:
        markdown = f"# Example\n\n{example}\n"
    return parse_markdown(RawDocument(source, markdown.encode(), "text/markdown"))

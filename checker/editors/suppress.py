"""In-document suppressions: HTML comments an editor writes next to a reviewed exception.

They work in HTML and in Markdown, because Markdown passes HTML comments through::

    <!-- provcheck: ignore[SRC101] figure is from the council's own agenda -->
    <!-- provcheck: disable[AGY102, vague-source] quoted wire copy below -->
    <!-- provcheck: enable[AGY102, vague-source] -->
    <!-- provcheck: file-ignore[TRN101] desk copy, reviewed by the standards editor -->

``ignore`` silences the named rules (codes, code prefixes or kebab-case names) in the next
unit of the article - a block, or an image with its caption; ``disable`` until a matching
``enable`` or the end of the file; ``file-ignore`` in the whole file. Naming rules is
required and the reason is kept: suppressed findings stay in the report with
``suppressed=True`` and cost no points. A suppression that silenced nothing is itself
reported as ``PC903 unused-suppression``, so stale ones do not hide future problems.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from provcheck.checks import Finding, Rule
from provcheck.config import Config
from provcheck.html.locate import Locator
from provcheck.model import Article, Position

Kind = Literal["ignore", "disable", "enable", "file-ignore", "invalid"]
_KINDS = ("ignore", "disable", "enable", "file-ignore")
# The body is bounded so that thousands of unclosed openers cost a bounded scan each, not a
# scan to the end of the document each.
_COMMENT = re.compile(r"<!--\s*provcheck\s*:(?P<body>.{0,4000}?)-->", re.DOTALL | re.IGNORECASE)
# Comments read per document. Past it the rest are one PC903: a reviewed exception is rare,
# and each comment costs a scope to test every finding against.
MAX_SUPPRESSIONS = 1_000
_DIRECTIVE = re.compile(
    r"^\s*(?P<kind>[a-z][\w-]*)\s*(?:\[(?P<codes>[^\]]*)\])?\s*(?P<reason>.*?)\s*$",
    re.DOTALL | re.IGNORECASE,
)
_SEPARATORS = " \t\n-–—:;,"
_END = (1 << 30, 0)  # a position past the end of any document


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ``<!-- provcheck: ... -->`` comment as written in the document."""

    kind: Kind
    codes: tuple[str, ...]
    reason: str
    position: Position  # where the comment starts
    end: Position  # where it ends; an ``ignore`` covers the next unit after this
    text: str  # the comment as written, quoted in PC903 findings
    problem: str = ""  # why an "invalid" comment is not a suppression


def find_suppressions(
    source: str, skip: Sequence[tuple[int, int]] = (), locator: Locator | None = None
) -> tuple[Suppression, ...]:
    """Every provcheck comment in ``source``, except inside the ``skip`` offset ranges
    (code blocks, where a comment is an example, not an instruction)."""
    locator = locator or Locator(source)
    ranges = sorted(skip)
    lows = [low for low, _ in ranges]
    found: list[Suppression] = []
    for match in _COMMENT.finditer(source):
        at = bisect.bisect_right(lows, match.start()) - 1
        if at >= 0 and match.start() < ranges[at][1]:
            continue
        start, end = locator.position_of(match.start()), locator.position_of(match.end())
        if len(found) == MAX_SUPPRESSIONS:
            problem = (
                f"this and every later provcheck comment are past the limit of "
                f"{MAX_SUPPRESSIONS:,} per document, and are not read"
            )
            text = " ".join(match.group(0).split())
            found.append(Suppression("invalid", (), "", start, end, text, problem))
            break
        found.append(_parse(match.group("body"), match.group(0), start, end))
    return tuple(found)


def _parse(body: str, text: str, start: Position, end: Position) -> Suppression:
    text = " ".join(text.split())
    directive = _DIRECTIVE.match(body)
    kind = directive.group("kind").lower() if directive else ""
    if directive is None or kind not in _KINDS:
        problem = f"unknown directive {kind!r} (use {', '.join(_KINDS)})"
        return Suppression("invalid", (), "", start, end, text, problem)
    codes = tuple(c for c in re.split(r"[\s,]+", directive.group("codes") or "") if c)
    reason = " ".join(directive.group("reason").strip(_SEPARATORS).split())
    if not codes:
        problem = f"{kind} names no rules; write {kind}[CODE] so nothing else is silenced"
        return Suppression("invalid", (), reason, start, end, text, problem)
    return Suppression(kind, codes, reason, start, end, text)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Scope:
    suppression: Suppression
    start: tuple[int, int]
    end: tuple[int, int]
    whole_file: bool = False


def apply_suppressions(
    article: Article,
    findings: Iterable[Finding],
    *,
    rules: Mapping[str, Rule],
    config: Config,
    unused: Rule,
) -> list[Finding]:
    """Mark findings the article's comments silence; add a PC903 for each useless comment.

    Host diagnostics (PC9xx) are never silenced. Runs before rule selection, so a comment
    for a rule the configuration switched off is not reported as unused.
    """
    findings = list(findings)
    if not article.suppressions:
        return findings
    scopes, problems = _scopes(article)
    used = [False] * len(scopes)
    result = []
    for finding in findings:
        if finding.code.startswith("PC9"):
            result.append(finding)
            continue
        hits = [i for i, scope in enumerate(scopes) if _covers(scope, finding)]
        for i in hits:
            used[i] = True
        if hits:
            reason = scopes[hits[0]].suppression.reason
            finding = replace(finding, suppressed=True, suppression_reason=reason)
        result.append(finding)
    named: dict[tuple[str, ...], list[Rule]] = {}  # rules per code list, found once
    for scope, was_used in zip(scopes, used, strict=True):
        message = None if was_used else _unused_message(scope, rules, config, article.source, named)
        if message:
            problems.append((scope.suppression, message))
    for suppression, message in problems:
        found = unused.finding(message, text=suppression.text, position=suppression.position)
        result.append(replace(found, plugin="provcheck"))
    return result


def suppressions_of(article: Article, finding: Finding) -> tuple[Suppression, ...]:
    """Every comment that silences ``finding``, in document order: each counts as used, so a
    PC903 filed for one before ``finding`` was made no longer holds.

    For a finding made after the article's own check, e.g. by the parent of a ``--jobs`` run.
    """
    if finding.code.startswith("PC9") or not article.suppressions:
        return ()
    scopes, _ = _scopes(article)
    return tuple(scope.suppression for scope in scopes if _covers(scope, finding))


def _scopes(article: Article) -> tuple[list[_Scope], list[tuple[Suppression, str]]]:
    units = _unit_starts(article)
    scopes: list[_Scope] = []
    problems: list[tuple[Suppression, str]] = []
    open_disables: list[int] = []
    for suppression in article.suppressions:
        after = (suppression.end.line, suppression.end.column)
        if suppression.kind == "invalid":
            problems.append((suppression, f"Not a suppression: {suppression.problem}."))
        elif suppression.kind == "file-ignore":
            scopes.append(_Scope(suppression, (0, 0), _END, whole_file=True))
        elif suppression.kind == "ignore":
            at = bisect.bisect_left(units, after)
            start = units[at] if at < len(units) else _END
            end = units[at + 1] if at + 1 < len(units) else _END
            scopes.append(_Scope(suppression, start, end))
        elif suppression.kind == "disable":
            open_disables.append(len(scopes))
            scopes.append(_Scope(suppression, after, _END))
        else:
            if not _close(scopes, open_disables, suppression, after):
                codes = ", ".join(suppression.codes)
                problems.append(
                    (suppression, f"enable[{codes}] closes no disable[{codes}] above it.")
                )
    return scopes, problems


def _close(
    scopes: list[_Scope], open_disables: list[int], enable: Suppression, at: tuple[int, int]
) -> bool:
    wanted = {c.lower() for c in enable.codes}
    closed = False
    for index in list(open_disables):
        scope = scopes[index]
        if wanted & {c.lower() for c in scope.suppression.codes}:
            scopes[index] = replace(scope, end=at)
            open_disables.remove(index)
            closed = True
    return closed


def _unit_starts(article: Article) -> list[tuple[int, int]]:
    """Where each unit an ``ignore`` can cover begins: blocks (a caption belongs to its
    image), images in the body, the title and the byline."""
    positions = [b.position for b in article.blocks if b.kind != "caption"]
    positions += [i.position for i in article.images if i.origin in ("figure", "inline")]
    positions += [article.title_position, article.byline_position]
    return sorted({(p.line, p.column) for p in positions if p.line > 0})


def _covers(scope: _Scope, finding: Finding) -> bool:
    if not any(_matches(s, finding.code, finding.name) for s in scope.suppression.codes):
        return False
    if scope.whole_file:
        return True
    line, column = finding.position.line, finding.position.column
    if line <= 0:
        return False
    if column <= 0:  # column unknown: count the finding at the start of its line's unit
        column = scope.start[1] if line == scope.start[0] else 1
    return scope.start <= (line, column) < scope.end


def _matches(selector: str, code: str, name: str) -> bool:
    return selector.lower() == name.lower() or code.upper().startswith(selector.upper())


def _unused_message(
    scope: _Scope,
    rules: Mapping[str, Rule],
    config: Config,
    source: str,
    cache: dict[tuple[str, ...], list[Rule]],
) -> str | None:
    suppression = scope.suppression
    codes = ", ".join(suppression.codes)
    named = cache.get(suppression.codes)
    if named is None:
        named = cache[suppression.codes] = [
            rule
            for rule in rules.values()
            if any(_matches(c, rule.code, rule.name) for c in suppression.codes)
        ]
    if not named:
        return f"{suppression.kind}[{codes}] names no rule provcheck knows; check the codes."
    if not any(config.is_selected(r.code, r.name, source) for r in named):
        return None  # those rules are switched off in this run: nothing could have fired
    where = {
        "ignore": "in the next block",
        "disable": "before its enable comment or the end of the file",
        "file-ignore": "anywhere in the file",
    }[suppression.kind]
    return f"{suppression.kind}[{codes}] silenced nothing: no {codes} finding {where}."

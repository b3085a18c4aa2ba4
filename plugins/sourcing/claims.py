"""Finding the figures in a sentence that are claims, for the SRC check.

A figure is a percentage, a large sum of money ("$4 million", "Rs 400 crore"), a count of
people or of things that matter in the news ("more than 300 people", "hundreds of homes",
"1,700 students") or a ratio ("three times as many"). Numbers that are details rather than
claims - dates, times, years, ages, ordinals, addresses, phone numbers, scores, identifiers
("Section 144", "RTX 3090"), prices and discounts - are masked first. Word lists and
patterns come from rules/sourcing.toml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from provcheck import lexicon
from provcheck.plugins.sourcing.speakers import alternation, word_set

_DIGIT = re.compile(r"\d")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True, slots=True)
class _Patterns:
    hint_words: frozenset[str]
    nouns: frozenset[str]
    figures: re.Pattern[str]
    money: re.Pattern[str]
    count: re.Pattern[str]
    masks: re.Pattern[str]
    gated: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]  # (words, mask) run if a word is in
    min_words: int
    money_min: float


@functools.cache
def _patterns() -> _Patterns:
    lex = lexicon("sourcing")
    words = alternation(lex["number_words"])
    scale = alternation(lex["scale_words"])
    currency = "|".join(lex["currencies"])
    money_scale = alternation(lex["money_scale_words"])
    figures = (
        rf"(?<![\w.])(?:{_NUM}|(?i:{words}))\s?(?:%|(?i:per\s?cent|percent|percentage\s+points?)\b)"
        rf"|(?<![\w.])(?:{_NUM})\s?(?:{scale})\b"
        rf"|\b(?:{_NUM}|two|three|four|five|six|seven|eight|nine|ten|twice)\s+times\s+"
        r"(?:more|less|fewer|higher|lower|as|larger|bigger|greater|faster|smaller|the|over)\b"
    )
    money = (
        rf"(?<![\w])(?:{currency})\s?(?P<a>{_NUM})(?P<s>\s?(?:{scale})\b|{money_scale}\b)?"
        rf"|(?<![\w.])(?P<b>{_NUM})(?P<t>\s?(?:{scale}))?\s+(?:{alternation(lex['currency_words'])})\b"
    )
    # "300 people", "1,700 students", "12 more patients", "40 of the villages": the nouns are
    # checked against the claim_nouns set, which is much faster than a 150-way alternation.
    count = (
        rf"(?<![\w.,:/#$€£-])(?P<n>{_NUM}|(?i:{words}))\s+(?:of\s+(?:the\s+|its\s+|their\s+)?)?"
        r"(?P<a>[a-z]+(?:-[a-z]+)*)(?:\s+(?P<b>[a-z]+(?:-[a-z]+)*))?\b"
    )
    return _Patterns(
        hint_words=frozenset(w.lower() for w in (*lex["number_words"], "times", "percent", "cent")),
        figures=re.compile(figures),
        money=re.compile(money),
        count=re.compile(count),
        masks=re.compile("|".join((*_detail_masks(lex), *map(_scoped, lex["figure_masks"])))),
        gated=tuple(
            (tuple(str(w) for w in gate), re.compile(pattern))
            for gate, pattern in lex["figure_masks_gated"]
        ),
        nouns=frozenset(lex["claim_nouns"]),
        min_words=int(lex["min_claim_words"]),
        money_min=float(lex["money_min"]),
    )


def _scoped(pattern: str) -> str:
    """'(?i)x' -> '(?i:x)', so patterns with their own flags can be joined."""
    return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else f"(?:{pattern})"


def _detail_masks(lex: dict[str, list[str]]) -> tuple[str, ...]:
    months = alternation(lex["months"])
    idents = alternation(lex["identifier_words"])
    streets = alternation(lex["street_words"])
    return (
        rf"\b(?i:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{months})\b\.?(?:,?\s+\d{{4}})?",
        r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b",
        r"\b\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.|hrs|GMT|UTC))?",
        r"\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)",
        r"\b(?:1[6-9]|20)\d{2}s?\b",
        r"\b\d{1,3}-(?:year|month|week|day)s?-old\b|\baged?\s+\d{1,3}\b|(?<=,\s)\d{1,3}(?=,)",
        r"\b\d+(?:st|nd|rd|th)\b",
        r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b(?!\s*(?:%|per\s?cent|percent|[a-z]))",
        r"\+?\(?\d{2,4}\)?[\s-]\d{3,4}[\s-]\d{3,4}\b",
        rf"\b\d+[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{streets})\b",
        rf"(?i:\b(?:{idents}))\.?\s*[-#]?\s*\d+",
        r"[A-Za-z]+-?\d+",
    )


def find_figures(text: str, skip: tuple[tuple[int, int], ...] = ()) -> tuple[str, ...]:
    """The figures in ``text`` that are claims, as written; ``skip`` spans (quotes) excluded."""
    pats = _patterns()
    # Cheap pre-tests (C-speed): a digit, or a number word, before any full pattern runs.
    if not _DIGIT.search(text) and pats.hint_words.isdisjoint(word_set(text.lower())):
        return ()
    if len(text.split()) < pats.min_words:
        return ()
    candidates: list[tuple[int, int, str]] = []
    for match in pats.money.finditer(text):  # before bare scales: "$14 million", not "14 million"
        if _big_money(match, pats.money_min):
            _add(candidates, match.span(), match.group())
    for match in pats.figures.finditer(text):
        _add(candidates, match.span(), match.group())
    for match in pats.count.finditer(text):
        if _at_least_ten(match.group("n")):
            if match.group("a") in pats.nouns:  # "300 people died": the noun comes first
                _add(
                    candidates,
                    (match.start(), match.end("a")),
                    text[match.start() : match.end("a")],
                )
            elif match.group("b") in pats.nouns:  # "300 young people"
                _add(candidates, match.span(), match.group())
    if not candidates:
        return ()
    # Masks (dates, times, prices ...) are costly, so they run only when a figure is found.
    masked = [m.span() for m in pats.masks.finditer(text)] + list(skip)
    lower = text.lower()
    for gate, mask in pats.gated:  # costly masks, run only when their key word is there
        if any(word in lower for word in gate):
            masked.extend(m.span() for m in mask.finditer(text))
    kept = sorted(c for c in candidates if not _overlaps((c[0], c[1]), masked))
    return tuple(figure for _, _, figure in kept)


def _add(found: list[tuple[int, int, str]], span: tuple[int, int], text: str) -> None:
    if not _overlaps(span, [(low, high) for low, high, _ in found]):
        found.append((span[0], span[1], text.strip()))


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(low < span[1] and span[0] < high for low, high in spans)


def _big_money(match: re.Match[str], minimum: float) -> bool:
    if match.group("s") or match.group("t"):
        return True
    return _value(match.group("a") or match.group("b")) >= minimum


def _at_least_ten(number: str) -> bool:
    if not number[:1].isdigit():
        return True  # a number word from the lexicon: "twelve", "dozens", "thousands"
    return _value(number) >= 10


def _value(number: str) -> float:
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return 0.0

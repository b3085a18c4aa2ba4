"""The SRC settings of rules/sourcing.toml, compiled once, and the language test."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from provcheck import Article, lexicon

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Settings:
    """The SRC thresholds and patterns of rules/sourcing.toml."""

    quote_min_words: int
    dialogue_min: int
    dialogue_max: int
    first_person_share: float
    faceless: re.Pattern[str]
    links_min_words: int
    links_min_claims: int
    english: frozenset[str]
    english_share: float
    not_news: frozenset[str]
    not_news_generators: tuple[str, ...]
    non_assertive: frozenset[str]
    quote_min_attributed: int
    reference_marks: str
    reference_words: tuple[frozenset[str], ...]
    how_to: re.Pattern[str]
    faceless_roles: frozenset[str]
    indefinite_speakers: frozenset[str]
    button_words: frozenset[str]


@functools.cache
def settings() -> Settings:
    lex = lexicon("sourcing")
    return Settings(
        quote_min_words=int(lex["quote_min_words"]),
        dialogue_min=int(lex["dialogue_min"]),
        dialogue_max=int(lex["dialogue_max"]),
        first_person_share=float(lex["first_person_share"]),
        faceless=re.compile("|".join(lex["faceless_patterns"])),
        links_min_words=int(lex["links_min_words"]),
        links_min_claims=int(lex["links_min_claims"]),
        english=frozenset(lex["english_words"]),
        english_share=float(lex["english_share"]),
        not_news=frozenset(str(t).lower() for t in lex["not_news_types"]),
        not_news_generators=tuple(str(g).lower() for g in lex["not_news_generators"]),
        non_assertive=frozenset(lex["non_assertive_verbs"]),
        quote_min_attributed=int(lex["quote_min_attributed"]),
        reference_marks="".join(lex["reference_marks"]),
        reference_words=tuple(frozenset(group) for group in lex["reference_words"]),
        button_words=frozenset(lex["button_words"]),
        faceless_roles=frozenset(lex["faceless_roles"]),
        indefinite_speakers=frozenset(lex["indefinite_speakers"]),
        how_to=re.compile("|".join(lex["how_to_headlines"]), re.IGNORECASE),
    )


def is_english(article: Article) -> bool:
    """Declared English (or undeclared) and reading as English: pages mis-declare."""
    if article.language and not article.language.lower().startswith("en"):
        return False
    words = _WORD.findall(article.text[:4000].lower())[:400]
    if len(words) < 20:  # too short to tell: trust a declared language, else skip
        return bool(article.language)
    common = sum(1 for w in words if w in settings().english)
    # A page that declares English needs only half the share: short briefs and listings run
    # below it, while a page mis-declared as English reads at almost none.
    needed = settings().english_share / (2 if article.language else 1)
    return common / len(words) >= needed



"""Speaker phrases a sentence opens with, and grading a phrase on its own (private: use
plugins/sourcing/attribution.py)."""

from __future__ import annotations

import re

from provcheck.plugins.sourcing.quotes import QUOTE_CHARS
from provcheck.plugins.sourcing.speakers import TOKEN, base, grade_tokens, lex

_ADVERB = re.compile(r"[a-z]+ly")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def anonymity_reason(text: str) -> str:
    """The words that give a reason for anonymity ("not authorised to speak"), or ""."""
    match = lex().reasons.search(text)
    if match is None:
        return ""
    stop = re.compile(r"[,;.:)]").search(text, match.end())  # the whole reason clause
    return text[match.start() : stop.start() if stop else len(text)].strip()


def grade(phrase: str) -> str:
    """Grade a speaker phrase: person/organisation/role/anonymous/vague/none."""
    kind = grade_tokens(_tokens(phrase), phrase)
    if kind == "pronoun":
        return "organisation" if phrase.strip().lower() == "it" else "person"
    return kind.rstrip("?")


def subject_of(text: str) -> tuple[str, str] | None:
    """(kind, phrase) of the speaker-like phrase a text opens with (pronouns included)."""
    lx = lex()
    if text.lstrip()[:1] in QUOTE_CHARS:
        return None  # a quotation, not a subject
    nouns = ("determiners", "role_nouns", "organisation_nouns", "document_nouns")
    for part in text.split(",")[:2]:
        np: list[str] = []
        toks = _tokens(part)[:8]
        for k, tok in enumerate(toks):
            low = base(tok)
            if lx.any(low, "affiliation_words", "stop_words") and not np:
                break  # "In this ...", "When ...": an opening phrase, not a subject
            if tok[0].isupper() or lx.any(low, *nouns):
                np.append(tok)
            else:
                np += _named_tail(toks[k:]) if np else []  # "A spokesperson for OpenAI"
                break
        kind = grade_tokens(np, " ".join(np)).rstrip("?") if np else "none"
        if kind in ("person", "organisation", "role", "pronoun"):
            return kind, " ".join(np)
    return None


def _named_tail(toks: list[str]) -> list[str]:
    """'for OpenAI ...' -> ['for', 'OpenAI'], 'for the ministry' -> ['for', 'the', 'ministry']:
    the institution a role belongs to, named or definite."""
    lx = lex()
    if len(toks) < 2 or not lx.has("naming_affiliations", toks[0].lower()):
        return []
    if toks[1].lower() == "the" and len(toks) > 2:
        head = toks[2]
        if head[:1].isupper() or lx.has("organisation_nouns", head.lower()):
            return toks[:3]
        return []
    name: list[str] = []
    for tok in toks[1:3]:
        if not tok[:1].isupper():
            break
        name.append(tok)
    return [toks[0], *name] if name else []


def speaker_mention(text: str, known: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(kind, phrase) of a person, organisation or role the sentence opens with, if any
    ("He doesn't plan to go back." opens with a person). One capitalised word counts only
    if it is in ``known`` (names already quoted in the article): "Alley also ...", but not
    "Water reached ..."."""
    found = subject_of(text)
    if found is not None and found[0] != "pronoun":
        return found if " " in found[1] or found[1] in known else None
    if found is None:
        return None
    pronoun = found[1].lower()
    if pronoun in ("he", "she", "they"):
        return "person", found[1]
    return ("organisation", found[1]) if pronoun == "it" else None


def strip_between(toks: list[str]) -> list[str]:
    lx = lex()
    while toks and (lx.has("between_words", toks[-1].lower()) or _ADVERB.fullmatch(toks[-1])):
        toks = toks[:-1]
    if "who" in (t.lower() for t in toks):  # "officials who asked not to be named said"
        last_who = max(i for i, t in enumerate(toks) if t.lower() == "who")
        toks = toks[:last_who]
    return toks


def walk_back(toks: list[str]) -> list[str]:
    """The noun phrase that ends right before the verb, with its 'at/for/of X' tails."""
    lx = lex()
    if toks and toks[-1].lower() in ("he", "she", "they", "it", "we", "i"):
        return toks[-1:]  # "Speaking through an interpreter he added": the pronoun speaks
    np: list[str] = []
    for i in range(len(toks) - 1, -1, -1):
        low = toks[i].lower()
        # "Oceanic and Atmospheric": a name goes on through "and".
        in_name = low == "and" and np and np[0][:1].isupper() and toks[i - 1][:1].isupper()
        verb_word = lx.has("reporting_verbs", toks[i]) and np  # "data showed [claims]"
        if (lx.has("stop_words", low) or len(np) >= 10 or verb_word) and not in_name:
            break
        if lx.has("affiliation_words", low) and (i == 0 or not np):
            break
        np.insert(0, toks[i])
        before = toks[i - 1].lower() if i > 0 else ""
        if lx.has("determiners", low) and not lx.has("affiliation_words", before):
            if before in ("the", "these", "those", "his", "her", "their", "its", "our"):
                np.insert(0, toks[i - 1])  # "the two experts"
            break
    while np and lx.has("affiliation_words", np[0].lower()):
        np.pop(0)
    return trim_time(np)


def trim_time(np: list[str]) -> list[str]:
    """'the ministry on Thursday' -> 'the ministry'."""
    lx = lex()
    end = len(np)
    while end > 1 and lx.any(np[end - 1].lower(), "time_words", "months"):
        end -= 1
    return np[:end] if end < len(np) and not np[end - 1][:1].isdigit() else np

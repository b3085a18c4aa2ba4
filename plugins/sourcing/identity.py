"""Can the reader tell who is speaking? For SRC102 (a quotation with no identifiable speaker).

A quotation is identified when the article names its speaker ("Anita Rao", "the World
Health Organization") or gives a role in a named institution ("a spokesperson for the
ministry", "Pentagon officials", "a WeWork spokesperson"), or an office the story has made
definite ("the minister", "the mayor"). It is not identified when the words are credited to
nobody, to a crowd ("critics", "many residents"), to an anonymous source, or to a faceless
role: "one Western official", "a senior economic official", "a nurse at the scene", "the
guy", "the same official". A speaker carried from another sentence is judged where it was
written (SRC103/SRC104 there), not again here. The role lists are in rules/sourcing.toml.
"""

from __future__ import annotations

from provcheck.plugins.sourcing.records import Attribution
from provcheck.plugins.sourcing.settings import settings
from provcheck.plugins.sourcing.speakers import TOKEN, base, is_name, lex

_EVIDENCE_VERBS = ("show", "suggest", "reveal", "indicate", "appear", "confirm")
_FIRST_PERSON = frozenset(("i", "we", "us", "me", "my", "our"))
_DEFINITE = frozenset(("the", "his", "her", "their", "its", "our"))


def identifiable(attribution: Attribution) -> bool:
    """True when the speaker of ``attribution`` can be identified (module docstring)."""
    if attribution.named:
        return True
    if attribution.kind != "none" and attribution.via in ("paragraph", "previous"):
        return True  # carried from elsewhere: who it is (or is not) was said, and judged, there
    if attribution.kind != "role":
        return False  # none, vague, anonymous
    toks = TOKEN.findall(attribution.speaker)
    if not toks or faceless(attribution):
        return False
    if _names_institution(toks):
        return True
    head = _head(toks)
    if base(head) in settings().faceless_roles:
        return False
    first = toks[0].lower()
    return first in _DEFINITE or (toks[0][:1].isupper() and not lex().has("determiners", first))


def faceless(attribution: Attribution) -> bool:
    """A role written in the sentence that names no institution and no one: "a nurse at the
    scene", "one Western official", "some lawmakers", "officials" (bare plural) - a vague
    source (SRC103). "The officer", "a WeWork spokesperson" and "Pentagon officials" are not."""
    if attribution.kind != "role" or attribution.carried:
        return False
    toks = TOKEN.findall(attribution.speaker)
    if not toks:
        return False
    first = toks[0].lower()
    head = base(_head(toks))
    hedged = first in settings().indefinite_speakers or (first in _DEFINITE and len(toks) <= 3)
    if hedged and lex().has("crowd_roles", head):
        return not _affiliated(toks)  # "many Ohio State fans", "the users"; not "members of X"
    if _names_institution(toks):
        return False
    if lex().has("unverified_media", head):  # "photos uploaded by travellers show"
        evidence = attribution.verb.lower().startswith(_EVIDENCE_VERBS)
        return evidence and first not in _DEFINITE and not _names_institution(toks)
    if lex().has("non_person_roles", head) or not lex().has("role_nouns", head):
        return False  # "state figures", "a few hundred feet": things, not people
    if _FIRST_PERSON & {t.lower() for t in toks}:
        return False  # "many of us think": the writer, not a source
    if first in settings().indefinite_speakers:
        return True  # "a spokesman", "one official", "some lawmakers"
    if first in _DEFINITE:  # "the man in the car told him": a character, not a source
        return head in settings().faceless_roles and toks[1:2] == ["same"]  # "the same official"
    # A bare plural crowd: "officials said", "Scientists think", "residents say".
    return len(toks) <= 2 and head in settings().faceless_roles and head.endswith("s")


def _names_institution(toks: list[str]) -> bool:
    """A proper name or an institution's name in the phrase: "a spokesperson for Toyota",
    "Pentagon officials", "an official at the ministry". Nationalities and titles ("Afghan",
    "Western", "Senior") and places ("a nurse at the scene") are not."""
    lx = lex()
    for i, tok in enumerate(toks[1:-1], start=1):  # "a spokesperson for the highways board"
        if lx.has("naming_affiliations", tok.lower()) and toks[i + 1].lower() in _DEFINITE:
            body = base(toks[-1])
            if lx.has("organisation_nouns", body) or lx.has("non_person_roles", body):
                return True
    for i, tok in enumerate(toks):
        if not tok[:1].isupper() or (i == 0 and lx.has("determiners", tok.lower())):
            continue
        last = i == len(toks) - 1  # "for OpenAI" ends the phrase; "Afghan economic" does not
        if is_name(tok, last) or lx.has("organisation_words", base(tok)):
            return True
    return False


def _affiliated(toks: list[str]) -> bool:
    """The phrase ties its people to a named body: "members of Congress", "fans at Anfield"."""
    lx = lex()
    return any(
        lx.has("naming_affiliations", toks[i - 1].lower()) and tok[:1].isupper()
        for i, tok in enumerate(toks[1:], start=1)
    )


def _head(toks: list[str]) -> str:
    """The head noun: the last word before an affiliation ("official" in "an official at")."""
    lx = lex()
    for i, tok in enumerate(toks[1:], start=1):
        if tok.lower() == "of" and lx.has("collective_nouns", toks[i - 1].lower()):
            continue  # "one group of researchers": "researchers"
        if lx.has("affiliation_words", tok.lower()):
            j = i - 1
            while j > 0 and toks[j].lower().endswith("ed"):
                j -= 1  # "photos uploaded by": the head is "photos"
            return toks[j]
    return toks[-1]

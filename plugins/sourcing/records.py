"""The records of the attribution engine: who a sentence's claim is credited to.

Public through plugins/sourcing/attribution.py; BAL imports them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from provcheck import Block, Sentence
from provcheck.plugins.sourcing.quotes import Quote

Kind = Literal["person", "organisation", "role", "anonymous", "vague", "none"]
Via = Literal["sentence", "pronoun", "paragraph", "previous"]
#: The kinds that name a source a reader can look up.
NAMED: tuple[Kind, ...] = ("person", "organisation")
RANK: dict[str, int] = {
    "person": 5,
    "organisation": 5,
    "role": 4,
    "anonymous": 3,
    "vague": 2,
    "none": 0,
}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: who a sentence's claim is credited to.

    ``start``/``end`` are offsets of the speaker-and-verb phrase in the sentence's text
    (-1 when the attribution was carried over from another sentence). ``via`` says where the
    grade came from: "sentence" (written here), "pronoun" ("he said", resolved to an earlier
    speaker), "paragraph" (another sentence of the paragraph), "previous" (a quote whose
    speaker is named in the sentence or paragraph before). ``reason`` is the reason given for
    anonymity.
    """

    kind: Kind
    speaker: str = ""
    verb: str = ""
    start: int = -1
    end: int = -1
    via: Via = "sentence"
    reason: str = ""

    @property
    def named(self) -> bool:
        return self.kind in NAMED

    @property
    def carried(self) -> bool:
        """True when the speaker is identified outside the words of this sentence."""
        return self.via != "sentence"


NO_ATTRIBUTION = Attribution("none")


@dataclass(frozen=True, slots=True)
class AttributedSentence:
    """A body sentence with its own attributions and the one that applies to it.

    ``own`` lists attributions written in the sentence (pronouns resolved), in order;
    ``effective`` is the strongest of them, or the one carried over, or kind "none".
    ``quotes`` are the quotations inside the sentence (offsets into the sentence's text).
    """

    block: Block
    sentence: Sentence
    own: tuple[Attribution, ...]
    effective: Attribution
    quotes: tuple[Quote, ...] = ()

    @property
    def index(self) -> int:
        """Index of the sentence's block in ``article.blocks``."""
        return self.block.index


def make(found: tuple[str, str, str, int, int, str]) -> Attribution:
    kind, speaker, verb, start, end, reason = found
    if kind == "pronoun":  # unresolved "he said": a person, graded elsewhere
        kind = "organisation" if speaker.lower() == "it" else "person"
        return Attribution(kind_of(kind), speaker, verb, start, end, "pronoun", reason)
    return Attribution(kind_of(kind), speaker, verb, start, end, "sentence", reason)


def kind_of(value: str) -> Kind:
    for kind in ("person", "organisation", "role", "anonymous", "vague"):
        if value == kind:
            return kind
    return "none"



"""The sourcing summary of a report (``summaries["sourcing"]``): claim sentences counted by
the grade of the attribution that applies to each, with the first of them listed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from provcheck.plugins.sourcing.quotes import Quote
from provcheck.plugins.sourcing.records import AttributedSentence

_MAX_LISTED = 200
# A claim sentence: the sentence, its figures, its quotations long enough to be speech.
Claim = tuple[AttributedSentence, tuple[str, ...], tuple[Quote, ...]]


def linked(item: AttributedSentence) -> bool:
    """True when a hyperlink sits inside the sentence: the link is its citation."""
    low, high = item.sentence.start, item.sentence.end
    return any(start < high and low < end for start, end, _ in item.block.links)


def summary(claims: Sequence[Claim]) -> dict[str, Any]:
    kinds = Counter(item.effective.kind for item, _, _ in claims)
    return {
        "claims": len(claims),
        "named": kinds["person"] + kinds["organisation"],
        "role_only": kinds["role"],
        "anonymous": kinds["anonymous"],
        "vague": kinds["vague"],
        "none": kinds["none"],
        "linked": sum(1 for item, _, _ in claims if linked(item)),
        "sentences": [
            {
                "text": item.sentence.text,
                "line": item.sentence.position.line,
                "kind": item.effective.kind,
                "speaker": item.effective.speaker,
                "via": item.effective.via,
                "figures": list(figures),
            }
            for item, figures, _ in claims[:_MAX_LISTED]
        ],
    }
